// What the routes, the inbox worker and the dashboard panel share once the server hands the plugin its
// engine: the shop registry, access tokens (the environment's shop, or encrypted OAuth sessions), Admin
// API clients, webhook registration with its last outcome per shop, the order tracker, the consent ledger
// and the order-note queue. Nothing here is global: one runtime per registered adapter.
import {
  createConsentLedger,
  createLeases,
  createRegistrationLog,
  createOrderTracker,
  createStoreRegistry,
  storeIdFromUrl,
  type AdapterLog,
  type ConsentLedger,
  type OrderTracker,
  type StoreRegistry,
} from '@esemes/adapter-kit';
import type { Notifier } from '@esemes/notify';
import type { ShopifyEnv } from './env.js';
import { createAdminGraphql, type AdminGraphql } from './graphql.js';
import { createOrderNoteQueue, type OrderNoteQueue } from './order-notes.js';
import { createShopSessionStorage, offlineSessionId, type ShopSessionStorage } from './sessions.js';
import { syncSubscriptions, WEBHOOK_PATH, type SubscriptionSync } from './subscriptions.js';
import { refreshSession } from './tokens.js';
import type { ShopRecord } from './types.js';

/** The Admin API version every call and every subscription uses (the fixtures' version too). */
export const SHOPIFY_API_VERSION = '2026-07';
export const SHOPS_NAMESPACE = 'shopify:shops';
export const WEBHOOK_STATUS_NAMESPACE = 'shopify:webhook-status';

export type WebhookSync =
  ({ status: 'registered'; deliveryUrl: string } & SubscriptionSync) | { status: 'skipped'; reason: string } | { status: 'failed'; reason: string };

export interface ShopifyRuntime {
  readonly notifier: Notifier;
  readonly env: ShopifyEnv | undefined;
  readonly publicUrl: string | undefined;
  readonly registry: StoreRegistry<ShopRecord>;
  readonly sessions: ShopSessionStorage | undefined;
  readonly orders: OrderTracker;
  readonly consent: ConsentLedger;
  readonly notes: OrderNoteQueue;
  readonly fetch: typeof globalThis.fetch;
  readonly log: AdapterLog;
  clock(): number;
  /** Our id of a shop domain: `demo-magaza.myshopify.com` → `demo-magaza-myshopify-com`. */
  shopIdOf(shop: string): string;
  /** The shop's Admin API token, or undefined (not installed, uninstalled, or no key to read it). */
  tokenFor(shop: ShopRecord): Promise<string | undefined>;
  /** An Admin GraphQL client for an installed shop, or undefined. */
  graphqlFor(shopId: string): Promise<AdminGraphql | undefined>;
  /** Where Shopify delivers webhooks: PUBLIC_URL/webhooks/shopify, or undefined without PUBLIC_URL. */
  deliveryUrl(): string | undefined;
  /** Register (or repair) the shop's subscriptions; never throws. The outcome is kept for {@link webhookStatus}. */
  syncWebhooks(shop: ShopRecord): Promise<WebhookSync>;
  webhookStatus(shopId: string): Promise<(WebhookSync & { at: number }) | undefined>;
}

export interface RuntimeOptions {
  notifier: Notifier;
  env: ShopifyEnv | undefined;
  publicUrl: string | undefined;
  fetch: typeof globalThis.fetch;
  clock: () => number;
  log: AdapterLog;
  sleep?: (ms: number) => Promise<void>;
}

/** Refresh an expiring token this long before it runs out. */
const REFRESH_BEFORE_MS = 5 * 60_000;
const REFRESH_LEASE_MS = 30_000;
/** Longer than a registration can take; a crashed holder's lease lapses. */
const REGISTRATION_LEASE_MS = 120_000;

