import { gsmUnsupported, hasTurkishLetters, transliterate } from '@esemes/segments';
import { ValidationError } from './errors.js';
import { formatIstanbul, toInstant, type TimeInput } from './istanbul-time.js';
import type { Blacklist, SendFlags } from './xml-request.js';

/**
 * How to treat Turkish letters. `auto`: texts that need them go to the provider's Turkish (`tr/…`) path.
 * `turkish`: always the Turkish path. `gsm`: always the plain path; a text it cannot carry is rejected.
 * `transliterate`: Turkish letters become ASCII (ş→s, ğ→g, ı→i …), which keeps a part at 160 characters.
 */
export type Charset = 'auto' | 'turkish' | 'gsm' | 'transliterate';

/** Options shared by `send` and `sendPersonalized`. */
export interface CommonSendOptions {
  /** Sender title (başlık), 1–11 ASCII characters, registered with the provider. */
  sender: string;
  /** When to send: a Date, an ISO 8601 instant, or "YYYY-MM-DD HH:MM:SS" read as Europe/Istanbul. Omitted = now. */
  sendAt?: TimeInput | undefined;
  /** Filter recipients through the account's own or the provider's general blacklist. */
  blacklist?: Blacklist | undefined;
  /** Let the provider append its opt-out link (commercial messages). */
  optOutLink?: boolean | undefined;
  /** Let the provider append its opt-out phone sentence. */
  optOutPhone?: boolean | undefined;
  /** Default `auto`. */
  charset?: Charset | undefined;
  /** Abort the remaining requests. */
  signal?: AbortSignal | undefined;
}

export interface CheckedCommon {
  sender: string;
  flags: SendFlags;
  charset: Charset;
}

const SENDER = /^[\x20-\x7e]{1,11}$/;
const CHARSETS: readonly Charset[] = ['auto', 'turkish', 'gsm', 'transliterate'];

export function checkCommon(options: CommonSendOptions, now: Date): CheckedCommon {
  if (options === null || typeof options !== 'object') throw new ValidationError('options', 'must be an object');
  const sender = typeof options.sender === 'string' ? options.sender.trim() : '';
  if (!SENDER.test(sender)) {
    throw new ValidationError('sender', `must be 1 to 11 ASCII characters (the registered sender title); got ${JSON.stringify(options.sender ?? null)}`);
  }
  const charset = options.charset ?? 'auto';
  if (!CHARSETS.includes(charset)) throw new ValidationError('charset', `must be one of ${CHARSETS.join(', ')}`);
  if (options.blacklist !== undefined && options.blacklist !== 'own' && options.blacklist !== 'general') {
    throw new ValidationError('blacklist', 'must be "own" or "general"');
  }
  let tarih = '';
  if (options.sendAt !== undefined && options.sendAt !== null) {
    const at = toInstant(options.sendAt, 'sendAt');
    if (at.getTime() < now.getTime()) {
      throw new ValidationError('sendAt', `${formatIstanbul(at)} (Europe/Istanbul) is in the past; now is ${formatIstanbul(now)}`);
    }
    tarih = formatIstanbul(at);
  }
  return {
    sender,
    charset,
    flags: { tarih, blacklist: options.blacklist, optOutLink: options.optOutLink === true, optOutPhone: options.optOutPhone === true },
  };
}

/**
 * Apply the charset choice to one text. Returns the text to send and whether it needs the Turkish path,
 * or throws a ValidationError naming `field`.
 */
export function prepareText(text: unknown, charset: Charset, field: string): { text: string; turkish: boolean } {
  if (typeof text !== 'string' || text.trim() === '') throw new ValidationError(field, 'is empty');
  const prepared = charset === 'transliterate' ? transliterate(text) : text;
  if (charset === 'turkish') return { text: prepared, turkish: true };
  const needsUnicodePath = hasTurkishLetters(prepared) || gsmUnsupported(prepared).length > 0;
  if (charset === 'gsm' && needsUnicodePath) {
    const bad = [...new Set([...gsmUnsupported(prepared), ...[...prepared].filter((c) => hasTurkishLetters(c))])];
    throw new ValidationError(field, `has characters the plain (non-Turkish) path cannot carry: ${bad.join(' ')}; use charset "auto" or "transliterate"`);
  }
  return { text: prepared, turkish: needsUnicodePath };
}

/**
 * The call path, chosen so that every element the request carries is one the provider's page documents
 * for that call:
 * - Turkish text goes to `tr/…_ileri.php` (the page has `tr/` variants only for the `_ileri` calls, which
 *   send at once when `tarih` is empty), as the spec resolves it;
 * - a schedule goes to `…_ileri.php`;
 * - a personalized send with a blacklist or an opt-out goes to `xml_ozel_api_ileri.php` with an empty
 *   `tarih`: the page shows `karaliste`, `izin_link` and `izin_telefon` for a text per number only on that
 *   call, not on `xml_ozel_api.php` (whose example has none of them). The one-text `xml_api.php` has them all.
 * @example
 * sendPath('personalized', false, { tarih: '', optOutLink: true }) // → 'xml_ozel_api_ileri.php'
 */
export function sendPath(kind: 'bulk' | 'personalized', turkish: boolean, flags: SendFlags): string {
  const base = kind === 'bulk' ? 'xml_api' : 'xml_ozel_api';
  if (turkish) return `tr/${base}_ileri.php`;
  const scheduledCall = flags.tarih !== '' || (kind === 'personalized' && hasSendOptions(flags));
  return scheduledCall ? `${base}_ileri.php` : `${base}.php`;
}

/** True when the send asks for a blacklist or an opt-out suffix. */
function hasSendOptions(flags: SendFlags): boolean {
  return flags.blacklist !== undefined || flags.optOutLink === true || flags.optOutPhone === true;
}

/** True for the `…_ileri.php` calls, whose requests carry `tarih` (empty = now) and the send options. */
export function isScheduledCall(path: string): boolean {
  return path.endsWith('_ileri.php');
}
