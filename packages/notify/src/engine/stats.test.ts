import { afterEach, describe, expect, it } from 'vitest';
import { summarize, timeZoneOffset } from './stats.js';
import { BACKENDS, cartAbandoned, harness, NOON, orderCreated, type EngineHarness } from './test-setup.js';
import type { MessageCounts } from './types.js';

const open: EngineHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

const ZERO: MessageCounts = { created: 0, sent: 0, delivered: 0, failed: 0, waiting: 0, cancelled: 0 };
const counts = (partial: Partial<MessageCounts>): MessageCounts => ({ ...ZERO, ...partial });
const at = (iso: string): number => Date.parse(iso);

describe.each(BACKENDS)('stats on %s', (backend) => {
  const setup = async (): Promise<EngineHarness> => {
    const h = await harness({ backend });
    open.push(h);
    return h;
  };

  /** Accept an order at `iso` (clock moved there) and return its message id. */
  const orderAt = async (h: EngineHarness, iso: string): Promise<string> => {
    h.clock.now = at(iso);
    return (await h.notifier.accept(orderCreated())).messageIds[0]!;
  };

  it('answers every day of the window, oldest first, zero-filled, on an empty outbox', async () => {
    const h = await setup();
    const stats = await h.notifier.stats();
    expect(stats.last24h).toEqual(ZERO);
    expect(stats.lastDays).toEqual(ZERO);
    // NOON is 2026-12-01 12:00 in Istanbul: the last 7 days are Nov 25 to Dec 1.
    expect(stats.perDay).toEqual(
      ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01'].map((date) => ({ date, counts: ZERO })),
    );
    expect((await h.notifier.stats({ days: 1 })).perDay).toEqual([{ date: '2026-12-01', counts: ZERO }]);
    expect((await h.notifier.stats({ days: 31 })).perDay.map((day) => day.date).slice(0, 2)).toEqual(['2026-11-01', '2026-11-02']);
  });

  it('cuts days at midnight in Istanbul, counts by status, and keeps the last 24 hours apart', async () => {
    const h = await setup();
    const store = h.store;
    await orderAt(h, '2026-11-24T20:59:59.999Z'); // 23:59:59.999 on Nov 24 in Istanbul: before the 7 days
    const delivered = await orderAt(h, '2026-11-24T21:00:00.000Z'); // 00:00 on Nov 25: the first day
    const failed = await orderAt(h, '2026-11-30T08:59:59.999Z'); // Nov 30, just over 24 hours before NOON
    const undelivered = await orderAt(h, '2026-11-30T09:00:00.000Z'); // Nov 30, exactly 24 hours before NOON
    await orderAt(h, '2026-11-30T20:59:59.999Z'); // 23:59:59.999 on Nov 30: queued
    h.clock.now = at('2026-11-30T21:00:00.000Z'); // 00:00 on Dec 1
    const cart = await h.notifier.accept(cartAbandoned());
    const sent = await orderAt(h, '2026-12-01T09:00:00.000Z');
    const unknown = await orderAt(h, '2026-12-01T09:00:00.000Z');
    await orderAt(h, '2026-12-01T09:00:00.001Z'); // after `now`: not counted

    const report = async (id: string, reportId: string, status: 'delivered' | 'undelivered') => {
      await store.markSent([id], reportId, NOON);
      await store.applyReport(reportId, [{ recipient: '5329998877', status, providerStatus: status.toUpperCase(), errorCode: null, finalAt: NOON }], NOON);
    };
    await report(delivered, 'R-1', 'delivered');
    await report(undelivered, 'R-2', 'undelivered');
    await store.markFailed([failed], 'recipients', 'refused', NOON);
    await store.markSent([sent], 'R-3', NOON);
    await store.markUnknown([unknown], 'timeout', NOON);
    const cartMessage = await h.notifier.getMessage(cart.messageIds[0]!);
    await h.notifier.cancel(cartMessage!.cancelKey!);

    const stats = await h.notifier.stats({ now: NOON });
    const day = (date: string) => stats.perDay.find((entry) => entry.date === date)?.counts;
    expect(stats.perDay).toHaveLength(7);
    expect(day('2026-11-25')).toEqual(counts({ created: 1, sent: 1, delivered: 1 }));
    for (const date of ['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']) expect(day(date)).toEqual(ZERO);
    expect(day('2026-11-30')).toEqual(counts({ created: 3, sent: 1, failed: 2, waiting: 1 }));
    expect(day('2026-12-01')).toEqual(counts({ created: 3, sent: 1, waiting: 1, cancelled: 1 }));
    expect(stats.lastDays).toEqual(counts({ created: 7, sent: 3, delivered: 1, failed: 2, waiting: 2, cancelled: 1 }));
    // From 2026-11-30T09:00Z (inclusive) to NOON: undelivered, queued, cancelled, sent, unknown.
    expect(stats.last24h).toEqual(counts({ created: 5, sent: 2, failed: 1, waiting: 2, cancelled: 1 }));

    // One day: only Dec 1 in the days, the last 24 hours unchanged.
    const today = await h.notifier.stats({ now: NOON, days: 1 });
    expect(today.perDay).toEqual([{ date: '2026-12-01', counts: counts({ created: 3, sent: 1, waiting: 1, cancelled: 1 }) }]);
    expect(today.lastDays).toEqual(today.perDay[0]?.counts);
    expect(today.last24h).toEqual(stats.last24h);

    // In UTC, 2026-11-30T21:00Z is still Nov 30.
    const utc = await h.notifier.stats({ now: NOON, days: 2, timeZone: 'UTC' });
    expect(utc.perDay.map((entry) => [entry.date, entry.counts.created])).toEqual([
      ['2026-11-30', 4],
      ['2026-12-01', 2],
    ]);

    // An earlier `now`: the windows end there.
    const earlier = await h.notifier.stats({ now: at('2026-11-30T12:00:00Z'), days: 1 });
    expect(earlier.perDay).toEqual([{ date: '2026-11-30', counts: counts({ created: 2, sent: 1, failed: 2 }) }]);
    expect(earlier.last24h).toEqual(counts({ created: 2, sent: 1, failed: 2 }));
  });

  it('refuses bad options with a clear error', async () => {
    const h = await setup();
    for (const days of [0, 32, 1.5, Number.NaN])
      await expect(h.notifier.stats({ days })).rejects.toThrow(new RangeError(`stats: days must be an integer from 1 to 31, got ${days}`));
    await expect(h.notifier.stats({ timeZone: 'Mars/Olympus' })).rejects.toThrow(
      'stats: timeZone must be an IANA time zone such as "Europe/Istanbul", got "Mars/Olympus"',
    );
    await expect(h.notifier.stats({ now: Number.POSITIVE_INFINITY })).rejects.toThrow(/^stats: now must be epoch milliseconds/);
  });
});

