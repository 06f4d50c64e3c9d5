// Medusa's orders, fulfillments, refunds and carts, as query.graph returns them, turned into canonical
// events. Pure functions: the subscribers load the data, these decide what the SMS says and its key.
// Keys are deterministic (`medusa:<store>:order:<id>:placed` …), so an event Medusa emits twice, or a
// subscriber retried after a crash, is a duplicate for the engine and sends nothing more.
import { CARRIER_URLS, carrierKey, fillTrackingUrl, type EventBase, type EventCart, type EventOrder, type EventShipment } from '@esemes/adapter-kit';
import { FIELD_LIMITS, type CanonicalEventInput, type OrderStatus } from '@esemes/notify';
import type { PhoneSource, ResolvedOptions } from './options.js';

/** The line items' fields the SMS use. */
export const ITEM_FIELDS: readonly string[] = Object.freeze(['items.title', 'items.product_title', 'items.quantity', 'items.total']);

/** Where names and numbers come from: the addresses and the customer. */
export const CONTACT_FIELDS: readonly string[] = Object.freeze([
  ...['shipping_address', 'billing_address'].flatMap((address) => ['phone', 'first_name', 'last_name'].map((field) => `${address}.${field}`)),
  ...['id', 'phone', 'first_name', 'last_name', 'metadata'].map((field) => `customer.${field}`),
]);

/** The order fields every subscriber asks query.graph for. */
export const ORDER_FIELDS: readonly string[] = Object.freeze([
  ...['id', 'display_id', 'custom_display_id', 'email', 'locale', 'currency_code', 'total', 'no_notification', 'metadata', 'cart.id'],
  ...ITEM_FIELDS,
  ...CONTACT_FIELDS,
]);

/** Fulfillment fields for shipment.created and delivery.created. */
export const FULFILLMENT_FIELDS: readonly string[] = Object.freeze([
  'id',
  'provider_id',
  'shipped_at',
  'delivered_at',
  'labels.tracking_number',
  'labels.tracking_url',
  'shipping_option.name',
  'order.id',
]);

type Maybe<T> = T | null | undefined;
type Amount = Maybe<number | string | { value?: string | number; numeric?: number }>;

export interface MedusaAddress {
  phone?: Maybe<string>;
  first_name?: Maybe<string>;
  last_name?: Maybe<string>;
}

/** An order as query.graph returns it with {@link ORDER_FIELDS} (amounts in the currency's main unit, as Medusa v2 keeps them). */
export interface MedusaOrder {
  id: string;
  display_id?: Maybe<number | string>;
  custom_display_id?: Maybe<string>;
  email?: Maybe<string>;
  locale?: Maybe<string>;
  currency_code?: Maybe<string>;
  total?: Amount;
  no_notification?: Maybe<boolean>;
  metadata?: Maybe<Record<string, unknown>>;
  items?: Maybe<Array<Maybe<{ title?: Maybe<string>; product_title?: Maybe<string>; quantity?: Maybe<number | string>; total?: Amount }>>>;
  shipping_address?: Maybe<MedusaAddress>;
  billing_address?: Maybe<MedusaAddress>;
  customer?: Maybe<MedusaAddress & { id?: Maybe<string>; metadata?: Maybe<Record<string, unknown>> }>;
  cart?: Maybe<{ id?: Maybe<string> }>;
}

export interface MedusaFulfillment {
  id: string;
  provider_id?: Maybe<string>;
  labels?: Maybe<Array<Maybe<{ tracking_number?: Maybe<string>; tracking_url?: Maybe<string> }>>>;
  shipping_option?: Maybe<{ name?: Maybe<string> }>;
  order?: Maybe<{ id?: Maybe<string> }>;
}

export interface MedusaCart {
  id: string;
  email?: Maybe<string>;
  locale?: Maybe<string>;
  currency_code?: Maybe<string>;
  total?: Amount;
  completed_at?: Maybe<string | Date>;
  updated_at?: Maybe<string | Date>;
  metadata?: Maybe<Record<string, unknown>>;
  items?: MedusaOrder['items'];
  shipping_address?: Maybe<MedusaAddress>;
  billing_address?: Maybe<MedusaAddress>;
  customer?: MedusaOrder['customer'];
}

/** Medusa's BigNumber fields come back as numbers, strings or `{ value, numeric }` depending on the path. */
export function amountOf(amount: Amount): string {
  if (amount === null || amount === undefined) return '0';
  if (typeof amount === 'number') return Number.isFinite(amount) ? String(amount) : '0';
  if (typeof amount === 'string') return /^-?\d+(\.\d+)?$/.test(amount.trim()) ? amount.trim() : '0';
  if (amount.value !== undefined) return amountOf(amount.value);
  return amountOf(amount.numeric);
}

