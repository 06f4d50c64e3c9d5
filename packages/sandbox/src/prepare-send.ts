// Checks one send request against its account and works out exactly what would go out and what it
// costs, without changing any state. The store then commits the result (all or nothing).
import { segments, transliterate, withOptOut } from '@esemes/segments';
import { keepsTurkish, type ApiPath } from './api-paths.js';
import type { SandboxErrorKind } from './errors.js';
import { parseIstanbul } from './istanbul-time.js';
import { isValidNumber, packNumber } from './numbers.js';
import { MAX_SENDER_LENGTH } from './options.js';
import type { BulkSendRequest, PersonalSendRequest } from './xml-request.js';

/** Most numbers (or `mesaj` elements) one request may carry. */
export const MAX_RECIPIENTS_PER_REQUEST = 100_000;

/** Which credit balance a sender title spends. */
export type CreditKind = 'numeric' | 'alphanumeric';

/** What the account offers a send: its titles and blacklists, and its balances. */
export interface SendContext {
  senders: ReadonlySet<string>;
  ownBlacklist: ReadonlySet<string>;
  generalBlacklist: ReadonlySet<string>;
  credits: Readonly<Record<CreditKind, number>>;
}

/** A send that passed every check: the final texts, packed numbers and the cost. */
export interface PreparedSend {
  sender: string;
  creditKind: CreditKind;
  credits: number;
  /** Epoch ms of `<tarih>`, or undefined for "now". */
  scheduledFor: number | undefined;
  /** Recipients actually sent, packed (see `packNumber`). */
  numbers: Uint32Array;
  /** The final text (one for all), or one per recipient. */
  text: string | readonly string[];
  /** SMS parts of the text (one for all), or one per recipient. */
  parts: number | Uint32Array;
  blacklisted: string[];
  skipped: string[];
}

type Outcome = PreparedSend | SandboxErrorKind;

/** `<karaliste>` read leniently: `kendi`, `genel`, any case, several joined by `|`, `,` or spaces. */
function blacklistFor(value: string, context: SendContext): (number: string) => boolean {
  const words = new Set(
    value
      .toLowerCase()
      .replace(/\u0307/g, '')
      .split(/[\s|,;]+/),
  );
  const own = words.has('kendi');
  const general = words.has('genel');
  return (number) => (own && context.ownBlacklist.has(number)) || (general && context.generalBlacklist.has(number));
}

/** The text as it goes out: Turkish letters dropped off `tr/` paths, then the provider's suffixes. */
function finalText(text: string, path: ApiPath, request: BulkSendRequest | PersonalSendRequest): string {
  const base = keepsTurkish(path) ? text : transliterate(text);
  return withOptOut(base, { optOutLink: request.optOutLink, optOutPhone: request.optOutPhone });
}

/** Sender, empty text and date: the checks both send calls share. */
function common(
  request: BulkSendRequest | PersonalSendRequest,
  texts: readonly string[],
  context: SendContext,
): SandboxErrorKind | { scheduledFor: number | undefined } {
  const sender = request.sender;
  if (sender === '' || [...sender].length > MAX_SENDER_LENGTH || !context.senders.has(sender)) return 'sender';
  if (texts.some((text) => text === '')) return 'emptyText';
  if (request.date === '') return { scheduledFor: undefined };
  const scheduledFor = parseIstanbul(request.date);
  return scheduledFor === undefined ? 'date' : { scheduledFor };
}

function creditCheck(sender: string, credits: number, context: SendContext): CreditKind | undefined {
  const kind: CreditKind = /^\d+$/.test(sender) ? 'numeric' : 'alphanumeric';
  return credits <= context.credits[kind] ? kind : undefined;
}

/** One text to many numbers: duplicates sent once, invalid numbers skipped, blacklists applied. */
export function prepareBulkSend(request: BulkSendRequest, path: ApiPath, context: SendContext): Outcome {
  const checked = common(request, [request.text], context);
  if (typeof checked === 'string') return checked;
  const tokens = request.recipients
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '');
  if (tokens.length > MAX_RECIPIENTS_PER_REQUEST) return 'tooMany';
  const unique = [...new Set(tokens)];
  const valid = unique.filter(isValidNumber);
  if (valid.length === 0) return 'number';
  const skipped = unique.filter((token) => !isValidNumber(token));
  const listed = blacklistFor(request.blacklist, context);
  const blacklisted = valid.filter(listed);
  const sent = blacklisted.length === 0 ? valid : valid.filter((number) => !listed(number));
  const text = finalText(request.text, path, request);
  const parts = segments(text).parts;
  const credits = parts * sent.length;
  const creditKind = creditCheck(request.sender, credits, context);
  if (creditKind === undefined) return 'credit';
  return {
    sender: request.sender,
    creditKind,
    credits,
    scheduledFor: checked.scheduledFor,
    numbers: Uint32Array.from(sent, packNumber),
    text,
    parts,
    blacklisted,
    skipped,
  };
}

/** A text per number: every `<alici>` is its own message (no dedup), invalid ones skipped. */
export function preparePersonalSend(request: PersonalSendRequest, path: ApiPath, context: SendContext): Outcome {
  const checked = common(
    request,
    request.messages.map((message) => message.text),
    context,
  );
  if (typeof checked === 'string') return checked;
  if (request.messageCount > MAX_RECIPIENTS_PER_REQUEST || request.messages.length > MAX_RECIPIENTS_PER_REQUEST) {
    return 'tooMany';
  }
  const skipped: string[] = [];
  const blacklisted: string[] = [];
  const numbers: number[] = [];
  const texts: string[] = [];
  const parts: number[] = [];
  const listed = blacklistFor(request.blacklist, context);
  let anyValid = false;
  let credits = 0;
  for (const message of request.messages) {
    if (!isValidNumber(message.number)) {
      skipped.push(message.number);
      continue;
    }
    anyValid = true;
    if (listed(message.number)) {
      blacklisted.push(message.number);
      continue;
    }
    const text = finalText(message.text, path, request);
    const count = segments(text).parts;
    numbers.push(packNumber(message.number));
    texts.push(text);
    parts.push(count);
    credits += count;
  }
  if (!anyValid) return 'number';
  const creditKind = creditCheck(request.sender, credits, context);
  if (creditKind === undefined) return 'credit';
  return {
    sender: request.sender,
    creditKind,
    credits,
    scheduledFor: checked.scheduledFor,
    numbers: Uint32Array.from(numbers),
    text: texts,
    parts: Uint32Array.from(parts),
    blacklisted,
    skipped,
  };
}
