// One order delivery end to end: read what we remember of the order, decide (decide.ts), hand the events
// to the engine, and store the new state with a compare-and-set. Acceptance is idempotent by key, so when
// a concurrent delivery of the same order wins the write, deciding again from its state is safe.
import { normalizeTurkishMobile } from '@esemes/core';
import { EventValidationError, NoRecipientError, type CanonicalEventInput, type Notifier, type StateStore } from '@esemes/notify';
import { DEFAULT_CONSENT_META_KEYS, smsConsentOf } from './consent.js';
import { decide } from './decide.js';
import type { OrderState, WooOrder, WooStore } from './types.js';

export const ORDERS_NAMESPACE = 'woocommerce:orders';
/** Phones that gave marketing consent on an order, for carts that arrive without it (Cart Abandonment Recovery). */
export const CONSENT_NAMESPACE = 'woocommerce:consent';
const ATTEMPTS = 10;

/** Runs work for one key at a time (in this process): WooCommerce delivers several saves of an order at once. */
export interface KeyedLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, work) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(work, work);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}

export interface EventResult {
  type: string;
  idempotencyKey: string;
  status: 'accepted' | 'duplicate' | 'skipped' | 'invalid';
  messageIds: string[];
  reason?: string;
}

export interface ProcessResult {
  status: 'processed' | 'stale';
  events: EventResult[];
}

export interface ProcessContext {
  state: StateStore;
  notifier: Pick<Notifier, 'accept' | 'cancel'>;
  clock: () => number;
  log: { warn(obj: object, msg?: string): void };
  /** Serializes deliveries of one order in this process; the compare-and-set covers other instances. */
  orderLock?: KeyedLock;
}

/** Accept one canonical event; a missing phone or an event the engine refuses is reported, not thrown. */
export async function acceptEvent(ctx: ProcessContext, event: CanonicalEventInput): Promise<EventResult> {
  const base = { type: event.type, idempotencyKey: event.idempotencyKey };
  try {
    const outcome = await ctx.notifier.accept(event);
    const skipped = outcome.skipped.map((skip) => skip.reason).join('; ');
    if (outcome.status === 'accepted' && outcome.messageIds.length === 0) return { ...base, status: 'skipped', messageIds: [], reason: skipped || 'no message' };
    return { ...base, status: outcome.status, messageIds: outcome.messageIds };
  } catch (error) {
    if (error instanceof NoRecipientError) return { ...base, status: 'skipped', messageIds: [], reason: error.message };
    if (error instanceof EventValidationError) {
      ctx.log.warn({ type: event.type, issues: error.issues }, 'woocommerce: the engine refused an event built from an order');
      return { ...base, status: 'invalid', messageIds: [], reason: error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') };
    }
    throw error;
  }
}

export async function processOrder(ctx: ProcessContext, store: WooStore, order: WooOrder): Promise<ProcessResult> {
  const key = `${store.id}:${order.id}`;
  return ctx.orderLock ? ctx.orderLock.run(key, () => processOnce(ctx, store, order, key)) : processOnce(ctx, store, order, key);
}

async function processOnce(ctx: ProcessContext, store: WooStore, order: WooOrder, key: string): Promise<ProcessResult> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const record = await ctx.state.getState(ORDERS_NAMESPACE, key);
    const previous = record ? (JSON.parse(record.value) as OrderState) : undefined;
    const decision = decide({ store, order, previous, now: ctx.clock() });
    if (decision.stale) return { status: 'stale', events: [] };
    await rememberConsent(ctx, store, order);
    const events: EventResult[] = [];
    for (const event of decision.events) events.push(await acceptEvent(ctx, event));
    if (decision.cancelCartKey) await ctx.notifier.cancel(decision.cancelCartKey);
    const saved = await ctx.state.putState(ORDERS_NAMESPACE, key, JSON.stringify(decision.next), { expectedVersion: record ? record.version : null }, ctx.clock());
    if (saved) return { status: 'processed', events };
  }
  throw new Error(`woocommerce: order ${order.id} of store ${store.id} changed ${ATTEMPTS} times while being processed`);
}

async function rememberConsent(ctx: ProcessContext, store: WooStore, order: WooOrder): Promise<void> {
  const consent = smsConsentOf(order, store.settings.consentMetaKeys ?? DEFAULT_CONSENT_META_KEYS);
  if (!consent.marketing) return;
  for (const candidate of [order.billing.phone, order.shipping.phone]) {
    const phone = candidate ? normalizeTurkishMobile(candidate) : undefined;
    if (phone?.ok) await ctx.state.putState(CONSENT_NAMESPACE, `${store.id}:${phone.number}`, JSON.stringify({ source: consent.source ?? 'order', orderId: order.id }), {}, ctx.clock());
  }
}

/** Whether a number gave marketing consent on one of the store's orders. */
export async function hasRecordedConsent(state: StateStore, storeId: string, phone: string | undefined): Promise<boolean> {
  const normalized = phone ? normalizeTurkishMobile(phone) : undefined;
  if (!normalized?.ok) return false;
  return (await state.getState(CONSENT_NAMESPACE, `${storeId}:${normalized.number}`)) !== undefined;
}
