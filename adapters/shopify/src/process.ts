// What each delivered topic does, run by the inbox worker after the delivery was stored and acknowledged:
// orders go through the kit's order tracker (one SMS per real transition; stale deliveries dropped by
// `updated_at`), fulfillments, their events and refunds use what the order's deliveries left (its context),
// checkouts schedule or end the reminders, consent updates feed the ledger. Idempotency keys make every
// step safe to repeat: a redelivery, or one change arriving through two topics, sends nothing twice.
import {
  acceptEvent,
  acceptEvents,
  cartClosedEvent,
  cartReminderEvents,
  type EventBase,
  type EventOrder,
  type EventResult,
  type EventShipment,
} from '@esemes/adapter-kit';
import {
  parseCheckout,
  parseConsentUpdate,
  parseFulfillment,
  parseFulfillmentEvent,
  parseOrder,
  parseRefund,
  parseShopifyJson,
  timeOf,
  type ShopifyCheckout,
  type ShopifyOrder,
} from './payloads.js';
import type { ShopifyRuntime } from './runtime.js';
import { canonicalStore, checkoutBase, checkoutCart, diffSettings, keyPrefixOf, orderFields, orderSnapshot, shipmentsOf } from './snapshot.js';
import type { ShopRecord } from './types.js';

export const CONTEXT_NAMESPACE = 'shopify:order-context';
export const CHECKOUTS_NAMESPACE = 'shopify:checkouts';
/** When each number's consent last changed (per shop), so an older change arriving late is dropped. */
export const CONSENT_TIMES_NAMESPACE = 'shopify:consent-times';

/** A delivery about an order whose own deliveries have not arrived yet: tried again later. */
export class WaitingForOrderError extends Error {
  override readonly name = 'WaitingForOrderError' as const;
  readonly code = 'waiting_for_order' as const;
}

/** One stored delivery, as the inbox keeps it. */
export interface Delivery {
  topic: string;
  shopId: string;
  webhookId: string;
  eventId?: string;
  /** X-Shopify-Triggered-At, epoch ms. */
  triggeredAt?: number;
  /** The body as received (UTF-8). */
  body: string;
}

/** What the order's deliveries left for the topics that carry no customer: fulfillments, their events, refunds. */
interface OrderContext {
  base: EventBase;
  order: EventOrder;
  /** Shipments by fulfillment id. */
  fulfillments: Record<string, EventShipment[]>;
  checkoutToken?: string;
  updatedAt: number;
}

interface CheckoutState {
  scheduled: boolean;
  closed: boolean;
  /** The customer's numbers (normalized later by the engine), for a consent revocation and a privacy request. */
  phones: string[];
  updatedAt: number;
}

export interface ProcessResult {
  topic: string;
  events: EventResult[];
  notes: string[];
}

const contextKey = (shop: ShopRecord, orderId: string): string => `${shop.id}:${orderId}`;

async function readJson<T>(runtime: ShopifyRuntime, namespace: string, key: string): Promise<{ value: T; version: number } | undefined> {
  const record = await runtime.notifier.state.getState(namespace, key);
  return record ? { value: JSON.parse(record.value) as T, version: record.version } : undefined;
}

async function saveContext(
  runtime: ShopifyRuntime,
  shop: ShopRecord,
  orderId: string,
  change: (current: OrderContext | undefined) => OrderContext,
): Promise<void> {
  // Compare-and-set, a few times: two deliveries of one order may run on two instances.
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const current = await readJson<OrderContext>(runtime, CONTEXT_NAMESPACE, contextKey(shop, orderId));
    const saved = await runtime.notifier.state.putState(
      CONTEXT_NAMESPACE,
      contextKey(shop, orderId),
      JSON.stringify(change(current?.value)),
      { expectedVersion: current ? current.version : null },
      runtime.clock(),
    );
    if (saved) return;
  }
  throw new Error(`shopify: the context of order ${orderId} kept changing under us`);
}

async function contextOf(runtime: ShopifyRuntime, shop: ShopRecord, orderId: string): Promise<OrderContext> {
  const context = await readJson<OrderContext>(runtime, CONTEXT_NAMESPACE, contextKey(shop, orderId));
  if (!context) throw new WaitingForOrderError(`order ${orderId} has not been delivered yet`);
  return context.value;
}

