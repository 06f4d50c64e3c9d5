// Privacy operations on the outbox: one customer's data (export and redaction) and a whole store's
// (cancel what is queued, delete everything). Every pass works in bounded batches, each its own
// transaction, so a store of a million messages is never loaded at once nor held in one transaction.
import { sql, type Expression, type ExpressionBuilder } from 'kysely';
import { toNumber } from './row-mapping.js';
import { REDACTED_CANCEL_REASON, REDACTED_RECIPIENT, REDACTED_TEXT, redactedPayload } from './redacted.js';
import type { OutboxDatabase } from './schema.js';
import { affected, chunk, ID_CHUNK, statusGuard, type Dialect, type Queryable, type StoreContext } from './store-context.js';
import type { CustomerData, CustomerSelector, MessageStatus, RedactionResult, RedactionSelector, StorePurgeResult } from './types.js';

/** Rows per statement of a store-wide pass (cancel, delete). */
export const STORE_CHUNK = 5_000;
/** Messages (or events) per redaction transaction. */
const REDACT_CHUNK = ID_CHUNK;

/**
 * The `store_id` column beside a recipient or order-id condition. SQLite's planner (no statistics) would
 * walk esemes_messages_store_created_idx through every message of the store; `+store_id` leaves it the
 * recipient and order-id indexes, which find a customer's few rows. PostgreSQL plans from statistics.
 */
function storeColumn(dialect: Dialect): Expression<string> {
  return dialect === 'sqlite' ? sql<string>`+store_id` : sql.ref<string>('store_id');
}

type MessageFilter = (eb: ExpressionBuilder<OutboxDatabase, 'esemes_messages'>) => ReturnType<ExpressionBuilder<OutboxDatabase, 'esemes_messages'>['or']>;

/** Messages to one of the numbers or about one of the orders; undefined when the customer names neither. */
function byCustomer(customer: CustomerSelector): MessageFilter | undefined {
  const { recipients, orderIds } = customer;
  if (recipients.length === 0 && orderIds.length === 0) return undefined;
  return (eb) =>
    eb.or([...(recipients.length > 0 ? [eb('recipient', 'in', recipients)] : []), ...(orderIds.length > 0 ? [eb('order_id', 'in', orderIds)] : [])]);
}

