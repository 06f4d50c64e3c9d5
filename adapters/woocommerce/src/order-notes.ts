// Private order notes recording each SMS ("SMS sent to 0532***8877: …"), written through a durable retry
// queue in the state store: a store that is down for a while must not lose notes, and one failing note
// must not hold up the others.
import type { StateRecord, StateStore } from '@esemes/notify';
import { z } from 'zod';
import { isWooRestError, type WooRestClient } from './rest-client.js';

export type NoteStatus = 'sent' | 'delivered' | 'failed' | 'undelivered';

const NOTE_TEXT_MAX = 500;

/**
 * `5321238877` → `0532***8877` (a 10-digit national mobile). Anything else keeps its last 4 characters
 * and masks the rest; 4 characters or fewer are masked entirely.
 */
export function maskForNote(number10: string): string {
  if (/^\d{10}$/.test(number10)) return `0${number10.slice(0, 3)}***${number10.slice(-4)}`;
  if (number10.length <= 4) return '*'.repeat(number10.length);
  return '*'.repeat(number10.length - 4) + number10.slice(-4);
}

/** The note for one SMS status; `recipient` is the 10-digit number and is always masked. */
export function formatOrderNote(status: NoteStatus, details: { recipient: string; text?: string; error?: string }): string {
  const to = maskForNote(details.recipient);
  const text = details.text === undefined ? undefined : cut(details.text);
  const reason = details.error === undefined || details.error === '' ? undefined : cut(details.error);
  switch (status) {
    case 'sent':
      return text === undefined ? `SMS sent to ${to}.` : `SMS sent to ${to}: ${text}`;
    case 'delivered':
      return `SMS delivered to ${to}.`;
    case 'failed':
      return reason === undefined ? `SMS to ${to} failed.` : `SMS to ${to} failed: ${reason}`;
    case 'undelivered':
      return reason === undefined ? `SMS to ${to} was not delivered.` : `SMS to ${to} was not delivered: ${reason}`;
  }
}

function cut(text: string): string {
  return text.length <= NOTE_TEXT_MAX ? text : `${text.slice(0, NOTE_TEXT_MAX - 1)}…`;
}

export interface OrderNoteJob {
  storeId: string;
  orderId: number;
  /** The outbox message id; with `status`, the job's identity. */
  messageId: string;
  status: NoteStatus;
  /** The finished note (see {@link formatOrderNote}); already masked. */
  note: string;
}

export interface OrderNoteQueueLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface OrderNoteQueueOptions {
  state: StateStore;
  /** The store's REST client; undefined when the store is gone (its jobs are dropped). */
  clientFor: (storeId: string) => Promise<WooRestClient | undefined>;
  clock?: () => number;
  logger?: OrderNoteQueueLogger;
  /** Attempts before a note is given up; default 8. */
  maxAttempts?: number;
  /** Delay after the first failure, doubled after each further one (at most 6 h); default 30 s. */
  baseDelayMs?: number;
}

export interface RunDueResult {
  written: number;
  retried: number;
  dropped: number;
}

export interface OrderNoteQueue {
  /** Queues a note; the same `messageId` + `status` while still queued is ignored. */
  enqueue(job: OrderNoteJob): Promise<void>;
  /** Writes up to `limit` (default 50) due notes. */
  runDue(limit?: number): Promise<RunDueResult>;
}

export const ORDER_NOTES_NAMESPACE = 'woocommerce:notes';
const MAX_DELAY_MS = 6 * 60 * 60 * 1000;
// A claimed job is hidden this long; if the worker dies mid-call another one picks it up afterwards.
const LEASE_MS = 5 * 60 * 1000;

const StoredJob = z.object({
  storeId: z.string(),
  orderId: z.number().int().positive(),
  messageId: z.string(),
  status: z.enum(['sent', 'delivered', 'failed', 'undelivered']),
  note: z.string(),
  attempts: z.number().int().nonnegative(),
});
type StoredJob = z.infer<typeof StoredJob>;

type Outcome = keyof RunDueResult | 'skipped';

