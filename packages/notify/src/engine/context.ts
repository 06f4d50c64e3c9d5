import type { EsemesClient } from '@esemes/core';
import { maskPhone } from '@esemes/core';
import type { MessageRow, MessageStatus, OutboxStore } from '../outbox/types.js';
import type { Alert, MessageStatusEvent, NotifierLogger } from './types.js';

/** What the loops share: resolved options, the store, the client and the ways out (events, logs). */
export interface EngineContext {
  store: OutboxStore;
  client: EsemesClient;
  clock: () => number;
  logger: NotifierLogger;
  workerId: string;
  intervalMs: number;
  batchSize: number;
  leaseMs: number;
  reconcileGraceMs: number;
  firstPollMs: number;
  pollForMs: number;
  pauseProbeMs: number;
  emitStatus(event: MessageStatusEvent): void;
  emitAlert(alert: Alert): void;
}

/** Publish `message.status` for rows that moved from `previous` (or from their own recorded state). */
export function publish(context: EngineContext, rows: readonly MessageRow[], status: MessageStatus, previous: MessageStatus, extra: { reportId?: string | null; error?: string | null } = {}): void {
  const at = context.clock();
  for (const row of rows) {
    context.emitStatus({
      messageId: row.id,
      storeId: row.storeId,
      eventType: row.eventType,
      orderId: row.orderId,
      status,
      previousStatus: previous,
      reportId: extra.reportId ?? row.reportId,
      providerStatus: row.providerStatus,
      error: extra.error ?? row.error,
      recipientMasked: maskPhone(row.recipient),
      at,
    });
  }
}

/** Exponential backoff with a cap: base·2^n ≤ cap. */
export function backoff(baseMs: number, attempt: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.min(attempt, 20));
}
