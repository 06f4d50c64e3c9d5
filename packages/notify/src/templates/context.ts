// The render context of an event: what templates see. Every declared variable is present as a key (its value
// may be undefined), so Handlebars' strict mode never trips over an absent optional value.
import type { MessageEvent } from '../events/schema.js';
import { cleanOptional, cleanText } from './text.js';
import type { TemplateLanguage } from './types.js';

type Order = Extract<MessageEvent, { type: 'order.created' }>['order'];
type Item = Order['items'][number];
type Store = MessageEvent['store'];

export interface ItemContext {
  name: string;
  quantity: number;
  total: string | undefined;
  sku: string | undefined;
}

export interface OrderContext {
  id: string;
  number: string;
  total: string;
  /** The order's currency, else the store's. */
  currency: string;
  /** Sum of the items' quantities. */
  itemCount: number;
  items: ItemContext[];
  paymentUrl: string | undefined;
  statusUrl: string | undefined;
  recoveryUrl: string | undefined;
}

export interface RenderContext {
  store: { id: string; name: string; platform: string; locale: string; currency: string; timeZone: string };
  customer: { id: string | undefined; firstName: string | undefined; lastName: string | undefined; locale: string | undefined };
  /** Absent only in `cart.abandoned` and `message.custom` without an order. */
  order?: OrderContext | undefined;
  shipment?: { id: string | undefined; carrier: string; trackingNumber: string; trackingUrl: string | undefined };
  cart?: { id: string; recoveryUrl: string; total: string; currency: string; itemCount: number; items: ItemContext[]; reminder: number };
  status?: { canonical: string; raw: string };
  /** `message.custom`: the caller's text. */
  body?: string;
  occurredAt: string | undefined;
  language: TemplateLanguage;
}

/**
 * Builds the context of `event` for a template in `language`. Strings are cleaned (trimmed, line breaks
 * become spaces); values are never compiled.
 */
export function renderContext(event: MessageEvent, language: TemplateLanguage): RenderContext {
  const store = event.store;
  const customer = event.customer ?? { phones: [] };
  const context: RenderContext = {
    store: {
      id: cleanText(store.id),
      name: cleanText(store.name),
      platform: cleanText(store.platform),
      locale: cleanText(store.locale),
      currency: cleanText(store.currency),
      timeZone: cleanText(store.timeZone),
    },
    customer: {
      id: cleanOptional(customer.id),
      firstName: cleanOptional(customer.firstName),
      lastName: cleanOptional(customer.lastName),
      locale: cleanOptional(customer.locale),
    },
    occurredAt: cleanOptional(event.occurredAt),
    language,
  };
  if (event.type === 'cart.abandoned') {
    const cart = event.cart;
    context.cart = {
      id: cleanText(cart.id),
      recoveryUrl: cleanText(cart.recoveryUrl),
      total: cleanText(cart.total),
      currency: cleanOptional(cart.currency) ?? context.store.currency,
      itemCount: countItems(cart.items ?? []),
      items: (cart.items ?? []).map(itemContext),
      reminder: cart.reminder,
    };
    context.order = event.order ? orderContext(event.order, store) : undefined;
    return context;
  }
  if (event.type === 'message.custom') {
    context.body = cleanText(event.body);
    context.order = event.order ? orderContext(event.order, store) : undefined;
    return context;
  }
  context.order = orderContext(event.order, store);
  if (event.type === 'order.status_changed') context.status = { canonical: event.status.canonical, raw: cleanText(event.status.raw) };
  if (event.type === 'shipment.created' || event.type === 'shipment.out_for_delivery' || event.type === 'shipment.delivered') {
    const shipment = event.shipment;
    context.shipment = {
      id: cleanOptional(shipment.id),
      carrier: cleanText(shipment.carrier),
      trackingNumber: cleanText(shipment.trackingNumber),
      trackingUrl: cleanOptional(shipment.trackingUrl),
    };
  }
  return context;
}

function orderContext(order: Order, store: Store): OrderContext {
  return {
    id: cleanText(order.id),
    number: cleanText(order.number),
    total: cleanText(String(order.total)),
    currency: cleanOptional(order.currency) ?? cleanText(store.currency),
    itemCount: countItems(order.items ?? []),
    items: (order.items ?? []).map(itemContext),
    paymentUrl: cleanOptional(order.paymentUrl),
    statusUrl: cleanOptional(order.statusUrl),
    recoveryUrl: cleanOptional(order.recoveryUrl),
  };
}

function itemContext(item: Item): ItemContext {
  return { name: cleanText(item.name), quantity: item.quantity, total: cleanOptional(item.total), sku: cleanOptional(item.sku) };
}

function countItems(items: readonly Item[]): number {
  return items.reduce((sum, item) => sum + (Number.isFinite(item.quantity) ? item.quantity : 0), 0);
}