/** The customer of a later event: the order's, with consent from the ledger when the order carried none. */
async function withLedgerConsent(runtime: ShopifyRuntime, shop: ShopRecord, base: EventBase): Promise<EventBase> {
  if (base.customer.smsConsent?.marketing === true) return base;
  for (const phone of base.customer.phones ?? []) {
    if (await runtime.consent.has(shop.id, phone))
      return { ...base, customer: { ...base.customer, smsConsent: { marketing: true, source: 'shopify:customers_marketing_consent' } } };
  }
  return base;
}

async function processOrder(runtime: ShopifyRuntime, shop: ShopRecord, order: ShopifyOrder, delivery: Delivery): Promise<ProcessResult> {
  const snapshot = orderSnapshot(shop, order);
  const base = await withLedgerConsent(runtime, shop, snapshot.base);
  const result = await runtime.orders.track(contextKey(shop, order.id), { ...snapshot, base }, diffSettings(shop), {
    log: runtime.log,
    onFresh: async () => {
      if (base.customer.smsConsent?.marketing === true) {
        await runtime.consent.record(shop.id, base.customer.phones ?? [], { source: base.customer.smsConsent.source ?? 'shopify', ref: order.id });
      }
      await saveContext(runtime, shop, order.id, (current) => ({
        base,
        order: snapshot.order,
        fulfillments: {
          ...current?.fulfillments,
          ...Object.fromEntries((order.fulfillments ?? []).map((fulfillment) => [fulfillment.id, shipmentsOf(fulfillment)])),
        },
        ...(order.checkout_token ? { checkoutToken: order.checkout_token } : current?.checkoutToken ? { checkoutToken: current.checkoutToken } : {}),
        updatedAt: Math.max(current?.updatedAt ?? 0, timeOf(order.updated_at) ?? runtime.clock()),
      }));
    },
  });
  const events = [...result.events];
  // The checkout became this order: its reminders still queued are cancelled.
  if (result.status === 'processed' && order.checkout_token)
    events.push(...(await closeCheckout(runtime, shop, order.checkout_token, base, orderFields(order, shop))));
  return { topic: delivery.topic, events, notes: result.notes };
}

async function closeCheckout(runtime: ShopifyRuntime, shop: ShopRecord, token: string, base: EventBase, order?: EventOrder): Promise<EventResult[]> {
  const key = `${shop.id}:${token}`;
  const stored = await readJson<CheckoutState>(runtime, CHECKOUTS_NAMESPACE, key);
  if (!stored || !stored.value.scheduled || stored.value.closed) return [];
  const result = await acceptEvent(
    runtime.notifier,
    cartClosedEvent({ keyPrefix: keyPrefixOf(shop), base, cartId: token, ...(order ? { order } : {}) }),
    runtime.log,
  );
  await runtime.notifier.state.putState(
    CHECKOUTS_NAMESPACE,
    key,
    JSON.stringify({ ...stored.value, closed: true, updatedAt: runtime.clock() }),
    {},
    runtime.clock(),
  );
  return [result];
}

async function processCheckout(runtime: ShopifyRuntime, shop: ShopRecord, checkout: ShopifyCheckout, delivery: Delivery): Promise<ProcessResult> {
  const key = `${shop.id}:${checkout.token}`;
  const base = await withLedgerConsent(runtime, shop, checkoutBase(checkout, shop));
  if (base.customer.smsConsent?.marketing === true) {
    await runtime.consent.record(shop.id, base.customer.phones ?? [], { source: base.customer.smsConsent.source ?? 'shopify:checkout', ref: checkout.token });
  }
  if (checkout.completed_at !== undefined || checkout.closed_at !== undefined) {
    return { topic: delivery.topic, events: await closeCheckout(runtime, shop, checkout.token, base), notes: ['checkout completed or closed'] };
  }
  const stored = await readJson<CheckoutState>(runtime, CHECKOUTS_NAMESPACE, key);
  if (stored?.value.scheduled || stored?.value.closed) return { topic: delivery.topic, events: [], notes: ['reminders already planned'] };
  const cart = checkoutCart(checkout, shop);
  if (!cart) return { topic: delivery.topic, events: [], notes: ['checkout without a recovery link: no reminders'] };
  // The delays count from when the checkout began, so a late update does not push the reminders back.
  const startedAt = Math.min(timeOf(checkout.created_at) ?? runtime.clock(), runtime.clock());
  const planned = cartReminderEvents({ keyPrefix: keyPrefixOf(shop), base, cart, settings: diffSettings(shop).reminders, now: startedAt });
  const events = await acceptEvents(runtime.notifier, planned.events, runtime.log);
  const state: CheckoutState = { scheduled: planned.events.length > 0, closed: false, phones: base.customer.phones ?? [], updatedAt: runtime.clock() };
  // Only the first to plan writes: a concurrent update of the same checkout changes nothing.
  await runtime.notifier.state.putState(CHECKOUTS_NAMESPACE, key, JSON.stringify(state), { expectedVersion: stored ? stored.version : null }, runtime.clock());
  return { topic: delivery.topic, events, notes: planned.notes };
}

