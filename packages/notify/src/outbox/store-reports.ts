// Delivery reports: which report ids are due for a poll, and applying what the provider said.
// A message only moves forward (sent → delivered | undelivered); a final message never changes.
import { sql } from 'kysely';
import { REDACTED_RECIPIENT } from './redacted.js';
import { byCreation, messageFromRow, toNumber, type MessageRecord } from './row-mapping.js';
import { inIds, statusGuard, type Dialect, type Queryable, type StoreContext } from './store-context.js';
import type { MessageRow } from './types.js';

export type ReportUpdate = {
  recipient: string;
  status: 'sent' | 'delivered' | 'undelivered';
  providerStatus: string;
  errorCode: string | null;
  finalAt: number | null;
};

/** A report id was just recorded on sent messages: poll it from `now` on (kept as is when known). */
export async function notePolledReport(db: Queryable, reportId: string, now: number): Promise<void> {
  await db
    .insertInto('esemes_report_polls')
    .values({ report_id: reportId, first_sent_at: now, next_poll_at: now, polls: 0, last_polled_at: null })
    .onConflict((conflict) => conflict.column('report_id').doNothing())
    .execute();
}

export async function knownReportIds(ctx: StoreContext, reportIds: readonly string[]): Promise<Set<string>> {
  const known = new Set<string>();
  if (reportIds.length === 0) return known;
  // One statement for every candidate (see inIds), each looked up in esemes_messages_report_idx.
  const rows = await ctx.db
    .selectFrom('esemes_messages')
    .select('report_id')
    .distinct()
    .where('report_id', 'is not', null)
    .where(inIds(ctx.dialect, 'report_id', [...new Set(reportIds)]))
    .execute();
  for (const row of rows) if (row.report_id !== null) known.add(row.report_id);
  return known;
}

export async function dueReports(ctx: StoreContext, now: number, limit: number): Promise<Array<{ reportId: string; firstSentAt: number; polls: number }>> {
  if (limit <= 0) return [];
  const rows = await ctx.db
    .selectFrom('esemes_report_polls as p')
    .select(['p.report_id', 'p.first_sent_at', 'p.polls'])
    .where('p.next_poll_at', '<=', now)
    .where((eb) =>
      eb.exists(eb.selectFrom('esemes_messages as m').select(sql.lit(1).as('one')).whereRef('m.report_id', '=', 'p.report_id').where('m.status', '=', 'sent')),
    )
    .orderBy('p.next_poll_at')
    .orderBy('p.report_id')
    .limit(Math.floor(limit))
    .execute();
  return rows.map((row) => ({ reportId: row.report_id, firstSentAt: toNumber(row.first_sent_at), polls: toNumber(row.polls) }));
}

export async function reportPolled(ctx: StoreContext, reportId: string, nextPollAt: number, now: number): Promise<void> {
  await ctx.db
    .insertInto('esemes_report_polls')
    .values({ report_id: reportId, first_sent_at: now, next_poll_at: nextPollAt, polls: 1, last_polled_at: now })
    .onConflict((conflict) =>
      conflict.column('report_id').doUpdateSet((eb) => ({
        next_poll_at: nextPollAt,
        polls: eb('esemes_report_polls.polls', '+', 1),
        last_polled_at: now,
      })),
    )
    .execute();
}

export async function applyReport(ctx: StoreContext, reportId: string, updates: readonly ReportUpdate[], now: number): Promise<MessageRow[]> {
  const latest = new Map<string, ReportUpdate>();
  for (const update of updates) latest.set(update.recipient, update);
  if (latest.size === 0) return [];
  return ctx.db.transaction().execute(async (trx) => {
    const open = await trx
      .selectFrom('esemes_messages')
      .select(['id', 'recipient', 'provider_status'])
      .where('report_id', '=', reportId)
      .where(statusGuard(ctx.dialect), '=', 'sent')
      .execute();
    const forRedacted = await redactedUpdates(trx, reportId, open, latest);
    // Every change of the report in (at most) two statements, whatever the number of messages: one for
    // provider statuses that are not final yet, one for the final ones, each with its values per row.
    const pending: RowChange[] = [];
    const final: RowChange[] = [];
    for (const message of open) {
      const update = message.recipient === REDACTED_RECIPIENT ? forRedacted.get(message.id) : latest.get(message.recipient);
      if (!update || (update.status === 'sent' && update.providerStatus === message.provider_status)) continue;
      const change: RowChange = [message.id, update.status, update.providerStatus, update.errorCode, update.finalAt ?? now];
      (update.status === 'sent' ? pending : final).push(change);
    }
    if (pending.length > 0) await updateSent(trx, ctx.dialect, pending, now, false);
    const changed = final.length > 0 ? await updateSent(trx, ctx.dialect, final, now, true) : [];
    return changed.map(messageFromRow).sort(byCreation);
  });
}

