// Connected WooCommerce stores: the kit's registry over WooStore. The secrets (REST keys, the webhook
// secret, the cart webhook token) are stored as the store itself stores them and never leave through
// the API (publicStore) or the logs; the webhook secret and cart token are generated once per store.
import { createStoreRegistry, randomSecret, STORE_ID_PATTERN, type StoreRegistry } from '@esemes/adapter-kit';
import type { StateStore } from '@esemes/notify';
import type { WooStore, WooStoreSettings } from './types.js';

export const STORES_NAMESPACE = 'woocommerce:stores';
/** `connect` names the one-click connection's routes next to `/webhooks/woocommerce/:storeId`. */
export const RESERVED_STORE_IDS: readonly string[] = ['connect'];

export type WooSecretField = 'consumerSecret' | 'webhookSecret' | 'cartToken';
export type WooStoreRegistry = StoreRegistry<WooStore, WooSecretField>;

/** The one store-id rule: the registry's, also for one-click connections. */
export function isWooStoreId(id: string): boolean {
  return STORE_ID_PATTERN.test(id) && !RESERVED_STORE_IDS.includes(id);
}

/** A random alphanumeric webhook secret (40 characters, ~238 bits): WooCommerce HMACs with the HTML-unescaped secret, so no punctuation. */
export const newWebhookSecret = (length = 40): string => randomSecret(length);
/** A new token for the Cart Abandonment Recovery webhook URL: 32 random alphanumerics. */
export const newCartToken = (): string => randomSecret(32);

export function createWooStoreRegistry(state: StateStore, clock: () => number): WooStoreRegistry {
  return createStoreRegistry<WooStore, WooSecretField>({
    state,
    namespace: STORES_NAMESPACE,
    platform: 'WooCommerce',
    reservedIds: RESERVED_STORE_IDS,
    secrets: { consumerSecret: null, webhookSecret: () => newWebhookSecret(), cartToken: newCartToken },
    validate: (store) => {
      const missing = (['url', 'consumerKey', 'consumerSecret'] as const).filter((field) => !store[field]);
      return [...(missing.length > 0 ? [`a new store needs ${missing.join(', ')}`] : []), ...(store.settings ? [] : ['settings are missing'])];
    },
    clock,
  });
}

/** What the API shows of a store: everything but the secrets. */
export interface PublicWooStore {
  id: string;
  url: string;
  name: string | null;
  locale: string | null;
  timeZone: string | null;
  /** The last 4 characters of the consumer key, to tell keys apart. */
  consumerKeyEnding: string;
  settings: WooStoreSettings;
}

export function publicStore(store: WooStore): PublicWooStore {
  return {
    id: store.id,
    url: store.url,
    name: store.name ?? null,
    locale: store.locale ?? null,
    timeZone: store.timeZone ?? null,
    consumerKeyEnding: store.consumerKey.slice(-4),
    settings: store.settings,
  };
}
