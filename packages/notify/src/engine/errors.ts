/** The event document is not a valid canonical event; `issues` says where and why. */
export class EventValidationError extends Error {
  override name = 'EventValidationError' as const;
  readonly code = 'invalid_event' as const;
  readonly issues: ReadonlyArray<{ path: string; message: string }>;
  constructor(issues: ReadonlyArray<{ path: string; message: string }>) {
    super(`invalid event: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }
}

/** The event names no phone number this engine can send to; nothing was stored. */
export class NoRecipientError extends Error {
  override name = 'NoRecipientError' as const;
  readonly code = 'no_recipient' as const;
  /** Why each candidate was refused (numbers masked). */
  readonly reasons: readonly string[];
  constructor(message: string, reasons: readonly string[]) {
    super(reasons.length > 0 ? `${message}: ${reasons.join('; ')}` : message);
    this.reasons = reasons;
  }
}

/**
 * The message would take more SMS parts than the store allows (`maxParts`): refused before anything is
 * stored, never sent and never silently cut. The message names the cap, the parts and the length.
 */
export class MessageTooLongError extends Error {
  override name = 'MessageTooLongError' as const;
  readonly code = 'message_too_long' as const;
  readonly maxParts: number;
  readonly parts: number;
  /** Characters of the rendered message (the provider's opt-out sentence included when it is added). */
  readonly characters: number;
  readonly encoding: string;
  constructor(details: { eventType: string; maxParts: number; parts: number; characters: number; encoding: string }) {
    super(
      `the ${details.eventType} message would be ${details.parts} SMS parts (${details.characters} characters, ${details.encoding}); this store allows at most ${details.maxParts} (maxParts)`,
    );
    this.maxParts = details.maxParts;
    this.parts = details.parts;
    this.characters = details.characters;
    this.encoding = details.encoding;
  }
}

/** createNotifier() options are wrong; `problems` lists every one. */
export class NotifierConfigError extends Error {
  override name = 'NotifierConfigError' as const;
  readonly code = 'config' as const;
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid notifier options: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

/**
 * Store settings given to `notifier.storeSettings.put()` are not valid; `problems` names every bad field
 * (`maxParts must be an integer from 1 to 10`). Nothing was saved.
 */
export class StoreSettingsError extends Error {
  override name = 'StoreSettingsError' as const;
  readonly code = 'invalid_store_settings' as const;
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid store settings: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

/**
 * A request to `notifier.privacy` is not valid; `problems` names every bad field (`storeId must be 1–200
 * characters …`, `idempotencyKeyPrefixes[0] must be 8–300 characters …`). Nothing was read or changed.
 * @example
 * try { await notifier.privacy.redactCustomer(request) } catch (error) {
 *   if (error instanceof PrivacyRequestError) reply(422, { code: error.code, problems: error.problems })
 * }
 */
export class PrivacyRequestError extends Error {
  override name = 'PrivacyRequestError' as const;
  readonly code = 'invalid_privacy_request' as const;
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid privacy request: ${problems.join('; ')}`);
    this.problems = problems;
  }
}
