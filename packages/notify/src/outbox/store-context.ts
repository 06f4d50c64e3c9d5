// What every part of the Kysely store shares: the database, its dialect, and small query helpers.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { OutboxDatabase } from './schema.js';
import type { SqliteDirect } from './sqlite-claim.js';

export type Dialect = 'sqlite' | 'postgres';

export interface StoreContext {
  readonly db: Kysely<OutboxDatabase>;
  readonly dialect: Dialect;
  /** SQLite opened by openOutboxStore: the better-sqlite3 handle, for the claim (see sqlite-claim.ts). */
  readonly sqlite?: SqliteDirect;
}

/** The database or a transaction on it (a Kysely `Transaction` is a `Kysely`). */
export type Queryable = Kysely<OutboxDatabase>;

/**
 * `<column> in <ids>` for a whole batch in one statement, whatever its size: the ids travel as one
 * parameter, a JSON array read by json_each (SQLite) or a text[] (PostgreSQL), so a batch of 100,000
 * takes one statement, not 100 slices of 1,000 bound parameters. Both plans look each id up in the
 * column's index (SQLite: `SEARCH … USING INDEX … (id=?)` over `LIST SUBQUERY`).
 */
export function inIds(dialect: Dialect, column: string, ids: readonly string[]): Expression<SqlBool> {
  return dialect === 'sqlite'
    ? sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`
    : sql<SqlBool>`${sql.ref(column)} = any(${[...ids]}::text[])`;
}

/**
 * Ids per statement. A dispatch batch may hold 100,000 ids; SQLite allows 32,766 bound parameters and
 * PostgreSQL 65,535, so long `in (…)` lists go in slices.
 */
export const ID_CHUNK = 1_000;
/** Rows per multi-row insert (about 30 parameters each). */
export const ROW_CHUNK = 500;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const slices: T[][] = [];
  for (let start = 0; start < items.length; start += size) slices.push(items.slice(start, start + size));
  return slices;
}

/** Sum of `numUpdatedRows` / `numDeletedRows` over the results of slices. */
export function affected(results: ReadonlyArray<{ numUpdatedRows?: bigint; numDeletedRows?: bigint }>): number {
  return results.reduce((sum, result) => sum + Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n), 0);
}

/** A unique constraint refused a row: PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY. */
export function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Limit of a listing: default 50, at most 500, at least 1. */
export function clampLimit(limit: number | undefined, fallback = 50, max = 500): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

/**
 * The `status` column for a guard beside an `id in (…)` list or another better index. SQLite's planner has
 * no statistics and would scan esemes_messages_status_idx for the status instead of looking the ids up
 * (measured with 100,000 messages in flight: ~35 µs a row instead of a few); `+status` takes that index
 * out of its choices. PostgreSQL plans from statistics and gets the plain column.
 */
export function statusGuard(dialect: Dialect): Expression<string> {
  return dialect === 'sqlite' ? sql<string>`+status` : sql.ref<string>('status');
}
