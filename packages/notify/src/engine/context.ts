import type { EsemesClient } from '@esemes/core';
import { maskPhone } from '@esemes/core';
import { REDACTED_RECIPIENT } from '../outbox/redacted.js';
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
  /** Provider requests of one dispatch pass at a time: the next batch is claimed while one is at the provider. */
  concurrency: number;
  leaseMs: number;
  reconcileGraceMs: number;
  firstPollMs: number;
  pollForMs: number;
  pauseProbeMs: number;
  emitStatus(event: MessageStatusEvent): void;
  /** Whether anyone listens to `message.status`: when not, no event is built (default: yes). */
  wantsStatus?: () => boolean;
  emitAlert(alert: Alert): void;
}

/** What an event is built from: a whole row, or a claimed one (no report, provider status or error yet). */
export type PublishedRow = Pick<MessageRow, 'id' | 'storeId' | 'platform' | 'eventType' | 'messageKey' | 'orderId' | 'recipient' | 'text'> &
  Partial<Pick<MessageRow, 'reportId' | 'providerStatus' | 'error'>>;

/** Publish `message.status` for rows that moved from `previous` (or from their own recorded state). */
export function publish(
  context: EngineContext,
  rows: readonly PublishedRow[],
  status: MessageStatus,
  previous: MessageStatus,
  extra: { reportId?: string | null; error?: string | null } = {},
): void {
  // 100,000 events nobody reads cost more than their batch's request: build none.
  if (rows.length === 0 || context.wantsStatus?.() === false) return;
  const at = context.clock();
  for (const row of rows) {
    const { idempotencyKey, role } = parseMessageKey(row.storeId, row.messageKey);
    context.emitStatus({
      messageId: row.id,
      storeId: row.storeId,
      platform: row.platform,
      eventType: row.eventType,
      idempotencyKey,
      role,
      orderId: row.orderId,
      status,
      previousStatus: previous,
      reportId: extra.reportId ?? row.reportId ?? null,
      providerStatus: row.providerStatus ?? null,
      error: extra.error ?? row.error ?? null,
      // maskPhone() of the marker would be '': say what it is instead.
      recipientMasked: row.recipient === REDACTED_RECIPIENT ? REDACTED_RECIPIENT : maskPhone(row.recipient),
      recipient: row.recipient,
      text: row.text,
      at,
    });
  }
}

/** The parts of a message key (`<store id>:<idempotency key>#<role>`, built in build-messages.ts). */
export function parseMessageKey(storeId: string, messageKey: string): { idempotencyKey: string; role: string } {
  const rest = messageKey.startsWith(`${storeId}:`) ? messageKey.slice(storeId.length + 1) : messageKey;
  const hash = rest.lastIndexOf('#');
  return hash === -1 ? { idempotencyKey: rest, role: 'customer' } : { idempotencyKey: rest.slice(0, hash), role: rest.slice(hash + 1) };
}

/** Exponential backoff with a cap: base·2^n ≤ cap. */
export function backoff(baseMs: number, attempt: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.min(attempt, 20));
}
