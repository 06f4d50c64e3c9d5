// The pure heart of the adapter: one order delivery + what we remembered of the order → the canonical
// events to accept and what to remember next. WooCommerce webhooks carry no previous status, fire
// several times per change and arrive out of order, so every decision compares with the stored state.
import { normalizeTurkishMobile } from '@esemes/core';
import type { CanonicalEventInput } from '@esemes/notify';
import { smsConsentOf } from './consent.js';
import { decodeHtmlEntities, gmtToMs, httpUrl } from './order.js';
import { normalizeStatus, orderPhase, ruleFor, statusRules } from './statuses.js';
import { trackingItems } from './tracking.js';
import type { OrderState, StatusRule, WooOrder, WooStore } from './types.js';

export interface DecideInput {
  store: WooStore;
  order: WooOrder;
  /** What was stored for this order, undefined the first time it is seen. */
  previous: OrderState | undefined;
  /** Epoch ms (injected so the function stays pure). */
  now: number;
}

export interface Decision {
  /** Older than what we already saw: do nothing. */
  stale: boolean;
  /** To accept, in order. */
  events: CanonicalEventInput[];
  /** Cancel queued cart reminders with this key. */
  cancelCartKey?: string;
  /** To store. */
  next: OrderState;
  /** Why things were skipped, for logs (no phone numbers). */
  notes: string[];
}

type OrderCreated = Extract<CanonicalEventInput, { type: 'order.created' }>;
type Customer = NonNullable<OrderCreated['customer']>;
type Common = Pick<OrderCreated, 'store'> & { customer: Customer; occurredAt?: string };
type OrderPart = OrderCreated['order'];
type ItemPart = NonNullable<OrderPart['items']>[number];

export const DEFAULT_CART_REMINDER_DELAYS_MS: readonly number[] = [3_600_000, 86_400_000];
export const DEFAULT_CART_EXPIRY_MS = 7 * 86_400_000;

const MONEY = /^-?\d+(\.\d+)?$/;
// Statuses in which WooCommerce's needs_payment() can be true: only then is the pay link useful.
const NEEDS_PAYMENT: ReadonlySet<string> = new Set(['pending', 'failed', 'checkout-draft']);

/**
 * Decides what one order delivery sends.
 * @example
 * const d = decide({ store, order: parseWooOrder(body), previous: await state.get(key), now: Date.now() });
 * if (!d.stale) { for (const e of d.events) await notifier.accept(e); await state.put(key, d.next); }
 */
