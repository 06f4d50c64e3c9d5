// createWooCommerceAdapter: the WooCommerce adapter as the esemes server loads it (a Fastify plugin mounted
// at the root, plus a listener for message.status that writes private order notes back to the store).
import {
  createBackgroundTasks,
  NOTE_STATUSES,
  statusNote,
  type AdapterPluginOptions,
  type DashboardPanel,
  type NoteStatus,
  type ServerAdapter,
} from '@esemes/adapter-kit';
import { createWooPanel } from './dashboard-panel.js';
import type { FastifyPluginAsync } from 'fastify';
import { adminRoutes } from './admin-routes.js';
import type { WooEnvStore } from './env.js';
import { createRuntime, type AdapterRuntime } from './runtime.js';
import type { WooStore } from './types.js';
import { webhookRoutes } from './webhook-routes.js';

/** The plugin options the esemes server passes (the kit's AdapterPluginOptions). */
export type WooPluginOptions = AdapterPluginOptions;

/** The kit's ServerAdapter, named and mounted at the root (its webhook URLs are fixed). */
export interface WooCommerceAdapter extends ServerAdapter {
  name: 'woocommerce';
  prefix: '';
  plugin: FastifyPluginAsync<AdapterPluginOptions>;
}

export interface WooCommerceAdapterOptions {
  /** The store configured from the environment: `wooStoreFromEnv(process.env)`. */
  envStore?: WooEnvStore;
  /** Epoch ms; default Date.now. */
  clock?: () => number;
  /** How often due order notes are written and failed ones retried (default 10,000 ms). */
  notesIntervalMs?: number;
  /** Timeout of each WooCommerce REST call (default 15,000 ms). */
  restTimeoutMs?: number;
  /** Retry a failed webhook registration of the environment's store after this long (default 300,000 ms). */
  registrationRetryMs?: number;
  /** How long the dashboard's return page waits for the webhook registration after a connection (default 8,000 ms). */
  registrationWaitMs?: number;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new TypeError(`createWooCommerceAdapter: ${name} must be a positive number of milliseconds, got ${String(value)}`);
  return value;
}

/**
 * The WooCommerce adapter. Options are checked here, once.
 * @example
 * const woocommerce = createWooCommerceAdapter({ envStore: wooStoreFromEnv(process.env) });
 * await createServer(config, { adapters: [woocommerce] }); // POST /webhooks/woocommerce/:storeId …
 */
export function createWooCommerceAdapter(options: WooCommerceAdapterOptions = {}): WooCommerceAdapter {
  const clock = options.clock ?? Date.now;
  const notesIntervalMs = positive('notesIntervalMs', options.notesIntervalMs, 10_000);
  const restTimeoutMs = positive('restTimeoutMs', options.restTimeoutMs, 15_000);
  const registrationRetryMs = positive('registrationRetryMs', options.registrationRetryMs, 300_000);
  let runtime: AdapterRuntime | undefined;
  let panel: DashboardPanel | undefined;

  const plugin: FastifyPluginAsync<AdapterPluginOptions> = async (app, { notifier, config, requireAdmin }) => {
    const current = createRuntime({ notifier, publicUrl: config.publicUrl, clock, log: app.log, restTimeoutMs });
    runtime = current;
    panel = createWooPanel({
      runtime: () => runtime,
      publicUrl: config.publicUrl,
      ...(options.registrationWaitMs !== undefined ? { registrationWaitMs: options.registrationWaitMs } : {}),
    });
    await app.register(async (scope) => webhookRoutes(scope, current));
    await adminRoutes(app, current, requireAdmin);

    const background = createBackgroundTasks(app.log);
    const registerEnvStore = async (store: WooStore): Promise<void> => {
      const result = await current.syncWebhooks(store);
      if (result.status === 'failed') background.after(registrationRetryMs, 'woocommerce: webhook registration', () => registerEnvStore(store));
    };
    app.addHook('onReady', async () => {
      if (options.envStore) {
        const store = await saveEnvStore(current, options.envStore);
        // In the background: an unreachable store never stops the server from starting.
        void registerEnvStore(store);
      }
      background.every(notesIntervalMs, 'woocommerce: writing order notes', () => current.notes.runDue());
    });
    app.addHook('onClose', () => background.close());
  };

  return {
    name: 'woocommerce',
    prefix: '',
    plugin,
    dashboard() {
      if (!panel) throw new Error('woocommerce: dashboard() is asked before the adapter was registered');
      return panel;
    },
    async onMessageStatus(event) {
      // Only messages of WooCommerce stores, with a note to write.
      if (!runtime || event.platform !== 'woocommerce' || !NOTE_STATUSES.has(event.status) || event.orderId === null) return;
      const orderId = Number(event.orderId);
      if (!Number.isSafeInteger(orderId) || orderId <= 0) return;
      const store = await runtime.registry.get(event.storeId);
      if (!store || store.settings.orderNotes === false) return;
      const status = event.status as NoteStatus;
      const note = statusNote(status, { recipient: event.recipient, text: event.text, ...(event.error ? { error: event.error } : {}) });
      // Queued, never awaited by the engine: a store that is down delays the note, not the SMS.
      await runtime.notes.enqueue({ storeId: store.id, orderId, messageId: event.messageId, status, note });
    },
  };
}

/** The environment's store (`default`) over what the database knows of it; secrets generated once. */
async function saveEnvStore(runtime: AdapterRuntime, env: WooEnvStore): Promise<WooStore> {
  const { store } = await runtime.registry.upsert(env.id, (existing) => ({
    url: env.url,
    consumerKey: env.consumerKey,
    consumerSecret: env.consumerSecret,
    webhookSecret: env.webhookSecret,
    name: env.name,
    settings: { ...existing?.settings, ...(env.adminPhones ? { adminPhones: env.adminPhones } : {}) },
  }));
  return store;
}
