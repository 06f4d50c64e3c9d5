// A line on the Shopify order's note for each SMS (the kit's statusNote: "SMS sent to 0532***8877: …"),
// written through the kit's durable write-back queue and the Admin GraphQL API. The note is read and the
// line appended (the Admin API has no order timeline comments for apps), so what the merchant or the buyer
// wrote stays; a line already there is not written twice.
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
import { isShopifyApiError, throwUserErrors, type AdminGraphql } from './graphql.js';

export const ORDER_NOTES_NAMESPACE = 'shopify:notes';
/** Shopify's order notes are plain text; past this, the oldest of our lines give way. */
export const MAX_NOTE_LENGTH = 5_000;

export interface OrderNoteJob {
  shopId: string;
  orderId: string;
  messageId: string;
  status: NoteStatus;
  note: string;
}

const StoredJob = z.object({
  shopId: z.string(),
  orderId: z.string().regex(/^\d+$/),
  messageId: z.string(),
  status: z.enum(['sent', 'delivered', 'failed', 'undelivered']),
  note: z.string(),
});

const READ = `query OrderNote($id: ID!) { order(id: $id) { id note } }`;
const UPDATE = `mutation OrderNoteUpdate($input: OrderInput!) { orderUpdate(input: $input) { order { id note } userErrors { field message } } }`;

/** The note with `line` appended (a line already there changes nothing); over the limit, the oldest SMS lines go first. */
export function appendNoteLine(note: string | null | undefined, line: string): string | undefined {
  const current = (note ?? '').replace(/\s+$/, '');
  if (current.split('\n').includes(line)) return undefined;
  let next = current === '' ? line : `${current}\n${line}`;
  while (next.length > MAX_NOTE_LENGTH) {
    const lines = next.split('\n');
    const oldest = lines.findIndex((entry) => entry.startsWith('SMS '));
    if (oldest === -1 || oldest === lines.length - 1) return next.slice(next.length - MAX_NOTE_LENGTH);
    lines.splice(oldest, 1);
    next = lines.join('\n');
  }
  return next;
}

export interface OrderNoteQueue {
  enqueue(job: OrderNoteJob): Promise<void>;
  runDue(limit?: number): Promise<WriteBackRun>;
  ofMessage(messageId: string): Promise<{ history: WriteBackHistoryEntry[]; pending: WriteBackPendingEntry[] }>;
}

/** An uninstalled app or a revoked token: the shop is down as a whole; an unknown order: gone. */
function classify(error: unknown): WriteBackFailure {
  if (!isShopifyApiError(error)) return 'retry';
  if (error.code === 'auth') return 'down';
  if (error.code === 'user_errors') return 'gone';
  return error.code === 'unreachable' ? 'down' : 'retry';
}

export function createOrderNoteQueue(options: {
  state: StateStore;
  graphqlFor: (shopId: string) => Promise<AdminGraphql | undefined>;
  clock?: () => number;
  logger?: Pick<AdapterLog, 'info' | 'warn'>;
}): OrderNoteQueue {
  const queue = createWriteBackQueue<OrderNoteJob>({
    state: options.state,
    namespace: ORDER_NOTES_NAMESPACE,
    label: 'shopify: order note',
    parse: (value) => StoredJob.safeParse(value).data,
    async write(job) {
      const graphql = await options.graphqlFor(job.shopId);
      if (!graphql) throw new WriteBackGoneError('the shop is no longer installed, or writes no notes');
      const id = `gid://shopify/Order/${job.orderId}`;
      const read: { order: { id: string; note: string | null } | null } = await graphql.request(READ, { id });
      if (!read.order) throw new WriteBackGoneError('the order no longer exists');
      const note = appendNoteLine(read.order.note, job.note);
      if (note === undefined) return;
      const updated: { orderUpdate: { userErrors: Array<{ field?: string[] | null; message: string }> } } = await graphql.request(UPDATE, {
        input: { id, note },
      });
      throwUserErrors('orderUpdate', updated.orderUpdate.userErrors);
    },
    classify,
    // ShopifyApiError messages hold no tokens or numbers; other errors are reduced to their class.
    describe: (error) => (isShopifyApiError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.name : 'unknown error'),
    targetOf: (job) => job.shopId,
    logFields: (job) => ({ shopId: job.shopId, orderId: job.orderId, messageId: job.messageId, status: job.status }),
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  return {
    async enqueue(job) {
      await queue.enqueue(`${job.messageId}:${job.status}`, job);
    },
    runDue: (limit) => queue.runDue(limit),
    async ofMessage(messageId) {
      const prefix = `${messageId}:`;
      return { history: await queue.history(prefix), pending: await queue.pending(prefix) };
    },
  };
}
