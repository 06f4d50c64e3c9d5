// createWooCommerceAdapter: the WooCommerce adapter as the esemes server loads it (a Fastify plugin mounted
// at the root, plus a listener for message.status that writes private order notes back to the store).
import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { MessageStatusEvent, Notifier } from '@esemes/notify';
import { adminRoutes } from './admin-routes.js';
import { newCartToken } from './cart-abandonment.js';
import type { WooEnvStore } from './env.js';
import { formatOrderNote, type NoteStatus } from './order-notes.js';
import { createRuntime, type AdapterRuntime } from './runtime.js';
import type { WooStore } from './types.js';
import { webhookRoutes } from './webhook-routes.js';
import { newWebhookSecret } from './webhooks.js';

/** The plugin options the esemes server passes (its `AdapterPluginOptions`). */
export interface WooPluginOptions {
  notifier: Notifier;
  config: { publicUrl: string | undefined };
  requireAdmin: onRequestAsyncHookHandler;
}

/** Structurally the server's `ServerAdapter`: the adapter needs no dependency on the server. */
export interface WooCommerceAdapter {
  name: 'woocommerce';
  prefix: '';
  plugin: FastifyPluginAsync<WooPluginOptions>;
  onMessageStatus(event: MessageStatusEvent): Promise<void>;
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
}

const NOTE_STATUSES = new Set(['sent', 'delivered', 'failed', 'undelivered']);

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`createWooCommerceAdapter: ${name} must be a positive number of milliseconds, got ${String(value)}`);
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

  const plugin: FastifyPluginAsync<WooPluginOptions> = async (app, { notifier, config, requireAdmin }) => {
    const current = createRuntime({ notifier, publicUrl: config.publicUrl, clock, log: app.log, restTimeoutMs });
    runtime = current;
    await app.register(async (scope) => webhookRoutes(scope, current));
    await adminRoutes(app, current, requireAdmin);

    const timers = new Set<NodeJS.Timeout>();
    let closing = false;
    let notesRun: Promise<unknown> | undefined;
    const later = (ms: number, run: () => void) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!closing) run();
      }, ms);
      timer.unref();
      timers.add(timer);
    };
    const writeNotes = () => {
      notesRun = current.notes
        .runDue()
        .catch((error: unknown) => app.log.warn({ err: error }, 'woocommerce: writing order notes failed'))
        .finally(() => later(notesIntervalMs, writeNotes));
    };
    const registerEnvStore = async (store: WooStore) => {
      const result = await current.syncWebhooks(store);
      if (result.status === 'failed') later(registrationRetryMs, () => void registerEnvStore(store));
    };

    app.addHook('onReady', async () => {
      if (options.envStore) {
        const store = await saveEnvStore(current, options.envStore);
        // In the background: an unreachable store never stops the server from starting.
        void registerEnvStore(store);
      }
      writeNotes();
    });
    app.addHook('onClose', async () => {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      await notesRun;
    });
  };

  return {
    name: 'woocommerce',
    prefix: '',
    plugin,
    async onMessageStatus(event) {
      if (!runtime || !NOTE_STATUSES.has(event.status) || event.orderId === null) return;
      const store = await runtime.registry.get(event.storeId);
      if (!store || store.settings.orderNotes === false) return;
      const message = await runtime.notifier.getMessage(event.messageId);
      // Only messages this adapter produced: their keys start with the store id and `woo:`.
      if (!message?.messageKey.startsWith(`${store.id}:woo:`)) return;
      const orderId = Number(event.orderId);
      if (!Number.isSafeInteger(orderId) || orderId <= 0) return;
      const status = event.status as NoteStatus;
      const note = formatOrderNote(status, {
        recipient: message.recipient,
        text: message.text,
        ...(event.error ? { error: event.error } : {}),
      });
      // Queued, never awaited by the engine: a store that is down delays the note, not the SMS.
      await runtime.notes.enqueue({ storeId: store.id, orderId, messageId: event.messageId, status, note });
    },
  };
}

/** The environment's store (`default`) over what the database knows of it; secrets generated once. */
function saveEnvStore(runtime: AdapterRuntime, env: WooEnvStore): Promise<WooStore> {
  return runtime.registry.update(env.id, (existing) => {
    const name = env.name ?? existing?.name;
    return {
      ...existing,
      id: env.id,
      url: env.url,
      consumerKey: env.consumerKey,
      consumerSecret: env.consumerSecret,
      webhookSecret: env.webhookSecret ?? existing?.webhookSecret ?? newWebhookSecret(),
      cartToken: existing?.cartToken ?? newCartToken(),
      ...(name !== undefined ? { name } : {}),
      settings: { ...existing?.settings, ...(env.adminPhones ? { adminPhones: env.adminPhones } : {}) },
    };
  });
}
