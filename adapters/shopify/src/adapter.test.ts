// The Shopify adapter in a real Fastify app on a real engine (SQLite in memory), against the fake Shopify:
// deliveries signed exactly as Shopify signs them (raw UTF-8 bytes, Turkish bodies), the inbox, order
// tracking, fulfillments, refunds, checkouts and consent, uninstall, the OAuth install with an expiring
// token, and order notes written through the Admin API.
import { createEsemesClient } from '@esemes/core';
import { createNotifier, type Notifier, type OutboxStore } from '@esemes/notify';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { testState } from '../test/state.js';
import { createShopifyAdapter, type ShopifyAdapter } from './adapter.js';
import type { ShopifyEnv } from './env.js';
import { SESSIONS_NAMESPACE } from './sessions.js';
import { SUBSCRIBED_TOPICS } from './subscriptions.js';
import {
  deliverShopifyWebhook,
  SAMPLE_IDS,
  SAMPLE_SHOP,
  shopifyCheckout,
  shopifyConsentUpdate,
  shopifyCustomersRedact,
  shopifyDataRequest,
  shopifyFulfillment,
  shopifyFulfillmentEvent,
  shopifyOrder,
  shopifyShopRedact,
  startFakeShopify,
  type FakeShopify,
} from './testing/index.js';

const PUBLIC_URL = 'https://sms.example.test';
const API_KEY = 'testapikey0123456789';
const API_SECRET = 'shpss_testsecret0123456789abcdef';
const TOKEN = 'shpat_envtoken0123456789abcdef';
const SHOP_ID = 'demo-magaza-myshopify-com';
const ORDER = String(SAMPLE_IDS.orderId);

interface Harness {
  app: FastifyInstance;
  base: string;
  notifier: Notifier;
  store: OutboxStore;
  fake: FakeShopify;
  adapter: ShopifyAdapter;
  /** Every log line the app wrote. */
  logs: string[];
  deliver(
    topic: string,
    payload: unknown,
    options?: { webhookId?: string; secret?: string; omitHmac?: boolean; shop?: string; headers?: Record<string, string | null> },
  ): Promise<{ status: number; body: unknown }>;
}

let open: Harness | undefined;
afterEach(async () => {
  await open?.app.close();
  await open?.fake.close();
  open = undefined;
});

