/**
 * The data coding a text needs, as {@link segments} decides it:
 * - `'gsm7'`: GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 6.2.1, 6.2.1.1);
 * - `'gsm7-turkish'`: GSM 7-bit with the Turkish national language single shift table (A.2.1),
 *   announced in a user data header that costs 5 septets;
 * - `'ucs2'`: 16-bit UCS-2/UTF-16.
 *
 * @example
 * ```ts
 * const encoding: SmsEncoding = segments('Kargonuz yolda').encoding; // 'gsm7'
 * ```
 */
export type SmsEncoding = 'gsm7' | 'gsm7-turkish' | 'ucs2';

/**
 * The provider's opt-out sentences (`<izin_link>`, `<izin_telefon>`) that are appended to a text.
 * They lengthen the message, so they count towards its parts.
 *
 * @example
 * ```ts
 * const options: OptOutOptions = { optOutLink: true };
 * segments('Indirim basladi!', options).parts; // 1
 * ```
 */
export interface OptOutOptions {
  /** Append {@link OPT_OUT_LINK_SUFFIX} (the provider's `<izin_link>true</izin_link>`). */
  optOutLink?: boolean;
  /** Append {@link OPT_OUT_PHONE_SUFFIX} (the provider's `<izin_telefon>true</izin_telefon>`). */
  optOutPhone?: boolean;
}

/**
 * The length of one SMS text, as {@link segments} counts it.
 *
 * @example
 * ```ts
 * const s: Segments = segments('Siparişiniz kargoya verildi.');
 * // { encoding: 'gsm7-turkish', characters: 28, units: 29, parts: 1, perPart: 155, remaining: 126 }
 * ```
 */
export interface Segments {
  /** The data coding the text needs. */
  encoding: SmsEncoding;
  /** Unicode code points of the full text, opt-out suffixes included (a lone surrogate counts as one). */
  characters: number;
  /**
   * Septets for `gsm7` and `gsm7-turkish` (an extension or shift character costs 2),
   * UTF-16 code units for `ucs2` (a character outside the Basic Multilingual Plane costs 2).
   */
  units: number;
  /** SMS parts, i.e. credits per recipient; 0 for an empty text. */
  parts: number;
  /** Capacity of one part for this text: 160/153 (gsm7), 155/149 (gsm7-turkish), 70/67 (ucs2), the first when `parts <= 1`. */
  perPart: number;
  /** Units still free in the last part (for an empty text: the capacity of a single part). */
  remaining: number;
}
