import { describe, expect, it } from 'vitest';
import { segments } from './segments.js';
import { transliterate } from './transliterate.js';

const a = (n: number): string => 'a'.repeat(n);
const EMOJI = '\u{1f600}'; // 😀, a surrogate pair

describe('segments', () => {
  it('Should count an empty text as 0 parts', () => {
    expect(segments('')).toEqual({ encoding: 'gsm7', characters: 0, units: 0, parts: 0, perPart: 160, remaining: 160 });
  });

  it('Should count a short GSM-7 text', () => {
    expect(segments('Kargonuz yolda')).toEqual({
      encoding: 'gsm7',
      characters: 14,
      units: 14,
      parts: 1,
      perPart: 160,
      remaining: 146,
    });
  });

  it('Should keep Ç Ö Ü ö ü in GSM-7 at 1 septet each', () => {
    expect(segments('ÇÖÜöü')).toMatchObject({ encoding: 'gsm7', characters: 5, units: 5 });
    expect(segments('Güle güle, Özgür')).toMatchObject({ encoding: 'gsm7', units: 16 });
  });

  it('Should count each extension character as 2 septets and stay GSM-7', () => {
    expect(segments('\f^{}\\[~]|€')).toMatchObject({ encoding: 'gsm7', characters: 10, units: 20 });
  });

  it('Should switch to gsm7-turkish for Ğ İ Ş ç ğ ı ş, at 2 septets each', () => {
    expect(segments('ĞİŞçğış')).toMatchObject({ encoding: 'gsm7-turkish', characters: 7, units: 14, perPart: 155 });
    expect(segments('İstanbul')).toMatchObject({ encoding: 'gsm7-turkish', characters: 8, units: 9, remaining: 146 });
    expect(segments('ş{€')).toMatchObject({ encoding: 'gsm7-turkish', units: 6 });
  });

  it('Should switch to ucs2 for anything else', () => {
    expect(segments('Привет')).toMatchObject({ encoding: 'ucs2', characters: 6, units: 6, perPart: 70, remaining: 64 });
    expect(segments('şâ')).toMatchObject({ encoding: 'ucs2', units: 2 });
    expect(segments('a\tb')).toMatchObject({ encoding: 'ucs2', units: 3 });
  });

  it('Should throw a TypeError for a non-string', () => {
    expect(() => segments(undefined as unknown as string)).toThrow(TypeError);
    expect(() => segments(42 as unknown as string)).toThrow(TypeError);
  });
});

describe('segments capacities', () => {
  const rows: Array<[string, (n: number) => string, number, number, number, number]> = [];
  const add = (name: string, make: (n: number) => string, table: Array<[number, number, number, number]>): void => {
    for (const [units, parts, perPart, remaining] of table) rows.push([name, make, units, parts, perPart, remaining]);
  };
  add('gsm7', (n) => a(n), [
    [160, 1, 160, 0],
    [161, 2, 153, 145],
    [306, 2, 153, 0],
    [307, 3, 153, 152],
    [459, 3, 153, 0],
    [460, 4, 153, 152],
  ]);
  add('gsm7-turkish', (n) => 'ş' + a(n - 2), [
    [155, 1, 155, 0],
    [156, 2, 149, 142],
    [298, 2, 149, 0],
    [299, 3, 149, 148],
    [447, 3, 149, 0],
    [448, 4, 149, 148],
  ]);
  add('ucs2', (n) => 'Ж' + a(n - 1), [
    [70, 1, 70, 0],
    [71, 2, 67, 63],
    [134, 2, 67, 0],
    [135, 3, 67, 66],
    [201, 3, 67, 0],
    [202, 4, 67, 66],
  ]);

  it.each(rows)('Should fit %s at %i units into %i part(s)', (encoding, make, units, parts, perPart, remaining) => {
    expect(segments(make(units))).toEqual({ encoding, characters: make(units).length, units, parts, perPart, remaining });
  });
});

