// Turkish mobile numbers as the provider wants them: 10 digits `5XXXXXXXXX`, no leading 0.
// A send keeps its numbers packed in a Uint32Array as `number - 5_000_000_000` (0 … 999,999,999),
// 4 bytes each, so a million recipients cost 4 MB and no per-number object.

const VALID = /^5\d{9}$/;
const BASE = 5_000_000_000;

/** True for exactly 10 digits starting with 5. */
export function isValidNumber(text: string): boolean {
  return VALID.test(text);
}

/** A valid number packed into 32 bits. */
export function packNumber(text: string): number {
  return Number(text) - BASE;
}

/** A packed number back as its 10-digit text. */
export function unpackNumber(packed: number): string {
  return String(packed + BASE);
}

/**
 * A number as people write it (`05…`, `+90 5…`, `90 5…`, spaces, dashes) reduced to `5XXXXXXXXX`
 * when possible; used by the inspection calls only, never by the API (which takes numbers verbatim).
 */
export function normalizeLookupNumber(text: string): string {
  const digits = text.replace(/\D/g, '');
  if (digits.length === 12 && digits.startsWith('90')) return digits.slice(2);
  if (digits.length === 11 && digits.startsWith('0')) return digits.slice(1);
  return digits;
}
