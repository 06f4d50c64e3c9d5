import { describe, expect, it } from 'vitest';
import { OPT_OUT_LINK_SUFFIX, OPT_OUT_PHONE_SUFFIX, withOptOut } from './opt-out.js';

describe('opt-out suffixes', () => {
  it('Should be the provider sentences', () => {
    expect(OPT_OUT_LINK_SUFFIX).toBe('SMS Listemizden çıkmak için http://iptal.biz/xxxxxx');
    expect(OPT_OUT_PHONE_SUFFIX).toBe('SMS Listemizden çıkmak için 02162120750 numarasını 1 kez çaldırınız.');
  });
});

describe('withOptOut', () => {
  it('Should return the text itself without options or flags', () => {
    expect(withOptOut('Merhaba')).toBe('Merhaba');
    expect(withOptOut('Merhaba', {})).toBe('Merhaba');
    expect(withOptOut('Merhaba', { optOutLink: false, optOutPhone: false })).toBe('Merhaba');
  });

  it('Should append each suffix after a space, link first', () => {
    expect(withOptOut('Merhaba', { optOutLink: true })).toBe(`Merhaba ${OPT_OUT_LINK_SUFFIX}`);
    expect(withOptOut('Merhaba', { optOutPhone: true })).toBe(`Merhaba ${OPT_OUT_PHONE_SUFFIX}`);
    expect(withOptOut('Merhaba', { optOutPhone: true, optOutLink: true })).toBe(`Merhaba ${OPT_OUT_LINK_SUFFIX} ${OPT_OUT_PHONE_SUFFIX}`);
  });

  it('Should append to an empty text as well', () => {
    expect(withOptOut('', { optOutLink: true })).toBe(` ${OPT_OUT_LINK_SUFFIX}`);
  });

  it('Should throw a TypeError for a non-string', () => {
    expect(() => withOptOut(undefined as unknown as string, { optOutLink: true })).toThrow(TypeError);
  });
});
