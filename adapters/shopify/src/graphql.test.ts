import { describe, expect, it } from 'vitest';
import { throttleWaitMs } from './graphql.js';

describe('throttleWaitMs', () => {
  it('Should wait for what the bucket lacks at its restore rate, at least 1 s and at most the cap', () => {
    expect(throttleWaitMs({ requestedQueryCost: 100, throttleStatus: { currentlyAvailable: 40, restoreRate: 50, maximumAvailable: 1000 } }, 20_000)).toBe(
      2_000,
    );
    expect(throttleWaitMs({ requestedQueryCost: 10, throttleStatus: { currentlyAvailable: 10, restoreRate: 50 } }, 20_000)).toBe(1_000);
    expect(throttleWaitMs({ requestedQueryCost: 5_000, throttleStatus: { currentlyAvailable: 0, restoreRate: 50 } }, 20_000)).toBe(20_000);
    expect(throttleWaitMs(undefined, 20_000)).toBe(1_000);
  });
});
