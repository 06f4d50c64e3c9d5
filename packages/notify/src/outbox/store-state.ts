// Adapters' durable state: small versioned entries by namespace and key, with compare-and-set writes and
// an optional due time for retry queues and scheduled jobs.
import { sql } from 'kysely';
import { toNumber, toNumberOrNull } from './row-mapping.js';
import { clampLimit, type StoreContext } from './store-context.js';
import type { PutStateOptions, StateRecord } from './types.js';

interface StateRow {
  key: string;
  value: string;
  version: number | string;
  due_at: number | string | null;
  updated_at: number | string;
}

function fromRow(row: StateRow): StateRecord {
  return { key: row.key, value: row.value, version: toNumber(row.version), dueAt: toNumberOrNull(row.due_at), updatedAt: toNumber(row.updated_at) };
}

function checkName(what: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > 500)
    throw new TypeError(`state: ${what} must be a non-empty string of at most 500 characters`);
}

const COLUMNS = ['key', 'value', 'version', 'due_at', 'updated_at'] as const;

export async function getState(ctx: StoreContext, namespace: string, key: string): Promise<StateRecord | undefined> {
  const row = await ctx.db.selectFrom('esemes_adapter_state').select(COLUMNS).where('namespace', '=', namespace).where('key', '=', key).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

export async function putState(
  ctx: StoreContext,
  namespace: string,
  key: string,
  value: string,
  options: PutStateOptions,
  now: number,
): Promise<StateRecord | undefined> {
  checkName('namespace', namespace);
  checkName('key', key);
  if (typeof value !== 'string') throw new TypeError('state: value must be a string (JSON)');
  const dueAt = options.dueAt ?? null;
  const expected = options.expectedVersion;
  if (typeof expected === 'number') {
    const row = await ctx.db
      .updateTable('esemes_adapter_state')
      .set({ value, version: expected + 1, due_at: dueAt, updated_at: now })
      .where('namespace', '=', namespace)
      .where('key', '=', key)
      .where('version', '=', expected)
      .returning(COLUMNS)
      .executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }
  const insert = ctx.db.insertInto('esemes_adapter_state').values({ namespace, key, value, version: 1, due_at: dueAt, updated_at: now });
  const row =
    expected === null
      ? await insert
          .onConflict((conflict) => conflict.columns(['namespace', 'key']).doNothing())
          .returning(COLUMNS)
          .executeTakeFirst()
      : await insert
          .onConflict((conflict) =>
            conflict
              .columns(['namespace', 'key'])
              .doUpdateSet({ value, version: sql<number>`esemes_adapter_state.version + 1`, due_at: dueAt, updated_at: now }),
          )
          .returning(COLUMNS)
          .executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

export async function deleteState(ctx: StoreContext, namespace: string, key: string, expectedVersion?: number): Promise<boolean> {
  let query = ctx.db.deleteFrom('esemes_adapter_state').where('namespace', '=', namespace).where('key', '=', key);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listState(
  ctx: StoreContext,
  namespace: string,
  options: { prefix?: string; dueBefore?: number; limit?: number } = {},
): Promise<StateRecord[]> {
  let query = ctx.db.selectFrom('esemes_adapter_state').select(COLUMNS).where('namespace', '=', namespace);
  const { prefix, dueBefore } = options;
  // substr, not LIKE or a range: no wildcard escaping, and PostgreSQL's collation cannot reorder it.
  if (prefix !== undefined && prefix !== '') query = query.where(sql<string>`substr(key, 1, ${prefix.length})`, '=', prefix);
  if (dueBefore !== undefined) query = query.where('due_at', 'is not', null).where('due_at', '<=', dueBefore).orderBy('due_at').orderBy('key');
  else query = query.orderBy('key');
  const rows = await query.limit(clampLimit(options.limit, 100, 1000)).execute();
  return rows.map(fromRow);
}

/** Rows per delete of {@link deleteStatePrefix}. */
const DELETE_CHUNK = 5_000;

export async function deleteStatePrefix(ctx: StoreContext, namespace: string, keyPrefix: string): Promise<number> {
  checkName('namespace', namespace);
  checkName('keyPrefix', keyPrefix);
  let deleted = 0;
  for (;;) {
    // In slices through the primary key, each its own statement: forgetting a big shop never holds one long write.
    const result = await ctx.db
      .deleteFrom('esemes_adapter_state')
      .where('namespace', '=', namespace)
      .where('key', 'in', (eb) =>
        eb
          .selectFrom('esemes_adapter_state as s')
          .select('s.key')
          .where('s.namespace', '=', namespace)
          .where(sql<string>`substr(s.key, 1, ${keyPrefix.length})`, '=', keyPrefix)
          .limit(DELETE_CHUNK),
      )
      .executeTakeFirst();
    const count = Number(result.numDeletedRows);
    deleted += count;
    if (count < DELETE_CHUNK) return deleted;
  }
}
