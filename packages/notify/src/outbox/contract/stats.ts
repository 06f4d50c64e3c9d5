// Contract: the aggregates of overview pages (messages by status and day, the stores that have events).
import type { MessageStatsRow } from '../types.js';
import { seed, type Harness } from './harness.js';

const DAY = 86_400_000;
/** Midnight in Istanbul (UTC+3) starting 2023-11-15: 2023-11-14T21:00:00Z. */
const MIDNIGHT = Date.UTC(2023, 10, 14, 21);
/** Days since 1970-01-01 of 2023-11-14, -15 and -16. */
const [NOV14, NOV15, NOV16] = [19675, 19676, 19677];
const ISTANBUL = 3 * 3_600_000;

const sorted = (rows: readonly MessageStatsRow[]): MessageStatsRow[] =>
  [...rows].sort((a, b) => a.day - b.day || (a.status < b.status ? -1 : a.status > b.status ? 1 : 0) || Number(a.recent) - Number(b.recent));

export function registerStatsTests(h: Harness): void {
  const { t } = h;

  t.describe('message statistics', () => {
    t.it('messageStats counts messages by status, day (cut at the offset) and recency, within [since, until)', async () => {
      const store = await h.store();
      await seed(store, MIDNIGHT - 2 * DAY); // before `since`
      await seed(store, MIDNIGHT - 1); // 23:59:59.999 on the 14th, Istanbul time
      const [sent = '', failed = ''] = await seed(store, MIDNIGHT, [{}, {}]); // 00:00 on the 15th
      await seed(store, MIDNIGHT + 5 * 3_600_000, [{ cancelKey: 'cart:store-1:1' }]);
      await seed(store, MIDNIGHT + DAY); // 00:00 on the 16th
      await seed(store, MIDNIGHT + DAY + 1); // at `until`: left out
      await store.markSent([sent], 'R-1', MIDNIGHT + 10);
      await store.markFailed([failed], 'recipients', 'refused', MIDNIGHT + 10);
      await store.cancelByKey('cart:store-1:1', 'order placed', MIDNIGHT + DAY);
      const query = { since: MIDNIGHT - DAY, until: MIDNIGHT + DAY + 1, dayOffsetMs: ISTANBUL, recentSince: MIDNIGHT };
      t.expect(sorted(await store.messageStats(query))).toEqual([
        { status: 'queued', day: NOV14, recent: false, count: 1 },
        { status: 'cancelled', day: NOV15, recent: true, count: 1 },
        { status: 'failed', day: NOV15, recent: true, count: 1 },
        { status: 'sent', day: NOV15, recent: true, count: 1 },
        { status: 'queued', day: NOV16, recent: true, count: 1 },
      ]);
      // Five hours behind UTC (New York in winter): 21:00Z is 16:00 on the 14th there.
      t.expect(sorted(await store.messageStats({ ...query, dayOffsetMs: -5 * 3_600_000, recentSince: MIDNIGHT + DAY }))).toEqual([
        { status: 'cancelled', day: NOV14, recent: false, count: 1 },
        { status: 'failed', day: NOV14, recent: false, count: 1 },
        { status: 'queued', day: NOV14, recent: false, count: 1 },
        { status: 'sent', day: NOV14, recent: false, count: 1 },
        { status: 'queued', day: NOV15, recent: true, count: 1 },
      ]);
    });

    t.it('messageStats groups many messages into one row per status and day, and answers [] for an empty window', async () => {
      const store = await h.store();
      t.expect(await store.messageStats({ since: 0, until: MIDNIGHT, dayOffsetMs: 0, recentSince: 0 })).toEqual([]);
      await seed(store, MIDNIGHT + 1, [{}, {}, {}]);
      await seed(store, MIDNIGHT + 2, [{}, {}]);
      t.expect(await store.messageStats({ since: MIDNIGHT, until: MIDNIGHT + DAY, dayOffsetMs: ISTANBUL, recentSince: MIDNIGHT })).toEqual([
        { status: 'queued', day: NOV15, recent: true, count: 5 },
      ]);
    });

    t.it('storeIds lists each store that has events once, in order, up to the limit', async () => {
      const store = await h.store();
      t.expect(await store.storeIds()).toEqual([]);
      for (const storeId of ['beta', 'alpha', 'gamma', 'alpha', 'beta']) await seed(store, MIDNIGHT, [{ storeId }], { storeId });
      await store.accept(
        { eventId: 'evt-delta', storeId: 'delta', idempotencyKey: 'k', type: 'cart.closed', payload: '{}', receivedAt: MIDNIGHT },
        [],
        [],
        MIDNIGHT,
      );
      t.expect(await store.storeIds()).toEqual(['alpha', 'beta', 'delta', 'gamma']);
      t.expect(await store.storeIds(2)).toEqual(['alpha', 'beta']);
      t.expect(await store.storeIds(1)).toEqual(['alpha']);
    });
  });
}
