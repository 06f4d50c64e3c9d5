import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('@esemes/segments public API', () => {
  it('Should export exactly the documented names', () => {
    expect(Object.keys(api).sort()).toEqual([
      'OPT_OUT_LINK_SUFFIX',
      'OPT_OUT_PHONE_SUFFIX',
      'foldToSmsAlphabet',
      'foldWithReport',
      'gsmUnsupported',
      'hasTurkishLetters',
      'segments',
      'transliterate',
      'withOptOut',
    ]);
  });

  it('Should run the README example', () => {
    const text = 'Merhaba Ayşe, siparişiniz kargoya verildi.';
    expect(api.segments(text)).toEqual({
      encoding: 'gsm7-turkish',
      characters: 42,
      units: 44,
      parts: 1,
      perPart: 155,
      remaining: 111,
    });
    expect(api.segments(api.transliterate(text))).toMatchObject({ encoding: 'gsm7', units: 42, remaining: 118 });
    expect(api.hasTurkishLetters(text)).toBe(true);
    expect(api.gsmUnsupported('Merhaba 👋 “hızlı” kargo')).toEqual(['👋', '“', '”']);
    expect(api.segments('Yeni yılınız kutlu olsun 🎄')).toMatchObject({ encoding: 'ucs2', characters: 26, units: 27 });
    expect(api.segments(text, { optOutLink: true })).toMatchObject({ units: 99, parts: 1, remaining: 56 });
  });
});