/** Money fields take at most 6 decimals; Medusa may keep more (a BigNumber's raw value). */
function money(amount: Amount): string {
  const text = amountOf(amount);
  const match = /^(-?\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return '0';
  const decimals = (match[2] ?? '').slice(0, 6).replace(/0+$/, '');
  return decimals === '' ? match[1]! : `${match[1]}.${decimals}`;
}

function clip(value: Maybe<string>, max: number): string | undefined {
  const trimmed = value?.trim();
  if (trimmed === undefined || trimmed === '') return undefined;
  return trimmed.length <= max ? trimmed : trimmed.slice(0, max);
}

function currencyOf(code: Maybe<string>): string | undefined {
  const upper = code?.trim().toUpperCase();
  return upper !== undefined && /^[A-Z]{3}$/.test(upper) ? upper : undefined;
}

/** Candidate numbers in the configured order, without blanks or repeats. */
export function phonesOf(source: Pick<MedusaOrder, 'shipping_address' | 'billing_address' | 'customer'>, order: readonly PhoneSource[]): string[] {
  const phones: string[] = [];
  for (const where of order) {
    const holder = where === 'shipping' ? source.shipping_address : where === 'billing' ? source.billing_address : source.customer;
    const phone = holder?.phone?.trim();
    if (phone && !phones.includes(phone)) phones.push(phone);
  }
  return phones;
}

function itemsOf(items: MedusaOrder['items']): EventOrder['items'] {
  return (items ?? []).flatMap((item) => {
    const name = clip(item?.product_title ?? item?.title, FIELD_LIMITS.itemName);
    if (item === null || item === undefined || name === undefined) return [];
    const quantity = Number(item.quantity ?? 1);
    return [{ name, quantity: Number.isInteger(quantity) && quantity >= 0 ? quantity : 1, total: money(item.total) }];
  });
}

function languageOf(locale: Maybe<string>, fallback: string): string {
  const language = locale?.trim().slice(0, 2).toLowerCase();
  return language !== undefined && /^[a-z]{2}$/.test(language) ? language : fallback;
}

/** The fields every event of this order shares: store, customer (names, phones), when. */
export function baseOf(
  order: Pick<MedusaOrder, 'locale' | 'currency_code' | 'shipping_address' | 'billing_address' | 'customer'>,
  options: ResolvedOptions,
  occurredAt?: string,
): EventBase {
  const named = order.customer?.first_name ? order.customer : order.shipping_address?.first_name ? order.shipping_address : order.billing_address;
  const firstName = clip(named?.first_name, FIELD_LIMITS.personName);
  const lastName = clip(named?.last_name, FIELD_LIMITS.personName);
  const customerId = clip(order.customer?.id, FIELD_LIMITS.id);
  const currency = currencyOf(order.currency_code);
  return {
    store: {
      id: options.storeId,
      platform: 'medusa',
      name: options.storeName,
      locale: languageOf(order.locale, options.locale),
      ...(currency !== undefined ? { currency } : {}),
      timeZone: options.timeZone,
    },
    customer: {
      ...(customerId !== undefined ? { id: customerId } : {}),
      ...(firstName !== undefined ? { firstName } : {}),
      ...(lastName !== undefined ? { lastName } : {}),
      phones: phonesOf(order, options.phoneSources),
    },
    ...(occurredAt !== undefined ? { occurredAt } : {}),
  };
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => (values[name] !== undefined ? encodeURIComponent(values[name]) : whole));
}

/** The order part of an event: number is the shop's display id (`#1042` in the admin), not the internal id. */
export function orderOf(order: MedusaOrder, options: ResolvedOptions): EventOrder {
  const number =
    clip(order.custom_display_id, FIELD_LIMITS.orderNumber) ??
    clip(order.display_id === null || order.display_id === undefined ? undefined : String(order.display_id), FIELD_LIMITS.orderNumber) ??
    clip(order.id, FIELD_LIMITS.orderNumber)!;
  const currency = currencyOf(order.currency_code);
  const statusUrl = options.orderStatusUrl === undefined ? undefined : fill(options.orderStatusUrl, { order_id: order.id, display_id: number });
  return {
    id: order.id,
    number,
    total: money(order.total),
    ...(currency !== undefined ? { currency } : {}),
    items: itemsOf(order.items),
    ...(statusUrl !== undefined && statusUrl.length <= FIELD_LIMITS.url ? { statusUrl } : {}),
  };
}

/** What each Medusa order event becomes. */
export type OrderEventKind = 'placed' | 'canceled' | 'completed' | 'fulfillment_created' | 'return_received';

const STATUS_OF: Partial<Record<OrderEventKind, { canonical: OrderStatus; raw: string }>> = {
  completed: { canonical: 'completed', raw: 'completed' },
  fulfillment_created: { canonical: 'processing', raw: 'fulfillment_created' },
  return_received: { canonical: 'returned', raw: 'return_received' },
};

/**
 * The canonical events of one Medusa order event: `order.placed` gives `order.created` (and
 * `admin.order.created` for the shop owner's numbers) and closes the order's cart (its reminders are
 * cancelled); the others one event each. `subjectId` tells apart events that can happen more than once
 * to an order (a fulfillment id, a return id).
 */
