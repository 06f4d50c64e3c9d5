import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALPHABET,
  DEFAULT_CHAR,
  ESCAPE_CODE,
  EXTENSION_CHAR,
  EXTENSION_TABLE,
  GSM_CLASS,
  TURKISH_SHIFT_CHAR,
  TURKISH_SINGLE_SHIFT_TABLE,
  UCS2_ONLY,
} from './gsm-tables.js';

const classOf = (char: string): number | undefined => GSM_CLASS[char.charCodeAt(0)];

describe('DEFAULT_ALPHABET (3GPP TS 23.038 6.2.1)', () => {
  it('Should have 128 cells with the escape at 0x1B', () => {
    expect(DEFAULT_ALPHABET).toHaveLength(128);
    expect(DEFAULT_ALPHABET.charCodeAt(ESCAPE_CODE)).toBe(0x1b);
  });

  it.each([
    [0x00, '@'],
    [0x01, '£'],
    [0x02, '$'],
    [0x03, '¥'],
    [0x04, 'è'],
    [0x05, 'é'],
    [0x06, 'ù'],
    [0x07, 'ì'],
    [0x08, 'ò'],
    [0x09, '\u00c7'],
    [0x0a, '\n'],
    [0x0b, 'Ø'],
    [0x0c, 'ø'],
    [0x0d, '\r'],
    [0x0e, 'Å'],
    [0x0f, 'å'],
    [0x10, '\u0394'],
    [0x11, '_'],
    [0x12, '\u03a6'],
    [0x13, '\u0393'],
    [0x14, '\u039b'],
    [0x15, '\u03a9'],
    [0x16, '\u03a0'],
    [0x17, '\u03a8'],
    [0x18, '\u03a3'],
    [0x19, '\u0398'],
    [0x1a, '\u039e'],
    [0x1c, 'Æ'],
    [0x1d, 'æ'],
    [0x1e, 'ß'],
    [0x1f, 'É'],
    [0x20, ' '],
    [0x24, '¤'],
    [0x40, '¡'],
    [0x41, 'A'],
    [0x5a, 'Z'],
    [0x5b, 'Ä'],
    [0x5c, 'Ö'],
    [0x5d, 'Ñ'],
    [0x5e, 'Ü'],
    [0x5f, '§'],
    [0x60, '¿'],
    [0x61, 'a'],
    [0x7a, 'z'],
    [0x7b, 'ä'],
    [0x7c, 'ö'],
    [0x7d, 'ñ'],
    [0x7e, 'ü'],
    [0x7f, 'à'],
  ])('Should hold code %i at its 3GPP position', (code, char) => {
    expect(DEFAULT_ALPHABET[code]).toBe(char);
  });

  it('Should have no duplicate characters', () => {
    expect(new Set(DEFAULT_ALPHABET).size).toBe(128);
  });
});

describe('EXTENSION_TABLE and TURKISH_SINGLE_SHIFT_TABLE', () => {
  it('Should list the 10 extension characters', () => {
    expect(EXTENSION_TABLE.map(([, char]) => char).join('')).toBe('\f^{}\\[~]|€');
  });

  it('Should put the Turkish letters at their A.2.1 codes', () => {
    const byCode = new Map(TURKISH_SINGLE_SHIFT_TABLE);
    expect([0x47, 0x49, 0x53, 0x63, 0x67, 0x69, 0x73].map((code) => byCode.get(code))).toEqual(['Ğ', 'İ', 'Ş', 'ç', 'ğ', 'ı', 'ş']);
  });

  it('Should keep every extension character at the same code in the Turkish table', () => {
    const turkish = new Map(TURKISH_SINGLE_SHIFT_TABLE);
    for (const [code, char] of EXTENSION_TABLE) expect(turkish.get(code)).toBe(char);
    expect(TURKISH_SINGLE_SHIFT_TABLE).toHaveLength(17);
  });
});

describe('GSM_CLASS', () => {
  it('Should class 127 code units as default, 10 as extension and 7 as Turkish shift', () => {
    const counts = [0, 0, 0, 0];
    for (const cls of GSM_CLASS) counts[cls] = (counts[cls] as number) + 1;
    expect(counts.slice(1)).toEqual([127, 10, 7]);
  });

  it('Should class the characters the issue lists as default (1 septet)', () => {
    const listed = '@£$¥èéùìòÇØø\nÅå\rΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ÄÖÑÜ§¿äöñüà';
    for (const char of listed + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz') {
      expect(classOf(char), char).toBe(DEFAULT_CHAR);
    }
  });

  it('Should class Ç Ö Ü ö ü as default and Ğ İ Ş ç ğ ı ş as Turkish shift', () => {
    for (const char of 'ÇÖÜöü') expect(classOf(char), char).toBe(DEFAULT_CHAR);
    for (const char of 'ĞİŞçğış') expect(classOf(char), char).toBe(TURKISH_SHIFT_CHAR);
  });

  it('Should class form feed ^ { } \\ [ ~ ] | € as extension', () => {
    for (const char of '\f^{}\\[~]|€') expect(classOf(char), char).toBe(EXTENSION_CHAR);
  });

  it.each([
    ['escape U+001B', '\u001b'],
    ['tab', '\t'],
    ['backtick', '`'],
    ['no-break space', '\u00a0'],
    ['right single quote', '\u2019'],
    ['left double quote', '\u201c'],
    ['ohm sign (not Greek Ω)', '\u2126'],
    ['Latin A with circumflex', 'â'],
    ['small e grave capital', 'È'],
    ['high surrogate', '\ud83d'],
    ['low surrogate', '\ude00'],
    ['Cyrillic', 'Ж'],
    ['NUL', '\u0000'],
  ])('Should class %s as UCS-2 only', (_name, char) => {
    expect(classOf(char)).toBe(UCS2_ONLY);
  });
});
