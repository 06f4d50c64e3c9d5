// What the routes and the background work share once the server hands the plugin its engine: the store
// registry, REST clients, webhook registration, order processing and the order-note queue.
import { createLeases, createRegistrationLog, type AdapterLog } from '@esemes/adapter-kit';
import type { Notifier } from '@esemes/notify';
import type { CompletedConnection } from './connect.js';
import { createOrderNoteQueue, type OrderNoteQueue } from './order-notes.js';
import { createWooOrderProcessor, type WooOrderProcessor } from './process-order.js';
import { createWooRestClient, type WooRestClient } from './rest-client.js';
import { createWooStoreRegistry, type WooStoreRegistry } from './stores.js';
import type { WooStore } from './types.js';
import { registerWebhooks, unregisterWebhooks } from './webhooks.js';

export type WebhookSync =
  | { status: 'registered'; deliveryUrl: string; created: number[]; updated: number[]; deleted: number[] }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string };

export interface AdapterRuntime {
  readonly notifier: Notifier;
  readonly registry: WooStoreRegistry;
  readonly orders: WooOrderProcessor;
  readonly notes: OrderNoteQueue;
  clock(): number;
  clientFor(store: WooStore): WooRestClient;
  /** Where WooCommerce delivers this store's webhooks; undefined without PUBLIC_URL. */
  deliveryUrl(storeId: string): string | undefined;
  /** Register (or repair) the store's webhooks; never throws. The outcome is kept for {@link webhookStatus}. */
  syncWebhooks(store: WooStore): Promise<WebhookSync>;
  /** The last registration's outcome for the store, and when (the dashboard shows it). */
  webhookStatus(storeId: string): Promise<(WebhookSync & { at: number }) | undefined>;
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

/** The last webhook registration's outcome per store id. */
export const WEBHOOK_STATUS_NAMESPACE = 'woocommerce:webhook-status';

export const webhookName = (storeId: string): string => `esemes SMS (${storeId})`;

/** Longer than a registration can take (REST timeouts included); a crashed holder's lease lapses. */
const REGISTRATION_LEASE_MS = 120_000;

export function createRuntime(options: RuntimeOptions): AdapterRuntime {
  const { notifier, clock, log } = options;
  const state = notifier.state;
  const registry = createWooStoreRegistry(state, clock);
  const registrations = createRegistrationLog<WebhookSync>({ state, namespace: WEBHOOK_STATUS_NAMESPACE, clock });
  const leases = createLeases({ state, namespace: 'woocommerce:locks', clock });
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
  const deliveryUrl = (storeId: string) => (root === undefined ? undefined : `${root}/webhooks/woocommerce/${storeId}`);

  async function registerNow(store: WooStore): Promise<WebhookSync> {
    const url = deliveryUrl(store.id);
    if (url === undefined) {
      const reason =
        'PUBLIC_URL is not set: set it to the address WooCommerce reaches this server at, then restart or call POST /api/v1/woocommerce/stores/:id/webhooks';
      log.warn({ store: store.id }, `woocommerce: webhooks of store ${store.id} not registered; ${reason}`);
      return { status: 'skipped', reason };
    }
    try {
      // Server instances starting together would each list, see nothing, and create a pair: one at a time.
      const outcome = await leases.run(`webhooks:${store.id}`, REGISTRATION_LEASE_MS, () =>
        registerWebhooks(clientFor(store), { deliveryUrl: url, secret: store.webhookSecret, name: webhookName(store.id) }),
      );
      if (!outcome.ran) return { status: 'skipped', reason: "another server instance is registering this store's webhooks right now" };
      const result = outcome.value;
      log.info(
        { store: store.id, created: result.created.length, updated: result.updated.length, deleted: result.deleted.length },
        'woocommerce: webhooks registered',
      );
      return { status: 'registered', deliveryUrl: url, ...result };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.warn({ store: store.id, reason }, 'woocommerce: webhook registration failed');
      return { status: 'failed', reason };
    }
  }

  return {
    notifier,
    registry,
    orders: createWooOrderProcessor({ notifier, clock }),
    notes,
    clock,
    clientFor,
    deliveryUrl,
    async syncWebhooks(store) {
      const result = await registerNow(store);
      await registrations.record(store.id, result);
      return result;
    },
    webhookStatus: (storeId) => registrations.get(storeId),
    async removeWebhooks(store) {
      const url = deliveryUrl(store.id) ?? '';
      try {
        const deleted = await unregisterWebhooks(clientFor(store), { deliveryUrl: url, name: webhookName(store.id) });
        return { status: 'registered', deliveryUrl: url, created: [], updated: [], deleted };
      } catch (error) {
        return { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
      }
    },
    saveConnectedStore: async (connected) =>
      (
        await registry.upsert(connected.storeId, (existing) => ({
          url: connected.storeUrl,
          consumerKey: connected.consumerKey,
          consumerSecret: connected.consumerSecret,
          settings: existing?.settings ?? {},
        }))
      ).store,
  };
}
