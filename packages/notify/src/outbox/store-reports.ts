// Delivery reports: which report ids are due for a poll, and applying what the provider said.
// A message only moves forward (sent → delivered | undelivered); a final message never changes.
import { sql } from 'kysely';
import { REDACTED_RECIPIENT } from './redacted.js';
import { byCreation, messageFromRow, toNumber, type MessageRecord } from './row-mapping.js';
import { chunk, ID_CHUNK, statusGuard, type Queryable, type StoreContext } from './store-context.js';
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
  for (const slice of chunk([...new Set(reportIds)], ID_CHUNK)) {
    const rows = await ctx.db
      .selectFrom('esemes_messages')
      .select('report_id')
      .distinct()
      .where('report_id', 'is not', null)
      .where('report_id', 'in', slice)
      .execute();
    for (const row of rows) if (row.report_id !== null) known.add(row.report_id);
  }
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
    // Group the changes so a report of 100,000 numbers takes a few statements, not 100,000.
    const groups = new Map<string, { update: ReportUpdate; ids: string[] }>();
    for (const message of open) {
      const update = message.recipient === REDACTED_RECIPIENT ? forRedacted.get(message.id) : latest.get(message.recipient);
      if (!update || (update.status === 'sent' && update.providerStatus === message.provider_status)) continue;
      const key = JSON.stringify([update.status, update.providerStatus, update.errorCode, update.finalAt]);
      const group = groups.get(key) ?? { update, ids: [] };
      group.ids.push(message.id);
      groups.set(key, group);
    }
    const changed: MessageRecord[] = [];
    for (const { update, ids } of groups.values()) {
      for (const slice of chunk(ids, ID_CHUNK)) {
        const base = trx.updateTable('esemes_messages').where('id', 'in', slice).where(statusGuard(ctx.dialect), '=', 'sent');
        if (update.status === 'sent') {
          await base.set({ provider_status: update.providerStatus, updated_at: now }).execute();
          continue;
        }
        const rows = await base
          .set({
            status: update.status,
            provider_status: update.providerStatus,
            error_code: update.errorCode,
            final_at: update.finalAt ?? now,
            updated_at: now,
          })
          .returningAll()
          .execute();
        changed.push(...rows);
      }
    }
    return changed.map(messageFromRow).sort(byCreation);
  });
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
