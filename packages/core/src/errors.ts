/**
 * The error family of @esemes/core. Every error the client throws is an `EsemesError` with a stable
 * `code`, so callers (and the outbox) decide what to do from the class or the code alone.
 * No error ever carries the request body, the password or the user name.
 */

/** Codes of the provider's `ERR|…` replies, classified from their Turkish text. */
import type { PartialSend, RejectedRecipient } from './send.js';

export type ProviderErrorCode = 'auth' | 'credit' | 'sender' | 'recipients' | 'xml' | 'date' | 'unknown';

export type EsemesErrorCode = ProviderErrorCode | 'transport' | 'validation' | 'config' | 'reply';

/**
 * Base class of every error thrown by @esemes/core.
 * @example
 * try { await client.send(...) } catch (error) { if (isEsemesError(error)) console.log(error.code) }
 */
export class EsemesError extends Error {
  override name: string = 'EsemesError';
  readonly code: EsemesErrorCode;
  /**
   * Set when a send of several packets failed after some were accepted: what went out (with report ids)
   * and which numbers did not. Absent when nothing had been sent.
   */
  declare readonly partial?: PartialSend;
  constructor(code: EsemesErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The provider answered `ERR|…`. `providerText` is the Turkish description exactly as received. */
export class ProviderError extends EsemesError {
  override name: string = 'ProviderError';
  declare readonly code: ProviderErrorCode;
  /** The description after `ERR|` (or `ERR`, `ERR:` …), as the provider sent it; '' for a bare `ERR`. */
  readonly providerText: string;
  /** The call that failed, e.g. `xml_api.php`. */
  readonly call: string;
  constructor(code: ProviderErrorCode, providerText: string, call: string, english: string) {
    super(
      code,
      providerText === '' ? `esemes ${call} answered ERR without a description (${english})` : `esemes ${call} answered ERR: ${providerText} (${english})`,
    );
    this.providerText = providerText;
    this.call = call;
  }
}

/** Wrong user name or password. Nothing will work until the credentials are fixed. */
export class AuthenticationError extends ProviderError {
  override name = 'AuthenticationError' as const;
}
/** Not enough credit for the whole request. Nothing was sent. */
export class InsufficientCreditError extends ProviderError {
  override name = 'InsufficientCreditError' as const;
}
/** The sender title (başlık) is not registered for the account, or is malformed. */
export class SenderError extends ProviderError {
  override name = 'SenderError' as const;
}
/** No valid recipient, or too many recipients in one request. */
export class RecipientError extends ProviderError {
  override name = 'RecipientError' as const;
}
/** The provider could not read the request XML. */
export class XmlError extends ProviderError {
  override name = 'XmlError' as const;
}
/** The provider rejected a date (`tarih` or a report range). */
export class DateError extends ProviderError {
  override name = 'DateError' as const;
}
/** An `ERR|…` whose text we do not recognise; `providerText` tells what it was. */
export class UnknownProviderError extends ProviderError {
  override name = 'UnknownProviderError' as const;
}

/**
 * Whether the request may have reached the provider. `not_sent`: it certainly did not (no connection
 * was made), so sending again is safe. `unknown`: it may have been accepted (timeout after the body
 * was written, a reset before the reply, an HTTP 5xx): reconcile with the reports before resending.
 */
export type TransportOutcome = 'not_sent' | 'unknown';

/** The HTTP exchange failed: no usable reply. */
export class TransportError extends EsemesError {
  override name = 'TransportError' as const;
  readonly outcome: TransportOutcome;
  readonly call: string;
  /** HTTP status when the server answered with an error status. */
  readonly status: number | undefined;
  constructor(call: string, outcome: TransportOutcome, message: string, options?: { cause?: unknown; status?: number; send?: boolean }) {
    const consequence =
      outcome === 'not_sent'
        ? 'the request did not reach the provider'
        : options?.send
          ? 'it may have been accepted: check the reports before sending again'
          : 'the request may have reached the provider';
    super('transport', `esemes ${call}: ${message} (${consequence})`, options);
    this.outcome = outcome;
    this.call = call;
    this.status = options?.status;
  }
}

/** An input failed validation before any request was made. `field` names the input. */
export class ValidationError extends EsemesError {
  override name = 'ValidationError' as const;
  readonly field: string;
  /** For recipient lists: every input that was rejected, with the reason. */
  readonly rejected: readonly RejectedRecipient[];
  constructor(field: string, message: string, rejected: readonly RejectedRecipient[] = []) {
    super('validation', `${field}: ${message}`);
    this.field = field;
    this.rejected = rejected;
  }
}

/** The client's options are wrong; `problems` lists every one of them. */
export class ConfigError extends EsemesError {
  override name = 'ConfigError' as const;
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super('config', `Invalid esemes client options: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

/** The provider answered something this client cannot read (neither `OK|…`, `ERR|…` nor the expected XML). */
export class ReplyFormatError extends EsemesError {
  override name = 'ReplyFormatError' as const;
  readonly call: string;
  /** The start of the reply (at most 200 characters), for diagnosis. */
  readonly replyExcerpt: string;
  constructor(call: string, reply: string, what: string) {
    super('reply', `esemes ${call}: unexpected reply (${what}): ${JSON.stringify(reply.slice(0, 200))}`);
    this.call = call;
    this.replyExcerpt = reply.slice(0, 200);
  }
}

/**
 * Type guard that also works across realms and duplicated installs (checks `name`/`code`, not only `instanceof`).
 * @example
 * if (isEsemesError(error) && error.code === 'credit') pauseDispatch()
 */
export function isEsemesError(value: unknown): value is EsemesError {
  if (value instanceof EsemesError) return true;
  // Another copy of this package: one of our class names with one of our codes. Other libraries' errors
  // with a `code` such as 'auth' (a store's REST client) are not ours.
  return value instanceof Error && KNOWN_NAMES.has(value.name) && KNOWN_CODES.has(String((value as { code?: unknown }).code));
}

/**
 * @example
 * if (isTransportError(error) && error.outcome === 'not_sent') retryLater()
 */
export function isTransportError(value: unknown): value is TransportError {
  return isEsemesError(value) && value.code === 'transport';
}

/**
 * @example
 * if (isProviderError(error)) console.error(error.providerText)
 */
export function isProviderError(value: unknown): value is ProviderError {
  return isEsemesError(value) && PROVIDER_CODES.has(value.code);
}

const PROVIDER_CODES: ReadonlySet<string> = new Set(['auth', 'credit', 'sender', 'recipients', 'xml', 'date', 'unknown']);
const KNOWN_CODES: ReadonlySet<string> = new Set([...PROVIDER_CODES, 'transport', 'validation', 'config', 'reply']);
const KNOWN_NAMES: ReadonlySet<string> = new Set([
  'EsemesError',
  'ProviderError',
  'AuthenticationError',
  'InsufficientCreditError',
  'SenderError',
  'RecipientError',
  'XmlError',
  'DateError',
  'UnknownProviderError',
  'TransportError',
  'ValidationError',
  'ConfigError',
  'ReplyFormatError',
]);