/** One message's change: id, status, provider status, error code, final time. */
type RowChange = [id: string, status: ReportUpdate['status'], providerStatus: string, errorCode: string | null, finalAt: number];

/**
 * Apply `changes` to the messages still `sent`, in one statement: the values per row travel as one JSON
 * parameter (SQLite, read by json_each) or as parallel arrays (PostgreSQL, read by unnest), joined by id.
 * `final`: move them to their final status (and return the rows); otherwise only the provider status changes.
 */
async function updateSent(trx: Queryable, dialect: Dialect, changes: readonly RowChange[], now: number, final: boolean): Promise<MessageRecord[]> {
  const set = final
    ? sql`status = u.status, provider_status = u.provider_status, error_code = u.error_code, final_at = u.final_at, updated_at = ${now}`
    : sql`provider_status = u.provider_status, updated_at = ${now}`;
  if (dialect === 'sqlite') {
    const result = await sql<MessageRecord>`update esemes_messages set ${set}
      from (
        select value ->> 0 as id, value ->> 1 as status, value ->> 2 as provider_status, value ->> 3 as error_code, value ->> 4 as final_at
        from json_each(${JSON.stringify(changes)})
      ) as u
      where esemes_messages.id = u.id and +esemes_messages.status = 'sent'
      ${final ? sql`returning *` : sql``}`.execute(trx);
    return result.rows;
  }
  const column = (index: number) => changes.map((change) => change[index]);
  const result = await sql<MessageRecord>`update esemes_messages as m set ${set}
    from unnest(${column(0)}::text[], ${column(1)}::text[], ${column(2)}::text[], ${column(3)}::text[], ${column(4)}::bigint[])
      as u(id, status, provider_status, error_code, final_at)
    where m.id = u.id and m.status = 'sent'
    ${final ? sql`returning m.*` : sql``}`.execute(trx);
  return result.rows;
}

/**
 * A redacted message has no number to match the report by. It takes, by elimination, what the report says
 * of the numbers no other message of the report carries: exact when one customer of the report was
 * redacted (the usual case). When several were, their outcomes are dealt out in a fixed order: the counts
 * add up and every message still reaches a final state, but which redacted message got which outcome may
 * be swapped (nothing left in them says who they went to).
 */
async function redactedUpdates(
  trx: Queryable,
  reportId: string,
  open: ReadonlyArray<{ id: string; recipient: string }>,
  latest: ReadonlyMap<string, ReportUpdate>,
): Promise<Map<string, ReportUpdate>> {
  const redacted = open.filter((message) => message.recipient === REDACTED_RECIPIENT).map((message) => message.id);
  const assigned = new Map<string, ReportUpdate>();
  if (redacted.length === 0) return assigned;
  const known = await trx
    .selectFrom('esemes_messages')
    .select('recipient')
    .distinct()
    .where('report_id', '=', reportId)
    .where('recipient', '<>', REDACTED_RECIPIENT)
    .execute();
  const claimed = new Set(known.map((row) => row.recipient));
  const unclaimed = [...latest.keys()].filter((number) => !claimed.has(number)).sort();
  if (unclaimed.length === 0) return assigned;
  redacted.sort().forEach((id, index) => assigned.set(id, latest.get(unclaimed[index % unclaimed.length] as string) as ReportUpdate));
  return assigned;
}