export function createOrderNoteQueue(options: OrderNoteQueueOptions): OrderNoteQueue {
  const { state, clientFor, logger } = options;
  const clock = options.clock ?? Date.now;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 30_000;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError('createOrderNoteQueue: maxAttempts must be a positive integer');
  if (!(baseDelayMs >= 0)) throw new TypeError('createOrderNoteQueue: baseDelayMs must be >= 0');

  async function runOne(record: StateRecord, now: number, downStores: Map<string, unknown>): Promise<Outcome> {
    const parsed = StoredJob.safeParse(safeJson(record.value));
    if (!parsed.success) {
      await state.deleteState(ORDER_NOTES_NAMESPACE, record.key, record.version);
      logger?.warn({ key: record.key }, 'woocommerce: unreadable order-note job dropped');
      return 'dropped';
    }
    const job = parsed.data;
    // Claim first (compare-and-set), so two instances running the queue never write the same note.
    const claimed = await state.putState(ORDER_NOTES_NAMESPACE, record.key, record.value, { expectedVersion: record.version, dueAt: now + LEASE_MS }, now);
    if (!claimed) return 'skipped';

    const fields = { storeId: job.storeId, orderId: job.orderId, messageId: job.messageId, status: job.status };
    try {
      // A store that failed as a whole in this run is not called again for each of its notes.
      if (downStores.has(job.storeId)) throw downStores.get(job.storeId);
      const client = await clientFor(job.storeId);
      if (!client) {
        await state.deleteState(ORDER_NOTES_NAMESPACE, record.key, claimed.version);
        logger?.info(fields, 'woocommerce: order note dropped, store not connected');
        return 'dropped';
      }
      await client.addOrderNote(job.orderId, job.note);
      await state.deleteState(ORDER_NOTES_NAMESPACE, record.key, claimed.version);
      return 'written';
    } catch (error) {
      return failed(job, record.key, claimed.version, error, now, downStores, fields);
    }
  }

  async function failed(job: StoredJob, key: string, version: number, error: unknown, now: number, downStores: Map<string, unknown>, fields: object): Promise<Outcome> {
    const reason = describe(error);
    if (isWooRestError(error) && error.code === 'not_found') {
      await state.deleteState(ORDER_NOTES_NAMESPACE, key, version);
      logger?.info({ ...fields, reason }, 'woocommerce: order note dropped, order not found');
      return 'dropped';
    }
    if (isWooRestError(error) && (error.code === 'unreachable' || error.code === 'auth')) downStores.set(job.storeId, error);
    const attempts = job.attempts + 1;
    if (attempts >= maxAttempts) {
      await state.deleteState(ORDER_NOTES_NAMESPACE, key, version);
      logger?.warn({ ...fields, attempts, reason }, 'woocommerce: order note given up');
      return 'dropped';
    }
    const delay = Math.min(baseDelayMs * 2 ** (attempts - 1), MAX_DELAY_MS);
    const value = JSON.stringify({ ...job, attempts } satisfies StoredJob);
    const saved = await state.putState(ORDER_NOTES_NAMESPACE, key, value, { expectedVersion: version, dueAt: now + delay }, now);
    return saved ? 'retried' : 'skipped';
  }

  return {
    async enqueue(job) {
      if (!Number.isInteger(job.orderId) || job.orderId <= 0) throw new TypeError('enqueue: orderId must be a positive integer');
      const now = clock();
      const value = JSON.stringify({ ...job, attempts: 0 } satisfies StoredJob);
      // expectedVersion null: a second enqueue of the same job changes nothing.
      await state.putState(ORDER_NOTES_NAMESPACE, `${job.messageId}:${job.status}`, value, { expectedVersion: null, dueAt: now }, now);
    },
    async runDue(limit = 50) {
      const now = clock();
      const result: RunDueResult = { written: 0, retried: 0, dropped: 0 };
      const due = await state.listState(ORDER_NOTES_NAMESPACE, { dueBefore: now, limit });
      const downStores = new Map<string, unknown>();
      for (const record of due) {
        let outcome: Outcome;
        try {
          outcome = await runOne(record, now, downStores);
        } catch (error) {
          // The state store itself failed; leave this job for the next run and go on.
          logger?.warn({ key: record.key, reason: describe(error) }, 'woocommerce: order-note job failed');
          outcome = 'skipped';
        }
        if (outcome !== 'skipped') result[outcome]++;
      }
      return result;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// WooRestError messages are built without secrets or numbers; other errors are reduced to their class.
function describe(error: unknown): string {
  if (isWooRestError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.name : 'unknown error';
}