async function setup(options: { envShop?: boolean; oauth?: boolean; clock?: () => number } = { envShop: true }): Promise<Harness> {
  const store = await testState();
  const notifier = createNotifier({ store, client: createEsemesClient({ user: 'u', password: 'p', baseUrl: 'http://127.0.0.1:9/api-v3/' }), sender: 'DEMO' });
  const fake = await startFakeShopify({
    shops: [{ shop: SAMPLE_SHOP, name: 'Demo Mağaza', ...(options.envShop ? { accessToken: TOKEN } : {}), orders: [SAMPLE_IDS.orderId] }],
    app: { apiKey: API_KEY, apiSecret: API_SECRET },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const env: ShopifyEnv = {
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    scopes: ['read_orders', 'write_orders', 'read_customers', 'read_fulfillments'],
    ...(options.oauth ? { encryptionKey: Buffer.alloc(32, 9) } : {}),
    ...(options.envShop ? { shop: { shop: SAMPLE_SHOP, accessToken: TOKEN } } : {}),
  };
  const adapter = createShopifyAdapter({
    env,
    fetch: fake.fetch,
    ...(options.clock ? { clock: options.clock } : {}),
    inboxIntervalMs: 20,
    inboxRetryMs: 20,
    notesIntervalMs: 20,
    registrationWaitMs: 30_000,
    sleep: async () => undefined,
  });
  const logs: string[] = [];
  const app = Fastify({ logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } } });
  await app.register(adapter.plugin, {
    notifier,
    config: { mode: 'sandbox', sender: 'DEMO', publicUrl: PUBLIC_URL, adapterUrl: PUBLIC_URL },
    requireAdmin: async () => {},
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const harness: Harness = {
    app,
    base,
    notifier,
    store,
    fake,
    adapter,
    logs,
    async deliver(topic, payload, extra = {}) {
      const result = await deliverShopifyWebhook(`${base}/webhooks/shopify`, {
        topic,
        shop: extra.shop ?? SAMPLE_SHOP,
        payload,
        secret: extra.secret ?? API_SECRET,
        ...(extra.webhookId ? { webhookId: extra.webhookId } : {}),
        ...(extra.omitHmac ? { omitHmac: true } : {}),
        ...(extra.headers ? { headers: extra.headers } : {}),
      });
      return { status: result.status, body: result.body };
    },
  };
  open = harness;
  return harness;
}

/** Bounded wait for a condition the adapter's background work reaches (never a speed claim). */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const messagesOf = (h: Harness) => h.notifier.listMessages({ storeId: SHOP_ID, limit: 100 });
const inboxEmpty = async (h: Harness) => (await h.store.listState('shopify:inbox', { limit: 10 })).length === 0;

describe('the environment’s shop', () => {
  it('is saved at start with its name from the Admin API, and its webhooks point at PUBLIC_URL, one per topic', async () => {
    const h = await setup();
    const hooks = await until(
      async () => h.fake.webhooks.get(SAMPLE_SHOP) ?? [],
      (list) => list.length === SUBSCRIBED_TOPICS.length,
      'the subscriptions',
    );
    expect(hooks.map((hook) => hook.topic).sort()).toEqual([...SUBSCRIBED_TOPICS].sort());
    expect(new Set(hooks.map((hook) => hook.uri))).toEqual(new Set([`${PUBLIC_URL}/webhooks/shopify`]));
    const shop = await until(
      async () => (await h.app.inject({ method: 'GET', url: `/api/v1/shopify/shops/${SHOP_ID}` })).json(),
      (view) => view.webhooks?.status === 'registered',
      'the shop view',
    );
    expect(shop).toMatchObject({
      id: SHOP_ID,
      shop: SAMPLE_SHOP,
      name: 'Demo Mağaza',
      currency: 'TRY',
      timeZone: 'Europe/Istanbul',
      installed: true,
      source: 'env',
    });
  });
});

describe('POST /webhooks/shopify', () => {
  it('sends the order SMS of a signed orders/create (Turkish body) once, however often and through whichever topic it comes', async () => {
    const h = await setup();
    const order = shopifyOrder({ updated_at: '2026-07-14T14:30:00+03:00' });
    const first = await h.deliver('orders/create', order, { webhookId: 'wh-1' });
    expect(first).toEqual({ status: 200, body: { status: 'accepted' } });
    const [message] = await until(
      () => messagesOf(h),
      (list) => list.length === 1,
      'the order SMS',
    );
    expect(message).toMatchObject({ eventType: 'order.created', recipient: '5329998877', platform: 'shopify', orderId: ORDER, orderNumber: '1001' });
    expect(message?.text).toContain('Şükrü');
    expect(await h.deliver('orders/create', order, { webhookId: 'wh-1' })).toEqual({ status: 200, body: { status: 'duplicate' } });
    expect((await h.deliver('orders/updated', order, { webhookId: 'wh-2' })).status).toBe(200);
    expect((await h.deliver('orders/paid', order, { webhookId: 'wh-3' })).status).toBe(200);
    await until(() => inboxEmpty(h), Boolean, 'the inbox');
    expect(await messagesOf(h)).toHaveLength(1);
  });

  it('refuses a missing or wrong HMAC (401), missing headers (400) and an unknown shop (404), storing nothing', async () => {
    const h = await setup();
    const order = shopifyOrder();
    expect((await h.deliver('orders/create', order, { omitHmac: true })).status).toBe(401);
    expect((await h.deliver('orders/create', order, { secret: 'another-secret-0123456789' })).status).toBe(401);
    expect((await h.deliver('orders/create', order, { headers: { 'X-Shopify-Webhook-Id': null } })).status).toBe(400);
    const unknown = await h.deliver('orders/create', order, { shop: 'baska-magaza.myshopify.com' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'unknown_shop' } });
    expect(await h.store.listState('shopify:inbox')).toEqual([]);
    expect(await messagesOf(h)).toEqual([]);
  });

  it('sends one cancellation SMS for orders/cancelled and orders/updated, and drops a stale update', async () => {
    const h = await setup();
    await h.deliver('orders/create', shopifyOrder({ updated_at: '2026-07-14T14:30:00+03:00' }));
    await until(
      () => messagesOf(h),
      (list) => list.length === 1,
      'the order SMS',
    );
    const cancelled = shopifyOrder({ updated_at: '2026-07-14T16:00:00+03:00', cancelled_at: '2026-07-14T16:00:00+03:00', cancel_reason: 'customer' });
    await h.deliver('orders/cancelled', cancelled);
    await h.deliver('orders/updated', cancelled);
    // Older than the cancellation: stale, nothing.
    await h.deliver('orders/updated', shopifyOrder({ updated_at: '2026-07-14T15:00:00+03:00', financial_status: 'paid' }));
    await until(() => inboxEmpty(h), Boolean, 'the inbox');
    expect((await messagesOf(h)).map((m) => m.eventType).sort()).toEqual(['order.cancelled', 'order.created']);
  });

  it('announces a fulfillment that arrives before its order once the order arrives, then out for delivery, delivered and a refund', async () => {
    const h = await setup();
    expect((await h.deliver('fulfillments/create', shopifyFulfillment())).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await messagesOf(h)).toEqual([]);
    await h.deliver('orders/create', shopifyOrder());
    const shipped = await until(
      () => messagesOf(h),
      (list) => list.some((m) => m.eventType === 'shipment.created'),
      'the shipping SMS',
    );
    expect(shipped.find((m) => m.eventType === 'shipment.created')?.text).toContain('7300123456789');
    await h.deliver('fulfillment_events/create', shopifyFulfillmentEvent({ status: 'out_for_delivery' }));
    await h.deliver('fulfillment_events/create', shopifyFulfillmentEvent({ id: 4_012_345_678_902, status: 'delivered' }));
    await h.deliver('fulfillment_events/create', shopifyFulfillmentEvent({ id: 4_012_345_678_903, status: 'in_transit' }));
    await h.deliver('refunds/create', { id: 8_012_345_678_901, order_id: SAMPLE_IDS.orderId, created_at: '2026-07-16T10:00:00+03:00' });
    await until(() => inboxEmpty(h), Boolean, 'the inbox');
    expect((await messagesOf(h)).map((m) => m.eventType).sort()).toEqual([
      'order.created',
      'order.refunded',
      'shipment.created',
      'shipment.delivered',
      'shipment.out_for_delivery',
    ]);
  });

  it('plans abandoned-checkout reminders with consent, and ends them when the order with that checkout token arrives', async () => {
    const h = await setup();
    const createdAt = new Date(Date.now() - 60_000).toISOString();
    await h.deliver('checkouts/create', shopifyCheckout({ created_at: createdAt, updated_at: createdAt }));
    const reminders = await until(
      () => h.notifier.listMessages({ storeId: SHOP_ID, status: 'queued' }),
      (list) => list.length === 2,
      'the reminders',
    );
    expect(reminders.every((m) => m.eventType === 'cart.abandoned')).toBe(true);
    await h.deliver('checkouts/update', shopifyCheckout({ created_at: createdAt, updated_at: new Date().toISOString() }));
    await h.deliver('orders/create', shopifyOrder({ checkout_token: SAMPLE_IDS.checkoutToken }));
    await until(
      () => h.notifier.listMessages({ storeId: SHOP_ID, status: 'cancelled' }),
      (list) => list.length === 2,
      'the cancelled reminders',
    );
    expect((await messagesOf(h)).filter((m) => m.eventType === 'cart.abandoned')).toHaveLength(2);
  });

  it('ends a customer’s queued reminders when they unsubscribe from SMS marketing', async () => {
    const h = await setup();
    const createdAt = new Date(Date.now() - 60_000).toISOString();
    await h.deliver('checkouts/create', shopifyCheckout({ created_at: createdAt, updated_at: createdAt }));
    await until(
      () => h.notifier.listMessages({ storeId: SHOP_ID, status: 'queued' }),
      (list) => list.length === 2,
      'the reminders',
    );
    await h.deliver(
      'customers_marketing_consent/update',
      shopifyConsentUpdate({ sms_marketing_consent: { state: 'unsubscribed', opt_in_level: 'single_opt_in', consent_updated_at: new Date().toISOString() } }),
    );
    await until(
      () => h.notifier.listMessages({ storeId: SHOP_ID, status: 'cancelled' }),
      (list) => list.length === 2,
      'the cancelled reminders',
    );
    // A subscription older than the unsubscribe, arriving late, changes nothing.
    await h.deliver(
      'customers_marketing_consent/update',
      shopifyConsentUpdate({ sms_marketing_consent: { state: 'subscribed', opt_in_level: 'single_opt_in', consent_updated_at: '2026-01-01T10:00:00+03:00' } }),
    );
    await until(() => inboxEmpty(h), Boolean, 'the inbox');
    expect(await h.store.listState('shopify:consent')).toEqual([]);
  });

  it('disables an uninstalled shop: its queued messages are cancelled and later deliveries ignored', async () => {
    const h = await setup();
    const createdAt = new Date(Date.now() - 60_000).toISOString();
    await h.deliver('checkouts/create', shopifyCheckout({ created_at: createdAt, updated_at: createdAt }));
    await until(
      () => h.notifier.listMessages({ storeId: SHOP_ID, status: 'queued' }),
      (list) => list.length === 2,
      'the reminders',
    );
    const uninstalled = await h.deliver('app/uninstalled', { id: 60_123_456_781, domain: SAMPLE_SHOP });
    expect(uninstalled).toEqual({ status: 200, body: { status: 'uninstalled', cancelled: 2 } });
    expect(await h.deliver('orders/create', shopifyOrder())).toEqual({
      status: 200,
      body: { status: 'ignored', reason: 'the app is uninstalled from this shop' },
    });
    expect((await messagesOf(h)).filter((m) => m.eventType === 'order.created')).toEqual([]);
  });
});

describe('order notes', () => {
  it('appends a line to the order’s note through the Admin API after a status change of its SMS, waiting out Shopify’s throttling', async () => {
    const h = await setup();
    await until(
      async () => h.fake.webhooks.get(SAMPLE_SHOP) ?? [],
      (list) => list.length === SUBSCRIBED_TOPICS.length,
      'the subscriptions',
    );
    h.fake.throttleNext(2);
    await h.deliver('orders/create', shopifyOrder());
    const [message] = await until(
      () => messagesOf(h),
      (list) => list.length === 1,
      'the order SMS',
    );
    await h.adapter.onMessageStatus!({
      messageId: message!.id,
      storeId: SHOP_ID,
      platform: 'shopify',
      eventType: 'order.created',
      idempotencyKey: 'k',
      role: 'customer',
      orderId: ORDER,
      status: 'delivered',
      previousStatus: 'sent',
      reportId: '1',
      providerStatus: 'DELIVERED',
      error: null,
      recipientMasked: '8877',
      recipient: '5329998877',
      text: message!.text,
      at: Date.now(),
    });
    const notes = await until(
      async () => h.fake.notes.get(`gid://shopify/Order/${ORDER}`) ?? [],
      (list) => list.length === 1,
      'the order note',
    );
    expect(notes[0]).toMatch(/^SMS delivered to 0532\*\*\*8877/);
    expect(notes[0]).not.toContain('5329998877');
    expect(h.fake.requests.filter((request) => request.operationName === 'OrderNote').length).toBeGreaterThanOrEqual(3);
  });
});

describe('OAuth install', () => {
  it('installs by OAuth with an expiring token stored encrypted, registers the webhooks, and refuses a callback of another browser', async () => {
    const h = await setup({ oauth: true });
    const begin = await fetch(`${h.base}/shopify/auth?shop=${SAMPLE_SHOP}`, { redirect: 'manual' });
    expect(begin.status).toBe(302);
    const cookie = (begin.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(begin.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
    const authorize = begin.headers.get('location') ?? '';
    expect(authorize).toMatch(new RegExp(`^https://${SAMPLE_SHOP}/admin/oauth/authorize\\?`));
    const approved = await h.fake.fetch(authorize, { redirect: 'manual' });
    const back = new URL(approved.headers.get('location') ?? '');
    expect(back.origin + back.pathname).toBe(`${PUBLIC_URL}/shopify/auth/callback`);
    const callback = `${h.base}/shopify/auth/callback${back.search}`;

    expect((await fetch(callback, { redirect: 'manual', headers: { cookie: 'esemes_shopify_state=another' } })).status).toBe(403);
    const tampered = new URL(callback);
    tampered.searchParams.set('shop', 'baska-magaza.myshopify.com');
    expect((await fetch(tampered, { redirect: 'manual', headers: { cookie } })).status).toBe(400);

    const done = await fetch(callback, { redirect: 'manual', headers: { cookie } });
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe(`/stores/connected/shopify?shop=${SAMPLE_SHOP}`);
    // Used once: the same callback again is refused.
    expect((await fetch(callback, { redirect: 'manual', headers: { cookie } })).status).toBe(403);
    const [session] = await h.store.listState(SESSIONS_NAMESPACE);
    const issued = h.fake.tokens.at(-1);
    expect(issued).toMatchObject({
      source: 'authorization_code',
      accessToken: expect.stringMatching(/^shpat_/),
      refreshToken: expect.stringMatching(/^shprt_/),
    });
    expect(issued?.expiresAt).not.toBeNull();
    expect(session?.value).not.toContain(issued!.accessToken);
    expect(session?.value).not.toContain(issued!.refreshToken!);
    await until(
      async () => h.fake.webhooks.get(SAMPLE_SHOP) ?? [],
      (list) => list.length === SUBSCRIBED_TOPICS.length,
      'the subscriptions',
    );
    const result = await h.adapter.dashboard!().connect!.result({ shop: SAMPLE_SHOP });
    expect(result).toMatchObject({ ok: true, storeId: SHOP_ID });
  });
});

/** Install by OAuth through the fake (the browser's part done by hand). */
async function install(h: Harness): Promise<void> {
  const begin = await fetch(`${h.base}/shopify/auth?shop=${SAMPLE_SHOP}`, { redirect: 'manual' });
  const cookie = (begin.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const approved = await h.fake.fetch(begin.headers.get('location') ?? '', { redirect: 'manual' });
  const back = new URL(approved.headers.get('location') ?? '');
  const done = await fetch(`${h.base}/shopify/auth/callback${back.search}`, { redirect: 'manual', headers: { cookie } });
  expect(done.status).toBe(302);
}

describe('expiring tokens', () => {
  it('refreshes the shop’s token before it runs out, once, and keeps using the new one', async () => {
    const clock = { now: Date.now() };
    const h = await setup({ oauth: true, clock: () => clock.now });
    await install(h);
    await until(
      async () => h.fake.webhooks.get(SAMPLE_SHOP) ?? [],
      (list) => list.length === SUBSCRIBED_TOPICS.length,
      'the subscriptions',
    );
    const before = h.fake.tokens.length;
    // 57 minutes on: within 5 minutes of the hour the token lives.
    clock.now += 57 * 60_000;
    const [first, second] = await Promise.all([
      h.app.inject({ method: 'POST', url: `/api/v1/shopify/shops/${SHOP_ID}/webhooks` }),
      h.app.inject({ method: 'POST', url: `/api/v1/shopify/shops/${SHOP_ID}/webhooks` }),
    ]);
    expect(first.json()).toMatchObject({ webhooks: { status: 'registered' } });
    expect(second.json()).toMatchObject({ webhooks: { status: expect.stringMatching(/registered|skipped/) } });
    const refreshedTokens = h.fake.tokens.slice(before);
    expect(refreshedTokens.map((token) => token.source)).toEqual(['refresh_token']);
    // Past the old token's hour: only the refreshed one works, and it is what the adapter uses.
    clock.now += 10 * 60_000;
    expect((await h.app.inject({ method: 'POST', url: `/api/v1/shopify/shops/${SHOP_ID}/webhooks` })).json()).toMatchObject({
      webhooks: { status: 'registered' },
    });
    expect(h.fake.tokens.length).toBe(before + 1);
  });
});

describe('privacy webhooks', () => {
  /** An order with its SMS, and a second customer's order that must stay untouched. */
  async function twoCustomers(h: Harness): Promise<void> {
    await h.deliver('orders/create', shopifyOrder());
    await h.deliver('orders/create', shopifyOrder({ id: 6_012_345_678_999, name: '#1002', order_number: 1002 }, { phone: '+905334445566' }));
    await until(
      () => messagesOf(h),
      (list) => list.length === 2,
      'both order SMS',
    );
  }

  it('answers a customer data request with what is held, keeps the report for the shop owner, and logs no number', async () => {
    const h = await setup();
    await twoCustomers(h);
    const answer = await h.deliver('customers/data_request', shopifyDataRequest());
    expect(answer.status).toBe(200);
    const report = (answer.body as { result: { messages: Array<{ recipient: string; text: string }>; phones: string[]; requestId: string } }).result;
    expect(report.phones).toEqual(['5329998877']);
    expect(report.messages).toHaveLength(1);
    expect(report.messages[0]?.text).toContain('Şükrü');
    const kept = await h.app.inject({ method: 'GET', url: `/api/v1/shopify/shops/${SHOP_ID}/data-requests/${report.requestId}` });
    expect(kept.json()).toMatchObject({ phones: ['5329998877'] });
    const line = h.logs.find((entry) => entry.includes('customer data request answered'));
    expect(line).toContain('"messages":1');
    expect(h.logs.join('')).not.toContain('5329998877');
  });

  it('redacts a customer: their numbers and texts leave every table, the other customer stays, a redelivery sends nothing', async () => {
    const h = await setup();
    await twoCustomers(h);
    const answer = await h.deliver('customers/redact', shopifyCustomersRedact());
    expect(answer.status).toBe(200);
    const messages = await messagesOf(h);
    const redacted = messages.find((m) => m.orderId === ORDER);
    expect(redacted?.recipient).not.toBe('5329998877');
    expect(redacted?.text).not.toContain('Şükrü');
    expect(messages.find((m) => m.orderNumber === '1002')?.recipient).toBe('5334445566');
    for (const namespace of ['shopify:orders', 'shopify:order-context', 'shopify:consent', 'shopify:checkouts']) {
      for (const record of await h.store.listState(namespace, { limit: 1000 })) {
        expect(record.value).not.toContain('5329998877');
        expect(record.value).not.toContain('905329998877');
        expect(record.key).not.toContain(ORDER);
      }
    }
    // The same order delivered again after the redaction: a duplicate at the engine, no new SMS.
    await h.deliver('orders/create', shopifyOrder(), { webhookId: 'after-redact' });
    await until(() => inboxEmpty(h), Boolean, 'the inbox');
    expect((await messagesOf(h)).length).toBe(2);
  });

  it('forgets a whole shop on shop/redact, and answers 200 for a shop it does not know', async () => {
    const h = await setup();
    await twoCustomers(h);
    const answer = await h.deliver('shop/redact', shopifyShopRedact());
    expect(answer.status).toBe(200);
    expect(await messagesOf(h)).toEqual([]);
    expect(await h.store.listState('shopify:shops')).toEqual([]);
    expect(await h.store.listState('shopify:order-context')).toEqual([]);
    expect((await h.deliver('shop/redact', shopifyShopRedact())).body).toEqual({ status: 'nothing_held' });
    expect((await h.deliver('customers/redact', shopifyCustomersRedact(), { omitHmac: true })).status).toBe(401);
  });
});
