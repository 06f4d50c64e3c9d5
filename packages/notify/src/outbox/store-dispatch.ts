// The dispatcher's side of the outbox: claiming due messages under a lease, and recording what each
// send attempt came to. Every transition is guarded by the states it may start from, so a late or
// repeated call never reopens a final message.
import { sql } from 'kysely';
import { REDACTED_CANCEL_REASON, REDACTED_RECIPIENT } from './redacted.js';
import { byCreation, messageFromRow, toNumber, type MessageRecord } from './row-mapping.js';
import { claimDueSqlite } from './sqlite-claim.js';
import { inIds, statusGuard, type Dialect, type Queryable, type StoreContext } from './store-context.js';
import { notePolledReport } from './store-reports.js';
import { CLAIMED_COLUMNS, OPEN_STATUSES, type ClaimedMessage, type MessageRow, type MessageStatus } from './types.js';

type ClaimedRecord = Pick<MessageRecord, (typeof CLAIMED_COLUMNS)[number]>;

function claimedFromRecord(row: ClaimedRecord, workerId: string, now: number, leaseUntil: number): ClaimedMessage {
  return {
    id: row.id,
    storeId: row.store_id,
    platform: row.platform,
    eventType: row.event_type,
    messageKey: row.message_key,
    orderId: row.order_id,
    recipient: row.recipient,
    text: row.text,
    sender: row.sender,
    optOutLink: Number(row.opt_out_link) === 1,
    blacklist: row.blacklist as ClaimedMessage['blacklist'],
    attempts: toNumber(row.attempts),
    createdAt: toNumber(row.created_at),
    status: 'sending',
    claimedBy: workerId,
    leaseUntil,
    attemptStartedAt: now,
    updatedAt: now,
  };
}

export async function claimDue(ctx: StoreContext, workerId: string, now: number, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  if (limit <= 0) return [];
  if (ctx.sqlite) return claimDueSqlite(ctx.sqlite, workerId, now, limit, leaseMs);
  const leaseUntil = now + leaseMs;
  if (ctx.dialect === 'sqlite') {
    // SQLite's planner (no statistics) would pick the status index and sort every queued row; INDEXED BY
    // walks the partial claim index, already in claim order, and stops at the limit. One writer at a
    // time, so the statement is atomic as it is.
    const claimed = await sql<ClaimedRecord>`
      update esemes_messages
      set status = 'sending', claimed_by = ${workerId}, lease_until = ${leaseUntil}, attempt_started_at = ${now}, updated_at = ${now}
      where id in (
        select id from esemes_messages indexed by esemes_messages_claim_idx
        where status = 'queued' and not_before <= ${now} and next_attempt_at <= ${now}
        order by created_at, id limit ${Math.floor(limit)}
      ) and +status = 'queued'
      returning ${sql.join(CLAIMED_COLUMNS.map((column) => sql.ref(column)))}`.execute(ctx.db);
    return claimed.rows.map((row) => claimedFromRecord(row, workerId, now, leaseUntil)).sort(byCreation);
  }
  // One statement: pick the due ids in a MATERIALIZED CTE (evaluated exactly once: as a plain
  // `id in (select … limit n for update skip locked)` PostgreSQL may rescan the subquery, skip the rows
  // this very statement already updated, and claim more than `limit`), then update those rows.
  const rows = await ctx.db
    .with(
      (cte) => cte('due').materialized(),
      (db) => {
        const due = db
          .selectFrom('esemes_messages')
          .select('id')
          .where('status', '=', 'queued')
          .where('not_before', '<=', now)
          .where('next_attempt_at', '<=', now)
          .orderBy('created_at')
          .orderBy('id')
          .limit(Math.floor(limit));
        // PostgreSQL: rows another claimer holds are skipped, not waited for. SQLite runs one writer at
        // a time, so the statement is atomic there as it is.
        return ctx.dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
      },
    )
    .updateTable('esemes_messages')
    .set({ status: 'sending', claimed_by: workerId, lease_until: leaseUntil, attempt_started_at: now, updated_at: now })
    .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
    .where('status', '=', 'queued')
    .returning([...CLAIMED_COLUMNS])
    .execute();
  return rows.map((row) => claimedFromRecord(row, workerId, now, leaseUntil)).sort(byCreation);
}