async function processFulfillment(runtime: ShopifyRuntime, shop: ShopRecord, body: unknown, delivery: Delivery): Promise<ProcessResult> {
  const fulfillment = parseFulfillment(body);
  if (!fulfillment.order_id) return { topic: delivery.topic, events: [], notes: ['fulfillment without an order id'] };
  const orderId = fulfillment.order_id;
  const context = await contextOf(runtime, shop, orderId);
  const shipments = shipmentsOf(fulfillment);
  await saveContext(runtime, shop, orderId, (current) => ({
    ...(current ?? context),
    fulfillments: { ...(current ?? context).fulfillments, [fulfillment.id]: shipments },
  }));
  const base = await withLedgerConsent(runtime, shop, context.base);
  // The same key as the order tracker's: a parcel announced through orders/updated is not announced again.
  const events = shipments.map((shipment) => ({
    ...base,
    type: 'shipment.created' as const,
    idempotencyKey: `${keyPrefixOf(shop)}:order:${orderId}:shipment:${shipment.trackingNumber}`,
    order: context.order,
    shipment,
  }));
  return {
    topic: delivery.topic,
    events: await acceptEvents(runtime.notifier, events, runtime.log),
    notes: shipments.length === 0 ? ['no tracking number yet'] : [],
  };
}

async function processFulfillmentEvent(runtime: ShopifyRuntime, shop: ShopRecord, body: unknown, delivery: Delivery): Promise<ProcessResult> {
  const event = parseFulfillmentEvent(body);
  const type = event.status === 'out_for_delivery' ? 'shipment.out_for_delivery' : event.status === 'delivered' ? 'shipment.delivered' : undefined;
  if (type === undefined) return { topic: delivery.topic, events: [], notes: [`fulfillment event ${event.status.slice(0, 40)}: no SMS`] };
  const context = await contextOf(runtime, shop, event.order_id);
  const shipment = context.fulfillments[event.fulfillment_id]?.at(-1);
  if (!shipment) throw new WaitingForOrderError(`fulfillment ${event.fulfillment_id} of order ${event.order_id} has no tracking number known yet`);
  const base = await withLedgerConsent(runtime, shop, context.base);
  const suffix = type === 'shipment.delivered' ? 'delivered' : 'out-for-delivery';
  const result = await acceptEvent(
    runtime.notifier,
    {
      ...base,
      type,
      idempotencyKey: `${keyPrefixOf(shop)}:order:${event.order_id}:fulfillment:${event.fulfillment_id}:${suffix}`,
      order: context.order,
      shipment,
    },
    runtime.log,
  );
  return { topic: delivery.topic, events: [result], notes: [] };
}

async function processRefund(runtime: ShopifyRuntime, shop: ShopRecord, body: unknown, delivery: Delivery): Promise<ProcessResult> {
  const refund = parseRefund(body);
  const context = await contextOf(runtime, shop, refund.order_id);
  const base = await withLedgerConsent(runtime, shop, context.base);
  const at = timeOf(refund.processed_at) ?? timeOf(refund.created_at);
  const result = await acceptEvent(
    runtime.notifier,
    {
      ...base,
      ...(at !== null ? { occurredAt: new Date(at).toISOString() } : {}),
      type: 'order.refunded',
      idempotencyKey: `${keyPrefixOf(shop)}:order:${refund.order_id}:refund:${refund.id}`,
      order: context.order,
    },
    runtime.log,
  );
  return { topic: delivery.topic, events: [result], notes: [] };
}

