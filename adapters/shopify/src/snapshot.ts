// Shopify's parse-and-map step: an order (or a checkout) → the kit's neutral terms: the canonical store,
// customer (phones in the shop's order of sources, marketing consent), order fields, shipments with
// Turkish carriers' tracking pages when Shopify gives no link, and the snapshot the kit's diff compares.
import {
  httpUrl,
  shipmentFor,
  uniquePhones,
  type EventBase,
  type EventCart,
  type EventOrder,
  type EventShipment,
  type OrderDiffSettings,
  type OrderSnapshot,
} from '@esemes/adapter-kit';
import { FIELD_LIMITS } from '@esemes/notify';
import { timeOf, type ShopifyCheckout, type ShopifyFulfillment, type ShopifyOrder } from './payloads.js';
import { ruleFor, statusOf, statusRules } from './statuses.js';
import { PHONE_SOURCES, type PhoneSource, type ShopRecord } from './types.js';

type Customer = EventBase['customer'];
type Item = NonNullable<EventOrder['items']>[number];

const MONEY = /^-?\d{1,15}(\.\d{1,6})?$/;

/** Every idempotency key of a shop's events starts with this (`shopify:<shop id>`). */
export const keyPrefixOf = (shop: Pick<ShopRecord, 'id'>): string => `shopify:${shop.id}`;

/** The shop's settings as the kit's diff takes them. */
export function diffSettings(shop: ShopRecord): OrderDiffSettings {
  const { settings } = shop;
  return {
    keyPrefix: keyPrefixOf(shop),
    ...(settings.adminPhones !== undefined ? { adminPhones: settings.adminPhones } : {}),
    reminders: {
      ...(settings.cartReminderDelaysMs !== undefined ? { delaysMs: settings.cartReminderDelaysMs } : {}),
      ...(settings.cartExpiresAfterMs !== undefined ? { expiresAfterMs: settings.cartExpiresAfterMs } : {}),
    },
  };
}

/** At most `max` code points (a surrogate pair is never split), trimmed; undefined for nothing. */
export function limit(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  return Array.from(value.trim()).slice(0, max).join('').trim() || undefined;
}

function currencyOf(value: string | undefined, shop: ShopRecord): string {
  const code = (value ?? shop.currency ?? '').trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? code : 'TRY';
}

/** The canonical `store` of a shop's events. */
export function canonicalStore(shop: ShopRecord, currency: string | undefined, locale: string | undefined): EventBase['store'] {
  const language = (locale ?? shop.locale ?? 'tr').toLowerCase().startsWith('en') ? 'en' : 'tr';
  return {
    id: shop.id,
    platform: 'shopify',
    name: limit(shop.name, FIELD_LIMITS.storeName) ?? shop.shop.replace(/\.myshopify\.com$/, ''),
    locale: shop.locale ?? language,
    currency: currencyOf(currency, shop),
    timeZone: shop.timeZone ?? 'Europe/Istanbul',
  };
}

type WithPeople = Pick<ShopifyOrder, 'phone' | 'customer' | 'shipping_address' | 'billing_address'>;

/** The customer's numbers in the shop's order of sources (as typed; the engine normalizes them). */
export function phonesOf(payload: WithPeople & { sms_marketing_phone?: string | undefined }, sources: readonly PhoneSource[] = PHONE_SOURCES): string[] {
  const bySource: Record<PhoneSource, string | undefined> = {
    order: payload.phone,
    shipping: payload.shipping_address?.phone,
    billing: payload.billing_address?.phone,
    customer: payload.customer?.phone,
    customer_default_address: payload.customer?.default_address?.phone,
  };
  return uniquePhones([payload.sms_marketing_phone, ...sources.map((source) => bySource[source])]).slice(0, 10);
}

/** Marketing consent as Shopify records it: the customer's SMS consent, or the checkout's box. */
export function marketingConsent(payload: {
  customer?: ShopifyOrder['customer'];
  buyer_accepts_sms_marketing?: boolean | null | undefined;
}): Customer['smsConsent'] {
  const consent = payload.customer?.sms_marketing_consent;
  if (consent?.state === 'subscribed') {
    const recordedAt = timeOf(consent.consent_updated_at);
    return {
      marketing: true,
      source: `shopify:sms_marketing_consent${consent.opt_in_level ? `:${consent.opt_in_level}` : ''}`,
      ...(recordedAt !== null ? { recordedAt: new Date(recordedAt).toISOString() } : {}),
    };
  }
  if (payload.buyer_accepts_sms_marketing === true) return { marketing: true, source: 'shopify:buyer_accepts_sms_marketing' };
  return { marketing: false };
}