export function decide({ store, order, previous, now }: DecideInput): Decision {
  const settings = store.settings;
  const modifiedMs = gmtToMs(order.date_modified_gmt);
  const modifiedAt = modifiedMs ?? 0;
  if (previous && modifiedAt < previous.modifiedAt) {
    return { stale: true, events: [], next: previous, notes: [`stale delivery: modified at ${modifiedAt}, already saw ${previous.modifiedAt}`] };
  }

  const notes: string[] = [];
  const created: CanonicalEventInput[] = [];
  const shipments: CanonicalEventInput[] = [];
  const statusEvents: CanonicalEventInput[] = [];
  const carts: CanonicalEventInput[] = [];
  const status = order.status;
  const norm = normalizeStatus(status);
  const phase = orderPhase(order);
  const key = (suffix: string): string => `woo:${store.id}:order:${order.id}:${suffix}`;
  const common = commonFields(store, order, modifiedMs);
  const orderPart = orderFields(order);
  const items = trackingItems(order, settings.carrierUrls);
  let received = previous?.received ?? false;

  const emitStatus = (rule: StatusRule): void => {
    if (!rule.sms) return void notes.push(`status ${status}: no SMS by its rule`);
    if (rule.event !== undefined) {
      // The newest tracking item is the parcel the status is about.
      const shipment = items.at(-1);
      if (shipment === undefined) return void notes.push(`status ${status}: ${rule.event} skipped, no tracking number known`);
      const suffix = rule.event === 'shipment.delivered' ? 'delivered' : 'out-for-delivery';
      return void statusEvents.push({ ...common, type: rule.event, idempotencyKey: key(suffix), order: orderPart, shipment });
    }
    const idempotencyKey = key(`status:${status}`);
    if (rule.canonical === 'cancelled') statusEvents.push({ ...common, type: 'order.cancelled', idempotencyKey, order: orderPart });
    else if (rule.canonical === 'refunded') statusEvents.push({ ...common, type: 'order.refunded', idempotencyKey, order: orderPart });
    else if (rule.canonical !== null) {
      statusEvents.push({ ...common, type: 'order.status_changed', idempotencyKey, order: orderPart, status: { canonical: rule.canonical, raw: status } });
    } else notes.push(`status ${status}: SMS wanted but no canonical status`);
  };

  if (!received && phase === 'placed') {
    created.push({ ...common, type: 'order.created', idempotencyKey: key('created'), order: orderPart });
    const adminPhones = (settings.adminPhones ?? []).map((p) => p.trim()).filter((p) => p !== '').slice(0, 10);
    if (adminPhones.length > 0) created.push({ ...common, type: 'admin.order.created', idempotencyKey: key('admin-created'), order: orderPart, adminPhones });
    // The status the order arrives in is its starting point: order.created already says it.
    received = true;
  } else if (previous === undefined) {
    notes.push(`first delivery in status ${status}: starting point, no status SMS`);
  } else if (status !== previous.status && phase !== 'draft') {
    const rule = ruleFor(statusRules(settings), status);
    if (previous.received) emitStatus(rule);
    else if (norm === 'cancelled') {
      // A checkout never paid: WooCommerce's unpaid-order timeout (or the merchant) cancelled it.
      if (settings.notifyUnpaidCancellation === true) emitStatus(rule);
      else notes.push('unpaid checkout cancelled: no SMS (notifyUnpaidCancellation is off)');
    } else if (norm === 'failed') emitStatus(rule);
    else notes.push(`status ${status}: order never placed, no SMS`);
  }

  // Drafts are the buyer still at checkout; a tracking number there is not a shipment.
  const trackingNumbers = [...(previous?.trackingNumbers ?? [])];
  if (phase !== 'draft') {
    for (const shipment of items) {
      if (trackingNumbers.includes(shipment.trackingNumber)) continue;
      trackingNumbers.push(shipment.trackingNumber);
      shipments.push({ ...common, type: 'shipment.created', idempotencyKey: key(`shipment:${shipment.trackingNumber}`), order: orderPart, shipment });
    }
  }

  let cartScheduled = previous?.cartScheduled ?? false;
  if ((phase === 'draft' || phase === 'unpaid_checkout') && !cartScheduled) {
    const delays = (settings.cartReminderDelaysMs ?? DEFAULT_CART_REMINDER_DELAYS_MS).filter((d) => Number.isFinite(d) && d >= 0).slice(0, 10);
    if (delays.length === 0) notes.push('cart reminders are off');
    else if ((common.customer.phones ?? []).length === 0) notes.push('cart has no phone yet: no reminders');
    else if (order.line_items.length === 0) notes.push('cart is empty: no reminders');
    else {
      const expiresAt = new Date(now + (settings.cartExpiresAfterMs ?? DEFAULT_CART_EXPIRY_MS)).toISOString();
      const recoveryUrl = httpUrl(order.payment_url) ?? `${store.url.replace(/\/+$/, '')}/checkout/`;
      const cart = { id: `order-${order.id}`, recoveryUrl, items: orderPart.items ?? [], total: orderPart.total, currency: orderPart.currency ?? 'TRY' };
      delays.forEach((delay, i) => {
        const reminder = i + 1;
        carts.push({
          ...common,
          type: 'cart.abandoned',
          idempotencyKey: `woo:${store.id}:cart:order-${order.id}:reminder:${reminder}`,
          notBefore: new Date(now + delay).toISOString(),
          expiresAt,
          cart: { ...cart, reminder },
          order: orderPart,
        });
      });
      cartScheduled = true;
    }
  }

  const decision: Decision = {
    stale: false,
    events: [...created, ...shipments, ...statusEvents, ...carts],
    next: { status, modifiedAt: Math.max(previous?.modifiedAt ?? 0, modifiedAt), received, trackingNumbers, cartScheduled },
    notes,
  };
  // The engine keys queued reminders `cart:<store>:<cart.id>`; a real order (or a closed one) ends the cart.
  if (phase === 'placed' || norm === 'cancelled' || norm === 'refunded') decision.cancelCartKey = `cart:${store.id}:order-${order.id}`;
  return decision;
}

