import { describe, expect, it } from 'vitest';
import { segments } from './segments.js';
import { hasTurkishLetters, transliterate } from './transliterate.js';

const PANGRAM = 'Pijamalı hasta yağız şoföre çabucak güvendi.';
const PANGRAM_UPPER = 'PİJAMALI HASTA YAĞIZ ŞOFÖRE ÇABUCAK GÜVENDİ.';

describe('transliterate', () => {
  it.each([
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
    ['î', 'i'],
    ['û', 'u'],
    ['Â', 'A'],
    ['Î', 'I'],
    ['Û', 'U'],
  ])('Should turn %s into %s', (letter, ascii) => {
    expect(transliterate(letter)).toBe(ascii);
    expect(transliterate(`x${letter}y${letter}`)).toBe(`x${ascii}y${ascii}`);
  });

  it('Should transliterate whole sentences', () => {
    expect(transliterate(PANGRAM)).toBe('Pijamali hasta yagiz sofore cabucak guvendi.');
    expect(transliterate(PANGRAM_UPPER)).toBe('PIJAMALI HASTA YAGIZ SOFORE CABUCAK GUVENDI.');
    expect(transliterate('Hâlâ kâr, îman, Ûmit')).toBe('Hala kar, iman, Umit');
  });

  it('Should leave everything else unchanged', () => {
    const other = 'é è à ä ñ Ä Ñ € {} [] ~ Ж ’ “” \u{1f600} \ud83d \ude00 s\u0327 \t\n';
    expect(transliterate(other)).toBe(other);
    expect(transliterate(`ş${other}ş`)).toBe(`s${other}s`);
  });

  it('Should return the same string when there is nothing to replace', () => {
    expect(transliterate('')).toBe('');
    expect(transliterate('Kargonuz yolda')).toBe('Kargonuz yolda');
  });

  it('Should round-trip to a GSM-7 text without Turkish letters', () => {
    for (const text of [PANGRAM, PANGRAM_UPPER, 'Siparişiniz kargoya verildi: {ÇĞİÖŞÜçğıöşü} €15']) {
      const ascii = transliterate(text);
      expect(hasTurkishLetters(ascii)).toBe(false);
      expect(segments(ascii).encoding).toBe('gsm7');
      expect(segments(ascii).characters).toBe(segments(text).characters);
      expect(transliterate(ascii)).toBe(ascii);
    }
  });

  it('Should throw a TypeError for a non-string', () => {
    expect(() => transliterate(null as unknown as string)).toThrow(TypeError);
  });
});

describe('hasTurkishLetters', () => {
  it.each(Array.from('çğıİöşüÇĞÖŞÜ'))('Should be true for %s', (letter) => {
    expect(hasTurkishLetters(letter)).toBe(true);
    expect(hasTurkishLetters(`Merhaba ${letter}!`)).toBe(true);
  });

  it('Should be false without any of the twelve letters', () => {
    expect(hasTurkishLetters('')).toBe(false);
    expect(hasTurkishLetters('Kargonuz yolda, iyi gunler I i')).toBe(false);
    expect(hasTurkishLetters('âîûÂÎÛ éäñ Ж \u{1f600}')).toBe(false);
  });

  it('Should throw a TypeError for a non-string', () => {
    expect(() => hasTurkishLetters(1 as unknown as string)).toThrow(TypeError);
  });
});
