// Reading messages for the API and /metrics, template overrides, and the shared dispatch pause.
import { sql } from 'kysely';
import { SETTLED_STATUS_PREDICATE } from './migrations/006-settled-status-index.js';
import { messageFromRow, overrideFromRow, pauseFromJson, pauseToJson, toNumber } from './row-mapping.js';
import { clampLimit, type StoreContext } from './store-context.js';
import type { DispatchPause, MessageFilter, MessageRow, MessageStatus, TemplateOverride } from './types.js';

const STATUSES: readonly MessageStatus[] = ['queued', 'sending', 'unknown', 'sent', 'delivered', 'undelivered', 'failed', 'cancelled'];
const PAUSE_KEY = 'dispatch.pause';
const SETTLED: ReadonlySet<MessageStatus> = new Set(STATUSES.filter((status) => status !== 'queued' && status !== 'sending'));

export async function getMessage(ctx: StoreContext, id: string): Promise<MessageRow | undefined> {
  const row = await ctx.db.selectFrom('esemes_messages').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? messageFromRow(row) : undefined;
}

/** Newest first; `before` continues after that message (keyset on created_at, id). */
export async function listMessages(ctx: StoreContext, filter: MessageFilter): Promise<MessageRow[]> {
  let query = ctx.db.selectFrom('esemes_messages').selectAll();
  if (filter.status !== undefined) {
    query = query.where('status', '=', filter.status);
    // Implied by the status, but SQLite uses the partial index only when the query says its predicate.
    if (SETTLED.has(filter.status)) query = query.where(sql.raw<boolean>(SETTLED_STATUS_PREDICATE));
  }
  if (filter.storeId !== undefined) query = query.where('store_id', '=', filter.storeId);
  if (filter.orderId !== undefined) query = query.where('order_id', '=', filter.orderId);
  if (filter.orderNumber !== undefined) query = query.where('order_number', '=', filter.orderNumber);
  if (filter.recipient !== undefined) query = query.where('recipient', '=', filter.recipient);
  if (filter.createdFrom !== undefined) query = query.where('created_at', '>=', checkedTime('createdFrom', filter.createdFrom));
  if (filter.createdUntil !== undefined) query = query.where('created_at', '<', checkedTime('createdUntil', filter.createdUntil));
  if (filter.before !== undefined) {
    const anchor = await ctx.db.selectFrom('esemes_messages').select(['id', 'created_at']).where('id', '=', filter.before).executeTakeFirst();
    if (!anchor) return [];
    const createdAt = toNumber(anchor.created_at);
    query = query.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', anchor.id)])]));
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(clampLimit(filter.limit)).execute();
  return rows.map(messageFromRow);
}

function checkedTime(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`listMessages: ${name} must be epoch milliseconds, got ${String(value)}`);
  return value;
}

/** Counts each status through an index that holds only it: the claim index (queued), the lease index (sending), the settled-status index (the rest). */
export async function countByStatus(ctx: StoreContext): Promise<Record<MessageStatus, number>> {
  const count = (status: string) =>
    ctx.db
      .selectFrom('esemes_messages')
      .select((eb) => [sql.lit(status).as('status'), eb.fn.countAll<number | string>().as('count')])
      .where('status', '=', status);
  const rows = await count('queued')
    .unionAll(count('sending'))
    .unionAll(
      ctx.db
        .selectFrom('esemes_messages')
        .select((eb) => ['status', eb.fn.countAll<number | string>().as('count')])
        .where(sql.raw<boolean>(SETTLED_STATUS_PREDICATE))
        .groupBy('status'),
    )
    .execute();
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<MessageStatus, number>;
  for (const row of rows) if (row.status in counts) counts[row.status as MessageStatus] = toNumber(row.count);
  return counts;
}

export async function getTemplateOverride(ctx: StoreContext, storeId: string, eventType: string, language: string): Promise<TemplateOverride | undefined> {
  const row = await ctx.db
    .selectFrom('esemes_template_overrides')
    .selectAll()
    .where('store_id', '=', storeId)
    .where('event_type', '=', eventType)
    .where('language', '=', language)
    .executeTakeFirst();
  return row ? overrideFromRow(row) : undefined;
}

export async function listTemplateOverrides(ctx: StoreContext, storeId?: string): Promise<TemplateOverride[]> {
  let query = ctx.db.selectFrom('esemes_template_overrides').selectAll();
  if (storeId !== undefined) query = query.where('store_id', '=', storeId);
  const rows = await query.orderBy('store_id').orderBy('event_type').orderBy('language').execute();
  return rows.map(overrideFromRow);
}

export async function putTemplateOverride(ctx: StoreContext, override: TemplateOverride): Promise<void> {
  await ctx.db
    .insertInto('esemes_template_overrides')
    .values({ store_id: override.storeId, event_type: override.eventType, language: override.language, body: override.body, updated_at: override.updatedAt })
    .onConflict((conflict) => conflict.columns(['store_id', 'event_type', 'language']).doUpdateSet({ body: override.body, updated_at: override.updatedAt }))
    .execute();
}

export async function deleteTemplateOverride(ctx: StoreContext, storeId: string, eventType: string, language: string): Promise<boolean> {
  const result = await ctx.db
    .deleteFrom('esemes_template_overrides')
    .where('store_id', '=', storeId)
    .where('event_type', '=', eventType)
    .where('language', '=', language)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function getPause(ctx: StoreContext): Promise<DispatchPause | undefined> {
  const row = await ctx.db.selectFrom('esemes_state').select('value').where('key', '=', PAUSE_KEY).executeTakeFirst();
  return row ? pauseFromJson(row.value) : undefined;
}

export async function setPause(ctx: StoreContext, pause: DispatchPause | undefined): Promise<void> {
  if (pause === undefined) {
    await ctx.db.deleteFrom('esemes_state').where('key', '=', PAUSE_KEY).execute();
    return;
  }
  const value = pauseToJson(pause);
  await ctx.db
    .insertInto('esemes_state')
    .values({ key: PAUSE_KEY, value, updated_at: pause.since })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, updated_at: pause.since }))
    .execute();
}
