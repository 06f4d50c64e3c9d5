import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// libphonenumber-js with its full metadata costs ~11 MB of a process's memory (its code ~8, the metadata ~3). Numbers
// already written as a Turkish mobile never need it, so it is loaded on the first number that does; its CommonJS build
// loads synchronously. The fast path's TR patterns are read on first use, by the library's own metadata reader alone.
type Library = typeof import('libphonenumber-js/max');
const require = createRequire(import.meta.url);
let library: Library | undefined;
function libphonenumber(): Library {
  return (library ??= require('libphonenumber-js/max') as Library);
}

/** Why a number was not accepted. */
export type PhoneRejectReason = 'empty' | 'invalid' | 'foreign' | 'landline' | 'not_mobile';

export type PhoneResult = { ok: true; number: string } | { ok: false; reason: PhoneRejectReason; message: string };

const CANONICAL = /^5\d{9}$/;
const SEPARATORS = /[\s\-().]/g;
const SPELLED_MOBILE = /^(?:\+90|0090|90|0)?(5\d{9})$/;
const TYPE_NAMES: Record<string, string> = {
  FIXED_LINE: 'a landline',
  FIXED_LINE_OR_MOBILE: 'possibly a landline',
  TOLL_FREE: 'a toll-free number',
  PREMIUM_RATE: 'a premium-rate number',
  SHARED_COST: 'a shared-cost number',
  VOIP: 'a VoIP/0850 number',
  PERSONAL_NUMBER: 'a personal number',
  PAGER: 'a pager',
  UAN: 'a corporate (UAN) number',
  VOICEMAIL: 'a voicemail number',
};

// `type()` is not in the package's typings, but it is what getType() itself reads.
type Desc = { pattern(): string; possibleLengths?(): number[] | undefined } | undefined;
/** The part of libphonenumber's `Metadata` the fast path reads. */
export interface MetadataReader {
  selectNumberingPlan(country: string): void;
  numberingPlan?: { nationalNumberPattern(): string; nationalPrefixForParsing(): string | undefined; type(name: string): Desc };
}

/** The metadata's pattern for the numbers libphonenumber calls MOBILE in TR, as one anchored RegExp; undefined (no fast path) if unreadable. */
export function turkishMobilePattern(metadata: () => MetadataReader): RegExp | undefined {
  try {
    const reader = metadata();
    reader.selectNumberingPlan('TR');
    const plan = reader.numberingPlan;
    const mobile = plan?.type('MOBILE');
    const fixed = plan?.type('FIXED_LINE');
    const lengths = mobile?.possibleLengths?.();
    // getType(): the general pattern must match; FIXED_LINE is tried before MOBILE (both → FIXED_LINE_OR_MOBILE).
    // A 10-digit number that starts with 5 must reach them untouched by national-prefix stripping.
    if (!plan || !mobile || !fixed || (lengths && !lengths.includes(10))) return undefined;
    const prefix = plan.nationalPrefixForParsing();
    if (prefix && new RegExp(`^(?:${prefix})`).test('5')) return undefined;
    return new RegExp(`^(?=(?:${plan.nationalNumberPattern()})$)(?!(?:${fixed.pattern()})$)(?:${mobile.pattern()})$`);
  } catch {
    return undefined;
  }
}

/**
 * libphonenumber's own `Metadata` class (its CommonJS build's `build/metadata.js`, which needs three small helpers)
 * over the `max` metadata the library itself uses: the same reading, without the parsing code. That file is not an
 * export of the package: undefined if a release moves it, and the fast path then reads the loaded library (same answer).
 */
export function standaloneMetadata(): MetadataReader | undefined {
  try {
    const file = join(dirname(require.resolve('libphonenumber-js/package.json')), 'build', 'metadata.js');
    const Metadata = (require(file) as { default: new (metadata: unknown) => MetadataReader }).default;
    // Parsed here rather than required, so that the object is garbage once the patterns are read.
    return new Metadata(JSON.parse(readFileSync(require.resolve('libphonenumber-js/metadata.max.json'), 'utf8')));
  } catch {
    return undefined;
  }
}

// undefined: not read yet; null: unreadable, no fast path.
let fastPattern: RegExp | null | undefined;
function loadFastPattern(): RegExp | null {
  fastPattern = turkishMobilePattern(() => standaloneMetadata() ?? (new (libphonenumber().Metadata)() as unknown as MetadataReader)) ?? null;
  return fastPattern;
}

/**
 * The fast path: a number already written as a Turkish mobile (10 digits starting with 5, optionally after
 * 0, 90, +90 or 0090, with spaces, dashes, dots or brackets) whose digits libphonenumber's TR metadata
 * types as MOBILE. Returns the 10 digits, or undefined for anything else (which goes to libphonenumber).
 */
