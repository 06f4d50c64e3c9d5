// Acceptance and cancellation by key. Acceptance is one transaction; concurrent duplicates of one
// `(storeId, idempotencyKey)` resolve to exactly one `accepted`, the others read the winner's ids.
import { eventToRow, messageIdsFromJson, messageToRow } from './row-mapping.js';
import { affected, chunk, ID_CHUNK, isUniqueViolation, ROW_CHUNK, statusGuard, type Dialect, type Queryable, type StoreContext } from './store-context.js';
import type { AcceptedEvent, AcceptResult, NewMessage } from './types.js';

export async function acceptEvent(
  ctx: StoreContext,
  event: AcceptedEvent,
  messages: readonly NewMessage[],
  cancels: readonly string[],
  now: number,
): Promise<AcceptResult> {
  try {
    // READ COMMITTED on PostgreSQL whatever the server default: the winner of a race must be visible
    // to the statement after ON CONFLICT DO NOTHING.
    const transaction = ctx.dialect === 'postgres' ? ctx.db.transaction().setIsolationLevel('read committed') : ctx.db.transaction();
    return await transaction.execute(async (trx): Promise<AcceptResult> => {
      const messageIds = messages.map((message) => message.id);
      // Insert first, look up only on a conflict: one statement for a new event. ON CONFLICT DO NOTHING:
      // an earlier acceptance, or a concurrent one once it commits (this waits for it), makes this insert
      // nothing; the winner's row is visible to the next statement (READ COMMITTED).
      const inserted = await trx
        .insertInto('esemes_events')
        .values(eventToRow(event, messageIds, now))
        .onConflict((conflict) => conflict.columns(['store_id', 'idempotency_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) {
        const winner = await findDuplicate(trx, event);
        if (winner) return winner;
        throw new Error(`outbox: event ${event.storeId}/${event.idempotencyKey} conflicted but no first acceptance was found`);
      }
      // Cancel before inserting, so an event never cancels its own new messages.
      const cancelled = await cancelQueued(trx, ctx.dialect, cancels, `cancelled by event ${event.eventId} (${event.type})`, now);
      for (const rows of chunk(
        messages.map((message) => messageToRow(message, event.eventId, now)),
        ROW_CHUNK,
      )) {
        await trx.insertInto('esemes_messages').values(rows).execute();
      }
      return { status: 'accepted', eventId: event.eventId, messageIds, cancelled };
    });
  } catch (error) {
    // The transaction lost a race on a unique index (e.g. a message key): if the same event was
    // accepted meanwhile, this is a duplicate; otherwise the conflict is real.
    if (!isUniqueViolation(error)) throw error;
    const winner = await findDuplicate(ctx.db, event);
    if (winner) return winner;
    throw error;
  }
}

async function findDuplicate(db: Queryable, event: AcceptedEvent): Promise<AcceptResult | undefined> {
  const row = await db
    .selectFrom('esemes_events')
    .select(['id', 'message_ids'])
    .where('store_id', '=', event.storeId)
    .where('idempotency_key', '=', event.idempotencyKey)
    .executeTakeFirst();
  return row ? { status: 'duplicate', eventId: row.id, messageIds: messageIdsFromJson(row.message_ids) } : undefined;
}

/** `queued` messages with one of these cancel keys become `cancelled`; returns how many. */
export async function cancelQueued(db: Queryable, dialect: Dialect, cancelKeys: readonly string[], reason: string, now: number): Promise<number> {
  const keys = [...new Set(cancelKeys)];
  const results = [];
  for (const slice of chunk(keys, ID_CHUNK)) {
    results.push(
      await db
        .updateTable('esemes_messages')
        .set({ status: 'cancelled', error_code: 'cancelled', error: reason, final_at: now, updated_at: now })
        .where(statusGuard(dialect), '=', 'queued')
        // Spelled out so that SQLite, too, uses the partial index (it proves `=` implies it, not `in`).
        .where('cancel_key', 'is not', null)
        .where('cancel_key', 'in', slice)
        .executeTakeFirst(),
    );
  }
  return affected(results);
}

export async function cancelByKey(ctx: StoreContext, cancelKey: string, reason: string, now: number): Promise<number> {
  return cancelQueued(ctx.db, ctx.dialect, [cancelKey], reason, now);
}
