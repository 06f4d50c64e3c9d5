// Connected stores of one platform, in the adapter's state (the server's database), generic over the
// platform's store type. One merge rule for every way a store is saved (environment, one-click connection,
// the admin API): fields a change leaves undefined keep their stored value, and secret fields are never
// lost, and generated once when a new store has none. Secrets never leave through `withoutSecrets`.
import type { StateStore } from '@esemes/notify';

/** Lower-case letters, digits and dashes, at most 50, starting with a letter or digit: safe in URLs and keys. */
export const STORE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,49}$/;

export type StoreRegistryErrorCode = 'invalid_store_id' | 'incomplete_store' | 'store_contended';

export class StoreRegistryError extends Error {
  override name = 'StoreRegistryError' as const;
  readonly code: StoreRegistryErrorCode;
  constructor(code: StoreRegistryErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** What a change may set: any field, `undefined` meaning "keep what is stored". */
export type StoreChange<S> = { [K in keyof S]?: S[K] | undefined };

export interface StoreRegistryOptions<S extends { id: string }, K extends keyof S = never> {
  state: StateStore;
  /** e.g. `woocommerce:stores`. */
  namespace: string;
  /** Names the platform in error messages, e.g. `WooCommerce`. */
  platform: string;
  /** Secret fields and how to generate each for a new store (`null`: required from the change, never generated). */
  secrets?: { [P in K]: (() => S[P]) | null };
  /** Ids that are not allowed (route names next to `/:storeId`, e.g. `connect`). */
  reservedIds?: readonly string[];
  /** What a complete store needs, as problems to report (e.g. `['url is required']`); none = complete. */
  validate?: (store: Partial<S>) => string[];
  clock?: () => number;
}

export interface StoreRegistry<S extends { id: string }, K extends keyof S = never> {
  /** Whether `id` may name a store (pattern and reserved ids). */
  isValidId(id: string): boolean;
  get(id: string): Promise<S | undefined>;
  /** Every store, by id (at most 1,000). */
  list(): Promise<S[]>;
  /**
   * Create or change a store with compare-and-set: `change` sees the stored store (or undefined) and
   * returns the fields to set. Rerun when another server instance wrote in between, so a secret generated
   * for a new store is generated once, whoever starts first. Throws StoreRegistryError.
   */
  upsert(id: string, change: (existing: S | undefined) => StoreChange<S>): Promise<{ store: S; created: boolean }>;
  delete(id: string): Promise<boolean>;
  /** The store without its secret fields, for APIs and logs. */
  withoutSecrets(store: S): Omit<S, K>;
}

const ATTEMPTS = 10;

/**
 * @example
 * const stores = createStoreRegistry<WooStore, 'webhookSecret' | 'consumerSecret'>({ state, namespace: 'woocommerce:stores', platform: 'WooCommerce', secrets: { webhookSecret: () => randomSecret(40), consumerSecret: null } });
 * const { store } = await stores.upsert('shop1', () => ({ url, consumerKey, consumerSecret }));
 */
export function createStoreRegistry<S extends { id: string }, K extends keyof S = never>(options: StoreRegistryOptions<S, K>): StoreRegistry<S, K> {
  const { state, namespace, platform } = options;
  const clock = options.clock ?? Date.now;
  const reserved = new Set(options.reservedIds ?? []);
  const secretEntries = Object.entries(options.secrets ?? {}) as Array<[string, (() => unknown) | null]>;
  const secretKeys = new Set<string>(secretEntries.map(([key]) => key));
  const parse = (value: string): S => JSON.parse(value) as S;
  const isValidId = (id: string): boolean => STORE_ID_PATTERN.test(id) && !reserved.has(id);
  const badId = (id: string): StoreRegistryError =>
    new StoreRegistryError(
      'invalid_store_id',
      `${platform} store id ${JSON.stringify(id.slice(0, 60))} must be 1–50 lower-case letters, digits and dashes, starting with a letter or digit${reserved.size > 0 ? `, and not ${[...reserved].map((r) => `"${r}"`).join(' or ')}` : ''}`,
    );

  function merge(id: string, existing: S | undefined, change: StoreChange<S>): S {
    const next: Record<string, unknown> = { ...existing };
    for (const [key, value] of Object.entries(change)) if (value !== undefined) next[key] = value;
    next['id'] = id;
    for (const [key, generate] of secretEntries) {
      if (next[key] === undefined && typeof generate === 'function') next[key] = generate();
    }
    const problems = options.validate?.(next as Partial<S>) ?? [];
    if (problems.length > 0) throw new StoreRegistryError('incomplete_store', `${platform} store ${id}: ${problems.join('; ')}`);
    return next as S;
  }

  return {
    isValidId,
    async get(id) {
      if (!isValidId(id)) return undefined;
      const record = await state.getState(namespace, id);
      return record ? parse(record.value) : undefined;
    },
    async list() {
      return (await state.listState(namespace, { limit: 1000 })).map((record) => parse(record.value));
    },
    async upsert(id, change) {
      if (!isValidId(id)) throw badId(id);
      for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
        const record = await state.getState(namespace, id);
        const existing = record ? parse(record.value) : undefined;
        const store = merge(id, existing, change(existing));
        if (await state.putState(namespace, id, JSON.stringify(store), { expectedVersion: record ? record.version : null }, clock()))
          return { store, created: !record };
      }
      throw new StoreRegistryError('store_contended', `${platform} store ${id} kept changing while being saved`);
    },
    delete: (id) => (isValidId(id) ? state.deleteState(namespace, id) : Promise.resolve(false)),
    withoutSecrets(store) {
      const copy: Record<string, unknown> = { ...store };
      for (const key of secretKeys) delete copy[key];
      return copy as Omit<S, K>;
    },
  };
}
