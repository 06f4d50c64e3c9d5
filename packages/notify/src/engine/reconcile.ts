import { transliterate, type ReportDetailEntry } from '@esemes/core';
import { REDACTED_RECIPIENT } from '../outbox/redacted.js';
import type { MessageRow } from '../outbox/types.js';
import { publish, type EngineContext } from './context.js';

// A send whose fate is unknown (timeout, reset, 5xx, crash mid-send) is looked for at the provider:
// the report ids of the time window, their details, matched by number and text. Found → sent with that
// report id. No trace after the grace period → queued again. Never resent before that.

const WINDOW_MARGIN_MS = 60_000;
const MAX_PER_PASS = 1_000;

/** The provider appends opt-out sentences and may drop Turkish letters on its plain path. */
function sameText(ours: string, theirs: string): boolean {
  if (theirs === ours || theirs.startsWith(`${ours} `)) return true;
  const plain = transliterate(ours);
  return theirs === plain || theirs.startsWith(`${plain} `);
}

export async function reconcileOnce(context: EngineContext): Promise<number> {
  const unknown = await context.store.listUnknown(MAX_PER_PASS);
  if (unknown.length === 0) return 0;
  const now = context.clock();
  const from = Math.min(...unknown.map((m) => m.attemptStartedAt ?? m.updatedAt)) - WINDOW_MARGIN_MS;
  let candidates: string[];
  try {
    candidates = await context.client.reportIds({ from: new Date(from), to: new Date(now + WINDOW_MARGIN_MS) });
  } catch (error) {
    context.logger.warn({ error: (error as Error).message }, 'reconcile: could not list report ids; will try again');
    return 0;
  }
  const known = await context.store.knownReportIds(candidates);
  // Provider rows by number, so matching a message looks at that number's rows only.
  const byNumber = new Map<string, Array<{ reportId: string; entry: ReportDetailEntry }>>();
  for (const reportId of candidates) {
    if (known.has(reportId)) continue;
    let entries: ReportDetailEntry[];
    try {
      entries = await context.client.reportDetail(reportId);
    } catch (error) {
      context.logger.warn({ reportId, error: (error as Error).message }, 'reconcile: could not read a report; will try again');
      return 0;
    }
    for (const entry of entries) {
      const rows = byNumber.get(entry.number);
      if (rows) rows.push({ reportId, entry });
      else byNumber.set(entry.number, [{ reportId, entry }]);
    }
  }
  // Each provider row can account for one of our messages only.
  const used = new Set<ReportDetailEntry>();
  // Recorded per report id and in one requeue, not one statement per message.
  const found = new Map<string, MessageRow[]>();
  const untraced: MessageRow[] = [];
  for (const message of unknown) {
    const match = findTrace(message, byNumber.get(message.recipient) ?? [], used);
    if (match) {
      used.add(match.entry);
      const rows = found.get(match.reportId);
      if (rows) rows.push(message);
      else found.set(match.reportId, [message]);
    } else if (now - (message.attemptStartedAt ?? message.updatedAt) >= context.reconcileGraceMs) {
      untraced.push(message);
    }
  }
  for (const [reportId, rows] of found) {
    // Only from `unknown`: another instance may have settled or re-sent it since we listed it.
    await context.store.markSent(
      rows.map((m) => m.id),
      reportId,
      now,
      ['unknown'],
    );
    publish(context, rows, 'sent', 'unknown', { reportId });
  }
  if (untraced.length > 0) {
    // A redacted message cannot be matched (no number, no text): the store cancels it instead of queueing it.
    await context.store.requeue(
      untraced.map((m) => m.id),
      now,
      'no trace at the provider after the grace period: sending again',
      true,
      now,
      ['unknown'],
    );
    for (const message of untraced) {
      if (message.recipient === REDACTED_RECIPIENT) context.logger.warn({ messageId: message.id }, 'reconcile: a redacted message cannot be traced; cancelled');
      else context.logger.warn({ messageId: message.id }, 'reconcile: no trace at the provider; queued again');
    }
  }
  const settled = untraced.length + [...found.values()].reduce((sum, rows) => sum + rows.length, 0);
  return settled;
}

function findTrace(
  message: MessageRow,
  rows: ReadonlyArray<{ reportId: string; entry: ReportDetailEntry }>,
  used: Set<ReportDetailEntry>,
): { reportId: string; entry: ReportDetailEntry } | undefined {
  return rows.find(({ entry }) => !used.has(entry) && sameText(message.text, entry.text));
}
