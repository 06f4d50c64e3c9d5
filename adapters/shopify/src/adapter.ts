// createShopifyAdapter: the Shopify adapter as the esemes server loads it: a Fastify plugin mounted at the
// root (POST /webhooks/shopify, the OAuth install under /shopify, the API under /api/v1/shopify), background
// work (the inbox of deliveries, order notes, webhook registration) and a listener for message.status that
// writes a line on the order's note.
import {
  createBackgroundTasks,
  NOTE_STATUSES,
  statusNote,
  type AdapterPluginOptions,
  type DashboardPanel,
  type DashboardText,
  type NoteStatus,
  type ServerAdapter,
} from '@esemes/adapter-kit';
import type { FastifyPluginAsync } from 'fastify';
import { adminRoutes } from './admin-routes.js';
import { createShopifyApi } from './api.js';
import { createShopifyPanel } from './dashboard-panel.js';
import type { ShopifyEnv } from './env.js';
import { createInbox } from './inbox.js';
import { oauthRoutes } from './oauth-routes.js';
import { createRuntime, type ShopifyRuntime } from './runtime.js';
import type { ShopRecord } from './types.js';
import { webhookRoutes } from './webhook-routes.js';

export interface ShopifyAdapter extends ServerAdapter {
  name: 'shopify';
  prefix: '';
  plugin: FastifyPluginAsync<AdapterPluginOptions>;
}

export interface ShopifyAdapterOptions {
  /** `shopifyFromEnv(process.env)`; undefined: the adapter only explains how to set it up. */
  env?: ShopifyEnv;
  /** The fetch every call to Shopify goes through (token exchange, Admin API); default the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Epoch ms; default Date.now. */
  clock?: () => number;
  /** How often the inbox is worked through besides right after each delivery (default 1,000 ms). */
  inboxIntervalMs?: number;
  /** How often due order notes are written and failed ones retried (default 10,000 ms). */
  notesIntervalMs?: number;
  /** Retry a failed webhook registration of the environment's shop after this long (default 300,000 ms). */
  registrationRetryMs?: number;
  /** How long the dashboard's return page waits for the webhook registration after an install (default 8,000 ms). */
  registrationWaitMs?: number;
  /** First retry of a delivery waiting for its order, doubled after each (default 10,000 ms). */
  inboxRetryMs?: number;
  /** Waits for a throttled Admin API (tests hand in a fake). */
  sleep?: (ms: number) => Promise<void>;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new TypeError(`createShopifyAdapter: ${name} must be a positive number of milliseconds, got ${String(value)}`);
  return value;
}

const SHOP_QUERY = `query Shop { shop { name currencyCode ianaTimezone myshopifyDomain } }`;

/**
 * The Shopify adapter. Options are checked here, once.
 * @example
 * const shopify = createShopifyAdapter({ env: shopifyFromEnv(process.env) });
 * await createServer(config, { adapters: [shopify] }); // POST /webhooks/shopify, GET /shopify/auth?shop=…
 */