export function createRuntime(options: RuntimeOptions): ShopifyRuntime {
  const { notifier, env, clock, log } = options;
  const state = notifier.state;
  const root = options.publicUrl?.replace(/\/+$/, '');
  const registry = createStoreRegistry<ShopRecord>({
    state,
    namespace: SHOPS_NAMESPACE,
    platform: 'Shopify',
    validate: (shop) => [...(shop.shop ? [] : ['a shop needs its myshopify domain']), ...(shop.settings ? [] : ['settings are missing'])],
    clock,
  });
  const sessions = env?.encryptionKey ? createShopSessionStorage(state, env.encryptionKey, clock) : undefined;
  const registrations = createRegistrationLog<WebhookSync>({ state, namespace: WEBHOOK_STATUS_NAMESPACE, clock });
  const leases = createLeases({ state, namespace: 'shopify:locks', clock });

  const tokenFor = async (shop: ShopRecord): Promise<string | undefined> => {
    if (!shop.installed) return undefined;
    if (shop.source === 'env') return env?.shop?.shop === shop.shop ? env.shop.accessToken : undefined;
    if (!sessions || !env) return undefined;
    try {
      const session = await sessions.loadSession(offlineSessionId(shop.shop));
      if (!session?.accessToken) return undefined;
      if (!session.expires || session.expires.getTime() - clock() > REFRESH_BEFORE_MS) return session.accessToken;
      return await refreshed(shop);
    } catch (error) {
      log.warn({ shop: shop.id, reason: error instanceof Error ? error.message : String(error) }, 'shopify: no usable access token');
      return undefined;
    }
  };
  /** A fresh token: refreshed by one instance at a time, the others wait a little and read what it saved. */
  const refreshed = async (shop: ShopRecord): Promise<string | undefined> => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const outcome = await leases.run(`refresh:${shop.id}`, REFRESH_LEASE_MS, async () => {
        const session = await sessions!.loadSession(offlineSessionId(shop.shop));
        // Another instance may have refreshed it while this one waited for the lease.
        if (session?.accessToken && session.expires && session.expires.getTime() - clock() > REFRESH_BEFORE_MS) return session.accessToken;
        if (!session) return undefined;
        const next = await refreshSession({ apiKey: env!.apiKey, apiSecret: env!.apiSecret, fetch: options.fetch }, session, clock());
        await sessions!.storeSession(next);
        log.info({ shop: shop.id }, 'shopify: access token refreshed');
        return next.accessToken;
      });
      if (outcome.ran) return outcome.value;
      await (options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))))(250);
    }
    return undefined;
  };
  const graphqlFor = async (shopId: string): Promise<AdminGraphql | undefined> => {
    const shop = await registry.get(shopId);
    const accessToken = shop ? await tokenFor(shop) : undefined;
    if (!shop || accessToken === undefined) return undefined;
    return createAdminGraphql({
      shop: shop.shop,
      accessToken,
      apiVersion: SHOPIFY_API_VERSION,
      fetch: options.fetch,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  };
  const deliveryUrl = (): string | undefined => (root === undefined ? undefined : `${root}${WEBHOOK_PATH}`);

  async function registerNow(shop: ShopRecord): Promise<WebhookSync> {
    const url = deliveryUrl();
    if (url === undefined) return { status: 'skipped', reason: 'PUBLIC_URL is not set: Shopify has nowhere to deliver webhooks' };
    if (!url.startsWith('https://')) return { status: 'skipped', reason: 'PUBLIC_URL must be https: Shopify delivers webhooks only there' };
    const graphql = await graphqlFor(shop.id);
    if (!graphql) return { status: 'skipped', reason: 'no access token for this shop (not installed, or uninstalled)' };
    try {
      const outcome = await leases.run(`webhooks:${shop.id}`, REGISTRATION_LEASE_MS, () => syncSubscriptions(graphql, url));
      if (!outcome.ran) return { status: 'skipped', reason: "another server instance is registering this shop's webhooks right now" };
      log.info({ shop: shop.id, created: outcome.value.created.length, deleted: outcome.value.deleted.length }, 'shopify: webhooks registered');
      return { status: 'registered', deliveryUrl: url, ...outcome.value };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.warn({ shop: shop.id, reason }, 'shopify: webhook registration failed');
      return { status: 'failed', reason };
    }
  }

  return {
    notifier,
    env,
    publicUrl: root,
    registry,
    sessions,
    orders: createOrderTracker({ notifier, namespace: 'shopify:orders', clock }),
    consent: createConsentLedger({ state, namespace: 'shopify:consent', clock }),
    notes: createOrderNoteQueue({
      state,
      graphqlFor: async (shopId) => {
        const shop = await registry.get(shopId);
        return shop && shop.settings.orderNotes !== false ? graphqlFor(shopId) : undefined;
      },
      clock,
      logger: log,
    }),
    fetch: options.fetch,
    log,
    clock,
    shopIdOf: (shop) => storeIdFromUrl(`https://${shop}`),
    tokenFor,
    graphqlFor,
    deliveryUrl,
    async syncWebhooks(shop) {
      const result = await registerNow(shop);
      await registrations.record(shop.id, result);
      return result;
    },
    webhookStatus: (shopId) => registrations.get(shopId),
  };
}
