// Per-store settings that can be edited while the engine runs: the file's settings (`options.stores`)
// with what was saved through this service on top, field by field. Saved settings live in the outbox's
// durable state, so every instance on the database sees them; acceptance reads them through a short cache.
import type { StateStore } from '../outbox/types.js';
import { StoreSettingsError } from './errors.js';
import { cleanStoreSettings, storeIdOf, storeSettingsProblems } from './store-settings-check.js';
import type { NotifierLogger, SavedStoreSettings, StoreSettings, StoreSettingsService } from './types.js';

/** Where saved settings live in the durable state (`notifier.state`): key = store id, value = JSON. */
export const STORE_SETTINGS_NAMESPACE = 'esemes:store-settings';
/** Entries `list()` reads at most (the state store's page). */
const LIST_LIMIT = 1000;
const CACHE_LIMIT = 1000;

export interface StoreSettingsServiceOptions {
  state: StateStore;
  /** The settings from configuration (`options.stores`): `'*'` for every store, then the store's own. */
  base?: Readonly<Record<string, StoreSettings>>;
  now: () => number;
  /** How long `get()` reuses what it read for a store; 0 reads every time. */
  cacheMs: number;
  logger: NotifierLogger;
}

const badStoreId = (raw: unknown): StoreSettingsError =>
  new StoreSettingsError([
    `storeId must be 1–200 characters after trimming, as an event's store.id (got ${typeof raw === 'string' ? raw.trim().length : typeof raw})`,
  ]);

export function createStoreSettingsService(options: StoreSettingsServiceOptions): StoreSettingsService {
  const { state, now, cacheMs, logger } = options;
  const base = options.base ?? {};
  const cache = new Map<string, { saved: SavedStoreSettings | undefined; readAt: number }>();
  // Bumped before and after every put/delete of this instance: a read that overlapped one is not cached
  // (it may have seen the value before the write), and the write's own value goes in the cache instead.
  let writes = 0;

  /** The stored entry, or undefined when there is none or it is not valid settings (a hand-edited row). */
  async function read(storeId: string): Promise<SavedStoreSettings | undefined> {
    const record = await state.getState(STORE_SETTINGS_NAMESPACE, storeId);
    return record ? parse(storeId, record.value, record.updatedAt) : undefined;
  }

  function parse(storeId: string, text: string, updatedAt: number): SavedStoreSettings | undefined {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    const problems = storeSettingsProblems(value);
    if (problems.length > 0) {
      logger.warn({ storeId, problems }, 'saved store settings are not valid; the configured settings apply');
      return undefined;
    }
    return { storeId, settings: cleanStoreSettings(value as StoreSettings), updatedAt };
  }

  function remember(storeId: string, saved: SavedStoreSettings | undefined, readAt: number): void {
    if (cacheMs === 0) return;
    cache.delete(storeId);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(storeId, { saved, readAt });
  }

  async function fresh(storeId: string): Promise<SavedStoreSettings | undefined> {
    const before = writes;
    const at = now();
    const saved = await read(storeId);
    if (before === writes) remember(storeId, saved, at);
    return saved;
  }

  async function cached(storeId: string): Promise<SavedStoreSettings | undefined> {
    const hit = cache.get(storeId);
    if (hit && now() - hit.readAt < cacheMs) return hit.saved;
    return fresh(storeId);
  }

  const fromBase = (storeId: string): StoreSettings => ({ ...base['*'], ...base[storeId] });

  return {
    async get(rawStoreId) {
      const storeId = storeIdOf(rawStoreId);
      if (storeId === undefined) return fromBase(typeof rawStoreId === 'string' ? rawStoreId.trim() : '');
      const saved = await cached(storeId);
      return { ...fromBase(storeId), ...saved?.settings };
    },

    async saved(rawStoreId) {
      const storeId = storeIdOf(rawStoreId);
      return storeId === undefined ? undefined : fresh(storeId);
    },

    async list() {
      const records = await state.listState(STORE_SETTINGS_NAMESPACE, { limit: LIST_LIMIT });
      return records.flatMap((record) => parse(record.key, record.value, record.updatedAt) ?? []);
    },

    async put(rawStoreId, settings) {
      const storeId = storeIdOf(rawStoreId);
      const problems = [...(storeId === undefined ? badStoreId(rawStoreId).problems : []), ...storeSettingsProblems(settings)];
      if (problems.length > 0) throw new StoreSettingsError(problems);
      const clean = cleanStoreSettings(settings);
      writes += 1;
      const at = now();
      const record = await state.putState(STORE_SETTINGS_NAMESPACE, storeId as string, JSON.stringify(clean), {}, at).finally(() => (writes += 1));
      const saved: SavedStoreSettings = { storeId: storeId as string, settings: clean, updatedAt: record?.updatedAt ?? at };
      remember(saved.storeId, saved, at);
      return saved;
    },

    async delete(rawStoreId) {
      const storeId = storeIdOf(rawStoreId);
      if (storeId === undefined) throw badStoreId(rawStoreId);
      writes += 1;
      const deleted = await state.deleteState(STORE_SETTINGS_NAMESPACE, storeId).finally(() => (writes += 1));
      remember(storeId, undefined, now());
      return deleted;
    },
  };
}
