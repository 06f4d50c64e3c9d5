import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { normalizeTurkishMobile } from './phone.js';

// Its own file, so that no other test has loaded libphonenumber into this process yet (vitest runs each file in isolation).
const require = createRequire(import.meta.url);
const loaded = (): string[] => Object.keys(require.cache).filter((file) => /libphonenumber-js[\\/](max|core|index)/.test(file));

describe('libphonenumber is loaded only for a number the fast path does not take', () => {
  it('is not loaded by mobiles written as such, and is by the first landline', () => {
    expect(loaded()).toEqual([]);
    for (const input of ['5329998877', '+90 (532) 999-88-77', '0090 505 999 88 77']) expect(normalizeTurkishMobile(input).ok).toBe(true);
    expect(loaded()).toEqual([]);
    expect(normalizeTurkishMobile('0212 555 11 22')).toMatchObject({ ok: false, reason: 'landline' });
    expect(loaded().length).toBeGreaterThan(0);
  });
});
