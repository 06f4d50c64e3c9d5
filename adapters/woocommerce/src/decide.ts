// WooCommerce's parse-and-map step: a parsed order → the kit's neutral snapshot (canonical store,
// customer, order, status rule, phase, tracking numbers, cart) and its store's diff settings. What the
// delivery sends, compared with what was stored, is the kit's diffOrder.
import { FIELD_LIMITS } from '@esemes/notify';
import {
  diffOrder,
  hostOf,
  httpUrl,
  uniquePhones,
  type EventBase,
  type EventOrder,
  type OrderDiff,
  type OrderDiffSettings,
  type OrderSnapshot,
  type OrderState,
} from '@esemes/adapter-kit';
import { smsConsentOf } from './consent.js';
import { decodeHtmlEntities, gmtToMs } from './order.js';
import { normalizeStatus, orderPhase, ruleFor, statusRules } from './statuses.js';
import { trackingItems } from './tracking.js';
import type { WooOrder, WooStore } from './types.js';

export interface DecideInput {
  store: WooStore;
  order: WooOrder;
  /** What was stored for this order, undefined the first time it is seen. */
  previous: OrderState | undefined;
  /** Epoch ms (injected so the function stays pure). */
  now: number;
}

/** What one delivery sends and what to store: the kit's OrderDiff. */
export type Decision = OrderDiff;

type Customer = EventBase['customer'];
type ItemPart = NonNullable<EventOrder['items']>[number];

const MONEY = /^-?\d+(\.\d+)?$/;
// Statuses in which WooCommerce's needs_payment() can be true: only then is the pay link useful.
const NEEDS_PAYMENT: ReadonlySet<string> = new Set(['pending', 'failed', 'checkout-draft']);

/** Every idempotency key of a store's events starts with this (`woo:<store id>`). */
export const keyPrefixOf = (store: Pick<WooStore, 'id'>): string => `woo:${store.id}`;

/** The store's settings as the kit's diff takes them. */
export function diffSettings(store: WooStore): OrderDiffSettings {
  const { settings } = store;
  return {
    keyPrefix: keyPrefixOf(store),
    ...(settings.adminPhones !== undefined ? { adminPhones: settings.adminPhones } : {}),
    ...(settings.notifyUnpaidCancellation !== undefined ? { notifyUnpaidCancellation: settings.notifyUnpaidCancellation } : {}),
    reminders: {
      ...(settings.cartReminderDelaysMs !== undefined ? { delaysMs: settings.cartReminderDelaysMs } : {}),
      ...(settings.cartExpiresAfterMs !== undefined ? { expiresAfterMs: settings.cartExpiresAfterMs } : {}),
    },
  };
}

/** One delivery of a WooCommerce order in the kit's neutral terms. */
export function orderSnapshot(store: WooStore, order: WooOrder): OrderSnapshot {
  const modifiedAt = gmtToMs(order.date_modified_gmt);
  const base: EventBase = { store: canonicalStore(store, order), customer: customerOf(order, store) };
  if (modifiedAt !== null) base.occurredAt = new Date(modifiedAt).toISOString();
  const part = orderFields(order);
  return {
    base,
    order: part,
    status: order.status,
    rule: ruleFor(statusRules(store.settings), order.status),
    phase: orderPhase(order),
    modifiedAt,
    shipments: trackingItems(order, store.settings.carrierUrls),
    // The order is its own cart while it is a draft or an unpaid checkout; the pay link restores it.
    cart: {
      id: `order-${order.id}`,
      recoveryUrl: httpUrl(order.payment_url) ?? `${store.url.replace(/\/+$/, '')}/checkout/`,
      items: part.items ?? [],
      total: part.total,
      currency: part.currency ?? 'TRY',
    },
  };
}

/**
 * Decides what one order delivery sends.
 * @example
 * const d = decide({ store, order: parseWooOrder(body), previous: await orders.get(key), now: Date.now() });
 */
export function decide({ store, order, previous, now }: DecideInput): Decision {
  return diffOrder(previous, orderSnapshot(store, order), diffSettings(store), now);
}

/** The canonical `store` of events about this store (the currency is the order's, 'TRY' without one). */
export function canonicalStore(store: WooStore, order: Pick<WooOrder, 'currency'> | undefined): EventBase['store'] {
  return {
    id: store.id,
    platform: 'woocommerce',
    name: limit(store.name?.trim() || hostOf(store.url) || store.id, FIELD_LIMITS.storeName) ?? store.id,
    locale: store.locale ?? 'tr',
    currency: currencyOf(order),
    timeZone: store.timeZone ?? 'Europe/Istanbul',
  };
}

function customerOf(order: WooOrder, store: WooStore): Customer {
  // Billing then shipping phone, as typed (the engine normalizes them).
  const customer: Customer = {
    phones: uniquePhones([order.billing.phone, order.shipping.phone]),
    smsConsent: smsConsentOf(order, store.settings.consentMetaKeys),
  };
  if (order.customer_id > 0) customer.id = String(order.customer_id);
  // Cut to the engine's limits: an overlong name from a plugin still gets its SMS (the fitting shortens further).
  const firstName = limit(order.billing.first_name?.trim() || order.shipping.first_name?.trim(), FIELD_LIMITS.personName);
  const lastName = limit(order.billing.last_name?.trim() || order.shipping.last_name?.trim(), FIELD_LIMITS.personName);
  if (firstName) customer.firstName = firstName;
  if (lastName) customer.lastName = lastName;
  return customer;
}

function orderFields(order: WooOrder): EventOrder {
  const part: EventOrder = {
    id: String(order.id),
    number: limit(order.number.trim() || String(order.id), FIELD_LIMITS.orderNumber) ?? String(order.id),
    total: MONEY.test(order.total) ? order.total : '0',
    currency: currencyOf(order),
    items: order.line_items.slice(0, 500).map((line) => {
      const item: ItemPart = {
        name: limit(decodeHtmlEntities(line.name).trim(), FIELD_LIMITS.itemName) ?? '',
        quantity: Math.max(0, Math.round(line.quantity)),
      };
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

/** At most `max` code points (a surrogate pair is never split), trimmed; undefined for nothing. */
function limit(value: string | undefined, max: number): string | undefined {
  if (value === undefined || value === '') return undefined;
  return Array.from(value).slice(0, max).join('').trim() || undefined;
}
