// One order delivery end to end: read what is stored of the order, diff (order-diff.ts), hand the events to
// the engine, and store the new state with a compare-and-set. Acceptance is idempotent by key, so when a
// concurrent delivery (another server instance) wins the write, deciding again from its state is safe.
import type { Notifier, StateStore } from '@esemes/notify';
import { acceptEvents, type EventResult } from './accept-events.js';
import { createKeyedLock, type KeyedLock } from './keyed-lock.js';
import type { AdapterLog } from './log.js';
import { diffOrder, type OrderDiffSettings, type OrderSnapshot, type OrderState } from './order-diff.js';

export interface TrackResult {
  /** `stale`: older than what was already seen, nothing done. */
  status: 'processed' | 'stale';
  events: EventResult[];
  /** Why things were skipped (no phone numbers), for the delivery's log line. */
  notes: string[];
}

export interface OrderTrackerOptions {
  /** The engine (accept) and its durable state. */
  notifier: Pick<Notifier, 'accept' | 'state'>;
  /** Where the order states live, e.g. `woocommerce:orders` (one namespace per platform). */
  namespace: string;
  clock?: () => number;
  /** Compare-and-set attempts before giving up (default 10). */
  attempts?: number;
}

export interface OrderTracker {
  /**
   * Process one delivery of an order. `key` names the order within the namespace (e.g. `<store>:<order id>`);
   * deliveries of one key run one at a time in this process. `onFresh` runs once when the delivery is not
   * stale, before its events are accepted (e.g. to record consent).
   */
  track(
    key: string,
    snapshot: OrderSnapshot,
    settings: OrderDiffSettings,
    options?: { log?: Pick<AdapterLog, 'warn'>; onFresh?: () => Promise<void> },
  ): Promise<TrackResult>;
  /** What is stored of an order, if anything. */
  get(key: string): Promise<OrderState | undefined>;
}

export class OrderTrackingError extends Error {
  override name = 'OrderTrackingError' as const;
  readonly code = 'order_contended' as const;
}

/**
 * @example
 * const orders = createOrderTracker({ notifier, namespace: 'woocommerce:orders' });
 * const result = await orders.track(`${store.id}:${order.id}`, toSnapshot(order), { keyPrefix: `woo:${store.id}` });
 */
export function createOrderTracker(options: OrderTrackerOptions): OrderTracker {
  const { notifier, namespace } = options;
  const state: StateStore = notifier.state;
  const clock = options.clock ?? Date.now;
  const attempts = options.attempts ?? 10;
  if (!Number.isInteger(attempts) || attempts < 1) throw new TypeError('createOrderTracker: attempts must be a positive integer');
  if (typeof namespace !== 'string' || namespace === '') throw new TypeError('createOrderTracker: namespace is required');
  const lock: KeyedLock = createKeyedLock();

  async function once(
    key: string,
    snapshot: OrderSnapshot,
    settings: OrderDiffSettings,
    log: Pick<AdapterLog, 'warn'> | undefined,
    onFresh: (() => Promise<void>) | undefined,
  ): Promise<TrackResult> {
    let fresh = false;
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const record = await state.getState(namespace, key);
      const previous = record ? (JSON.parse(record.value) as OrderState) : undefined;
      const diff = diffOrder(previous, snapshot, settings, clock());
      if (diff.stale) return { status: 'stale', events: [], notes: diff.notes };
      if (!fresh && onFresh) await onFresh();
      fresh = true;
      const events = await acceptEvents(notifier, diff.events, log);
      const saved = await state.putState(namespace, key, JSON.stringify(diff.next), { expectedVersion: record ? record.version : null }, clock());
      if (saved) return { status: 'processed', events, notes: diff.notes };
    }
    throw new OrderTrackingError(`order ${key} changed ${attempts} times while being processed`);
  }

  return {
    track: (key, snapshot, settings, extra = {}) => lock.run(key, () => once(key, snapshot, settings, extra.log, extra.onFresh)),
    async get(key) {
      const record = await state.getState(namespace, key);
      return record ? (JSON.parse(record.value) as OrderState) : undefined;
    },
  };
}
