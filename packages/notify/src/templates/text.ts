// Text utilities shared by the helpers and the render context.

/** Cuts `value` to `max` code points (a surrogate pair is never split), `ellipsis` included when it fits. */
export function cut(value: string, max: number, ellipsis = '...'): string {
  const limit = Number.isFinite(max) ? Math.max(0, Math.floor(max)) : Infinity;
  if (value.length <= limit) return value;
  const chars = Array.from(value);
  if (chars.length <= limit) return value;
  const tail = Array.from(ellipsis);
  if (limit <= tail.length) return chars.slice(0, limit).join('');
  return (
    chars
      .slice(0, limit - tail.length)
      .join('')
      .trimEnd() + ellipsis
  );
}

/** Line breaks, tabs and other control characters, with the spaces around them. */
const BREAKS = /\s*[\u0000-\u001f\u007f-\u009f\u2028\u2029]+\s*/g;
/** Bidirectional overrides and isolates: they reorder what the recipient sees. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
/** Any character {@link BREAKS} or {@link BIDI} would change. */
const NEEDS_CLEANING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * A value as a template prints it: trimmed, every line break (or other control character) replaced by
 * one space, bidi controls removed. Values are data: they are never compiled, so `{{` stays `{{`.
 * @example
 * cleanText('  Ayşe\nNur ') // 'Ayşe Nur'
 */
export function cleanText(value: string): string {
  // Most values have nothing to replace: one scan instead of two replacements (every value of every render comes here).
  if (!NEEDS_CLEANING.test(value)) return value.trim();
  return value.replace(BREAKS, ' ').replace(BIDI, '').trim();
}

/** {@link cleanText} for optional values; an empty result becomes undefined (so `{{#if}}` is false). */
export function cleanOptional(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const clean = cleanText(value);
  return clean === '' ? undefined : clean;
}
