import { isProviderError, type ReportDetailEntry } from '@esemes/core';
import { backoff, publish, type EngineContext } from './context.js';

// Read detailed reports of open report ids with backoff until every number is final or the polling
// window (72 h by default) has passed; each change is published as `message.status`.

const MAX_POLL_GAP_MS = 30 * 60_000;

function stateOf(entry: ReportDetailEntry): 'sent' | 'delivered' | 'undelivered' {
  if (entry.status === 'delivered') return 'delivered';
  if (entry.status === 'not_delivered' || entry.status === 'expired') return 'undelivered';
  return 'sent';
}

export async function pollReportsOnce(context: EngineContext): Promise<number> {
  const now = context.clock();
  const due = await context.store.dueReports(now, 50);
  for (const { reportId, firstSentAt, polls } of due) {
    // Reports take seconds to settle: the first look waits `firstPollMs` after the send.
    if (polls === 0 && now - firstSentAt < context.firstPollMs) continue;
    let entries: ReportDetailEntry[];
    try {
      entries = await context.client.reportDetail(reportId);
    } catch (error) {
      if (isProviderError(error) && error.code === 'auth') throw error;
      await context.store.reportPolled(reportId, now + backoff(context.firstPollMs, polls + 1, MAX_POLL_GAP_MS), now);
      continue;
    }
    const giveUp = now - firstSentAt >= context.pollForMs;
    const updates = entries.map((entry) => {
      const status = stateOf(entry);
      if (status === 'sent' && giveUp) {
        return {
          recipient: entry.number,
          status: 'undelivered' as const,
          providerStatus: `${entry.rawStatus || 'PENDING'} (no final report in time)`,
          errorCode: null,
          finalAt: now,
        };
      }
      return {
        recipient: entry.number,
        status,
        providerStatus: entry.rawStatus,
        errorCode: entry.errorCode === null ? null : String(entry.errorCode),
        finalAt: entry.finishedAt?.getTime() ?? null,
      };
    });
    const changed = await context.store.applyReport(reportId, updates, now);
    for (const row of changed) publish(context, [row], row.status, 'sent');
    await context.store.reportPolled(reportId, now + backoff(context.firstPollMs, polls + 1, MAX_POLL_GAP_MS), now);
  }
  return due.length;
}