async function processConsent(runtime: ShopifyRuntime, shop: ShopRecord, body: unknown, delivery: Delivery): Promise<ProcessResult> {
  const update = parseConsentUpdate(body);
  const state = update.sms_marketing_consent?.state;
  if (!update.phone) return { topic: delivery.topic, events: [], notes: ['consent update without a phone'] };
  // Deliveries come in any order: an older consent change never overrides a newer one.
  const changedAt = timeOf(update.sms_marketing_consent?.consent_updated_at) ?? delivery.triggeredAt ?? runtime.clock();
  const digitsKey = `${shop.id}:${update.phone.replace(/\D/g, '').slice(-10)}`;
  const last = await runtime.notifier.state.getState(CONSENT_TIMES_NAMESPACE, digitsKey);
  if (last && Number(last.value) > changedAt) return { topic: delivery.topic, events: [], notes: ['stale consent update: a newer one was already applied'] };
  await runtime.notifier.state.putState(CONSENT_TIMES_NAMESPACE, digitsKey, String(changedAt), {}, runtime.clock());
  if (state === 'subscribed') {
    await runtime.consent.record(shop.id, [update.phone], {
      source: `shopify:customers_marketing_consent${update.sms_marketing_consent?.opt_in_level ? `:${update.sms_marketing_consent.opt_in_level}` : ''}`,
      ...(update.id ? { ref: update.id } : {}),
    });
    return { topic: delivery.topic, events: [], notes: ['consent recorded'] };
  }
  const revoked = await runtime.consent.revoke(shop.id, [update.phone]);
  // Reminders already queued for this customer's open checkouts are ended: consent is checked at acceptance.
  const events: EventResult[] = [];
  const digits = update.phone.replace(/\D/g, '').slice(-10);
  for (const record of await runtime.notifier.state.listState(CHECKOUTS_NAMESPACE, { prefix: `${shop.id}:`, limit: 1000 })) {
    const checkout = JSON.parse(record.value) as CheckoutState;
    if (!checkout.scheduled || checkout.closed || !checkout.phones.some((phone) => phone.replace(/\D/g, '').endsWith(digits))) continue;
    const token = record.key.slice(shop.id.length + 1);
    const base: EventBase = { store: canonicalStore(shop, undefined, undefined), customer: { phones: checkout.phones } };
    events.push(...(await closeCheckout(runtime, shop, token, base)));
  }
  return { topic: delivery.topic, events, notes: [`consent ${state ?? 'missing'}: ${revoked} record(s) revoked`] };
}

const ORDER_TOPICS = new Set([
  'orders/create',
  'orders/updated',
  'orders/paid',
  'orders/cancelled',
  'orders/fulfilled',
  'orders/partially_fulfilled',
  'orders/edited',
]);

/**
 * Run one stored delivery. Throws WaitingForOrderError (retried later by the inbox) when it needs an order
 * not delivered yet; MalformedPayloadError for a body without what its topic needs (dropped, logged).
 */
export async function processDelivery(runtime: ShopifyRuntime, shop: ShopRecord, delivery: Delivery): Promise<ProcessResult> {
  const body = parseShopifyJson(delivery.body);
  if (ORDER_TOPICS.has(delivery.topic)) return processOrder(runtime, shop, parseOrder(body), delivery);
  switch (delivery.topic) {
    case 'checkouts/create':
    case 'checkouts/update':
      return processCheckout(runtime, shop, parseCheckout(body), delivery);
    case 'fulfillments/create':
    case 'fulfillments/update':
      return processFulfillment(runtime, shop, body, delivery);
    case 'fulfillment_events/create':
      return processFulfillmentEvent(runtime, shop, body, delivery);
    case 'refunds/create':
      return processRefund(runtime, shop, body, delivery);
    case 'customers_marketing_consent/update':
      return processConsent(runtime, shop, body, delivery);
    default:
      return { topic: delivery.topic, events: [], notes: [`topic ${delivery.topic.slice(0, 60)} is not handled`] };
  }
}