describe('segments at part boundaries', () => {
  it('Should let Turkish letters push a text into 2 parts where its transliteration fits 1', () => {
    const text = a(150) + 'şşş';
    expect(segments(text)).toEqual({
      encoding: 'gsm7-turkish',
      characters: 153,
      units: 156,
      parts: 2,
      perPart: 149,
      remaining: 142,
    });
    expect(segments(transliterate(text))).toEqual({
      encoding: 'gsm7',
      characters: 153,
      units: 153,
      parts: 1,
      perPart: 160,
      remaining: 7,
    });
  });

  it('Should fit a Turkish text of exactly 155 septets in one part', () => {
    expect(segments(a(153) + 'ş')).toMatchObject({ parts: 1, units: 155, remaining: 0 });
    expect(segments(a(154) + 'ş')).toMatchObject({ parts: 2, units: 156 });
  });

  it('Should fit an extension character ending a single part exactly', () => {
    expect(segments(a(158) + '€')).toMatchObject({ encoding: 'gsm7', units: 160, parts: 1, remaining: 0 });
    expect(segments(a(159) + '€')).toMatchObject({ units: 161, parts: 2, perPart: 153, remaining: 145 });
  });

  it('Should move an escape sequence that would straddle a GSM-7 boundary to the next part', () => {
    // 152 + 2 would end at 154: '{' opens part 2, which then overflows by one septet.
    expect(segments(a(152) + '{' + a(152))).toMatchObject({ units: 306, parts: 3, remaining: 152 });
    expect(segments(a(153) + '{' + a(151))).toMatchObject({ units: 306, parts: 2, remaining: 0 });
  });

  it('Should move a shift sequence that would straddle a Turkish boundary to the next part', () => {
    expect(segments(a(148) + 'ş' + a(148))).toMatchObject({ encoding: 'gsm7-turkish', units: 298, parts: 3, remaining: 148 });
    expect(segments(a(147) + 'ş' + a(149))).toMatchObject({ units: 298, parts: 2, remaining: 0 });
    expect(segments('ı' + a(146) + '€' + a(148))).toMatchObject({ units: 298, parts: 3 });
  });

  it('Should count an emoji as 2 UTF-16 units and 1 character', () => {
    expect(segments(EMOJI)).toEqual({ encoding: 'ucs2', characters: 1, units: 2, parts: 1, perPart: 70, remaining: 68 });
    expect(segments('👍🏽')).toMatchObject({ characters: 2, units: 4 });
  });

  it('Should fit an emoji ending a single UCS-2 part exactly', () => {
    expect(segments(a(68) + EMOJI)).toMatchObject({ characters: 69, units: 70, parts: 1, remaining: 0 });
    expect(segments(a(69) + EMOJI)).toMatchObject({ units: 71, parts: 2, perPart: 67, remaining: 63 });
  });

  it('Should never split a surrogate pair across UCS-2 parts', () => {
    expect(segments(a(66) + EMOJI + a(66))).toMatchObject({ characters: 133, units: 134, parts: 3, remaining: 66 });
    expect(segments(a(65) + EMOJI + a(67))).toMatchObject({ units: 134, parts: 2, remaining: 0 });
    expect(segments(a(133) + EMOJI)).toMatchObject({ units: 135, parts: 3, remaining: 65 });
    expect(segments(a(132) + EMOJI)).toMatchObject({ units: 134, parts: 2, remaining: 0 });
  });

  it('Should count the GSM prefix before the first UCS-2 character in UCS-2 units', () => {
    expect(segments(a(100) + 'Ж' + a(100))).toMatchObject({ encoding: 'ucs2', units: 201, parts: 3, remaining: 0 });
    expect(segments('ş'.repeat(40) + 'Ж' + 'ş'.repeat(29))).toMatchObject({ encoding: 'ucs2', units: 70, parts: 1 });
    expect(segments('€'.repeat(134) + 'Ж')).toMatchObject({ units: 135, parts: 3, remaining: 66 });
  });
});

describe('segments with lone surrogates', () => {
  it('Should count a lone surrogate as one unit and one character, in UCS-2', () => {
    expect(segments('\ud83d')).toEqual({ encoding: 'ucs2', characters: 1, units: 1, parts: 1, perPart: 70, remaining: 69 });
    expect(segments('ok\ude00')).toMatchObject({ encoding: 'ucs2', characters: 3, units: 3 });
    expect(segments('a\ud83d')).toMatchObject({ encoding: 'ucs2', characters: 2, units: 2 });
  });

  it('Should not pair a low surrogate with a following high one', () => {
    expect(segments('\ude00\ud83d')).toMatchObject({ characters: 2, units: 2 });
    expect(segments('\ud83d\ud83d\ude00')).toMatchObject({ characters: 2, units: 3 });
  });

  it('Should not move a lone surrogate at a boundary', () => {
    expect(segments(a(66) + '\ud83d' + a(67))).toMatchObject({ units: 134, parts: 2, remaining: 0 });
  });
});

describe('segments with opt-out options', () => {
  it('Should count the link suffix, which forces gsm7-turkish', () => {
    expect(segments('Indirim', { optOutLink: true })).toEqual({
      encoding: 'gsm7-turkish',
      characters: 59,
      units: 62,
      parts: 1,
      perPart: 155,
      remaining: 93,
    });
  });

  it('Should count the phone suffix', () => {
    expect(segments('Indirim', { optOutPhone: true })).toMatchObject({ encoding: 'gsm7-turkish', characters: 76, units: 85 });
  });

  it('Should count both suffixes, link first', () => {
    expect(segments('Indirim', { optOutLink: true, optOutPhone: true })).toMatchObject({
      characters: 128,
      units: 140,
      parts: 1,
      remaining: 15,
    });
  });

  it('Should push a one-part GSM-7 text into two Turkish parts', () => {
    expect(segments(a(150))).toMatchObject({ encoding: 'gsm7', parts: 1 });
    expect(segments(a(150), { optOutLink: true })).toMatchObject({ encoding: 'gsm7-turkish', units: 205, parts: 2 });
  });

  it('Should keep a UCS-2 text in UCS-2', () => {
    expect(segments(EMOJI, { optOutLink: true })).toMatchObject({ encoding: 'ucs2', characters: 53, units: 54 });
  });

  it('Should count the suffix even for an empty text', () => {
    expect(segments('', { optOutLink: true })).toMatchObject({ characters: 52, units: 55, parts: 1 });
  });

  it('Should count nothing extra without a flag set', () => {
    expect(segments('Indirim', {})).toEqual(segments('Indirim'));
    expect(segments('Indirim', { optOutLink: false, optOutPhone: false })).toEqual(segments('Indirim'));
  });
});
