// One WooCommerce order delivery through the kit's order tracker: remember the buyer's marketing consent
// (for carts that arrive without it), then diff against the stored state and accept what it sends.
import { createConsentLedger, createOrderTracker, type AdapterLog, type ConsentLedger, type TrackResult } from '@esemes/adapter-kit';
import type { Notifier } from '@esemes/notify';
import { DEFAULT_CONSENT_META_KEYS, smsConsentOf } from './consent.js';
import { diffSettings, orderSnapshot } from './decide.js';
import type { WooOrder, WooStore } from './types.js';

export const ORDERS_NAMESPACE = 'woocommerce:orders';
/** Phones that gave marketing consent on an order, for carts that arrive without it (Cart Abandonment Recovery). */
export const CONSENT_NAMESPACE = 'woocommerce:consent';

export interface WooOrderProcessor {
  /** What the delivery did: `processed` with each event's result, or `stale`. */
  process(store: WooStore, order: WooOrder, log?: Pick<AdapterLog, 'warn'>): Promise<TrackResult>;
  readonly consent: ConsentLedger;
}

/**
 * @example
 * const orders = createWooOrderProcessor({ notifier });
 * const result = await orders.process(store, parseWooOrder(body), request.log);
 */
export function createWooOrderProcessor(options: { notifier: Pick<Notifier, 'accept' | 'state'>; clock?: () => number }): WooOrderProcessor {
  const clock = options.clock ?? Date.now;
  const tracker = createOrderTracker({ notifier: options.notifier, namespace: ORDERS_NAMESPACE, clock });
  const consent = createConsentLedger({ state: options.notifier.state, namespace: CONSENT_NAMESPACE, clock });
  return {
    consent,
    process(store, order, log) {
      const rememberConsent = async (): Promise<void> => {
        const given = smsConsentOf(order, store.settings.consentMetaKeys ?? DEFAULT_CONSENT_META_KEYS);
        if (given.marketing)
          await consent.record(store.id, [order.billing.phone, order.shipping.phone], { source: given.source ?? 'order', ref: String(order.id) });
      };
      return tracker.track(`${store.id}:${order.id}`, orderSnapshot(store, order), diffSettings(store), { onFresh: rememberConsent, ...(log ? { log } : {}) });
    },
  };
}
