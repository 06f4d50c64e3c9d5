import { describe, expect, it } from 'vitest';
import { OPT_OUT_LINK_SUFFIX, OPT_OUT_PHONE_SUFFIX } from './opt-out.js';
import { segments } from './segments.js';
import { random, referenceSegments } from './test-reference.js';

// Pools of code points the random texts draw from, and per-text densities for all but the base
// pool, so that GSM-7, Turkish and UCS-2 texts of every length all turn up.
const BASE = Array.from('abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,!?@£$¥èÇÖÜöüÄÑ§¿à\n\rΔΩ');
const EXTENSION = Array.from('\f^{}\\[~]|€');
const TURKISH = Array.from('ĞİŞçğış');
const UCS2 = ['Ж', 'â', '\u2019', '\t', '\u00a0', '\u{1f600}', '\u{1f44d}', '\u{1f3fd}', '\ud83d', '\ude00'];
const DENSITIES = [0, 0, 0.003, 0.02, 0.2];

function randomText(next: () => number, length: number): string {
  const pickOf = (list: readonly number[]): number => list[Math.floor(next() * list.length)] as number;
  const ucs2 = pickOf(DENSITIES);
  const turkish = ucs2 + pickOf(DENSITIES);
  const extension = turkish + pickOf([0, 0.05, 0.3]);
  let text = '';
  for (let i = 0; i < length; i++) {
    const roll = next();
    const pool = roll < ucs2 ? UCS2 : roll < turkish ? TURKISH : roll < extension ? EXTENSION : BASE;
    text += pool[Math.floor(next() * pool.length)];
  }
  return text;
}

describe('segments against the reference counter', () => {
  it('Should agree on 20,000 random texts around the part boundaries', () => {
    const next = random(0x5e6e);
    const multiPart = new Map<string, number>();
    for (let round = 0; round < 20_000; round++) {
      const length = Math.floor(next() * 480);
      const text = randomText(next, length);
      const actual = segments(text);
      expect(actual, JSON.stringify(text)).toEqual(referenceSegments(text));
      if (actual.parts > 1) multiPart.set(actual.encoding, (multiPart.get(actual.encoding) ?? 0) + 1);
    }
    // The sample must really cover concatenated texts of each encoding.
    for (const encoding of ['gsm7', 'gsm7-turkish', 'ucs2']) expect(multiPart.get(encoding)).toBeGreaterThan(2_000);
  });

  it('Should agree with opt-out suffixes on 2,000 random texts', () => {
    const next = random(0x0917);
    for (let round = 0; round < 2_000; round++) {
      const text = randomText(next, Math.floor(next() * 350));
      const optOutLink = next() < 0.5;
      const optOutPhone = next() < 0.5;
      const full = text + (optOutLink ? ' ' + OPT_OUT_LINK_SUFFIX : '') + (optOutPhone ? ' ' + OPT_OUT_PHONE_SUFFIX : '');
      expect(segments(text, { optOutLink, optOutPhone }), JSON.stringify(text)).toEqual(referenceSegments(full));
    }
  });

  it('Should agree on every length from 0 to 480 of a repeated pattern per encoding', () => {
    for (const unit of ['a', '€', 'aş', 'Жa', 'a\u{1f600}', '{a']) {
      for (let length = 0; length <= 480; length++) {
        const text = unit.repeat(Math.ceil(length / unit.length) + 1).slice(0, length);
        expect(segments(text), `${unit} × ${length}`).toEqual(referenceSegments(text));
      }
    }
  });
});
