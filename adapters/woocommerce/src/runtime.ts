// What the routes and the background work share once the server hands the plugin its engine: the store
// registry, REST clients, webhook registration and the order-note queue.
import type { Notifier, StateRecord, StateStore } from '@esemes/notify';
import type { CompletedConnection } from './connect.js';
import { newCartToken } from './cart-abandonment.js';
import { createOrderNoteQueue, type OrderNoteQueue } from './order-notes.js';
import { createKeyedLock, type ProcessContext } from './process-order.js';
import { createWooRestClient, type WooRestClient } from './rest-client.js';
import { createStoreRegistry, type StoreRegistry } from './store-registry.js';
import type { WooStore } from './types.js';
import { newWebhookSecret, registerWebhooks, unregisterWebhooks } from './webhooks.js';

export interface AdapterLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type WebhookSync =
  | { status: 'registered'; deliveryUrl: string; created: number[]; updated: number[]; deleted: number[] }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string };

export interface AdapterRuntime {
  readonly state: StateStore;
  readonly notifier: Notifier;
  readonly registry: StoreRegistry;
  readonly notes: OrderNoteQueue;
  clock(): number;
  processContext(log: AdapterLog): ProcessContext;
  clientFor(store: WooStore): WooRestClient;
  /** Where WooCommerce delivers this store's webhooks; undefined without PUBLIC_URL. */
  deliveryUrl(storeId: string): string | undefined;
  /** Register (or repair) the store's webhooks; never throws. */
  syncWebhooks(store: WooStore): Promise<WebhookSync>;
  removeWebhooks(store: WooStore): Promise<WebhookSync>;
  /** Save the keys of a one-click connection, keeping what was known of the store. */
  saveConnectedStore(connected: CompletedConnection): Promise<WooStore>;
}

export interface RuntimeOptions {
  notifier: Notifier;
  publicUrl: string | undefined;
  clock: () => number;
  log: AdapterLog;
  restTimeoutMs: number;
}

export const webhookName = (storeId: string): string => `esemes SMS (${storeId})`;

const LOCKS_NAMESPACE = 'woocommerce:locks';
/** Longer than a registration can take (REST timeouts included); a crashed holder's lease lapses. */
const LEASE_MS = 120_000;

/** A lease in the shared state: only if nobody holds it, or their lease lapsed. */
async function takeLease(state: StateStore, key: string, now: number): Promise<StateRecord | undefined> {
  const taken = await state.putState(LOCKS_NAMESPACE, key, 'held', { expectedVersion: null, dueAt: now + LEASE_MS }, now);
  if (taken) return taken;
  const current = await state.getState(LOCKS_NAMESPACE, key);
  if (!current) return state.putState(LOCKS_NAMESPACE, key, 'held', { expectedVersion: null, dueAt: now + LEASE_MS }, now);
  if ((current.dueAt ?? 0) > now) return undefined;
  return state.putState(LOCKS_NAMESPACE, key, 'held', { expectedVersion: current.version, dueAt: now + LEASE_MS }, now);
}

export function createRuntime(options: RuntimeOptions): AdapterRuntime {
  const { notifier, clock, log } = options;
  const state = notifier.state;
  const registry = createStoreRegistry(state, clock);
  const root = options.publicUrl?.replace(/\/+$/, '');
  const clientFor = (store: WooStore): WooRestClient => createWooRestClient(store, { timeoutMs: options.restTimeoutMs });
  const notes = createOrderNoteQueue({
    state,
    clientFor: async (storeId) => {
      const store = await registry.get(storeId);
      return store ? clientFor(store) : undefined;
    },
    clock,
    logger: log,
  });
  const orderLock = createKeyedLock();
  const deliveryUrl = (storeId: string) => (root === undefined ? undefined : `${root}/webhooks/woocommerce/${storeId}`);

  return {
    state,
    notifier,
    registry,
    notes,
    clock,
    clientFor,
    deliveryUrl,
    processContext: (requestLog) => ({ state, notifier, clock, log: requestLog, orderLock }),
    async syncWebhooks(store) {
      const url = deliveryUrl(store.id);
      if (url === undefined) {
        const reason = 'PUBLIC_URL is not set: set it to the address WooCommerce reaches this server at, then restart or call POST /api/v1/woocommerce/stores/:id/webhooks';
        log.warn({ store: store.id }, `woocommerce: webhooks of store ${store.id} not registered; ${reason}`);
        return { status: 'skipped', reason };
      }
      // Server instances starting together would each list, see nothing, and create a pair: one at a time.
      const lease = await takeLease(state, `webhooks:${store.id}`, clock());
      if (!lease) return { status: 'skipped', reason: 'another server instance is registering this store\'s webhooks right now' };
      try {
        const result = await registerWebhooks(clientFor(store), { deliveryUrl: url, secret: store.webhookSecret, name: webhookName(store.id) });
        log.info({ store: store.id, created: result.created.length, updated: result.updated.length, deleted: result.deleted.length }, 'woocommerce: webhooks registered');
        return { status: 'registered', deliveryUrl: url, ...result };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        log.warn({ store: store.id, reason }, 'woocommerce: webhook registration failed');
        return { status: 'failed', reason };
      } finally {
        await state.deleteState(LOCKS_NAMESPACE, lease.key, lease.version).catch(() => undefined);
      }
    },
    async removeWebhooks(store) {
      const url = deliveryUrl(store.id) ?? '';
      try {
        const deleted = await unregisterWebhooks(clientFor(store), { deliveryUrl: url, name: webhookName(store.id) });
        return { status: 'registered', deliveryUrl: url, created: [], updated: [], deleted };
      } catch (error) {
        return { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
      }
    },
    saveConnectedStore: (connected) =>
      registry.update(connected.storeId, (existing) => ({
        ...existing,
        id: connected.storeId,
        url: connected.storeUrl,
        consumerKey: connected.consumerKey,
        consumerSecret: connected.consumerSecret,
        webhookSecret: existing?.webhookSecret ?? newWebhookSecret(),
        cartToken: existing?.cartToken ?? newCartToken(),
        settings: existing?.settings ?? {},
      })),
  };
}