export function fastTurkishMobile(input: string): string | undefined {
  const pattern = fastPattern === undefined ? loadFastPattern() : fastPattern;
  if (pattern === null) return undefined;
  if (input.length === 10 && CANONICAL.test(input)) return pattern.test(input) ? input : undefined;
  const spelled = SPELLED_MOBILE.exec(input.replace(SEPARATORS, ''));
  const digits = spelled?.[1];
  return digits !== undefined && pattern.test(digits) ? digits : undefined;
}

/**
 * Normalize a Turkish mobile number to the 10 digits the provider wants (`5XXXXXXXXX`, no leading 0),
 * with libphonenumber-js (full metadata, so the number type is known). `+90 532 999 88 77`, `0090…`,
 * `90…`, `0532…`, dashes, dots, parentheses and spaces are all accepted. Landlines, 0850 numbers and
 * foreign numbers are rejected with a reason, never cut to 10 digits. Numbers already written as a Turkish
 * mobile take {@link fastTurkishMobile} (libphonenumber's own TR pattern, no parsing), with the same answer.
 * @example
 * normalizeTurkishMobile('+90 (532) 999-88-77') // → { ok: true, number: '5329998877' }
 * normalizeTurkishMobile('0212 555 11 22')      // → { ok: false, reason: 'landline', message: … }
 */
export function normalizeTurkishMobile(input: string): PhoneResult {
  if (typeof input === 'string') {
    const number = fastTurkishMobile(input);
    if (number !== undefined) return { ok: true, number };
  }
  return normalizeWithLibphonenumber(input);
}

/** The libphonenumber path for everything the fast path does not recognize (and, in tests, its reference). */
export function normalizeWithLibphonenumber(input: string): PhoneResult {
  const shown = (): string => maskPhone(input) || JSON.stringify(String(input).slice(0, 20));
  if (typeof input !== 'string' || input.trim() === '') {
    return { ok: false, reason: 'empty', message: 'empty phone number' };
  }
  // Written-out forms of a Turkish mobile go to the library as their 10 national digits: the same
  // answer, at half the parsing cost (extracting a number from free text is the expensive part).
  const spelled = SPELLED_MOBILE.exec(input.replace(SEPARATORS, ''));
  const parsed = libphonenumber().parsePhoneNumberFromString(spelled?.[1] ?? input, 'TR');
  // The common case first: a number of type MOBILE is valid, so the separate isValid() pass (a third of
  // the cost) is needed only to explain a refusal.
  if (parsed?.country === 'TR' && parsed.getType() === 'MOBILE') {
    const national = String(parsed.nationalNumber);
    // Reuse the caller's string when it is already canonical: a million-number send keeps one copy, not two.
    if (CANONICAL.test(national)) return { ok: true, number: national === input ? input : national };
  }
  if (!parsed || !parsed.isValid()) {
    return { ok: false, reason: 'invalid', message: `${shown()} is not a valid phone number` };
  }
  if (parsed.country !== 'TR') {
    return {
      ok: false,
      reason: 'foreign',
      message: `${shown()} is a ${parsed.country ?? `+${parsed.countryCallingCode}`} number; esemes sends to Turkish mobiles only`,
    };
  }
  const type = parsed.getType();
  const national = String(parsed.nationalNumber);
  // Reuse the caller's string when it is already canonical: a million-number send keeps one copy, not two.
  if (type === 'MOBILE' && CANONICAL.test(national)) return { ok: true, number: national === input ? input : national };
  const what = (type && TYPE_NAMES[type]) ?? 'not a mobile number';
  return {
    ok: false,
    reason: type === 'FIXED_LINE' ? 'landline' : 'not_mobile',
    message: `${shown()} is ${what}; SMS goes to mobile numbers only`,
  };
}

export interface MaskPhoneOptions {
  /**
   * `last4` (default): every digit but the last 4 becomes `*` (`******8877`), for logs and errors.
   * `national`: a 10-digit Turkish mobile keeps its operator code as a person reads it
   * (`0532***8877`), for texts a shop owner reads (order notes); anything else falls back to `last4`.
   */
  style?: 'last4' | 'national';
}

/**
 * Mask a phone number: keep the last 4 digits (and, in the `national` style, the operator code).
 * @example
 * maskPhone('5329998877') // → '******8877'
 * maskPhone('5329998877', { style: 'national' }) // → '0532***8877'
 */
export function maskPhone(input: string, options: MaskPhoneOptions = {}): string {
  const digits = String(input).replace(/\D/g, '');
  if (options.style === 'national' && /^5\d{9}$/.test(digits)) return `0${digits.slice(0, 3)}***${digits.slice(-4)}`;
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return '*'.repeat(digits.length - 4) + digits.slice(-4);
}
