// The admin API through the adapter's plugin on a real Fastify app and a real engine (SQLite in memory),
// against the fake WooCommerce for webhook registration.
import { createEsemesClient } from '@esemes/core';
import { createNotifier } from '@esemes/notify';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { testState } from '../test/state.js';
import { createWooCommerceAdapter } from './adapter.js';
import { startFakeWooCommerce, type FakeWooCommerce } from './testing/fake-woocommerce.js';

const KEY = 'ck_admin0123456789';
const SECRET = 'cs_admin0123456789';
let app: FastifyInstance | undefined;
let fake: FakeWooCommerce | undefined;
afterEach(async () => {
  await app?.close();
  await fake?.close();
  app = undefined;
  fake = undefined;
});

async function setup(): Promise<FastifyInstance> {
  const store = await testState();
  const notifier = createNotifier({ store, client: createEsemesClient({ user: 'u', password: 'p', baseUrl: 'http://127.0.0.1:9/api-v3/' }), sender: 'DEMO' });
  fake = await startFakeWooCommerce({ consumerKey: KEY, consumerSecret: SECRET });
  const adapter = createWooCommerceAdapter();
  app = Fastify();
  await app.register(adapter.plugin, {
    notifier,
    config: { mode: 'sandbox', sender: 'DEMO', publicUrl: 'https://sms.example.test', adapterUrl: 'https://sms.example.test' },
    requireAdmin: async () => {},
  });
  await app.ready();
  return app;
}

const put = (a: FastifyInstance, id: string, payload: object) => a.inject({ method: 'PUT', url: `/api/v1/woocommerce/stores/${id}`, payload });

describe('PUT /api/v1/woocommerce/stores/:id', () => {
  it('creates a store with the normalized URL and generated secrets, and keeps them when it changes', async () => {
    const a = await setup();
    const created = await put(a, 'shop1', { url: `${fake!.url}/`, consumerKey: KEY, consumerSecret: SECRET });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ store: { id: 'shop1', url: fake!.url, consumerKeyEnding: KEY.slice(-4) }, webhooks: { status: 'registered' } });
    expect(created.body).not.toContain(SECRET);
    const secret = [...fake!.webhooks.values()][0]?.secret;
    expect(secret).toMatch(/^[A-Za-z0-9]{40}$/);

    const renamed = await put(a, 'shop1', { name: 'Çiçek Dünyası', settings: { orderNotes: false } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ store: { name: 'Çiçek Dünyası', url: fake!.url, settings: { orderNotes: false } } });
    // The secret was kept: the webhooks were updated with the same one.
    expect(new Set([...fake!.webhooks.values()].map((w) => w.secret))).toEqual(new Set([secret]));
  });

  it.each([
    ['https://user:pass@shop.example', /credentials/],
    ['https://shop.example/?a=1', /query or fragment/],
  ])('refuses the URL %s with 422, storing nothing', async (url, message) => {
    const a = await setup();
    const refused = await put(a, 'shop1', { url, consumerKey: KEY, consumerSecret: SECRET });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: { code: 'invalid_store', message: expect.stringMatching(message) } });
    expect(refused.body).not.toContain('pass');
    expect((await a.inject({ method: 'GET', url: '/api/v1/woocommerce/stores' })).json()).toEqual({ stores: [] });
  });

  it('refuses a new store without its keys, and a reserved or malformed id, storing nothing', async () => {
    const a = await setup();
    const incomplete = await put(a, 'shop1', { url: 'https://shop.example' });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json()).toMatchObject({ error: { code: 'invalid_store', message: 'a new store needs url, consumerKey and consumerSecret' } });
    for (const id of ['connect', 'Shop_1'])
      expect((await put(a, id, { url: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET })).statusCode).toBe(400);
    expect((await a.inject({ method: 'GET', url: '/api/v1/woocommerce/stores' })).json()).toEqual({ stores: [] });
  });
});
