// What a privacy redaction leaves in place of personal data (see OutboxStore.redactCustomer).

/**
 * The `recipient` of a redacted message. Letters only: no phone parser reads a number from it (the esemes
 * client refuses it as a `to`), `maskPhone()` shows nothing of it, and it fits the NOT NULL text column of
 * both databases. A row with it is never sent again: where a message would go back to `queued`, it is
 * cancelled instead.
 */
export const REDACTED_RECIPIENT = 'redacted';

/** The `text` of a redacted message. */
export const REDACTED_TEXT = '';

/** What a redacted event's payload becomes: valid JSON that still says what the event was. */
export function redactedPayload(type: string): string {
  return JSON.stringify({ redacted: true, type });
}

/** `error` of a redacted message cancelled where it would have been queued (again). */
export const REDACTED_CANCEL_REASON = "the customer's data was redacted (privacy request): not sent";
