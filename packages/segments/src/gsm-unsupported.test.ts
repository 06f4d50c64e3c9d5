import { describe, expect, it } from 'vitest';
import { gsmUnsupported } from './gsm-unsupported.js';
import { segments } from './segments.js';

describe('gsmUnsupported', () => {
  it('Should be empty for GSM-7 and Turkish single shift texts', () => {
    expect(gsmUnsupported('')).toEqual([]);
    expect(gsmUnsupported('Kargonuz yolda {€}')).toEqual([]);
    expect(gsmUnsupported('Pijamalı hasta yağız şoföre çabucak güvendi. İĞŞ')).toEqual([]);
  });

  it('Should list distinct characters in order of first appearance', () => {
    expect(gsmUnsupported('Привет, мир')).toEqual(['П', 'р', 'и', 'в', 'е', 'т', 'м']);
    expect(gsmUnsupported('ЖaЖбЖ')).toEqual(['Ж', 'б']);
  });

  it('Should list the usual culprits of pasted Turkish text', () => {
    expect(gsmUnsupported('Hâlâ “hızlı” kargo’da\u00a0\tyolda `x`')).toEqual(['â', '“', '”', '’', '\u00a0', '\t', '`']);
  });

  it('Should list an emoji as one character and a lone surrogate as itself', () => {
    expect(gsmUnsupported('Yolda \u{1f69a} \u{1f69a}!')).toEqual(['\u{1f69a}']);
    expect(gsmUnsupported('x\ud83dy\ude00\ud83d')).toEqual(['\ud83d', '\ude00']);
    expect(gsmUnsupported('\u{1f44d}\u{1f3fd}')).toEqual(['\u{1f44d}', '\u{1f3fd}']);
  });

  it('Should be non-empty exactly when segments() picks ucs2', () => {
    for (const text of ['abc', 'ş€', 'aЖ', '\ud83d', 'İ\u{1f600}']) {
      expect(gsmUnsupported(text).length > 0, text).toBe(segments(text).encoding === 'ucs2');
    }
  });

  it('Should throw a TypeError for a non-string', () => {
    expect(() => gsmUnsupported(undefined as unknown as string)).toThrow(TypeError);
  });
});