export function customerOf(
  payload: WithPeople & { sms_marketing_phone?: string | undefined; buyer_accepts_sms_marketing?: boolean | null | undefined },
  shop: ShopRecord,
): Customer {
  const customer: Customer = { phones: phonesOf(payload, shop.settings.phoneSources), smsConsent: marketingConsent(payload) };
  if (payload.customer?.id) customer.id = payload.customer.id;
  // The shipping name first: it is who receives the parcel (and the SMS about it).
  const firstName = limit(payload.shipping_address?.first_name ?? payload.customer?.first_name ?? payload.billing_address?.first_name, FIELD_LIMITS.personName);
  const lastName = limit(payload.shipping_address?.last_name ?? payload.customer?.last_name ?? payload.billing_address?.last_name, FIELD_LIMITS.personName);
  if (firstName) customer.firstName = firstName;
  if (lastName) customer.lastName = lastName;
  const locale = payload.customer?.locale;
  if (locale) customer.locale = locale.slice(0, 20);
  return customer;
}

function itemsOf(lines: ShopifyOrder['line_items']): Item[] {
  return (lines ?? []).slice(0, 500).map((line) => {
    const item: Item = { name: limit(line.title ?? line.name, FIELD_LIMITS.itemName) ?? '', quantity: Math.max(0, line.quantity ?? 1) };
    if (line.price !== undefined && MONEY.test(line.price)) item.total = line.price;
    if (line.sku) item.sku = line.sku.trim().slice(0, 200);
    return item;
  });
}

/** The order as the customer knows it: `#1001` is order number `1001` (a shop's own prefix stays). */
export function orderFields(order: ShopifyOrder, shop: ShopRecord): EventOrder {
  const number = limit((order.name ?? String(order.order_number ?? order.id)).replace(/^#/, ''), FIELD_LIMITS.orderNumber) ?? order.id;
  const part: EventOrder = {
    id: order.id,
    number,
    total: order.total_price !== undefined && MONEY.test(order.total_price) ? order.total_price : '0',
    currency: currencyOf(order.currency, shop),
    items: itemsOf(order.line_items),
  };
  const statusUrl = order.order_status_url === undefined ? undefined : httpUrl(order.order_status_url);
  if (statusUrl !== undefined) part.statusUrl = statusUrl;
  return part;
}

/** The parcels of a fulfillment: one per tracking number, with the carrier's page when Shopify gives no link. */
export function shipmentsOf(fulfillment: ShopifyFulfillment): EventShipment[] {
  if (fulfillment.status === 'cancelled' || fulfillment.status === 'failure' || fulfillment.status === 'error') return [];
  const numbers = fulfillment.tracking_numbers?.length ? fulfillment.tracking_numbers : fulfillment.tracking_number ? [fulfillment.tracking_number] : [];
  const links = fulfillment.tracking_urls?.length ? fulfillment.tracking_urls : fulfillment.tracking_url ? [fulfillment.tracking_url] : [];
  const shipments: EventShipment[] = [];
  numbers.forEach((trackingNumber, index) => {
    const link = links[index];
    const shipment = shipmentFor({ carriers: [fulfillment.tracking_company ?? ''], trackingNumber, ...(link !== undefined ? { link } : {}) });
    if (shipment) shipments.push({ ...shipment, id: fulfillment.id });
  });
  return shipments;
}

export function baseOf(order: ShopifyOrder, shop: ShopRecord): EventBase {
  const base: EventBase = { store: canonicalStore(shop, order.currency, order.customer_locale), customer: customerOf(order, shop) };
  const at = timeOf(order.updated_at) ?? timeOf(order.created_at);
  if (at !== null) base.occurredAt = new Date(at).toISOString();
  return base;
}

/** One delivery of an order in the kit's neutral terms. */
export function orderSnapshot(shop: ShopRecord, order: ShopifyOrder): OrderSnapshot {
  const status = statusOf(order);
  return {
    base: baseOf(order, shop),
    order: orderFields(order, shop),
    status,
    rule: ruleFor(statusRules(shop.settings), status),
    phase: 'placed',
    modifiedAt: timeOf(order.updated_at),
    shipments: (order.fulfillments ?? []).flatMap(shipmentsOf),
  };
}

/** A checkout as the cart its reminders are about; undefined without a recovery link. */
export function checkoutCart(checkout: ShopifyCheckout, shop: ShopRecord): EventCart | undefined {
  const recoveryUrl = checkout.abandoned_checkout_url === undefined ? undefined : httpUrl(checkout.abandoned_checkout_url);
  if (recoveryUrl === undefined) return undefined;
  return {
    id: checkout.token,
    recoveryUrl,
    items: itemsOf(checkout.line_items),
    total: checkout.total_price !== undefined && MONEY.test(checkout.total_price) ? checkout.total_price : '0',
    currency: currencyOf(checkout.presentment_currency ?? checkout.currency, shop),
  };
}

export function checkoutBase(checkout: ShopifyCheckout, shop: ShopRecord): EventBase {
  const base: EventBase = {
    store: canonicalStore(shop, checkout.presentment_currency ?? checkout.currency, checkout.customer_locale),
    customer: customerOf(checkout, shop),
  };
  const at = timeOf(checkout.updated_at) ?? timeOf(checkout.created_at);
  if (at !== null) base.occurredAt = new Date(at).toISOString();
  return base;
}
