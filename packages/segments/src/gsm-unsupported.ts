import { GSM_CLASS, UCS2_ONLY } from './gsm-tables.js';

/**
 * The distinct characters of `text` that neither GSM-7 (default alphabet and extension table) nor
 * the Turkish single shift table can encode, in order of first appearance: the characters that
 * force UCS-2 (70 instead of 160 units per part). Characters are code points: an emoji outside
 * the BMP is one entry, a lone surrogate is one entry, and a multi-code-point emoji (flag, skin
 * tone, ZWJ sequence) yields its code points separately. Empty when the text is GSM-7.
 *
 * @example
 * ```ts
 * gsmUnsupported('Siparişiniz yolda 🚚 “hızlı” kargo'); // ['🚚', '“', '”']
 * gsmUnsupported('Siparişiniz yolda'); // []
 * ```
 */
export function gsmUnsupported(text: string): string[] {
  if (typeof text !== 'string') throw new TypeError(`gsmUnsupported: text must be a string, got ${typeof text}`);
  const length = text.length;
  let found: Set<string> | undefined;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (GSM_CLASS[code] !== UCS2_ONLY) continue;
    let char: string;
    if ((code & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      char = text.slice(i, i + 2);
      i++;
    } else {
      char = text[i] as string;
    }
    (found ??= new Set()).add(char);
  }
  return found === undefined ? [] : Array.from(found);
}