export function orderEvents(
  kind: OrderEventKind,
  medusaOrder: MedusaOrder,
  options: ResolvedOptions,
  subjectId?: string,
  occurredAt?: string,
): CanonicalEventInput[] {
  const base = baseOf(medusaOrder, options, occurredAt);
  const order = orderOf(medusaOrder, options);
  const prefix = `medusa:${options.storeId}:order:${medusaOrder.id}`;
  switch (kind) {
    case 'placed': {
      const events: CanonicalEventInput[] = [{ ...base, type: 'order.created', idempotencyKey: `${prefix}:placed`, order }];
      if (options.adminPhones.length > 0)
        events.push({
          ...base,
          customer: { phones: [] },
          type: 'admin.order.created',
          idempotencyKey: `${prefix}:placed:admin`,
          order,
          adminPhones: options.adminPhones,
        });
      const cartId = clip(medusaOrder.cart?.id, FIELD_LIMITS.id);
      if (cartId !== undefined)
        events.push({ ...base, type: 'cart.closed', idempotencyKey: `medusa:${options.storeId}:cart:${cartId}:closed`, cart: { id: cartId }, order });
      return events;
    }
    case 'canceled':
      return [{ ...base, type: 'order.cancelled', idempotencyKey: `${prefix}:canceled`, order }];
    default: {
      const status = STATUS_OF[kind]!;
      const subject = subjectId === undefined ? '' : `:${subjectId}`;
      return [{ ...base, type: 'order.status_changed', idempotencyKey: `${prefix}:${kind}${subject}`, order, status }];
    }
  }
}

/** Carrier and tracking of a fulfillment; undefined when it has no tracking number (nothing to track: no SMS). */
export function shipmentOf(fulfillment: MedusaFulfillment): EventShipment | undefined {
  const label = (fulfillment.labels ?? []).find((entry) => clip(entry?.tracking_number, FIELD_LIMITS.trackingNumber) !== undefined);
  const trackingNumber = clip(label?.tracking_number, FIELD_LIMITS.trackingNumber);
  if (trackingNumber === undefined) return undefined;
  const carrierText =
    clip(fulfillment.shipping_option?.name, FIELD_LIMITS.carrier) ?? clip(fulfillment.provider_id?.replace(/_.*$/, ''), FIELD_LIMITS.carrier) ?? 'Kargo';
  const given = clip(label?.tracking_url, FIELD_LIMITS.url);
  const key = carrierKey(carrierText);
  const template = key === undefined ? undefined : CARRIER_URLS[key];
  const trackingUrl =
    given !== undefined && /^https?:\/\//i.test(given) ? given : template === undefined ? undefined : fillTrackingUrl(template, trackingNumber);
  return { id: fulfillment.id, carrier: carrierText, trackingNumber, ...(trackingUrl !== undefined ? { trackingUrl } : {}) };
}

/** `shipment.created` (Medusa's shipment.created) or `shipment.delivered` (delivery.created) of one fulfillment. */
export function shipmentEvent(
  kind: 'shipped' | 'delivered',
  medusaOrder: MedusaOrder,
  fulfillment: MedusaFulfillment,
  options: ResolvedOptions,
  occurredAt?: string,
): CanonicalEventInput | undefined {
  const shipment = shipmentOf(fulfillment);
  if (shipment === undefined) return undefined;
  return {
    ...baseOf(medusaOrder, options, occurredAt),
    type: kind === 'shipped' ? 'shipment.created' : 'shipment.delivered',
    idempotencyKey: `medusa:${options.storeId}:order:${medusaOrder.id}:fulfillment:${fulfillment.id}:${kind}`,
    order: orderOf(medusaOrder, options),
    shipment,
  };
}

/** `order.refunded` for one refund of a payment (payment.refunded names the payment; each refund has its own key). */
export function refundEvent(
  medusaOrder: MedusaOrder,
  refund: { id: string; amount?: Amount },
  options: ResolvedOptions,
  occurredAt?: string,
): CanonicalEventInput {
  const order = orderOf(medusaOrder, options);
  return {
    ...baseOf(medusaOrder, options, occurredAt),
    type: 'order.refunded',
    idempotencyKey: `medusa:${options.storeId}:order:${medusaOrder.id}:refund:${refund.id}`,
    order: { ...order, total: money(refund.amount) },
  };
}

/** Whether the customer agreed to marketing SMS: `metadata[consentKey] === true` on the cart, else on the customer. */
export function cartConsent(cart: Pick<MedusaCart, 'metadata' | 'customer'>, consentKey: string): boolean {
  const own = cart.metadata?.[consentKey];
  if (own !== undefined && own !== null) return own === true || own === 'true';
  const customer = cart.customer?.metadata?.[consentKey];
  return customer === true || customer === 'true';
}

/** The cart part of a reminder, or undefined without a recovery link. */
export function cartOf(cart: MedusaCart, options: ResolvedOptions): EventCart | undefined {
  if (options.abandonedCarts.recoveryUrl === undefined) return undefined;
  const recoveryUrl = fill(options.abandonedCarts.recoveryUrl, { cart_id: cart.id });
  if (recoveryUrl.length > FIELD_LIMITS.url) return undefined;
  const currency = currencyOf(cart.currency_code);
  return { id: cart.id, recoveryUrl, items: itemsOf(cart.items), total: money(cart.total), ...(currency !== undefined ? { currency } : {}) };
}