describe('stats helpers', () => {
  it('takes the time zone offset at the instant, daylight saving included', () => {
    expect(timeZoneOffset(NOON, 'Europe/Istanbul')).toBe(3 * 3_600_000);
    expect(timeZoneOffset(NOON, 'UTC')).toBe(0);
    expect(timeZoneOffset(at('2026-01-15T12:00:00.123Z'), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(timeZoneOffset(at('2026-07-15T12:00:00.999Z'), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(timeZoneOffset(NOON, 'Asia/Kathmandu')).toBe(5.75 * 3_600_000);
  });

  it('adds an undelivered message to sent and failed, and leaves rows outside the days to the last 24 hours', () => {
    const firstDay = 20_000;
    const stats = summarize(
      [
        { status: 'undelivered', day: firstDay, recent: false, count: 2 },
        { status: 'sending', day: firstDay + 1, recent: true, count: 1 },
        { status: 'delivered', day: firstDay - 1, recent: true, count: 4 },
      ],
      firstDay,
      2,
    );
    expect(stats.perDay).toEqual([
      { date: '2024-10-04', counts: counts({ created: 2, sent: 2, failed: 2 }) },
      { date: '2024-10-05', counts: counts({ created: 1, waiting: 1 }) },
    ]);
    expect(stats.last24h).toEqual(counts({ created: 5, sent: 4, delivered: 4, waiting: 1 }));
    expect(stats.lastDays).toEqual(counts({ created: 3, sent: 2, failed: 2, waiting: 1 }));
  });
});