export async function expireLeases(ctx: StoreContext, now: number): Promise<number> {
  const result = await ctx.db
    .updateTable('esemes_messages')
    .set({
      status: 'unknown',
      error: sql<string>`'lease of ' || coalesce(claimed_by, '?') || ' expired during the send'`,
      claimed_by: null,
      lease_until: null,
      updated_at: now,
    })
    .where('status', '=', 'sending')
    .where('lease_until', '<', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function markSent(
  ctx: StoreContext,
  ids: readonly string[],
  reportId: string,
  now: number,
  onlyFrom: readonly MessageStatus[] = OPEN_STATUSES,
): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db.transaction().execute(async (trx) => {
    await openUpdate(trx, ctx.dialect, ids, onlyFrom)
      .set({ status: 'sent', report_id: reportId, sent_at: now, claimed_by: null, lease_until: null, error_code: null, error: null, updated_at: now })
      .execute();
    await notePolledReport(trx, reportId, now);
  });
}

export async function requeue(
  ctx: StoreContext,
  ids: readonly string[],
  nextAttemptAt: number,
  error: string | null,
  countAttempt: boolean,
  now: number,
  onlyFrom: readonly MessageStatus[] = OPEN_STATUSES,
): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db.transaction().execute(async (trx) => {
    // A redacted message has no number left to send to (and a search at the provider cannot match it):
    // it ends cancelled instead of going back to the queue. First, so the requeue below no longer sees it.
    await openUpdate(trx, ctx.dialect, ids, onlyFrom)
      .where('recipient', '=', REDACTED_RECIPIENT)
      .set({
        status: 'cancelled',
        error_code: 'redacted',
        error: REDACTED_CANCEL_REASON,
        final_at: now,
        claimed_by: null,
        lease_until: null,
        updated_at: now,
      })
      .execute();
    await openUpdate(trx, ctx.dialect, ids, onlyFrom)
      .set((eb) => ({
        status: 'queued',
        next_attempt_at: nextAttemptAt,
        error,
        attempts: countAttempt ? eb('attempts', '+', 1) : eb.ref('attempts'),
        claimed_by: null,
        lease_until: null,
        updated_at: now,
      }))
      .execute();
  });
}

export async function markUnknown(ctx: StoreContext, ids: readonly string[], error: string, now: number): Promise<void> {
  await updateOpen(ctx, ids, OPEN_STATUSES, (update) => update.set({ status: 'unknown', error, claimed_by: null, lease_until: null, updated_at: now }));
}

export async function markFailed(ctx: StoreContext, ids: readonly string[], errorCode: string, error: string, now: number): Promise<void> {
  await updateOpen(ctx, ids, OPEN_STATUSES, (update) =>
    update.set({ status: 'failed', error_code: errorCode, error, final_at: now, claimed_by: null, lease_until: null, updated_at: now }),
  );
}

export async function cancelExpired(ctx: StoreContext, now: number): Promise<number> {
  const result = await ctx.db
    .updateTable('esemes_messages')
    .set({ status: 'cancelled', error_code: 'expired', error: 'expired', final_at: now, updated_at: now })
    .where('status', '=', 'queued')
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function listUnknown(ctx: StoreContext, limit: number): Promise<MessageRow[]> {
  if (limit <= 0) return [];
  const rows = await ctx.db
    .selectFrom('esemes_messages')
    .selectAll()
    .where('status', '=', 'unknown')
    .orderBy(sql`coalesce(attempt_started_at, created_at)`)
    .orderBy('created_at')
    .orderBy('id')
    .limit(Math.floor(limit))
    .execute();
  return rows.map(messageFromRow);
}

/** Apply one update, in one statement, to the messages among `ids` that are still open (queued, sending, unknown). */
async function updateOpen(
  ctx: StoreContext,
  ids: readonly string[],
  from: readonly MessageStatus[],
  build: (update: OpenUpdate) => { execute(): Promise<unknown> },
): Promise<void> {
  if (ids.length === 0) return;
  await build(openUpdate(ctx.db, ctx.dialect, ids, from)).execute();
}

type OpenUpdate = ReturnType<typeof openUpdate>;

/**
 * An update of the messages among `ids` (a whole batch: one statement, see `inIds`) whose status is one of
 * `from`. The status guard in the same statement is what keeps a row another worker claimed, or a
 * cancelled one, from being overwritten between our claim and this mark.
 */
function openUpdate(db: Queryable, dialect: Dialect, ids: readonly string[], from: readonly MessageStatus[] = OPEN_STATUSES) {
  return db
    .updateTable('esemes_messages')
    .where(inIds(dialect, 'id', ids))
    .where(statusGuard(dialect), 'in', from);
}
