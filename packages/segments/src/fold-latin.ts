// Characters an SMS cannot carry in GSM-7 (with the Turkish single shift table) but that have an obvious
// Latin stand-in: one such character (â in "Kâzım", a typographic quote pasted from a word processor)
// turns the whole message into UCS-2, 70 characters a part instead of 155–160. Folding them keeps the
// message readable and cheap. Turkish letters are in the single shift table and are left alone; other
// scripts (Greek, Cyrillic, Arabic, emoji) have no Latin stand-in and are left as written.
import { GSM_CLASS, UCS2_ONLY } from './gsm-tables.js';
import { transliterate } from './transliterate.js';

/** Stand-ins that Unicode decomposition does not give (no base letter + combining marks). */
const SPECIAL: Readonly<Record<string, string>> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
  ŧ: 't',
  Ŧ: 'T',
  ŀ: 'l',
  Ŀ: 'L',
  ƒ: 'f',
  ſ: 's',
  œ: 'oe',
  Œ: 'OE',
  ĳ: 'ij',
  Ĳ: 'IJ',
  þ: 'th',
  Þ: 'Th',
  ð: 'd',
  Ð: 'D',
  ŋ: 'n',
  Ŋ: 'N',
  ĸ: 'k',
  ŉ: "'n",
  // Punctuation and spaces that word processors and shop systems put in names and products.
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u00b4': "'",
  '\u0060': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2033': '"',
  '\u00ab': '"',
  '\u00bb': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u00a0': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u202f': ' ',
  '\u00b7': '.',
  '\u2022': '*',
  '\u00d7': 'x',
};

/** Combining marks (U+0300–U+036F) that decomposition splits off a Latin base letter. */
const COMBINING = /[\u0300-\u036f]/g;

export interface FoldOptions {
  /** Also Turkish letters to ASCII (ş→s, ğ→g, ı→i …): plain GSM-7, 160 septets a part. Default false. */
  turkish?: boolean;
}

/** One character that was replaced, and by what. */
export interface Folded {
  from: string;
  to: string;
}

/** A Latin stand-in for one character that GSM-7 cannot carry, or undefined when it has none. */
function standIn(char: string): string | undefined {
  const special = SPECIAL[char];
  if (special !== undefined) return special;
  const base = char.normalize('NFD').replace(COMBINING, '');
  // Only when decomposition left a character GSM-7 carries (a Latin base letter): never for other scripts.
  if (base === char || base === '' || [...base].some((c) => GSM_CLASS[c.charCodeAt(0)] === UCS2_ONLY)) return undefined;
  return base;
}

/**
 * `text` with every character that GSM-7 and the Turkish single shift table cannot carry, but that has a
 * Latin stand-in, replaced by it: â î û ê ô → a i u e o, ł → l, œ → oe, typographic quotes and dashes
 * → ' " -, … → ..., no-break spaces → space. Turkish letters stay unless `turkish` is set; Greek,
 * Cyrillic, Arabic and emoji stay as written (the text is UCS-2 then). Returns `text` itself when there
 * is nothing to replace.
 * @example
 * foldToSmsAlphabet('Kâzım’ın siparişi') // 'Kazım'ın siparişi' (gsm7-turkish instead of ucs2)
 * foldToSmsAlphabet('Ελένη') // 'Ελένη'
 */
export function foldToSmsAlphabet(text: string, options: FoldOptions = {}): string {
  return foldWithReport(text, options).text;
}

/** {@link foldToSmsAlphabet}, with the distinct replacements made, in order of first appearance. */
export function foldWithReport(text: string, options: FoldOptions = {}): { text: string; folded: Folded[] } {
  if (typeof text !== 'string') throw new TypeError(`foldToSmsAlphabet: text must be a string, got ${typeof text}`);
  // Composed first: a letter typed as base + combining mark (`a` + U+0302) is one letter (`â`).
  const composed = text.normalize('NFC');
  const source = options.turkish === true ? transliterate(composed) : composed;
  const folded = new Map<string, string>();
  // transliterate replaces one BMP letter by one: the two strings line up unit by unit.
  if (source !== composed)
    for (let i = 0; i < composed.length; i++)
      if (composed[i] !== source[i] && !folded.has(composed[i] as string)) folded.set(composed[i] as string, source[i] as string);
  let out = '';
  let copied = 0;
  for (let i = 0; i < source.length; i++) {
    if (GSM_CLASS[source.charCodeAt(i)] !== UCS2_ONLY) continue;
    // A surrogate pair (emoji, rare scripts) is one character with no Latin stand-in.
    const code = source.charCodeAt(i);
    if ((code & 0xfc00) === 0xd800) {
      i++;
      continue;
    }
    const char = source[i] as string;
    const replacement = standIn(char);
    if (replacement === undefined) continue;
    out += source.slice(copied, i) + replacement;
    copied = i + 1;
    if (!folded.has(char)) folded.set(char, replacement);
  }
  const result = copied === 0 ? (source === composed && composed === text ? text : source) : out + source.slice(copied);
  return { text: result, folded: [...folded].map(([from, to]) => ({ from, to })) };
}