export async function customerData(ctx: StoreContext, customer: CustomerSelector, limit: number): Promise<CustomerData> {
  const match = byCustomer(customer);
  if (!match) return { messages: [], events: [], truncated: false };
  const cap = Math.max(1, Math.floor(limit));
  // One row past the cap says whether the list was cut.
  const rows = await ctx.db
    .selectFrom('esemes_messages')
    .select(['id', 'event_id', 'created_at', 'event_type', 'order_id', 'order_number', 'status', 'recipient', 'text'])
    .where(storeColumn(ctx.dialect), '=', customer.storeId)
    .where(match)
    .orderBy('created_at')
    .orderBy('id')
    .limit(cap + 1)
    .execute();
  const kept = rows.slice(0, cap);
  const events = [];
  for (const slice of chunk([...new Set(kept.map((row) => row.event_id))], ID_CHUNK)) {
    events.push(...(await ctx.db.selectFrom('esemes_events').select(['id', 'type', 'received_at', 'idempotency_key']).where('id', 'in', slice).execute()));
  }
  return {
    messages: kept.map((row) => ({
      id: row.id,
      createdAt: toNumber(row.created_at),
      eventType: row.event_type,
      orderId: row.order_id,
      orderNumber: row.order_number,
      status: row.status as MessageStatus,
      recipient: row.recipient,
      text: row.text,
    })),
    events: events
      .map((row) => ({ id: row.id, type: row.type, receivedAt: toNumber(row.received_at), idempotencyKey: row.idempotency_key }))
      .sort((a, b) => a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    truncated: rows.length > cap,
  };
}

export async function redactCustomer(ctx: StoreContext, customer: RedactionSelector, now: number): Promise<RedactionResult> {
  const result: RedactionResult = { cancelled: 0, messagesRedacted: 0, eventsRedacted: 0 };
  // By number, then by order, each through its own index. A redacted row no longer matches
  // (`recipient <> 'redacted'`), so every batch takes the next ones and a repeat finds nothing.
  const passes = [
    ['recipient', customer.recipients],
    ['order_id', customer.orderIds],
  ] as const;
  for (const [column, values] of passes) {
    if (values.length === 0) continue;
    for (;;) {
      const batch = await ctx.db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom('esemes_messages')
          .select(['id', 'event_id'])
          .where(storeColumn(ctx.dialect), '=', customer.storeId)
          .where(column, 'in', values)
          .where('recipient', '<>', REDACTED_RECIPIENT)
          .limit(REDACT_CHUNK)
          .execute();
        if (rows.length === 0) return { rows: 0, cancelled: 0, events: 0 };
        const ids = rows.map((row) => row.id);
        // Only `queued`: a `sending` message may be at the provider already, and the others have ended
        // (or are waiting for a report). They are redacted all the same.
        const cancelled = await trx
          .updateTable('esemes_messages')
          .set({ status: 'cancelled', error_code: 'redacted', error: REDACTED_CANCEL_REASON, final_at: now, updated_at: now })
          .where('id', 'in', ids)
          .where(statusGuard(ctx.dialect), '=', 'queued')
          .executeTakeFirst();
        await trx.updateTable('esemes_messages').set({ recipient: REDACTED_RECIPIENT, text: REDACTED_TEXT, updated_at: now }).where('id', 'in', ids).execute();
        const events = await trx
          .selectFrom('esemes_events')
          .select(['id', 'type'])
          .where('id', 'in', [...new Set(rows.map((row) => row.event_id))])
          .execute();
        return { rows: rows.length, cancelled: affected([cancelled]), events: await redactEvents(trx, events) };
      });
      result.cancelled += batch.cancelled;
      result.messagesRedacted += batch.rows;
      result.eventsRedacted += batch.events;
      if (batch.rows < REDACT_CHUNK) break;
    }
  }
  result.eventsRedacted += await redactEventsByKeyPrefix(ctx, customer.storeId, customer.idempotencyKeyPrefixes);
  return result;
}

/** Events with no message (a skipped or disabled one, `cart.closed` …) are found only by their keys. */
async function redactEventsByKeyPrefix(ctx: StoreContext, storeId: string, prefixes: readonly string[]): Promise<number> {
  if (prefixes.length === 0) return 0;
  let redacted = 0;
  let after = '';
  for (;;) {
    // substr, not LIKE or a range: no wildcard escaping, and PostgreSQL's collation cannot reorder it.
    // Keyset on the id, so the pass ends even while new events arrive.
    const batch = await ctx.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('esemes_events')
        .select(['id', 'type'])
        .where('store_id', '=', storeId)
        .where((eb) => eb.or(prefixes.map((prefix) => eb(sql<string>`substr(idempotency_key, 1, ${prefix.length})`, '=', prefix))))
        .where('id', '>', after)
        .orderBy('id')
        .limit(REDACT_CHUNK)
        .execute();
      return { rows, changed: await redactEvents(trx, rows) };
    });
    redacted += batch.changed;
    const last = batch.rows.at(-1);
    if (!last || batch.rows.length < REDACT_CHUNK) return redacted;
    after = last.id;
  }
}

/** Overwrite the payloads (the row, its key and its message ids stay: a redelivery is still a duplicate); returns how many changed. */
async function redactEvents(trx: Queryable, events: ReadonlyArray<{ id: string; type: string }>): Promise<number> {
  const byType = new Map<string, string[]>();
  for (const event of events) byType.set(event.type, [...(byType.get(event.type) ?? []), event.id]);
  let changed = 0;
  for (const [type, ids] of byType) {
    const payload = redactedPayload(type);
    for (const slice of chunk(ids, ID_CHUNK)) {
      changed += affected([
        await trx.updateTable('esemes_events').set({ payload }).where('id', 'in', slice).where('payload', '<>', payload).executeTakeFirst(),
      ]);
    }
  }
  return changed;
}

