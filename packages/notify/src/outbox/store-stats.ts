// Aggregates for overview pages: messages by status and day, and the stores that have events.
import { sql } from 'kysely';
import { toNumber } from './row-mapping.js';
import { clampLimit, type StoreContext } from './store-context.js';
import type { MessageStatsQuery, MessageStatsRow, MessageStatus } from './types.js';

export const DAY_MS = 86_400_000;

/**
 * One aggregate query: messages created in `[since, until)` by status, day bucket and recency. The bucket
 * is integer division of `created_at + offset` (a bigint on both dialects) by a day, so SQLite and
 * PostgreSQL cut days at the same instants; the range condition uses esemes_messages_created_idx.
 */
export async function messageStats(ctx: StoreContext, query: MessageStatsQuery): Promise<MessageStatsRow[]> {
  for (const name of ['since', 'until', 'dayOffsetMs', 'recentSince'] as const) {
    if (!Number.isSafeInteger(query[name])) throw new TypeError(`messageStats: ${name} must be an integer (epoch ms), got ${String(query[name])}`);
  }
  // better-sqlite3 binds every JS number as a REAL: the cast and the literal divisor keep the division an integer one.
  const day = sql<number | string>`(created_at + cast(${query.dayOffsetMs} as bigint)) / ${sql.lit(DAY_MS)}`;
  const recent = sql<number | string>`case when created_at >= ${query.recentSince} then 1 else 0 end`;
  const rows = await ctx.db
    .selectFrom('esemes_messages')
    .select((eb) => ['status', day.as('day'), recent.as('recent'), eb.fn.countAll<number | string>().as('count')])
    .where('created_at', '>=', query.since)
    .where('created_at', '<', query.until)
    // By the output columns' names: both dialects allow it, and the expressions carry parameters.
    .groupBy(['status', sql.ref('day'), sql.ref('recent')])
    .execute();
  return rows.map((row) => ({ status: row.status as MessageStatus, day: toNumber(row.day), recent: toNumber(row.recent) === 1, count: toNumber(row.count) }));
}

/**
 * The distinct store ids of esemes_events, in order. A loose index scan over the unique index on
 * (store_id, idempotency_key): each step seeks the next store id past the previous one, so the cost grows
 * with the number of stores, not of events. Portable: a recursive CTE both dialects run the same way.
 */
export async function storeIds(ctx: StoreContext, limit?: number): Promise<string[]> {
  const result = await storeIdsQuery(clampLimit(limit, 1000, 10_000)).execute(ctx.db);
  return result.rows.map((row) => row.store_id);
}

/** The query of {@link storeIds} (exported for the test of its SQLite plan). */
export function storeIdsQuery(limit: number) {
  return sql<{ store_id: string }>`
    with recursive ids (store_id, n) as (
      select min(store_id), 1 from esemes_events
      union all
      select (select min(e.store_id) from esemes_events e where e.store_id > ids.store_id), ids.n + 1
      from ids where ids.store_id is not null and ids.n < ${limit}
    )
    select store_id from ids where store_id is not null order by store_id`;
}
