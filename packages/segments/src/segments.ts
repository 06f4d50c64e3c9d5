import { DEFAULT_CHAR, GSM_CLASS, TURKISH_SHIFT_CHAR, UCS2_ONLY } from './gsm-tables.js';
import { withOptOut } from './opt-out.js';
import type { OptOutOptions, Segments, SmsEncoding } from './types.js';

// Capacities per 3GPP TS 23.038 / 23.040: 140 octets of user data, less the user data header.
/** GSM-7, no UDH: 140 octets = 160 septets. */
const GSM7_SINGLE = 160;
/** GSM-7 + concatenation UDH (6 octets): 153 septets. */
const GSM7_MULTI = 153;
/** GSM-7 + Turkish single shift UDH (4 octets): 155 septets. */
const TURKISH_SINGLE = 155;
/** GSM-7 + concatenation and Turkish single shift UDH (9 octets): 149 septets. */
const TURKISH_MULTI = 149;
/** UCS-2, no UDH: 70 UTF-16 units. */
const UCS2_SINGLE = 70;
/** UCS-2 + concatenation UDH: 67 UTF-16 units. */
const UCS2_MULTI = 67;

/**
 * Counts the SMS parts (credits per recipient) a text costs, per 3GPP TS 23.038: GSM-7 when every
 * character is in the default alphabet or its extension table, GSM-7 with the Turkish single shift
 * table when it also needs Ğ İ Ş ç ğ ı ş, UCS-2 otherwise. With `options`, counts
 * {@link withOptOut}`(text, options)`, i.e. the text as the provider sends it.
 *
 * An escape sequence (2 septets) or a surrogate pair (2 UTF-16 units) never straddles a part
 * boundary: it moves whole to the next part. One pass over the string, no allocation per character.
 *
 * @example
 * ```ts
 * segments('Kargonuz yolda');           // { encoding: 'gsm7', characters: 14, units: 14, parts: 1, perPart: 160, remaining: 146 }
 * segments('Kargonuz yolda, teşekkürler!').encoding; // 'gsm7-turkish' (ş; ü is in the default alphabet)
 * segments('Mutlu yıllar 🎉').encoding; // 'ucs2'
 * segments('Indirim', { optOutLink: true }).units; // 7 + 1 + 54 = 62
 * ```
 */
export function segments(text: string, options?: OptOutOptions): Segments {
  if (typeof text !== 'string') throw new TypeError(`segments: text must be a string, got ${typeof text}`);
  return count(options ? withOptOut(text, options) : text);
}

function count(text: string): Segments {
  const length = text.length;
  let septets = 0;
  let turkish = false;
  // Greedy packing into concatenated parts, for both GSM-7 capacities at once.
  let gsmParts = 1;
  let gsmUsed = 0;
  let trParts = 1;
  let trUsed = 0;
  let i = 0;
  for (; i < length; i++) {
    const cls = GSM_CLASS[text.charCodeAt(i)] as number;
    if (cls === UCS2_ONLY) break;
    let cost = 1;
    if (cls !== DEFAULT_CHAR) {
      cost = 2;
      if (cls === TURKISH_SHIFT_CHAR) turkish = true;
    }
    septets += cost;
    if (gsmUsed + cost > GSM7_MULTI) {
      gsmParts++;
      gsmUsed = cost;
    } else gsmUsed += cost;
    if (trUsed + cost > TURKISH_MULTI) {
      trParts++;
      trUsed = cost;
    } else trUsed += cost;
  }
  if (i < length) return countUcs2(text, i);
  // Every GSM character is one UTF-16 unit and one code point, so characters === length.
  return turkish
    ? result('gsm7-turkish', length, septets, TURKISH_SINGLE, TURKISH_MULTI, trParts, trUsed)
    : result('gsm7', length, septets, GSM7_SINGLE, GSM7_MULTI, gsmParts, gsmUsed);
}

/** Continues at `start`, the first character GSM-7 cannot encode; the units before it are all BMP, one each. */
function countUcs2(text: string, start: number): Segments {
  const length = text.length;
  let parts = start === 0 ? 1 : Math.ceil(start / UCS2_MULTI);
  let used = start - (parts - 1) * UCS2_MULTI;
  let pairs = 0;
  for (let i = start; i < length; i++) {
    let cost = 1;
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A high surrogate followed by a low one: one code point, two units, never split.
      cost = 2;
      pairs++;
      i++;
    }
    if (used + cost > UCS2_MULTI) {
      parts++;
      used = cost;
    } else used += cost;
  }
  return result('ucs2', length - pairs, length, UCS2_SINGLE, UCS2_MULTI, parts, used);
}

function result(encoding: SmsEncoding, characters: number, units: number, single: number, multi: number, packedParts: number, packedUsed: number): Segments {
  if (units <= single) {
    return { encoding, characters, units, parts: units === 0 ? 0 : 1, perPart: single, remaining: single - units };
  }
  return { encoding, characters, units, parts: packedParts, perPart: multi, remaining: multi - packedUsed };
}