export function createShopifyAdapter(options: ShopifyAdapterOptions = {}): ShopifyAdapter {
  const clock = options.clock ?? Date.now;
  const fetch = options.fetch ?? globalThis.fetch;
  const inboxIntervalMs = positive('inboxIntervalMs', options.inboxIntervalMs, 1_000);
  const notesIntervalMs = positive('notesIntervalMs', options.notesIntervalMs, 10_000);
  const registrationRetryMs = positive('registrationRetryMs', options.registrationRetryMs, 300_000);
  const inboxRetryMs = positive('inboxRetryMs', options.inboxRetryMs, 10_000);
  if (options.registrationWaitMs !== undefined) positive('registrationWaitMs', options.registrationWaitMs, 1);
  const { env } = options;
  let runtime: ShopifyRuntime | undefined;
  let panel: DashboardPanel | undefined;

  const plugin: FastifyPluginAsync<AdapterPluginOptions> = async (app, { notifier, config, requireAdmin }) => {
    const current = createRuntime({
      notifier,
      env,
      publicUrl: config.publicUrl,
      fetch,
      clock,
      log: app.log,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
    runtime = current;
    const api = env ? createShopifyApi(env, config.publicUrl, app.log) : undefined;
    const inbox = createInbox(current, { baseDelayMs: inboxRetryMs });
    const background = createBackgroundTasks(app.log);
    let closed = false;
    const kick = (): void => {
      if (closed) return;
      setImmediate(() => void inbox.runDue().catch((error: unknown) => app.log.warn({ err: error }, 'shopify: working through the inbox failed')));
    };
    /** The shop's name, currency and time zone from the Admin API; then its webhooks. */
    const setUpShop = async (shopId: string): Promise<void> => {
      const graphql = await current.graphqlFor(shopId);
      if (graphql) {
        try {
          const { shop } = await graphql.request<{ shop: { name: string; currencyCode: string; ianaTimezone: string } }>(SHOP_QUERY);
          await current.registry.upsert(shopId, (existing) => ({
            name: existing?.name ?? shop.name.slice(0, 100),
            currency: shop.currencyCode,
            timeZone: shop.ianaTimezone,
          }));
        } catch (error) {
          app.log.warn({ shop: shopId, reason: error instanceof Error ? error.message : String(error) }, 'shopify: the shop’s details could not be read');
        }
      }
      const shop = await current.registry.get(shopId);
      if (!shop) return;
      const result = await current.syncWebhooks(shop);
      if (result.status === 'failed') background.after(registrationRetryMs, 'shopify: webhook registration', () => setUpShop(shopId));
    };
    const canInstall = (): DashboardText | undefined => {
      if (!env)
        return {
          tr: 'Shopify ayarlı değil: SHOPIFY_API_KEY, SHOPIFY_API_SECRET ve SHOPIFY_ENCRYPTION_KEY gerekir (README).',
          en: 'Shopify is not set up: SHOPIFY_API_KEY, SHOPIFY_API_SECRET and SHOPIFY_ENCRYPTION_KEY are needed (README).',
        };
      if (!env.encryptionKey) return { tr: 'Yükleme için SHOPIFY_ENCRYPTION_KEY gerekir.', en: 'Installs need SHOPIFY_ENCRYPTION_KEY.' };
      if (!config.publicUrl?.startsWith('https://')) return { tr: 'Yükleme için PUBLIC_URL https olmalı.', en: 'Installs need an https PUBLIC_URL.' };
      return undefined;
    };
    panel = createShopifyPanel({
      runtime: () => runtime,
      canInstall,
      ...(options.registrationWaitMs !== undefined ? { registrationWaitMs: options.registrationWaitMs } : {}),
    });

    await app.register(async (scope) => webhookRoutes(scope, { runtime: current, api, inbox, kick }));
    await oauthRoutes(app, {
      runtime: current,
      api,
      afterInstall: (shopId) => background.after(0, 'shopify: setting up an installed shop', () => setUpShop(shopId)),
    });
    await adminRoutes(app, current, requireAdmin);

    app.addHook('onReady', async () => {
      if (env?.shop) {
        const shop = await saveEnvShop(current, env.shop);
        // In the background: an unreachable shop never stops the server from starting.
        background.after(0, 'shopify: setting up the environment’s shop', () => setUpShop(shop.id));
      }
      background.every(inboxIntervalMs, 'shopify: working through the inbox', () => inbox.runDue());
      background.every(notesIntervalMs, 'shopify: writing order notes', () => current.notes.runDue());
    });
    app.addHook('onClose', async () => {
      closed = true;
      await background.close();
    });
  };

  return {
    name: 'shopify',
    prefix: '',
    plugin,
    dashboard() {
      if (!panel) throw new Error('shopify: dashboard() is asked before the adapter was registered');
      return panel;
    },
    async onMessageStatus(event) {
      if (!runtime || event.platform !== 'shopify' || !NOTE_STATUSES.has(event.status) || event.orderId === null || !/^\d{1,30}$/.test(event.orderId)) return;
      const shop = await runtime.registry.get(event.storeId);
      if (!shop || !shop.installed || shop.settings.orderNotes === false) return;
      const note = statusNote(event.status as NoteStatus, { recipient: event.recipient, text: event.text, ...(event.error ? { error: event.error } : {}) });
      await runtime.notes.enqueue({ shopId: shop.id, orderId: event.orderId, messageId: event.messageId, status: event.status as NoteStatus, note });
    },
  };
}

/** The environment's shop over what the database knows of it. */
async function saveEnvShop(runtime: ShopifyRuntime, env: NonNullable<ShopifyEnv['shop']>): Promise<ShopRecord> {
  const id = runtime.shopIdOf(env.shop);
  const { store } = await runtime.registry.upsert(id, (existing) => ({
    shop: env.shop,
    source: 'env',
    installed: true,
    uninstalledAt: null,
    ...(env.name !== undefined ? { name: env.name } : {}),
    settings: { ...existing?.settings, ...(env.adminPhones ? { adminPhones: env.adminPhones } : {}) },
  }));
  return store;
}
