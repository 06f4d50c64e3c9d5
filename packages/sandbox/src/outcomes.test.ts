import { describe, expect, it } from 'vitest';
import { packNumber } from './numbers.js';
import { DEFAULT_OUTCOME_WEIGHTS, RESERVED_NUMBERS, outcomeHash, outcomeOf } from './outcomes.js';

const outcome = (seed: number, reportId: number, number: string) => outcomeOf(seed, DEFAULT_OUTCOME_WEIGHTS, reportId, number, packNumber(number));

describe('outcomes', () => {
  it('Should fix the reserved numbers whatever the seed', () => {
    for (const seed of [0, 1, 99, 0xffffffff]) {
      expect(outcome(seed, 100000001, RESERVED_NUMBERS.notDelivered)).toEqual({ status: 'NOT_DELIVERED', errorCode: 13 });
      expect(outcome(seed, 100000001, RESERVED_NUMBERS.expired)).toEqual({ status: 'EXPIRED', errorCode: 0 });
      expect(outcome(seed, 100000001, RESERVED_NUMBERS.pendingForever)).toEqual({ status: 'NEVER' });
    }
  });

  it('Should depend on the seed, the report id and the number only', () => {
    expect(outcomeHash(1, 100000001, 321112233)).toBe(outcomeHash(1, 100000001, 321112233));
    const hashes = new Set([
      outcomeHash(1, 100000001, 321112233),
      outcomeHash(2, 100000001, 321112233),
      outcomeHash(1, 100000002, 321112233),
      outcomeHash(1, 100000001, 321112234),
    ]);
    expect(hashes.size).toBe(4);
  });

  it('Should follow the weights over many numbers', () => {
    const counts = { DELIVERED: 0, NOT_DELIVERED: 0, EXPIRED: 0, NEVER: 0 };
    for (let i = 0; i < 100_000; i++) counts[outcome(1, 100000001 + (i % 7), String(5_320_000_000 + i)).status] += 1;
    expect(counts.DELIVERED / 100_000).toBeCloseTo(0.9, 2);
    expect(counts.NOT_DELIVERED / 100_000).toBeCloseTo(0.07, 2);
    expect(counts.EXPIRED / 100_000).toBeCloseTo(0.03, 2);
    expect(counts.NEVER).toBe(0);
  });

  it('Should never pick a state whose weight is 0', () => {
    const weights = { delivered: 0, notDelivered: 1, expired: 0 };
    for (let i = 0; i < 1000; i++) {
      expect(outcomeOf(1, weights, 100000001, String(5_320_000_000 + i), 320_000_000 + i).status).toBe('NOT_DELIVERED');
    }
  });
});
