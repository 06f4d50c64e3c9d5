// A session's worth of traffic through the real server with the WooCommerce adapter (sandbox mode, SQLite,
// a fake WooCommerce on loopback), logging at trace into a capture: no secret and no whole phone number
// may appear in any line, whatever the request (webhooks, the cart webhook's token in its URL, the API,
// wrong methods, unknown and over-long paths, the one-click connection, shutdown).
import { Writable } from 'node:stream';
import { createServer, loadConfig, type EsemesServer } from '@esemes/server';
import { createWooCommerceAdapter, wooStoreFromEnv } from '@esemes/woocommerce';
import { deliverWooPing, deliverWooWebhook, startFakeWooCommerce, type FakeWooCommerce } from '@esemes/woocommerce/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TOKEN = 'e2e-log-admin-token-0123456789';
const PUBLIC_URL = 'https://sms.example.test';
const KEY = 'ck_logs456789abcdef0123456789abcdef01234567';
const SECRET = 'cs_logs456789abcdef0123456789abcdef01234567';
const WEBHOOK_SECRET = 'e2eLogWebhookSecret0123456789abcdefABCD';
const CONNECT_KEY = 'ck_connect0123456789abcdef';
const CONNECT_SECRET = 'cs_connect0123456789abcdef';
/** Every number the session uses, in the forms it used them. */
const PHONES = ['0532 999 88 77', '0534 123 45 67', '+90 535 111 22 33'];

class LogCapture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
  lines(): Array<Record<string, unknown>> {
    return this.text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

const logs = new LogCapture();
const auth = { authorization: `Bearer ${TOKEN}` };
let declinedNonce = '';
let fake: FakeWooCommerce;
let shop: FakeWooCommerce;
let server: EsemesServer;
let base: string;
let cartToken = '';

function order(id: number, status: string, minute: number): Record<string, unknown> {
  const modified = new Date(Date.UTC(2026, 10, 25, 10, minute, 0)).toISOString().slice(0, 19);
  return {
    id,
    number: String(id),
    status,
    currency: 'TRY',
    total: '249.90',
    created_via: 'checkout',
    date_modified_gmt: modified,
    date_created_gmt: modified,
    billing: { first_name: 'Şükrü', last_name: 'Işıkoğlu', phone: PHONES[0], country: 'TR', email: 'sukru@example.com' },
    shipping: { first_name: 'Şükrü', last_name: 'Işıkoğlu' },
    line_items: [{ name: 'Çay', quantity: 1, total: '249.90' }],
    meta_data: [],
  };
}

beforeAll(async () => {
  fake = await startFakeWooCommerce({ consumerKey: KEY, consumerSecret: SECRET });
  shop = await startFakeWooCommerce({ consumerKey: CONNECT_KEY, consumerSecret: CONNECT_SECRET });
  const envStore = wooStoreFromEnv({
    WOOCOMMERCE_URL: fake.url,
    WOOCOMMERCE_CONSUMER_KEY: KEY,
    WOOCOMMERCE_CONSUMER_SECRET: SECRET,
    WOOCOMMERCE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    WOOCOMMERCE_STORE_NAME: 'Demo Mağaza',
  });
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'trace', PORT: '0', PUBLIC_URL });
  server = await createServer(config, {
    adapters: [createWooCommerceAdapter({ ...(envStore ? { envStore } : {}), notesIntervalMs: 20 })],
    sandbox: { deliveryDelayMs: 0 },
    logStream: logs,
  });
  base = await server.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
  await shop?.close();
});

