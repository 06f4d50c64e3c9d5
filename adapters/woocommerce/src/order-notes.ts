// Private order notes recording each SMS (the kit's statusNote: "SMS sent to 0532***8877: …"), written
// through the kit's durable write-back queue: a store that is down for a while loses no notes, and one
// failing note does not hold up the others.
import {
  createWriteBackQueue,
  WriteBackGoneError,
  type AdapterLog,
  type NoteStatus,
  type WriteBackFailure,
  type WriteBackHistoryEntry,
  type WriteBackPendingEntry,
  type WriteBackRun,
} from '@esemes/adapter-kit';
import type { StateStore } from '@esemes/notify';
import { z } from 'zod';
import { isWooRestError, type WooRestClient } from './rest-client.js';

export interface OrderNoteJob {
  storeId: string;
  orderId: number;
  /** The outbox message id; with `status`, the job's identity. */
  messageId: string;
  status: NoteStatus;
  /** The finished note (the kit's statusNote); already masked. */
  note: string;
}

export interface OrderNoteQueueOptions {
  state: StateStore;
  /** The store's REST client; undefined when the store is gone (its notes are dropped). */
  clientFor: (storeId: string) => Promise<WooRestClient | undefined>;
  clock?: () => number;
  logger?: Pick<AdapterLog, 'info' | 'warn'>;
  /** Attempts before a note is given up; default 8. */
  maxAttempts?: number;
  /** Delay after the first failure, doubled after each further one (at most 6 h); default 30 s. */
  baseDelayMs?: number;
}

export type RunDueResult = WriteBackRun;

export interface OrderNoteQueue {
  /** Queues a note; the same `messageId` + `status` while still queued is ignored. */
  enqueue(job: OrderNoteJob): Promise<void>;
  /** Writes up to `limit` (default 50) due notes. */
  runDue(limit?: number): Promise<RunDueResult>;
  /** A message's notes: those written, dropped or given up (kept 30 days) and those still waiting. */
  ofMessage(messageId: string): Promise<{ history: WriteBackHistoryEntry[]; pending: WriteBackPendingEntry[] }>;
}

export const ORDER_NOTES_NAMESPACE = 'woocommerce:notes';

const StoredJob = z.object({
  storeId: z.string(),
  orderId: z.number().int().positive(),
  messageId: z.string(),
  status: z.enum(['sent', 'delivered', 'failed', 'undelivered']),
  note: z.string(),
});

/** A deleted order is gone; a store that is unreachable or refuses our keys is down as a whole. */
function classify(error: unknown): WriteBackFailure {
  if (!isWooRestError(error)) return 'retry';
  if (error.code === 'not_found') return 'gone';
  return error.code === 'unreachable' || error.code === 'auth' ? 'down' : 'retry';
}

// WooRestError messages are built without secrets or numbers; other errors are reduced to their class.
function describe(error: unknown): string {
  if (isWooRestError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.name : 'unknown error';
}

export function createOrderNoteQueue(options: OrderNoteQueueOptions): OrderNoteQueue {
  const { clientFor } = options;
  const queue = createWriteBackQueue<OrderNoteJob>({
    state: options.state,
    namespace: ORDER_NOTES_NAMESPACE,
    label: 'woocommerce: order note',
    parse: (value) => StoredJob.safeParse(value).data,
    async write(job) {
      const client = await clientFor(job.storeId);
      if (!client) throw new WriteBackGoneError('the store is no longer connected');
      await client.addOrderNote(job.orderId, job.note);
    },
    classify,
    describe,
    targetOf: (job) => job.storeId,
    logFields: (job) => ({ storeId: job.storeId, orderId: job.orderId, messageId: job.messageId, status: job.status }),
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.baseDelayMs !== undefined ? { baseDelayMs: options.baseDelayMs } : {}),
  });
  return {
    async enqueue(job) {
      if (!Number.isInteger(job.orderId) || job.orderId <= 0) throw new TypeError('enqueue: orderId must be a positive integer');
      await queue.enqueue(`${job.messageId}:${job.status}`, job);
    },
    runDue: (limit) => queue.runDue(limit),
    async ofMessage(messageId) {
      const prefix = `${messageId}:`;
      return { history: await queue.history(prefix), pending: await queue.pending(prefix) };
    },
  };
}
