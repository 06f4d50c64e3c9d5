// The WooCommerce adapter inside the real server (sandbox mode, SQLite), against a fake of WooCommerce's
// REST API on loopback, with webhook deliveries made the way WooCommerce makes them (wp_json_encode bytes,
// HMAC header). The engine's loops are driven by hand (runOnce) so every step is deterministic.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createServer, loadConfig, type EsemesServer } from '@esemes/server';
import { createWooCommerceAdapter, wooStoreFromEnv } from '@esemes/woocommerce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWooPing, deliverWooWebhook, startFakeWooCommerce, type FakeWooCommerce } from '@esemes/woocommerce/testing';

const TOKEN = 'e2e-admin-token-0123456789';
const PUBLIC_URL = 'https://sms.example.test';
const KEY = 'ck_0123456789abcdef0123456789abcdef01234567';
const SECRET = 'cs_0123456789abcdef0123456789abcdef01234567';
const WEBHOOK_SECRET = 'e2eWebhookSecret0123456789abcdefABCDEF';
const fixture = JSON.parse(readFileSync(new URL('./fixtures/woocommerce-order.json', import.meta.url), 'utf8')) as Record<string, unknown>;

let fake: FakeWooCommerce;
let server: EsemesServer;
let base: string;
// After every order time the tests use (10:01–10:05): a delivery dated ahead of the clock counts as received now.
let clock = Date.UTC(2026, 10, 25, 12, 0, 0);

/** The fixture as a Turkish order: `id`, `status`, a modification time `minute` minutes after 10:00 UTC. */
function order(id: number, status: string, minute: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const modified = new Date(Date.UTC(2026, 10, 25, 10, minute, 0)).toISOString().slice(0, 19);
  return {
    ...fixture,
    id,
    number: String(id),
    status,
    currency: 'TRY',
    total: '249.90',
    created_via: 'checkout',
    date_modified_gmt: modified,
    date_created_gmt: modified,
    billing: { ...(fixture['billing'] as object), first_name: 'Şükrü', last_name: 'Işıkoğlu', phone: '0532 999 88 77', country: 'TR' },
    shipping: { ...(fixture['shipping'] as object), first_name: 'Şükrü', last_name: 'Işıkoğlu' },
    meta_data: [],
    ...extra,
  };
}

const hook = () => `${base}/webhooks/woocommerce/default`;
const deliver = (payload: unknown, options: Parameters<typeof deliverWooWebhook>[2] = {}) =>
  deliverWooWebhook(hook(), payload, { secret: WEBHOOK_SECRET, ...options });
const inbox = (number = '5329998877') => server.sandbox?.inbox(number) ?? [];
async function dispatch(): Promise<void> {
  await server.notifier.runOnce();
}