describe('the log of a session with the WooCommerce adapter', () => {
  it('serves the session: webhooks, the cart webhook (right and wrong token, wrong method, longer paths), the API, order notes, a connection', async () => {
    await expect.poll(() => fake.webhooks.size, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);

    const hook = `${base}/webhooks/woocommerce/default`;
    expect((await deliverWooPing(hook, 7)).status).toBe(200);
    expect((await deliverWooWebhook(hook, order(1001, 'processing', 1), { secret: WEBHOOK_SECRET, topic: 'order.created' })).status).toBe(200);
    expect((await deliverWooWebhook(hook, order(1001, 'processing', 1), { secret: WEBHOOK_SECRET, badSignature: true })).status).toBe(401);
    expect((await deliverWooWebhook(hook, order(1001, 'completed', 2), { secret: WEBHOOK_SECRET })).status).toBe(200);

    // The Cart Abandonment Recovery webhook: its token is in the path.
    const store = await (await fetch(`${base}/api/v1/woocommerce/stores/default`, { headers: auth })).json();
    const cartUrl = new URL((store as { cartAbandonmentWebhookUrl: string }).cartAbandonmentWebhookUrl);
    cartToken = cartUrl.pathname.split('/').at(-1) ?? '';
    expect(cartToken).toMatch(/^[A-Za-z0-9]{32}$/);
    const form = new URLSearchParams({
      first_name: 'Ayşe',
      phone_number: PHONES[1]!,
      checkout_url: 'https://shop.example/checkout/?wcf_ac_token=abc',
      product_names: 'Çay',
      order_status: 'abandoned',
      cart_total: '120.5',
    }).toString();
    const cart = (path: string, method = 'POST') =>
      fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, ...(method === 'POST' ? { body: form } : {}) });
    expect((await cart(cartUrl.pathname)).status).toBe(200);
    expect((await cart(cartUrl.pathname.replace(cartToken, 'x'.repeat(32)))).status).toBe(401);
    expect((await cart(cartUrl.pathname, 'GET')).status).toBe(405);
    expect((await cart(`${cartUrl.pathname}/`)).status).toBe(404);
    expect((await cart(`${cartUrl.pathname}/extra?token=${cartToken}`)).status).toBe(404);
    expect((await cart(`${cartUrl.pathname}${'x'.repeat(100)}`)).status).toBe(414);

    // The events API and the messages, with and without the token.
    const event = {
      type: 'order.created',
      idempotencyKey: 'api:77:created',
      store: { id: 'api', name: 'API Mağaza' },
      customer: { firstName: 'Ayşe', phones: [PHONES[2]] },
      order: { id: '77', number: '77', total: '10' },
    };
    const post = (headers: Record<string, string>, body: string) => fetch(`${base}/api/v1/events`, { method: 'POST', headers, body });
    expect((await post({ ...auth, 'content-type': 'application/json' }, JSON.stringify(event))).status).toBe(202);
    expect((await post({ authorization: `Bearer ${WEBHOOK_SECRET}`, 'content-type': 'application/json' }, JSON.stringify(event))).status).toBe(401);
    expect((await post({ ...auth, 'content-type': 'text/plain' }, JSON.stringify(event))).status).toBe(415);
    expect((await fetch(`${base}/api/v1/messages?phone=${encodeURIComponent(PHONES[0]!)}&unmask=true`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${base}/api/v1/messages/${encodeURIComponent(PHONES[2]!)}`, { headers: auth })).status).toBe(404);

    // Sends, delivery reports, order notes written back with the REST keys.
    await server.notifier.runOnce();
    await server.notifier.runOnce();
    await expect.poll(() => fake.notes.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);

    // The one-click connection: the keys arrive in the callback's body.
    const started = await fetch(`${base}/api/v1/woocommerce/connect`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ storeUrl: shop.url, storeId: 'magaza' }),
    });
    expect(started.status).toBe(201);
    const nonce = new URL(((await started.json()) as { authorizeUrl: string }).authorizeUrl).searchParams.get('user_id');
    const keys = { key_id: 3, user_id: nonce, consumer_key: CONNECT_KEY, consumer_secret: CONNECT_SECRET, key_permissions: 'read_write' };
    const callback = await fetch(`${base}/webhooks/woocommerce/connect/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(keys),
    });
    expect(callback.status).toBe(200);
    await expect.poll(() => shop.webhooks.size, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    // WooCommerce sends the merchant back with the nonce in the query; a declined one stays valid until it expires.
    declinedNonce =
      new URL(
        (
          (await (
            await fetch(`${base}/api/v1/woocommerce/connect`, {
              method: 'POST',
              headers: { ...auth, 'content-type': 'application/json' },
              body: JSON.stringify({ storeUrl: shop.url, storeId: 'ikinci' }),
            })
          ).json()) as { authorizeUrl: string }
        ).authorizeUrl,
      ).searchParams.get('user_id') ?? '';
    expect(declinedNonce).toMatch(/^[A-Za-z0-9]{32}$/);
    expect((await fetch(`${base}/webhooks/woocommerce/connect/return?success=0&user_id=${declinedNonce}`)).status).toBe(200);

    await server.close();
  });

  it('holds request lines for the whole session, the cart webhook’s with its token redacted, and ends with the shutdown line', () => {
    const lines = logs.lines();
    const urls = lines.filter((line) => line['msg'] === 'incoming request').map((line) => (line['req'] as { url: string }).url);
    expect(urls.length).toBeGreaterThanOrEqual(15);
    expect(urls.filter((url) => url.startsWith('/webhooks/woocommerce/default/cart-abandonment/[redacted]'))).toHaveLength(6);
    expect(lines.at(-1)).toMatchObject({ msg: 'esemes server stopped', sendsFinished: 0 });
  });

  it('contains no secret: admin token, webhook secret, cart token, consumer keys and secrets', () => {
    for (const secret of [TOKEN, WEBHOOK_SECRET, cartToken, declinedNonce, SECRET, KEY, CONNECT_SECRET, CONNECT_KEY, 'Bearer '])
      expect(logs.text).not.toContain(secret);
  });

  it('contains no whole phone number, in any form', () => {
    const forms = PHONES.flatMap((phone) => {
      const digits = phone.replace(/\D/g, '').slice(-10);
      return [digits, phone.slice(1), encodeURIComponent(phone), `${digits.slice(0, 3)} ${digits.slice(3, 6)}`];
    });
    for (const form of forms) expect(logs.text).not.toContain(form);
  });
});
