// The Shopify adapter inside the real server (sandbox mode, SQLite, the engine's loops running), configured
// from the four SHOPIFY_* variables and PUBLIC_URL as `npm start` reads them, against the fake Shopify (its
// fetch stands in for the internet): a signed orders/create delivery becomes an SMS the sandbox delivers,
// and the order's note in Shopify says so.
import { createServer, loadConfig, type EsemesServer } from '@esemes/server';
import { createShopifyAdapter, shopifyFromEnv } from '@esemes/shopify';
import { deliverShopifyWebhook, SAMPLE_IDS, SAMPLE_SHOP, shopifyOrder, startFakeShopify, type FakeShopify } from '@esemes/shopify/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ENV = {
  PUBLIC_URL: 'https://sms.example.test',
  SHOPIFY_SHOP: SAMPLE_SHOP,
  SHOPIFY_ACCESS_TOKEN: 'shpat_e2etoken0123456789abcdef',
  SHOPIFY_API_KEY: 'e2eapikey0123456789',
  SHOPIFY_API_SECRET: 'shpss_e2esecret0123456789abcdef',
};

let fake: FakeShopify;
let server: EsemesServer;
let base: string;

async function until<T>(read: () => Promise<T> | T, ok: (value: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 120_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  fake = await startFakeShopify({ shops: [{ shop: SAMPLE_SHOP, name: 'Demo Mağaza', accessToken: ENV.SHOPIFY_ACCESS_TOKEN, orders: [SAMPLE_IDS.orderId] }] });
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', PORT: '0', ADMIN_TOKEN: 'e2e-admin-token-0123456789', ...ENV });
  const env = shopifyFromEnv(ENV);
  server = await createServer(config, {
    adapters: [createShopifyAdapter({ ...(env ? { env } : {}), fetch: fake.fetch, notesIntervalMs: 50, inboxIntervalMs: 50 })],
    sandbox: { deliveryDelayMs: 0, outcomeWeights: { delivered: 1, notDelivered: 0, expired: 0 } },
    dispatch: { intervalMs: 50 },
  });
  ({ url: base } = await server.start());
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe('Shopify through the real server', () => {
  it('registers the shop’s webhooks at start to PUBLIC_URL/webhooks/shopify', async () => {
    const hooks = await until(
      () => fake.webhooks.get(SAMPLE_SHOP) ?? [],
      (list) => list.length > 0 && list.every((hook) => hook.uri === `${ENV.PUBLIC_URL}/webhooks/shopify`) && list.length >= 13,
      'the subscriptions',
    );
    expect(hooks.map((hook) => hook.topic)).toContain('ORDERS_CREATE');
  });

  it('sends the order SMS of a signed orders/create delivery, once, and writes it on the order’s note', async () => {
    const order = shopifyOrder();
    const delivery = { topic: 'orders/create', shop: SAMPLE_SHOP, payload: order, secret: ENV.SHOPIFY_API_SECRET, webhookId: 'e2e-1' };
    expect(await deliverShopifyWebhook(`${base}/webhooks/shopify`, delivery)).toMatchObject({ status: 200, body: { status: 'accepted' } });
    expect(await deliverShopifyWebhook(`${base}/webhooks/shopify`, delivery)).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    expect((await deliverShopifyWebhook(`${base}/webhooks/shopify`, { ...delivery, badHmac: true, webhookId: 'e2e-2' })).status).toBe(401);
    const inbox = await until(
      () => server.sandbox?.inbox('5329998877') ?? [],
      (list) => list.length > 0,
      'the SMS at the sandbox',
    );
    expect(inbox).toHaveLength(1);
    expect(inbox[0]?.text).toContain('Şükrü');
    expect(inbox[0]?.text).toContain('1001');
    const [message] = await until(
      () => server.notifier.listMessages({ limit: 10 }),
      (list) => list.some((m) => m.status === 'delivered'),
      'delivered',
    );
    expect(message).toMatchObject({ storeId: 'demo-magaza-myshopify-com', platform: 'shopify', status: 'delivered' });
    const notes = await until(
      () => fake.notes.get(`gid://shopify/Order/${SAMPLE_IDS.orderId}`) ?? [],
      (list) => list.some((note) => note?.includes('SMS delivered') === true),
      'the order note',
    );
    expect(notes.at(-1)).toContain('SMS delivered to 0532***8877');
  });
});