/** The canonical `store` of events about this store (the currency is the order's, 'TRY' without one). */
export function canonicalStore(store: WooStore, order: Pick<WooOrder, 'currency'> | undefined): Common['store'] {
  return {
    id: store.id,
    platform: 'woocommerce',
    name: (store.name?.trim() || hostOf(store.url) || store.id).slice(0, 100),
    locale: store.locale ?? 'tr',
    currency: currencyOf(order),
    timeZone: store.timeZone ?? 'Europe/Istanbul',
  };
}

function commonFields(store: WooStore, order: WooOrder, modifiedMs: number | null): Common {
  const common: Common = { store: canonicalStore(store, order), customer: customerOf(order, store) };
  if (modifiedMs !== null) common.occurredAt = new Date(modifiedMs).toISOString();
  return common;
}

function customerOf(order: WooOrder, store: WooStore): Customer {
  const customer: Customer = { phones: phonesOf(order), smsConsent: smsConsentOf(order, store.settings.consentMetaKeys) };
  if (order.customer_id > 0) customer.id = String(order.customer_id);
  const firstName = order.billing.first_name?.trim() || order.shipping.first_name?.trim();
  const lastName = order.billing.last_name?.trim() || order.shipping.last_name?.trim();
  if (firstName) customer.firstName = firstName;
  if (lastName) customer.lastName = lastName;
  return customer;
}

/** Billing then shipping phone, as typed (the engine normalizes), without the same number twice. */
function phonesOf(order: WooOrder): string[] {
  const phones: string[] = [];
  const seen = new Set<string>();
  for (const raw of [order.billing.phone, order.shipping.phone]) {
    const phone = (raw ?? '').trim().slice(0, 100);
    if (phone === '') continue;
    // `0532 …` and `+90 532 …` are one number; compare the normalized mobile, else the digits.
    const mobile = normalizeTurkishMobile(phone);
    const id = mobile.ok ? mobile.number : phone.replace(/\D/g, '') || phone;
    if (seen.has(id)) continue;
    seen.add(id);
    phones.push(phone);
  }
  return phones;
}

function orderFields(order: WooOrder): OrderPart {
  const part: OrderPart = {
    id: String(order.id),
    number: (order.number.trim() || String(order.id)).slice(0, 100),
    total: MONEY.test(order.total) ? order.total : '0',
    currency: currencyOf(order),
    items: order.line_items.slice(0, 500).map((line) => {
      const item: ItemPart = { name: decodeHtmlEntities(line.name).trim().slice(0, 500), quantity: Math.max(0, Math.round(line.quantity)) };
      if (line.total !== undefined && MONEY.test(line.total)) item.total = line.total;
      if (line.sku !== undefined && line.sku.trim() !== '') item.sku = line.sku.trim().slice(0, 200);
      return item;
    }),
  };
  const paymentUrl = NEEDS_PAYMENT.has(normalizeStatus(order.status)) ? httpUrl(order.payment_url) : undefined;
  if (paymentUrl !== undefined) part.paymentUrl = paymentUrl;
  return part;
}

function currencyOf(order: Pick<WooOrder, 'currency'> | undefined): string {
  const code = (order?.currency ?? '').trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? code : 'TRY';
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
