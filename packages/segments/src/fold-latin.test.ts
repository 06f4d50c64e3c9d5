import { describe, expect, it } from 'vitest';
import { foldToSmsAlphabet, foldWithReport } from './fold-latin.js';
import { segments } from './segments.js';

describe('foldToSmsAlphabet', () => {
  it.each([
    ['Kâzım', 'Kazım'],
    ['Lâle', 'Lale'],
    ['Hâkim Îlhan Ûmit', 'Hakim Ilhan Umit'],
    ['Łukasz Wałęsa', 'Lukasz Walesa'],
    ['François Gênes Côte', 'François Genes Cote'],
    ['Dvořák Šťastný', 'Dvorak Stastny'],
    ['Œuvre Straße', 'OEuvre Straße'],
    ['“Hızlı” kargo – 3’lü paket…', '"Hızlı" kargo - 3\'lü paket...'],
  ])('Should fold %s to %s, which GSM-7 (with the Turkish table) carries', (input, folded) => {
    expect(foldToSmsAlphabet(input)).toBe(folded);
    expect(segments(folded).encoding).not.toBe('ucs2');
  });

  it.each(['Şükrü Öztürk', 'Çağla İnce', 'Ayşe Yılmaz', 'Ünal Güneş'])('Should leave the Turkish letters of %s alone', (name) => {
    expect(foldToSmsAlphabet(name)).toBe(name);
  });

  it.each(['Ελένη', 'Алексей', 'محمد', '🛒🔥 Mağaza', 'Ζωή 👍🏽', '中文'])('Should leave %s as written (no Latin stand-in)', (name) => {
    expect(foldToSmsAlphabet(name)).toBe(name);
  });

  it('Should fold Turkish letters too when asked, and report every replacement once', () => {
    expect(foldWithReport('Kâzım Şükrü’ye', { turkish: true })).toEqual({
      text: "Kazim Sukru'ye",
      folded: [
        { from: 'â', to: 'a' },
        { from: 'ı', to: 'i' },
        { from: 'Ş', to: 'S' },
        { from: 'ü', to: 'u' },
        { from: '’', to: "'" },
      ],
    });
    expect(foldWithReport('Kâzım Kâzım')).toEqual({ text: 'Kazım Kazım', folded: [{ from: 'â', to: 'a' }] });
    expect(foldWithReport('Ελένη')).toEqual({ text: 'Ελένη', folded: [] });
  });

  it('Should read a letter typed as base + combining mark as one letter, and never split an emoji', () => {
    expect(foldToSmsAlphabet('Ka\u0302zım')).toBe('Kazım');
    expect(foldToSmsAlphabet('s\u0327ükrü')).toBe('şükrü');
    expect(foldToSmsAlphabet('🛒â')).toBe('🛒a');
  });
});
