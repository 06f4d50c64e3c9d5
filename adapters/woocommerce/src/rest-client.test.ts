import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWooCommerce, type FakeWooCommerce } from './testing/fake-woocommerce.js';
import { createWooRestClient, WooRestError } from './rest-client.js';

const KEY = 'ck_0123456789abcdef0123456789abcdef01234567';
const SECRET = 'cs_fedcba9876543210fedcba9876543210fedcba98';

let woo: FakeWooCommerce;
beforeEach(async () => {
  woo = await startFakeWooCommerce({ consumerKey: KEY, consumerSecret: SECRET });
});
afterEach(async () => {
  await woo.close();
});

async function rejection(promise: Promise<unknown>): Promise<WooRestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WooRestError);
  return error as WooRestError;
}

describe('createWooRestClient', () => {
  it('signs http requests with OAuth 1.0a and creates, lists, updates and deletes webhooks', async () => {
    const client = createWooRestClient({ url: woo.url, consumerKey: KEY, consumerSecret: SECRET });
    const created = await client.createWebhook({ name: 'esemes SMS', topic: 'order.created', delivery_url: 'https://sms.example.com/hook', secret: 'abc123' });
    expect(created).toMatchObject({ name: 'esemes SMS', topic: 'order.created', status: 'active' });
    expect(woo.webhooks.get(created.id)?.secret).toBe('abc123');
    const updated = await client.updateWebhook(created.id, { status: 'paused', secret: 'def456' });
    expect(updated.status).toBe('paused');
    expect(woo.webhooks.get(created.id)?.secret).toBe('def456');
    expect(await client.listWebhooks()).toEqual([
      { id: created.id, name: 'esemes SMS', status: 'paused', topic: 'order.created', delivery_url: 'https://sms.example.com/hook' },
    ]);
    await client.deleteWebhook(created.id);
    expect(woo.webhooks.size).toBe(0);
  });

  it('lists every page of webhooks, 100 per page', async () => {
    for (let i = 0; i < 150; i++) woo.addWebhook({ name: `other ${i}`, topic: 'product.updated', delivery_url: `https://other.example.com/${i}` });
    const client = createWooRestClient({ url: woo.url, consumerKey: KEY, consumerSecret: SECRET });
    const all = await client.listWebhooks();
    expect(all).toHaveLength(150);
    expect(new Set(all.map((w) => w.id)).size).toBe(150);
    expect(woo.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
  });

  it('adds a private order note and reads an order', async () => {
    woo.orders.set(7, { id: 7, number: '7', status: 'processing' });
    const client = createWooRestClient({ url: woo.url, consumerKey: KEY, consumerSecret: SECRET });
    const note = await client.addOrderNote(7, 'SMS sent to 0532***8877: hello');
    expect(note).toMatchObject({ note: 'SMS sent to 0532***8877: hello', customer_note: false });
    expect(woo.notes).toEqual([{ orderId: 7, note: 'SMS sent to 0532***8877: hello', customer_note: false }]);
    expect((await client.getOrder(7)).status).toBe('processing');
  });

  it('maps a wrong key to an auth error that names the call but no secrets', async () => {
    const client = createWooRestClient({ url: woo.url, consumerKey: KEY, consumerSecret: 'cs_wrong_secret_value_1234567890' });
    const error = await rejection(client.listWebhooks());
    expect(error.code).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.wooCode).toBe('woocommerce_rest_cannot_view');
    expect(error.message).toContain('GET webhooks');
    expect(error.message).toContain('woocommerce_rest_cannot_view');
    for (const secret of [KEY, SECRET, 'cs_wrong_secret_value_1234567890']) {
      expect(error.message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
    }
  });

  it('maps 404 to not_found and other statuses to http', async () => {
    const client = createWooRestClient({ url: woo.url, consumerKey: KEY, consumerSecret: SECRET });
    const missing = await rejection(client.deleteWebhook(999));
    expect(missing).toMatchObject({ code: 'not_found', status: 404, wooCode: 'woocommerce_rest_webhook_invalid_id' });
    woo.failNextNotes(1, 500);
    const failed = await rejection(client.addOrderNote(1, 'x'));
    expect(failed).toMatchObject({ code: 'http', status: 500 });
    expect(failed.message).toContain('POST orders/1/notes');
  });

  it('maps a closed port to unreachable', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const client = createWooRestClient({ url: `http://127.0.0.1:${port}`, consumerKey: KEY, consumerSecret: SECRET });
    const error = await rejection(client.listWebhooks());
    expect(error.code).toBe('unreachable');
    expect(error.status).toBeUndefined();
    expect(error.message).not.toContain(SECRET);
  });

  it('maps a timeout to unreachable', async () => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => void sockets.add(socket)); // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const client = createWooRestClient({ url: `http://127.0.0.1:${port}`, consumerKey: KEY, consumerSecret: SECRET }, { timeoutMs: 200 });
      const error = await rejection(client.getOrder(1));
      expect(error.code).toBe('unreachable');
      expect(error.message).toContain('timed out');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('the fake accepts Basic auth (what https stores get) and rejects a bad OAuth signature', async () => {
    const basic = Buffer.from(`${KEY}:${SECRET}`).toString('base64');
    const ok = await fetch(`${woo.url}/wp-json/wc/v3/webhooks`, { headers: { authorization: `Basic ${basic}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-wp-totalpages')).toBe('0');
    const forged = await fetch(`${woo.url}/wp-json/wc/v3/webhooks?oauth_consumer_key=${KEY}&oauth_signature_method=HMAC-SHA256&oauth_signature=AAAA`);
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ code: 'woocommerce_rest_cannot_view', message: 'Sorry, you cannot list resources.', data: { status: 401 } });
  });
});