export async function cancelQueuedOfStore(ctx: StoreContext, storeId: string, reason: string, now: number): Promise<number> {
  let cancelled = 0;
  for (;;) {
    const result = await ctx.db
      .updateTable('esemes_messages')
      .set({ status: 'cancelled', error_code: 'cancelled', error: reason, final_at: now, updated_at: now })
      .where('id', 'in', (eb) =>
        eb.selectFrom('esemes_messages as q').select('q.id').where('q.store_id', '=', storeId).where('q.status', '=', 'queued').limit(STORE_CHUNK),
      )
      .where(statusGuard(ctx.dialect), '=', 'queued')
      .executeTakeFirst();
    const count = affected([result]);
    cancelled += count;
    // A short batch is normally the last; on PostgreSQL a claim may have taken some of it meanwhile, so look.
    if (count < STORE_CHUNK && !(await hasQueued(ctx.db, storeId))) return cancelled;
  }
}

async function hasQueued(db: Queryable, storeId: string): Promise<boolean> {
  const row = await db.selectFrom('esemes_messages').select('id').where('store_id', '=', storeId).where('status', '=', 'queued').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function purgeStore(ctx: StoreContext, storeId: string, now: number): Promise<StorePurgeResult> {
  // Nothing of the store may be claimed while its rows go.
  await cancelQueuedOfStore(ctx, storeId, 'the store is being deleted (privacy request)', now);
  let messages = 0;
  for (;;) {
    const deleted = await ctx.db.transaction().execute(async (trx) => {
      const rows = await trx
        .deleteFrom('esemes_messages')
        .where('id', 'in', (eb) => eb.selectFrom('esemes_messages as q').select('q.id').where('q.store_id', '=', storeId).limit(STORE_CHUNK))
        .returning('report_id')
        .execute();
      await forgetReportPolls(trx, rows);
      return rows.length;
    });
    messages += deleted;
    if (deleted === 0) break;
  }
  let events = 0;
  for (;;) {
    const batch = await ctx.db.transaction().execute(async (trx) => {
      const ids = (await trx.selectFrom('esemes_events').select('id').where('store_id', '=', storeId).limit(STORE_CHUNK).execute()).map((row) => row.id);
      let late = 0;
      for (const slice of chunk(ids, ID_CHUNK)) {
        // An event accepted during the pass above may have brought messages; they go first (foreign key).
        const rows = await trx.deleteFrom('esemes_messages').where('store_id', '=', storeId).where('event_id', 'in', slice).returning('report_id').execute();
        await forgetReportPolls(trx, rows);
        late += rows.length;
        await trx.deleteFrom('esemes_events').where('id', 'in', slice).execute();
      }
      return { events: ids.length, late };
    });
    events += batch.events;
    messages += batch.late;
    if (batch.events === 0) break;
  }
  const overrides = await ctx.db.deleteFrom('esemes_template_overrides').where('store_id', '=', storeId).executeTakeFirst();
  return { messages, events, templateOverrides: affected([overrides]) };
}

/** Poll rows of report ids no message carries any more (a report may also hold other stores' messages). */
async function forgetReportPolls(trx: Queryable, deleted: ReadonlyArray<{ report_id: string | null }>): Promise<void> {
  const reportIds = [...new Set(deleted.flatMap((row) => (row.report_id === null ? [] : [row.report_id])))];
  for (const slice of chunk(reportIds, ID_CHUNK)) {
    await trx
      .deleteFrom('esemes_report_polls')
      .where('report_id', 'in', slice)
      .where(({ exists, not, selectFrom }) =>
        not(
          exists(
            selectFrom('esemes_messages as m')
              .select(sql.lit(1).as('one'))
              .where('m.report_id', 'is not', null)
              .whereRef('m.report_id', '=', 'esemes_report_polls.report_id'),
          ),
        ),
      )
      .execute();
  }
}
