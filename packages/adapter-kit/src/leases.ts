// Leases in the shared state: one server instance at a time does a piece of work (registering a store's
// webhooks, say) while several share one database. A holder that crashes loses its lease when it lapses.
import type { StateRecord, StateStore } from '@esemes/notify';

export interface Lease {
  readonly key: string;
  readonly version: number;
}

export interface Leases {
  /** Take the lease on `key` for `ttlMs`, unless someone else holds it and it has not lapsed. */
  take(key: string, ttlMs: number): Promise<Lease | undefined>;
  /** Give it back (a no-op when it lapsed and someone else took it). */
  release(lease: Lease): Promise<void>;
  /** Run `work` under the lease; `{ ran: false }` when another holder has it. Released afterwards, also on error. */
  run<T>(key: string, ttlMs: number, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
}

/**
 * @example
 * const leases = createLeases({ state: notifier.state, namespace: 'woocommerce:locks' });
 * const outcome = await leases.run(`webhooks:${store.id}`, 120_000, () => registerWebhooks(store));
 */
export function createLeases(options: { state: StateStore; namespace: string; clock?: () => number }): Leases {
  const { state, namespace } = options;
  const clock = options.clock ?? Date.now;

  async function take(key: string, ttlMs: number): Promise<Lease | undefined> {
    const now = clock();
    const put = (expectedVersion: number | null): Promise<StateRecord | undefined> =>
      state.putState(namespace, key, 'held', { expectedVersion, dueAt: now + ttlMs }, now);
    const taken = await put(null);
    if (taken) return taken;
    const current = await state.getState(namespace, key);
    // Released between our two reads: try once more as new.
    if (!current) return put(null);
    if ((current.dueAt ?? 0) > now) return undefined;
    return put(current.version);
  }

  async function release(lease: Lease): Promise<void> {
    await state.deleteState(namespace, lease.key, lease.version).catch(() => undefined);
  }

  return {
    take,
    release,
    async run(key, ttlMs, work) {
      const lease = await take(key, ttlMs);
      if (!lease) return { ran: false };
      try {
        return { ran: true, value: await work() };
      } finally {
        await release(lease);
      }
    },
  };
}
