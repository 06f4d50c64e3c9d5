// Reminders for a cart reported by the Cart Abandonment Recovery plugin: the kit's schedule, as for
// WooCommerce's own unpaid checkouts, keyed on the plugin's cart so a repeat of its webhook adds nothing;
// its `completed` webhook closes the cart (the engine cancels what is still queued).
import { acceptEvent, acceptEvents, cartClosedEvent, cartReminderEvents, type EventBase, type EventResult } from '@esemes/adapter-kit';
import type { Notifier } from '@esemes/notify';
import type { AbandonedCart, CompletedCart } from './cart-abandonment.js';
import { canonicalStore, diffSettings, keyPrefixOf } from './decide.js';
import type { WooOrderProcessor } from './process-order.js';
import type { WooStore } from './types.js';

const cartIdOf = (cart: AbandonedCart | CompletedCart): string => `cartflows-${cart.cartId}`;

export async function scheduleCartReminders(
  notifier: Pick<Notifier, 'accept'>,
  orders: Pick<WooOrderProcessor, 'consent'>,
  store: WooStore,
  cart: AbandonedCart,
  now: number,
): Promise<{ events: EventResult[]; notes: string[] }> {
  // The plugin sends no consent: use what the same number agreed to on an earlier order of this store.
  const consent = await orders.consent.has(store.id, cart.phone);
  const base: EventBase = {
    store: canonicalStore(store, undefined),
    occurredAt: new Date(now).toISOString(),
    customer: {
      ...(cart.firstName ? { firstName: cart.firstName } : {}),
      ...(cart.lastName ? { lastName: cart.lastName } : {}),
      phones: cart.phone ? [cart.phone] : [],
      smsConsent: consent ? { marketing: true, source: 'woocommerce order meta (an earlier order of this number)' } : { marketing: false },
    },
  };
  const items = cart.productNames.map((name) => ({ name, quantity: 1 }));
  const planned = cartReminderEvents({
    keyPrefix: keyPrefixOf(store),
    base,
    cart: { id: cartIdOf(cart), recoveryUrl: cart.checkoutUrl, items, total: cart.cartTotal },
    settings: diffSettings(store).reminders,
    now,
  });
  return { events: await acceptEvents(notifier, planned.events), notes: planned.notes };
}

/** The plugin's `completed`: the cart became an order; its reminders still queued are cancelled. */
export function closeCart(notifier: Pick<Notifier, 'accept'>, store: WooStore, cart: CompletedCart, now: number): Promise<EventResult> {
  const base: EventBase = { store: canonicalStore(store, undefined), occurredAt: new Date(now).toISOString(), customer: { phones: [] } };
  return acceptEvent(notifier, cartClosedEvent({ keyPrefix: keyPrefixOf(store), base, cartId: cartIdOf(cart) }));
}
