// Abandoned-cart reminders: the `cart.abandoned` events of one cart (one per delay, each with its send
// time and an expiry), and the `cart.closed` event that ends them. Cancellation happens inside the engine's
// acceptance of `cart.closed` (its own transaction), so no adapter calls cancel or knows the cancel keys.
import type { CanonicalEventInput } from '@esemes/notify';
import type { EventBase, EventCart, EventOrder } from './event-parts.js';

export const DEFAULT_CART_REMINDER_DELAYS_MS: readonly number[] = Object.freeze([3_600_000, 86_400_000]);
export const DEFAULT_CART_EXPIRY_MS = 7 * 86_400_000;
/** At most this many reminders per cart. */
export const MAX_CART_REMINDERS = 10;

export interface CartReminderSettings {
  /** Delays of the reminders after the cart is first seen, in ms (default 1 h and 24 h; [] turns them off). */
  delaysMs?: readonly number[];
  /** A reminder not sent by this long after the cart was first seen is dropped (default 7 days). */
  expiresAfterMs?: number;
}

export interface CartReminderInput {
  /** Prefix of the idempotency keys, unique per platform and store, e.g. `woo:shop1`. */
  keyPrefix: string;
  base: EventBase;
  cart: EventCart;
  /** The order the cart is (a checkout that became an unpaid order), so its messages list under it. */
  order?: EventOrder;
  settings?: CartReminderSettings | undefined;
  /** When the cart was seen (epoch ms): the delays count from here. */
  now: number;
}

/**
 * The reminders of one cart, keyed `<keyPrefix>:cart:<cart id>:reminder:<n>` so a repeat adds nothing.
 * No events (and a note saying why) when reminders are off, the cart is empty or has no phone.
 * Reminders are commercial: the engine sends them only with `customer.smsConsent.marketing`.
 * @example
 * const { events } = cartReminderEvents({ keyPrefix: 'woo:shop1', base, cart, now: Date.now() });
 */
export function cartReminderEvents(input: CartReminderInput): { events: CanonicalEventInput[]; notes: string[] } {
  const { keyPrefix, base, cart, order, now } = input;
  const delays = (input.settings?.delaysMs ?? DEFAULT_CART_REMINDER_DELAYS_MS).filter((d) => Number.isFinite(d) && d >= 0).slice(0, MAX_CART_REMINDERS);
  if (delays.length === 0) return { events: [], notes: ['cart reminders are off'] };
  if ((base.customer.phones ?? []).length === 0) return { events: [], notes: ['cart has no phone yet: no reminders'] };
  if ((cart.items ?? []).length === 0) return { events: [], notes: ['cart is empty: no reminders'] };
  const expiresAt = new Date(now + (input.settings?.expiresAfterMs ?? DEFAULT_CART_EXPIRY_MS)).toISOString();
  const events = delays.map((delay, index): CanonicalEventInput => {
    const reminder = index + 1;
    return {
      ...base,
      type: 'cart.abandoned',
      idempotencyKey: `${keyPrefix}:cart:${cart.id}:reminder:${reminder}`,
      notBefore: new Date(now + delay).toISOString(),
      expiresAt,
      cart: { ...cart, reminder },
      ...(order !== undefined ? { order } : {}),
    };
  });
  return { events, notes: [] };
}

/**
 * The event that ends a cart: accepting it cancels the reminders still queued. Keyed
 * `<keyPrefix>:cart:<cart id>:closed`; it sends nothing and needs no phone.
 * @example
 * await acceptEvent(notifier, cartClosedEvent({ keyPrefix: 'woo:shop1', base, cartId: 'order-727' }));
 */
export function cartClosedEvent(input: { keyPrefix: string; base: EventBase; cartId: string; order?: EventOrder }): CanonicalEventInput {
  return {
    ...input.base,
    type: 'cart.closed',
    idempotencyKey: `${input.keyPrefix}:cart:${input.cartId}:closed`,
    cart: { id: input.cartId },
    ...(input.order !== undefined ? { order: input.order } : {}),
  };
}
