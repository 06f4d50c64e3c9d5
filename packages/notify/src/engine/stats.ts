// Message statistics for an overview page: the last 24 hours, the last N calendar days in a time zone,
// and each of those days, from one aggregate query of the outbox.
import type { MessageStatsRow, MessageStatus, OutboxStore } from '../outbox/types.js';
import type { MessageCounts, MessageStats, StatsOptions } from './types.js';

const DAY_MS = 86_400_000;
export const DEFAULT_STATS_DAYS = 7;
export const MAX_STATS_DAYS = 31;
export const DEFAULT_STATS_TIME_ZONE = 'Europe/Istanbul';

/** Which counts a message in each status adds to (an undelivered message was sent, and failed). */
const COUNTS_OF: Record<MessageStatus, ReadonlyArray<keyof MessageCounts>> = {
  queued: ['waiting'],
  sending: ['waiting'],
  unknown: ['waiting'],
  sent: ['sent'],
  delivered: ['sent', 'delivered'],
  undelivered: ['sent', 'failed'],
  failed: ['failed'],
  cancelled: ['cancelled'],
};

const zero = (): MessageCounts => ({ created: 0, sent: 0, delivered: 0, failed: 0, waiting: 0, cancelled: 0 });

function add(counts: MessageCounts, status: MessageStatus, count: number): void {
  counts.created += count;
  for (const key of COUNTS_OF[status] ?? []) counts[key] += count;
}

/**
 * How far `timeZone`'s wall clock is ahead of UTC at `at`, in ms (Istanbul: +3 h). Intl gives the wall
 * clock; its difference from the instant is the offset.
 */
export function timeZoneOffset(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

function checkOptions(options: StatsOptions, clock: () => number): { days: number; timeZone: string; now: number } {
  const days = options.days ?? DEFAULT_STATS_DAYS;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_STATS_DAYS)
    throw new RangeError(`stats: days must be an integer from 1 to ${MAX_STATS_DAYS}, got ${String(days)}`);
  const timeZone = options.timeZone ?? DEFAULT_STATS_TIME_ZONE;
  try {
    if (typeof timeZone !== 'string') throw new TypeError();
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new RangeError(`stats: timeZone must be an IANA time zone such as "Europe/Istanbul", got ${JSON.stringify(timeZone)?.slice(0, 100)}`);
  }
  const now = options.now ?? clock();
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new RangeError(`stats: now must be epoch milliseconds, got ${String(now)}`);
  return { days, timeZone, now: Math.floor(now) };
}

/**
 * Counts of the messages created in the last 24 hours, in the last `days` calendar days of `timeZone`
 * (today included), and per day. The days are cut with the zone's offset at `now` (on a daylight-saving
 * change inside the window, the days before it are off by the shift; Turkey has none).
 */
export async function messageStats(store: Pick<OutboxStore, 'messageStats'>, options: StatsOptions, clock: () => number): Promise<MessageStats> {
  const { days, timeZone, now } = checkOptions(options, clock);
  const offset = timeZoneOffset(now, timeZone);
  const today = Math.floor((now + offset) / DAY_MS);
  const firstDay = today - days + 1;
  const recentSince = now - DAY_MS;
  const rows = await store.messageStats({ since: Math.min(firstDay * DAY_MS - offset, recentSince), until: now + 1, dayOffsetMs: offset, recentSince });
  return summarize(rows, firstDay, days);
}

/** Rows of the aggregate query into the answer: every day of the window present, oldest first. */
export function summarize(rows: readonly MessageStatsRow[], firstDay: number, days: number): MessageStats {
  const last24h = zero();
  const lastDays = zero();
  const perDay = Array.from({ length: days }, (_, i) => ({ date: new Date((firstDay + i) * DAY_MS).toISOString().slice(0, 10), counts: zero() }));
  for (const row of rows) {
    if (row.recent) add(last24h, row.status, row.count);
    const entry = perDay[row.day - firstDay];
    if (!entry) continue; // in the last 24 hours but before the first day
    add(entry.counts, row.status, row.count);
    add(lastDays, row.status, row.count);
  }
  return { last24h, lastDays, perDay };
}
