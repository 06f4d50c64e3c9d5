// Reminders for a cart reported by the Cart Abandonment Recovery plugin: the same schedule as for
// WooCommerce's own unpaid checkouts, keyed on the plugin's cart so a repeat of its webhook adds nothing.
import type { CanonicalEventInput } from '@esemes/notify';
import type { AbandonedCart } from './cart-abandonment.js';
import { canonicalStore, DEFAULT_CART_EXPIRY_MS, DEFAULT_CART_REMINDER_DELAYS_MS } from './decide.js';
import { acceptEvent, hasRecordedConsent, type EventResult, type ProcessContext } from './process-order.js';
import type { WooStore } from './types.js';

export async function scheduleCartReminders(ctx: ProcessContext, store: WooStore, cart: AbandonedCart): Promise<EventResult[]> {
  const now = ctx.clock();
  const delays = store.settings.cartReminderDelaysMs ?? DEFAULT_CART_REMINDER_DELAYS_MS;
  // The plugin sends no consent: use what the same number agreed to on an earlier order of this store.
  const consent = await hasRecordedConsent(ctx.state, store.id, cart.phone);
  const cartId = `cartflows-${cart.cartId}`;
  const results: EventResult[] = [];
  for (const [index, delay] of delays.entries()) {
    const reminder = index + 1;
    const event: CanonicalEventInput = {
      type: 'cart.abandoned',
      idempotencyKey: `woo:${store.id}:cart:${cartId}:reminder:${reminder}`,
      occurredAt: new Date(now).toISOString(),
      store: canonicalStore(store, undefined),
      customer: {
        ...(cart.firstName ? { firstName: cart.firstName } : {}),
        ...(cart.lastName ? { lastName: cart.lastName } : {}),
        phones: cart.phone ? [cart.phone] : [],
        smsConsent: consent ? { marketing: true, source: 'woocommerce order meta (an earlier order of this number)' } : { marketing: false },
      },
      cart: {
        id: cartId,
        recoveryUrl: cart.checkoutUrl,
        items: cart.productNames.map((name) => ({ name, quantity: 1 })),
        total: cart.cartTotal,
        reminder,
      },
      notBefore: new Date(now + delay).toISOString(),
      expiresAt: new Date(now + (store.settings.cartExpiresAfterMs ?? DEFAULT_CART_EXPIRY_MS)).toISOString(),
    };
    results.push(await acceptEvent(ctx, event));
  }
  return results;
}
