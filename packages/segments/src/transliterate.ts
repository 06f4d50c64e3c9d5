// Turkish letters: to ASCII (to save credits), and whether a text has any (to pick the provider's `tr/` path).

/** Letter → ASCII replacement; all of them are below U+0160. */
const REPLACEMENTS: ReadonlyArray<readonly [string, string]> = [
  ['ş', 's'],
  ['Ş', 'S'],
  ['ğ', 'g'],
  ['Ğ', 'G'],
  ['ı', 'i'],
  ['İ', 'I'],
  ['ç', 'c'],
  ['Ç', 'C'],
  ['ö', 'o'],
  ['Ö', 'O'],
  ['ü', 'u'],
  ['Ü', 'U'],
  ['â', 'a'],
  ['Â', 'A'],
  ['î', 'i'],
  ['Î', 'I'],
  ['û', 'u'],
  ['Û', 'U'],
];

/** The letters that send a text to the provider's `tr/` path. */
const TURKISH_LETTERS = 'çğıİöşüÇĞÖŞÜ';

const TABLE_SIZE = 0x160;

/** `ASCII[code]` is the replacement for that UTF-16 code unit, or '' for none. */
const ASCII: readonly string[] = (() => {
  const table = new Array<string>(TABLE_SIZE).fill('');
  for (const [letter, ascii] of REPLACEMENTS) table[letter.charCodeAt(0)] = ascii;
  return table;
})();

/** `IS_TURKISH[code]` is 1 for the letters of {@link TURKISH_LETTERS}. */
const IS_TURKISH: Uint8Array = (() => {
  const table = new Uint8Array(TABLE_SIZE);
  for (let i = 0; i < TURKISH_LETTERS.length; i++) table[TURKISH_LETTERS.charCodeAt(i)] = 1;
  return table;
})();

/**
 * Replaces Turkish letters by their ASCII base letter: ş→s Ş→S ğ→g Ğ→G ı→i İ→I ç→c Ç→C ö→o Ö→O
 * ü→u Ü→U, and the circumflexed â→a î→i û→u Â→A Î→I Û→U. Everything else is left unchanged
 * (no Unicode normalization: a decomposed `s` + U+0327 stays as it is). Returns `text` itself
 * when there is nothing to replace.
 *
 * Use it to save credits: a transliterated Turkish text is plain GSM-7 (160 instead of 155
 * septets per part, and 1 instead of 2 septets per Ğ İ Ş ç ğ ı ş).
 *
 * @example
 * ```ts
 * transliterate('Siparişiniz kargoya verildi, teşekkür ederiz.');
 * // 'Siparisiniz kargoya verildi, tesekkur ederiz.'
 * ```
 */
export function transliterate(text: string): string {
  if (typeof text !== 'string') throw new TypeError(`transliterate: text must be a string, got ${typeof text}`);
  const length = text.length;
  let out = '';
  let copied = 0; // text[copied..i) is still to be copied
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code >= TABLE_SIZE) continue;
    const ascii = ASCII[code] as string;
    if (ascii === '') continue;
    out += text.slice(copied, i) + ascii;
    copied = i + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Whether `text` contains any of ç ğ ı İ ö ş ü Ç Ğ Ö Ş Ü, i.e. whether it should go to the
 * provider's Turkish-character (`tr/`) path. The circumflexed â î û do not count.
 *
 * @example
 * ```ts
 * hasTurkishLetters('Kargonuz yolda'); // false
 * hasTurkishLetters('Güle güle kullanın'); // true
 * ```
 */
export function hasTurkishLetters(text: string): boolean {
  if (typeof text !== 'string') throw new TypeError(`hasTurkishLetters: text must be a string, got ${typeof text}`);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < TABLE_SIZE && IS_TURKISH[code] === 1) return true;
  }
  return false;
}