beforeAll(async () => {
  fake = await startFakeWooCommerce({ consumerKey: KEY, consumerSecret: SECRET });
  const env = {
    WOOCOMMERCE_URL: fake.url,
    WOOCOMMERCE_CONSUMER_KEY: KEY,
    WOOCOMMERCE_CONSUMER_SECRET: SECRET,
    WOOCOMMERCE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    WOOCOMMERCE_STORE_NAME: 'Demo Mağaza',
  };
  const envStore = wooStoreFromEnv(env);
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'silent', PORT: '0', PUBLIC_URL });
  server = await createServer(config, {
    adapters: [createWooCommerceAdapter({ ...(envStore ? { envStore } : {}), clock: () => clock, notesIntervalMs: 20 })],
    clock: () => clock,
    sandbox: { deliveryDelayMs: 0 },
  });
  // Listen without starting the engine's loops: the test drives them.
  base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  // Registration runs in the background after start.
  for (let waited = 0; fake.webhooks.size < 2 && waited < 60_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe('WooCommerce store configured from the environment', () => {
  it('registers order.created and order.updated webhooks at start, to PUBLIC_URL, with the secret', () => {
    const hooks = [...fake.webhooks.values()];
    expect(hooks.map((h) => h.topic).sort()).toEqual(['order.created', 'order.updated']);
    for (const h of hooks) {
      expect(h.delivery_url).toBe(`${PUBLIC_URL}/webhooks/woocommerce/default`);
      expect(h.secret).toBe(WEBHOOK_SECRET);
      expect(h.status).toBe('active');
    }
  });

  it('answers the activation ping with exactly 200 and stores nothing', async () => {
    const before = (await server.notifier.listMessages({})).length;
    const ping = await deliverWooPing(hook(), 7);
    expect(ping.status).toBe(200);
    expect((await server.notifier.listMessages({})).length).toBe(before);
  });

  it('refuses a bad or missing signature with 401 and sends nothing', async () => {
    expect((await deliver(order(900, 'processing', 1), { badSignature: true })).status).toBe(401);
    expect((await deliver(order(900, 'processing', 1), { omitSignature: true })).status).toBe(401);
    expect(await server.notifier.listMessages({ orderId: '900' })).toEqual([]);
  });

  it('refuses a body over 1 MB with 413 and a malformed order with 400', async () => {
    const huge = order(901, 'processing', 1, { customer_note: 'x'.repeat(1_100_000) });
    expect((await deliver(huge)).status).toBe(413);
    const malformed = await deliver({ hello: 'world' });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toMatch(/malformed_order/);
    expect(await server.notifier.listMessages({ orderId: '901' })).toEqual([]);
  });

  it('a deleted order ({id} only) is acknowledged and ignored', async () => {
    const deleted = await deliver({ id: 902 }, { topic: 'order.deleted' });
    expect(deleted.status).toBe(200);
    expect(await server.notifier.listMessages({ orderId: '902' })).toEqual([]);
  });

  it('a new order sends one SMS however often WooCommerce delivers it, then one per real transition', async () => {
    for (const topic of ['order.created', 'order.updated', 'order.updated']) expect((await deliver(order(1001, 'processing', 2), { topic })).status).toBe(200);
    await dispatch();
    const received = inbox();
    expect(received).toHaveLength(1);
    expect(received[0]?.text).toContain('Şükrü');
    expect(received[0]?.text).toContain('1001');

    // completed, delivered three times, plus an older processing delivery arriving late.
    for (let i = 0; i < 3; i += 1) await deliver(order(1001, 'completed', 5));
    const stale = await deliver(order(1001, 'processing', 3));
    expect(stale.body).toMatchObject({ status: 'stale' });
    await dispatch();
    expect(inbox()).toHaveLength(2);
    expect((await server.notifier.listMessages({ orderId: '1001' })).map((m) => m.eventType).sort()).toEqual(['order.created', 'order.status_changed']);
  });

  it('writes a private order note for each SMS, masking the number', async () => {
    await expect.poll(() => fake.notes.filter((n) => n.orderId === 1001).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    const notes = fake.notes.filter((n) => n.orderId === 1001);
    expect(notes.filter((n) => /^SMS sent to 0532\*\*\*8877: /.test(n.note))).toHaveLength(2);
    for (const note of notes) {
      expect(note.customer_note).toBe(false);
      expect(note.note).not.toContain('5329998877');
    }
  });

  it('an unpaid checkout order cancelled by the timeout sends nothing', async () => {
    await deliver(order(1002, 'pending', 1), { topic: 'order.created' });
    await deliver(order(1002, 'cancelled', 61));
    await dispatch();
    expect(await server.notifier.listMessages({ orderId: '1002', status: 'sent' })).toEqual([]);
  });

  it('a tracking number from Kargo Takip Türkiye sends one cargo SMS with the carrier link', async () => {
    const phone = '+90 533 111 22 33';
    const tracked = (minute: number) =>
      order(1003, 'kargo-verildi', minute, {
        billing: { first_name: 'Ayşe', last_name: 'Yılmaz', phone },
        meta_data: [
          { id: 1, key: 'tracking_company', value: 'yurtici' },
          { id: 2, key: 'tracking_code', value: 'YK123456789' },
        ],
      });
    await deliver(order(1003, 'processing', 1, { billing: { first_name: 'Ayşe', last_name: 'Yılmaz', phone } }), { topic: 'order.created' });
    await deliver(tracked(10));
    await deliver(tracked(11));
    await dispatch();
    const texts = inbox('5331112233').map((m) => m.text);
    expect(texts).toHaveLength(2);
    expect(texts.some((t) => t.includes('YK123456789'))).toBe(true);
  });

  it('a block-checkout draft with a phone and consent schedules reminders; paying cancels them', async () => {
    const consented = {
      billing: { first_name: 'Ayşe', last_name: 'Yılmaz', phone: '05341234567' },
      meta_data: [{ id: 5, key: '_wc_other/netgsm/iys_consent', value: '1' }],
    };
    await deliver(order(1004, 'checkout-draft', 1, { ...consented, created_via: 'store-api' }));
    const reminders = await server.notifier.listMessages({ orderId: '1004' });
    expect(reminders.map((m) => m.eventType)).toEqual(['cart.abandoned', 'cart.abandoned']);
    expect(reminders.every((m) => m.status === 'queued' && m.notBefore > clock)).toBe(true);
    await deliver(order(1004, 'processing', 2, { ...consented, created_via: 'store-api' }));
    const after = await server.notifier.listMessages({ orderId: '1004' });
    expect(after.filter((m) => m.eventType === 'cart.abandoned').map((m) => m.status)).toEqual(['cancelled', 'cancelled']);
    expect(after.filter((m) => m.eventType === 'order.created')).toHaveLength(1);
  });

  it('the Cart Abandonment Recovery webhook needs the token in its URL', async () => {
    const store = (await (await fetch(`${base}/api/v1/woocommerce/stores/default`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
      cartAbandonmentWebhookUrl: string;
    };
    expect(store.cartAbandonmentWebhookUrl).toMatch(/^https:\/\/sms\.example\.test\/webhooks\/woocommerce\/default\/cart-abandonment\/[A-Za-z0-9]{32}$/);
    const path = new URL(store.cartAbandonmentWebhookUrl).pathname;
    const form = new URLSearchParams({
      first_name: 'Ayşe',
      last_name: 'Yılmaz',
      phone_number: '0534 123 45 67',
      email: 'ayse@example.com',
      checkout_url: 'https://shop.example/checkout/?wcf_ac_token=abc&wcf_session_id=s123',
      product_names: 'Çay, Kahve',
      coupon_code: '',
      order_status: 'abandoned',
      cart_total: '120.5',
    });
    const post = (p: string) =>
      fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    expect((await post(path.replace(/[A-Za-z0-9]{32}$/, 'x'.repeat(32)))).status).toBe(401);
    const accepted = await post(path);
    expect(accepted.status).toBe(200);
    // That number gave consent on order 1004, so the reminders are queued, not skipped.
    const body = (await accepted.json()) as { events: Array<{ status: string }> };
    expect(body.events.map((e) => e.status)).toEqual(['accepted', 'accepted']);
  });

  it('lists the store without its secrets', async () => {
    const response = await fetch(`${base}/api/v1/woocommerce/stores`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(WEBHOOK_SECRET);
    expect(text).toContain('"id":"default"');
    expect((await fetch(`${base}/api/v1/woocommerce/stores`)).status).toBe(401);
  });
});

describe('connecting a store in one click (WooCommerce app authorization)', () => {
  it('hands out an authorize URL, takes the keys once, saves the store and registers its webhooks', async () => {
    const shop = await startFakeWooCommerce({ consumerKey: 'ck_fresh0123456789', consumerSecret: 'cs_fresh0123456789' });
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'silent', PORT: '0', PUBLIC_URL });
    const other = await createServer(config, { adapters: [createWooCommerceAdapter({ notesIntervalMs: 1_000 })] });
    try {
      const auth = { authorization: `Bearer ${TOKEN}` };
      const started = await other.app.inject({
        method: 'POST',
        url: '/api/v1/woocommerce/connect',
        headers: auth,
        payload: { storeUrl: shop.url, storeId: 'magaza' },
      });
      expect(started.statusCode).toBe(201);
      const authorize = new URL(started.json<{ authorizeUrl: string }>().authorizeUrl);
      expect(`${authorize.origin}${authorize.pathname}`).toBe(`${shop.url}/wc-auth/v1/authorize`);
      expect(authorize.searchParams.get('scope')).toBe('read_write');
      expect(authorize.searchParams.get('callback_url')).toBe(`${PUBLIC_URL}/webhooks/woocommerce/connect/callback`);
      expect(authorize.searchParams.get('return_url')).toBe(`${PUBLIC_URL}/webhooks/woocommerce/connect/return`);
      const nonce = authorize.searchParams.get('user_id');

      // What WooCommerce posts after the shop owner approves; it wants exactly 200.
      const keys = { key_id: 3, user_id: nonce, consumer_key: 'ck_fresh0123456789', consumer_secret: 'cs_fresh0123456789', key_permissions: 'read_write' };
      const callback = () =>
        other.app.inject({
          method: 'POST',
          url: '/webhooks/woocommerce/connect/callback',
          headers: { 'content-type': 'application/json;charset=UTF-8' },
          payload: JSON.stringify(keys),
        });
      const first = await callback();
      expect(first.statusCode).toBe(200);
      const again = await callback();
      expect(again.statusCode).toBe(404);
      expect(again.json()).toMatchObject({ error: { code: 'unknown_connection' } });

      for (let waited = 0; shop.webhooks.size < 2 && waited < 60_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect([...shop.webhooks.values()].map((h) => h.delivery_url)).toEqual([
        `${PUBLIC_URL}/webhooks/woocommerce/magaza`,
        `${PUBLIC_URL}/webhooks/woocommerce/magaza`,
      ]);
      const stores = await other.app.inject({ method: 'GET', url: '/api/v1/woocommerce/stores', headers: auth });
      expect(stores.json<{ stores: Array<{ id: string; url: string }> }>().stores.map((s) => [s.id, s.url])).toEqual([['magaza', shop.url]]);

      const page = await other.app.inject({ method: 'GET', url: `/webhooks/woocommerce/connect/return?success=1&user_id=${nonce}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Mağazanız bağlandı');
    } finally {
      await other.close();
      await shop.close();
    }
  });

  it('pasting keys works too; a store that cannot be reached is saved and reported, not fatal', async () => {
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'silent', PORT: '0', PUBLIC_URL });
    const other = await createServer(config, { adapters: [createWooCommerceAdapter({ restTimeoutMs: 2_000 })] });
    try {
      const auth = { authorization: `Bearer ${TOKEN}` };
      const bad = await other.app.inject({
        method: 'PUT',
        url: '/api/v1/woocommerce/stores/kapali',
        headers: auth,
        payload: { url: 'http://127.0.0.1:9', consumerKey: 'nope' },
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toMatch(/consumerKey/);
      const put = await other.app.inject({
        method: 'PUT',
        url: '/api/v1/woocommerce/stores/kapali',
        headers: auth,
        payload: { url: 'http://127.0.0.1:9', consumerKey: 'ck_abc', consumerSecret: 'cs_def' },
      });
      expect(put.statusCode).toBe(201);
      expect(put.json()).toMatchObject({ store: { id: 'kapali' }, webhooks: { status: 'failed' } });
      expect(put.body).not.toContain('cs_def');
    } finally {
      await other.close();
    }
  });
});

const postgresUrl = process.env.ESEMES_TEST_POSTGRES_URL;
describe.skipIf(!postgresUrl)('two server instances sharing one PostgreSQL (ESEMES_TEST_POSTGRES_URL)', () => {
  it('register one pair of webhooks with one secret, and send one SMS per transition whichever instance gets each delivery', async () => {
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    const name = `esemes_woo_${process.pid}_${Date.now()}`;
    await admin.query(`create database "${name}"`);
    const url = new URL(postgresUrl as string);
    url.pathname = `/${name}`;
    const shop = await startFakeWooCommerce({ consumerKey: KEY, consumerSecret: SECRET });
    // A slow shop: both instances' registrations overlap (without the lease, each would create a pair).
    shop.latencyMs = 150;
    const env = { WOOCOMMERCE_URL: shop.url, WOOCOMMERCE_CONSUMER_KEY: KEY, WOOCOMMERCE_CONSUMER_SECRET: SECRET };
    const servers: EsemesServer[] = [];
    try {
      // No WOOCOMMERCE_WEBHOOK_SECRET: the first instance generates it, the second must reuse it.
      for (let i = 0; i < 2; i += 1) {
        const config = loadConfig({ DATABASE_URL: url.toString(), ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'silent', PORT: '0', PUBLIC_URL });
        const envStore = wooStoreFromEnv(env);
        servers.push(await createServer(config, { adapters: [createWooCommerceAdapter(envStore ? { envStore } : {})], clock: () => clock }));
      }
      const urls = await Promise.all(servers.map((s) => s.app.listen({ port: 0, host: '127.0.0.1' })));
      // Until both registrations are over: the pair exists and neither instance holds the registration lease.
      const registering = async () => (await servers[0]!.notifier.state.getState('woocommerce:locks', 'webhooks:default')) !== undefined;
      await expect.poll(async () => shop.webhooks.size >= 2 && !(await registering()), { timeout: 60_000, interval: 50 }).toBe(true);
      const hooks = [...shop.webhooks.values()];
      expect(hooks.map((h) => h.topic).sort()).toEqual(['order.created', 'order.updated']);
      expect(new Set(hooks.map((h) => h.secret)).size).toBe(1);
      const secret = hooks[0]!.secret;
      shop.latencyMs = 0;

      const send = (i: number, payload: unknown) => deliverWooWebhook(`${urls[i % 2]}/webhooks/woocommerce/default`, payload, { secret });
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => send(i, order(2001, 'processing', 1))));
      expect(results.every((r) => r.status === 200)).toBe(true);
      await Promise.all(Array.from({ length: 10 }, (_, i) => send(i, order(2001, 'completed', 2))));
      const messages = await servers[0]!.notifier.listMessages({ orderId: '2001' });
      expect(messages.map((m) => m.eventType).sort()).toEqual(['order.created', 'order.status_changed']);
    } finally {
      for (const s of servers) await s.close();
      await shop.close();
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
