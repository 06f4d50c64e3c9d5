import type { OptOutOptions } from './types.js';

/**
 * The sentence the provider appends for `<izin_link>true</izin_link>` (its own example; the
 * provider fills in the real link, `xxxxxx` stands for its 6 characters). 51 characters,
 * 54 septets: its ç and ı force `'gsm7-turkish'`.
 *
 * @example
 * ```ts
 * withOptOut('Indirim!', { optOutLink: true }) === 'Indirim! ' + OPT_OUT_LINK_SUFFIX; // true
 * ```
 */
export const OPT_OUT_LINK_SUFFIX: string = 'SMS Listemizden çıkmak için http://iptal.biz/xxxxxx';

/**
 * The sentence the provider appends for `<izin_telefon>true</izin_telefon>` (its own example).
 * 68 characters, 77 septets: its ç and ı force `'gsm7-turkish'`.
 *
 * @example
 * ```ts
 * withOptOut('Indirim!', { optOutPhone: true }) === 'Indirim! ' + OPT_OUT_PHONE_SUFFIX; // true
 * ```
 */
export const OPT_OUT_PHONE_SUFFIX: string = 'SMS Listemizden çıkmak için 02162120750 numarasını 1 kez çaldırınız.';

/**
 * The text as the provider sends it: `text`, then `' ' + OPT_OUT_LINK_SUFFIX` when
 * `optOutLink`, then `' ' + OPT_OUT_PHONE_SUFFIX` when `optOutPhone`. Returns `text` itself
 * when neither is set. {@link segments} counts exactly this string.
 *
 * @example
 * ```ts
 * withOptOut('Kampanya basladi.', { optOutLink: true, optOutPhone: true });
 * // 'Kampanya basladi. SMS Listemizden çıkmak için http://iptal.biz/xxxxxx SMS Listemizden çıkmak için 02162120750 numarasını 1 kez çaldırınız.'
 * ```
 */
export function withOptOut(text: string, options?: OptOutOptions): string {
  if (typeof text !== 'string') throw new TypeError(`withOptOut: text must be a string, got ${typeof text}`);
  if (!options) return text;
  let result = text;
  if (options.optOutLink) result += ' ' + OPT_OUT_LINK_SUFFIX;
  if (options.optOutPhone) result += ' ' + OPT_OUT_PHONE_SUFFIX;
  return result;
}
