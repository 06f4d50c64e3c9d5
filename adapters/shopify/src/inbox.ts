// The durable inbox: a delivery is stored before Shopify gets its 200 (well inside its 5 s), then processed
// here, at once and again later when it needs an order that has not arrived yet. Built on the kit's
// write-back queue: one claim per delivery across server instances, backoff, and a history of what became
// of each webhook id, which is also how a redelivery is recognised.
import { createWriteBackQueue, WriteBackGoneError, type WriteBackFailure, type WriteBackQueue } from '@esemes/adapter-kit';
import { z } from 'zod';
import { MalformedPayloadError } from './payloads.js';
import { processDelivery, WaitingForOrderError, type Delivery } from './process.js';
import type { ShopifyRuntime } from './runtime.js';

export const INBOX_NAMESPACE = 'shopify:inbox';
/** How long a webhook id is remembered after processing: Shopify retries for 4 hours. */
export const DELIVERY_MEMORY_MS = 48 * 3_600_000;

const StoredDelivery = z.object({
  topic: z.string(),
  shopId: z.string(),
  webhookId: z.string(),
  eventId: z.string().optional(),
  triggeredAt: z.number().optional(),
  body: z.string(),
});

function classify(error: unknown): WriteBackFailure {
  if (error instanceof MalformedPayloadError) return 'gone';
  if (error instanceof WaitingForOrderError) return 'retry';
  return 'retry';
}

export interface ShopifyInbox {
  /** Store a delivery; false when this webhook id is already stored or was processed (a redelivery). */
  add(delivery: Delivery): Promise<boolean>;
  /** Process what is due (at most `limit`). */
  runDue(limit?: number): ReturnType<WriteBackQueue<Delivery>['runDue']>;
}

export function createInbox(runtime: ShopifyRuntime, options: { baseDelayMs?: number; maxAttempts?: number } = {}): ShopifyInbox {
  const queue = createWriteBackQueue<Delivery>({
    state: runtime.notifier.state,
    namespace: INBOX_NAMESPACE,
    label: 'shopify: delivery',
    parse: (value) => StoredDelivery.safeParse(value).data as Delivery | undefined,
    async write(delivery) {
      const shop = await runtime.registry.get(delivery.shopId);
      if (!shop || !shop.installed) throw new WriteBackGoneError('the shop is not installed (any more)');
      const result = await processDelivery(runtime, shop, delivery);
      runtime.log.info(
        {
          shop: shop.id,
          topic: delivery.topic,
          webhookId: delivery.webhookId,
          events: result.events.map((event) => ({ type: event.type, status: event.status, ...(event.reason ? { reason: event.reason } : {}) })),
          ...(result.notes.length > 0 ? { notes: result.notes } : {}),
        },
        'shopify: delivery processed',
      );
    },
    classify,
    describe: (error) =>
      error instanceof Error && 'code' in error
        ? `${String((error as { code: unknown }).code)}: ${error.message}`
        : error instanceof Error
          ? error.name
          : 'unknown error',
    logFields: (delivery) => ({ shop: delivery.shopId, topic: delivery.topic, webhookId: delivery.webhookId }),
    clock: () => runtime.clock(),
    logger: runtime.log,
    historyMs: DELIVERY_MEMORY_MS,
    // An order's own delivery is usually seconds behind; Shopify gives up on its side after 4 hours.
    maxAttempts: options.maxAttempts ?? 12,
    baseDelayMs: options.baseDelayMs ?? 10_000,
  });
  return {
    async add(delivery) {
      if ((await queue.history(delivery.webhookId)).some((entry) => entry.id === delivery.webhookId)) return false;
      return queue.enqueue(delivery.webhookId, delivery);
    },
    runDue: (limit) => queue.runDue(limit),
  };
}
