// Which numbers gave marketing SMS consent on an earlier order of a store: some platforms' cart webhooks
// carry no consent of their own (WooCommerce's Cart Abandonment Recovery), and a buyer who ticked the box
// on a past order of the same store agreed to that store's commercial messages.
import { normalizeTurkishMobile } from '@esemes/core';
import type { StateStore } from '@esemes/notify';

export interface ConsentLedger {
  /** Record that these numbers (any format; invalid ones are ignored) consented, and where. */
  record(storeId: string, phones: ReadonlyArray<string | undefined>, details: { source: string; ref?: string }): Promise<void>;
  /** Whether this number consented on one of the store's orders. */
  has(storeId: string, phone: string | undefined): Promise<boolean>;
  /** Forget these numbers' consent (the customer unsubscribed); returns how many were recorded. */
  revoke(storeId: string, phones: ReadonlyArray<string | undefined>): Promise<number>;
}

/**
 * A ledger in the adapter's state, one entry per store and normalized number.
 * @example
 * const ledger = createConsentLedger({ state: notifier.state, namespace: 'woocommerce:consent' });
 * if (consent.marketing) await ledger.record(store.id, [billing.phone], { source: consent.source, ref: order.id });
 */
export function createConsentLedger(options: { state: StateStore; namespace: string; clock?: () => number }): ConsentLedger {
  const { state, namespace } = options;
  const clock = options.clock ?? Date.now;
  const numberOf = (phone: string | undefined): string | undefined => {
    const normalized = phone ? normalizeTurkishMobile(phone) : undefined;
    return normalized?.ok ? normalized.number : undefined;
  };
  return {
    async record(storeId, phones, details) {
      const numbers = new Set(phones.map(numberOf).filter((n): n is string => n !== undefined));
      const value = JSON.stringify({ source: details.source.slice(0, 200), ...(details.ref !== undefined ? { ref: details.ref } : {}) });
      for (const number of numbers) await state.putState(namespace, `${storeId}:${number}`, value, {}, clock());
    },
    async revoke(storeId, phones) {
      let revoked = 0;
      for (const number of new Set(phones.map(numberOf).filter((n): n is string => n !== undefined))) {
        if (await state.deleteState(namespace, `${storeId}:${number}`)) revoked += 1;
      }
      return revoked;
    },
    async has(storeId, phone) {
      const number = numberOf(phone);
      return number !== undefined && (await state.getState(namespace, `${storeId}:${number}`)) !== undefined;
    },
  };
}
