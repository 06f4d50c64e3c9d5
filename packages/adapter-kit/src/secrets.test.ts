import { describe, expect, it } from 'vitest';
import { randomSecret } from './secrets.js';

describe('randomSecret', () => {
  it('Should give letters and digits of the length asked, different each time', () => {
    expect(randomSecret()).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(randomSecret(32)).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(new Set(Array.from({ length: 100 }, () => randomSecret(20))).size).toBe(100);
  });

  it('Should use every one of the 62 characters about equally often', () => {
    const counts = new Map<string, number>();
    for (const c of randomSecret(1000) + randomSecret(1000) + randomSecret(1000) + randomSecret(1000) + randomSecret(1000) + randomSecret(1000))
      counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 6,000 draws: about 97 each; a biased generator (e.g. modulo of a byte) leaves some near 70 or 120.
    for (const count of counts.values()) expect(count).toBeGreaterThan(50);
  });

  it('Should refuse lengths that are not a positive integer up to 1000', () => {
    for (const length of [0, -1, 1.5, 1001]) expect(() => randomSecret(length)).toThrow(RangeError);
  });
});
