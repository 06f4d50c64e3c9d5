// An in-memory StateStore for tests, with the semantics of @esemes/notify's: versions start at 1 and
// grow by one per write, expectedVersion null = only if absent, a number = compare-and-set, and
// listState with dueBefore returns due entries ordered by due time.
import type { PutStateOptions, StateRecord, StateStore } from '@esemes/notify';

export interface MemoryStateStore extends StateStore {
  /** The raw entries of one namespace, for assertions. */
  entries(namespace: string): StateRecord[];
}

export function createMemoryStateStore(): MemoryStateStore {
  const spaces = new Map<string, Map<string, StateRecord>>();
  const space = (namespace: string): Map<string, StateRecord> => {
    let map = spaces.get(namespace);
    if (!map) spaces.set(namespace, (map = new Map()));
    return map;
  };

  return {
    async getState(namespace, key) {
      const record = space(namespace).get(key);
      return record ? { ...record } : undefined;
    },
    async putState(namespace, key, value, options: PutStateOptions, now) {
      const map = space(namespace);
      const current = map.get(key);
      if (options.expectedVersion === null && current) return undefined;
      if (typeof options.expectedVersion === 'number' && current?.version !== options.expectedVersion) return undefined;
      const record: StateRecord = { key, value, version: (current?.version ?? 0) + 1, dueAt: options.dueAt ?? null, updatedAt: now };
      map.set(key, record);
      return { ...record };
    },
    async deleteState(namespace, key, expectedVersion) {
      const map = space(namespace);
      const current = map.get(key);
      if (!current) return false;
      if (expectedVersion !== undefined && current.version !== expectedVersion) return false;
      map.delete(key);
      return true;
    },
    async listState(namespace, options = {}) {
      const limit = Math.min(options.limit ?? 100, 1000);
      let records = [...space(namespace).values()];
      if (options.prefix !== undefined) records = records.filter((r) => r.key.startsWith(options.prefix ?? ''));
      if (options.dueBefore !== undefined) {
        const dueBefore = options.dueBefore;
        records = records
          .filter((r) => r.dueAt !== null && r.dueAt <= dueBefore)
          .sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0) || (a.key < b.key ? -1 : 1));
      } else {
        records.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      }
      return records.slice(0, limit).map((r) => ({ ...r }));
    },
    entries(namespace) {
      return [...space(namespace).values()].map((r) => ({ ...r }));
    },
  };
}
