// Marketing SMS consent (İYS) recorded at checkout, read from order meta. Transactional order SMS need
// no consent; this only tells the engine whether the buyer also accepted commercial messages.
import { metaValue } from './order.js';
import type { WooOrder } from './types.js';

/** Order meta keys checked when the store configures none (research notes §9). */
export const DEFAULT_CONSENT_META_KEYS: readonly string[] = Object.freeze([
  // NetGSM's official plugin (classic and block checkout both write it, '1' or '0').
  '_netgsm_iys_checkout',
  // WooCommerce block checkout's own copy of NetGSM's additional field `netgsm/iys_consent`.
  '_wc_other/netgsm/iys_consent',
  // Conventional names for a checkbox added with Checkout Field Editor (ThemeHigh), which stores the
  // field under exactly the name the merchant chose; no plugin mandates them.
  'sms_consent',
  '_sms_consent',
  'iys_sms_onay',
]);

const YES: ReadonlySet<string> = new Set(['1', 'yes', 'on', 'true']);

/** '1', 'yes', 'on', 'true' (any case), true or 1. */
function isYes(value: unknown): boolean {
  if (value === true || value === 1) return true;
  return typeof value === 'string' && YES.has(value.trim().toLowerCase());
}

export interface SmsConsent {
  marketing: boolean;
  /** Where the consent was read, e.g. `woocommerce order meta _netgsm_iys_checkout`. */
  source?: string;
}

/**
 * Marketing consent from the first of `keys` whose meta value says yes.
 * @example
 * smsConsentOf(order, store.settings.consentMetaKeys ?? DEFAULT_CONSENT_META_KEYS)
 * // → { marketing: true, source: 'woocommerce order meta _netgsm_iys_checkout' }
 */
export function smsConsentOf(order: Pick<WooOrder, 'meta_data'>, keys: readonly string[] = DEFAULT_CONSENT_META_KEYS): SmsConsent {
  for (const key of keys) {
    if (isYes(metaValue(order, key))) return { marketing: true, source: `woocommerce order meta ${key}`.slice(0, 200) };
  }
  return { marketing: false };
}
