// Connected WooCommerce stores, in the server's database (adapter state). The secrets are stored as the
// store itself stores them; they never leave through the API or the logs.
import type { StateStore } from '@esemes/notify';
import type { WooStore, WooStoreSettings } from './types.js';

export const STORES_NAMESPACE = 'woocommerce:stores';
export const STORE_ID = /^(?!connect$)[a-z0-9][a-z0-9-]{0,49}$/;

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

export interface StoreRegistry {
  get(id: string): Promise<WooStore | undefined>;
  list(): Promise<WooStore[]>;
  save(store: WooStore): Promise<void>;
  /**
   * Read-modify-write with compare-and-set: `change` sees the stored store (or undefined) and returns the
   * new one; rerun when another server instance wrote in between. Secrets generated in `change` are
   * therefore generated once, whoever starts first.
   */
  update(id: string, change: (existing: WooStore | undefined) => WooStore): Promise<WooStore>;
  delete(id: string): Promise<boolean>;
}

export function createStoreRegistry(state: StateStore, clock: () => number): StoreRegistry {
  const parse = (value: string): WooStore => JSON.parse(value) as WooStore;
  return {
    async get(id) {
      if (!STORE_ID.test(id)) return undefined;
      const record = await state.getState(STORES_NAMESPACE, id);
      return record ? parse(record.value) : undefined;
    },
    async list() {
      return (await state.listState(STORES_NAMESPACE, { limit: 1000 })).map((record) => parse(record.value));
    },
    async save(store) {
      if (!STORE_ID.test(store.id)) throw new TypeError(`woocommerce: store id ${JSON.stringify(store.id)} must be lower-case letters, digits and dashes (at most 50)`);
      await state.putState(STORES_NAMESPACE, store.id, JSON.stringify(store), {}, clock());
    },
    async update(id, change) {
      for (let attempt = 0; attempt < 10; attempt += 1) {
        const record = await state.getState(STORES_NAMESPACE, id);
        const next = change(record ? parse(record.value) : undefined);
        if (next.id !== id || !STORE_ID.test(id)) throw new TypeError(`woocommerce: store id ${JSON.stringify(id)} must be lower-case letters, digits and dashes (at most 50)`);
        if (await state.putState(STORES_NAMESPACE, id, JSON.stringify(next), { expectedVersion: record ? record.version : null }, clock())) return next;
      }
      throw new Error(`woocommerce: store ${id} kept changing while being saved`);
    },
    delete: (id) => state.deleteState(STORES_NAMESPACE, id),
  };
}
