// fake.fetch keeps tests on this machine: only https://<known shop>/ reaches the fake, everything else is a
// TypeError before any connection; and the options are checked once, every problem named.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeShopify } from './fake-shopify.js';
import { SHOP, SHOP_QUERY, startFake, TOKEN } from './test-support.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A server that counts connections, to show a refused fetch never opens one. */
async function listener(): Promise<{ origin: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    res.end('reached');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

describe('fake.fetch', () => {
  it('Should refuse every URL that is not https://<known shop>/ with a TypeError, reaching nothing', async () => {
    const fake = await startFake();
    const local = await listener();
    for (const url of [
      'https://unknown-shop.myshopify.com/admin/api/2026-07/graphql.json',
      'https://shopify.com/',
      `http://${SHOP}/admin/oauth/authorize`,
      `https://${SHOP}:8443/admin/oauth/authorize`,
      `${local.origin}/anything`,
      `${fake.url}/admin/api/2026-07/graphql.json`,
    ]) {
      await expect(fake.fetch(url)).rejects.toThrow(TypeError);
    }
    expect(local.hits()).toBe(0);
    const error = await fake.fetch('https://unknown-shop.myshopify.com/admin/oauth/access_token?code=secret-code').catch((e: unknown) => e);
    expect(String(error)).toContain('refused GET https://unknown-shop.myshopify.com/admin/oauth/access_token');
    expect(String(error)).not.toContain('secret-code');
    expect(fake.requests).toEqual([]);
  });

  it('Should refuse to follow a redirect off the shop, and follow one on it', async () => {
    const fake = await startFake();
    const authorize = `https://${SHOP}/admin/oauth/authorize?client_id=esemes-client-id&scope=read_orders&redirect_uri=${encodeURIComponent('https://sms.example.test/cb')}`;
    await expect(fake.fetch(authorize)).rejects.toThrow(/refused GET https:\/\/sms\.example\.test\/cb/);
    await expect(fake.fetch(authorize, { redirect: 'error' })).rejects.toThrow(TypeError);
    fake.owner = { decision: 'deny' };
    expect((await fake.fetch(authorize)).status).toBe(200); // the shop's own app list
  });

  it('Should carry method, path, query, headers and body to the fake, as Request or URL', async () => {
    const fake = await startFake();
    const request = new Request(new URL(`https://${SHOP}/admin/api/2026-07/graphql.json`), {
      method: 'POST',
      headers: { 'X-Shopify-Access-Token': TOKEN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: SHOP_QUERY }),
    });
    const response = await fake.fetch(request);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-shopify-api-version')).toBe('2026-07');
    expect(((await response.json()) as { data: { shop: { name: string } } }).data.shop.name).toBe('Demo Mağaza');
    expect((await fake.fetch(`https://${SHOP}/admin/unknown`)).status).toBe(404);
    expect(fake.requests).toEqual([
      { method: 'POST', shop: SHOP, path: '/admin/api/2026-07/graphql.json', operationName: 'Shop', status: 200 },
      { method: 'GET', shop: SHOP, path: '/admin/unknown', operationName: null, status: 404 },
    ]);
  });
});

describe('startFakeShopify options', () => {
  it('Should name every problem at once, in one TypeError', async () => {
    await expect(
      startFakeShopify({
        shops: [{ shop: 'demo-magaza.example.com' }, { shop: SHOP }, { shop: SHOP }, { shop: 'x.myshopify.com', orders: ['12a'] }],
        app: { apiKey: '', apiSecret: 's' },
        bucketSize: 0,
        costs: { mutation: -1 },
      }),
    ).rejects.toThrow(
      new TypeError(
        'Invalid fake Shopify options: bucketSize must be a positive number; costs.mutation must be a non-negative number; ' +
          'costs.query (10) exceeds bucketSize (0); app.apiKey must be a non-empty string; ' +
          'shops[0].shop: "demo-magaza.example.com" is not a <handle>.myshopify.com domain; shops[2].shop: demo-magaza.myshopify.com is listed twice; ' +
          'shops[3].orders: "12a" is not a numeric order id',
      ),
    );
    await expect(startFakeShopify({ shops: [] })).rejects.toThrow('shops must list at least one shop');
  });

  it('Should default a shop to TRY, Europe/Istanbul and its handle as name', async () => {
    const fake = await startFakeShopify({ shops: [{ shop: 'kucuk-dukkan.myshopify.com', accessToken: TOKEN }] });
    closers.push(() => fake.close());
    const response = await fake.fetch('https://kucuk-dukkan.myshopify.com/admin/api/2026-07/graphql.json', {
      method: 'POST',
      headers: { 'X-Shopify-Access-Token': TOKEN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: SHOP_QUERY }),
    });
    expect(((await response.json()) as { data: unknown }).data).toEqual({
      shop: {
        id: 'gid://shopify/Shop/60123456781',
        name: 'kucuk-dukkan',
        currencyCode: 'TRY',
        ianaTimezone: 'Europe/Istanbul',
        myshopifyDomain: 'kucuk-dukkan.myshopify.com',
      },
    });
    expect(fake.tokens).toMatchObject([
      {
        shop: 'kucuk-dukkan.myshopify.com',
        source: 'options',
        scope: ['read_orders', 'write_orders', 'read_customers', 'read_fulfillments', 'read_checkouts'],
      },
    ]);
  });
});
