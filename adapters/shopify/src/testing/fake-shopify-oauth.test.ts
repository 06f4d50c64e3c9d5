// The fake's OAuth authorization code grant over real HTTP through fake.fetch: the redirect's hmac checked
// independently (Shopify's documented algorithm, and @shopify/shopify-api's own check), the code traded once,
// the token accepted by the Admin API; and the refusals Shopify makes.
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, shopifyApi } from '@shopify/shopify-api';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startFakeShopify } from './fake-shopify.js';
import { APP, gql, OTHER_SHOP, READ_NOTE, SHOP, SHOP_QUERY, SHOPS, startFake, track, UPDATE_NOTE } from './test-support.js';
import type { FakeShopify } from './fake-shopify.js';

const REDIRECT = 'https://sms.example.test/auth/shopify/callback';

function authorizeUrl(overrides: Record<string, string | null> = {}, shop = SHOP): string {
  const params: Record<string, string | null> = {
    client_id: APP.apiKey,
    scope: 'read_orders,write_orders',
    redirect_uri: REDIRECT,
    state: '7381920465',
    'grant_options[]': '',
    ...overrides,
  };
  const url = new URL(`https://${shop}/admin/oauth/authorize`);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  return url.href;
}

/** Shopify's documented check, written out: drop `hmac`, sort the rest by name, join `k=v` with `&`, hex HMAC-SHA256. */
function documentedHmacValid(query: URLSearchParams, secret: string): boolean {
  const message = [...query]
    .filter(([key]) => key !== 'hmac')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const expected = createHmac('sha256', secret).update(message).digest();
  const given = Buffer.from(query.get('hmac') ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function authorize(fake: FakeShopify, url = authorizeUrl()): Promise<URL> {
  const response = await fake.fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

async function exchange(fake: FakeShopify, body: Record<string, string>, shop = SHOP) {
  const response = await fake.fetch(`https://${shop}/admin/oauth/access_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the documented hmac check used here', () => {
  it("Should accept Shopify's own example (secret 'hush')", () => {
    const example = new URLSearchParams(
      'code=0907a61c0c8d55e99db179b68161bc00&hmac=700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173',
    );
    expect(documentedHmacValid(example, 'hush')).toBe(true);
    expect(documentedHmacValid(example, 'hush!')).toBe(false);
  });
});

describe('GET /admin/oauth/authorize and POST /admin/oauth/access_token', () => {
  it('Should redirect with a signed code, trade it once for an offline token, and let the Admin API accept that token', async () => {
    const fake = await startFake();
    const before = Math.floor(Date.now() / 1000);
    const callback = await authorize(fake);
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    expect([...callback.searchParams.keys()]).toEqual(['code', 'hmac', 'host', 'shop', 'state', 'timestamp']);
    const query = callback.searchParams;
    expect(query.get('code')).toMatch(/^[0-9a-f]{32}$/);
    expect(query.get('shop')).toBe(SHOP);
    expect(query.get('state')).toBe('7381920465');
    expect(Buffer.from(query.get('host')!, 'base64').toString()).toBe(`${SHOP}/admin`);
    expect(Number(query.get('timestamp'))).toBeGreaterThanOrEqual(before);
    expect(query.get('hmac')).toMatch(/^[0-9a-f]{64}$/);
    expect(documentedHmacValid(query, APP.apiSecret)).toBe(true);
    expect(documentedHmacValid(query, 'another-secret')).toBe(false);

    // Shopify's library, as the adapter may use it, agrees.
    const shopify = shopifyApi({
      apiKey: APP.apiKey,
      apiSecretKey: APP.apiSecret,
      scopes: ['read_orders'],
      hostName: 'sms.example.test',
      apiVersion: ApiVersion.July26,
      isEmbeddedApp: false,
      logger: { log: async () => {} },
    });
    expect(await shopify.utils.validateHmac(Object.fromEntries(query))).toBe(true);
    expect(await shopify.utils.validateHmac({ ...Object.fromEntries(query), state: 'forged' })).toBe(false);

    const code = query.get('code')!;
    const granted = await exchange(fake, { client_id: APP.apiKey, client_secret: APP.apiSecret, code });
    expect(granted.status).toBe(200);
    expect(Object.keys(granted.body)).toEqual(['access_token', 'scope']);
    expect(granted.body.access_token).toMatch(/^shpat_[0-9a-f]{32}$/);
    expect(granted.body.scope).toBe('read_orders,write_orders');

    const shop = await gql(fake, SHOP_QUERY, {}, { token: granted.body.access_token as string });
    expect(shop.status).toBe(200);
    expect(shop.body.data.shop).toMatchObject({ name: 'Demo Mağaza', myshopifyDomain: SHOP });

    const reused = await exchange(fake, { client_id: APP.apiKey, client_secret: APP.apiSecret, code });
    expect(reused).toEqual({ status: 400, body: { error: 'invalid_request', error_description: 'The authorization code was not found or was already used' } });

    expect(fake.authorizations).toEqual([
      {
        shop: SHOP,
        clientId: APP.apiKey,
        requestedScope: ['read_orders', 'write_orders'],
        grantedScope: ['read_orders', 'write_orders'],
        redirectUri: REDIRECT,
        state: '7381920465',
        accessMode: 'offline',
        outcome: 'approved',
        error: null,
        exchanged: true,
      },
    ]);
    expect(fake.tokens.find((token) => token.accessToken === granted.body.access_token)).toMatchObject({
      shop: SHOP,
      scope: ['read_orders', 'write_orders'],
      source: 'authorization_code',
      expiresAt: null,
    });
    // The log keeps paths and operation names, never codes, hmacs or tokens.
    const log = JSON.stringify(fake.requests);
    for (const secret of [code, query.get('hmac')!, granted.body.access_token as string, APP.apiSecret]) expect(log).not.toContain(secret);
    expect(fake.requests.map((r) => [r.method, r.path, r.operationName, r.status])).toEqual([
      ['GET', '/admin/oauth/authorize', null, 302],
      ['POST', '/admin/oauth/access_token', null, 200],
      ['POST', '/admin/api/2026-07/graphql.json', 'Shop', 200],
      ['POST', '/admin/oauth/access_token', null, 400],
    ]);
  });

  it('Should refuse a wrong secret without using the code up, and take a form body too', async () => {
    const fake = await startFake();
    const code = (await authorize(fake)).searchParams.get('code')!;
    const wrong = await exchange(fake, { client_id: APP.apiKey, client_secret: 'not-the-secret', code });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_client');
    const form = await fake.fetch(`https://${SHOP}/admin/oauth/access_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: APP.apiKey, client_secret: APP.apiSecret, code }).toString(),
    });
    expect(form.status).toBe(200);
    expect(((await form.json()) as { scope: string }).scope).toBe('read_orders,write_orders');
  });

  it('Should refuse a code at another shop than the one that issued it', async () => {
    const fake = await startFake();
    const code = (await authorize(fake)).searchParams.get('code')!;
    expect((await exchange(fake, { client_id: APP.apiKey, client_secret: APP.apiSecret, code }, OTHER_SHOP)).status).toBe(400);
    expect((await exchange(fake, { client_id: APP.apiKey, client_secret: APP.apiSecret, code })).status).toBe(200);
  });

  it.each([
    [{ client_id: 'someone-else' }, 'Oauth error invalid_request: Could not find Shopify API application with api_key someone-else'],
    [{ redirect_uri: null }, 'Oauth error invalid_request: The redirect_uri is missing'],
    [{ redirect_uri: 'not a url' }, 'Oauth error invalid_request: The redirect_uri is not whitelisted'],
  ])('Should answer %o with a 400 error page and no redirect', async (overrides, text) => {
    const fake = await startFake();
    const response = await fake.fetch(authorizeUrl(overrides), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain(text);
    expect(fake.authorizations).toMatchObject([{ outcome: 'refused', error: text, grantedScope: [] }]);
  });

  it('Should hold redirect_uri to the allowed redirection URLs when the app lists them', async () => {
    const fake = await startFake({ app: { ...APP, redirectUris: [REDIRECT] } });
    expect((await fake.fetch(authorizeUrl(), { redirect: 'manual' })).status).toBe(302);
    const elsewhere = await fake.fetch(authorizeUrl({ redirect_uri: 'https://evil.example.test/auth/shopify/callback' }), { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('The redirect_uri is not whitelisted');
  });

  it('Should leave the owner in the admin when they cancel: no code, and the app is not called', async () => {
    const fake = await startFake({ owner: { decision: 'deny' } });
    const location = await authorize(fake);
    expect(location.href).toBe(`https://${SHOP}/admin/apps`);
    // Followed through fake.fetch, the browser lands on the shop's app list.
    const landed = await fake.fetch(authorizeUrl());
    expect(landed.status).toBe(200);
    expect(await landed.text()).toContain('Demo Mağaza · Apps');
    expect(fake.authorizations.map((a) => a.outcome)).toEqual(['denied', 'denied']);
    expect(fake.tokens.filter((token) => token.source !== 'options')).toEqual([]);

    fake.owner = { decision: 'approve' };
    expect((await authorize(fake)).searchParams.has('code')).toBe(true);
  });

  it('Should grant fewer scopes when the owner does, and answer ACCESS_DENIED where they are missing', async () => {
    const fake = await startFake({ owner: { decision: 'approve', scopes: ['read_orders'] } });
    const code = (await authorize(fake)).searchParams.get('code')!;
    const granted = await exchange(fake, { client_id: APP.apiKey, client_secret: APP.apiSecret, code });
    expect(granted.body.scope).toBe('read_orders');
    const token = granted.body.access_token as string;
    const order = 'gid://shopify/Order/6012345678901';
    expect((await gql(fake, READ_NOTE, { id: order }, { token })).body.data.order).toEqual({ id: order, note: 'Kapıya bırakın' });
    const denied = await gql(fake, UPDATE_NOTE, { input: { id: order, note: 'x' } }, { token });
    expect(denied.status).toBe(200);
    expect(denied.body.data).toEqual({ orderUpdate: null });
    expect(denied.body.errors[0]).toMatchObject({
      message: 'Access denied for orderUpdate field. Required access: `write_orders` access scope.',
      extensions: { code: 'ACCESS_DENIED' },
    });
    expect(fake.notes.get(order)).toBeUndefined();
  });

  it('Should issue an expiring token with a refresh token on expiring=1, refuse it after an hour, and rotate it', async () => {
    let now = Date.UTC(2026, 6, 14, 11, 30);
    const fake = await startFake({ clock: () => now });
    const callback = await authorize(fake);
    expect(callback.searchParams.get('timestamp')).toBe(String(now / 1000));
    const granted = await exchange(fake, { client_id: APP.apiKey, client_secret: APP.apiSecret, code: callback.searchParams.get('code')!, expiring: '1' });
    expect(granted.body).toMatchObject({ scope: 'read_orders,write_orders', expires_in: 3600, refresh_token_expires_in: 7_776_000 });
    expect(granted.body.refresh_token).toMatch(/^shprt_[0-9a-f]{32}$/);
    const token = granted.body.access_token as string;
    expect((await gql(fake, SHOP_QUERY, {}, { token })).status).toBe(200);
    now += 3600 * 1000;
    expect((await gql(fake, SHOP_QUERY, {}, { token })).status).toBe(401);

    const refresh = { client_id: APP.apiKey, client_secret: APP.apiSecret, grant_type: 'refresh_token', refresh_token: granted.body.refresh_token as string };
    const renewed = await exchange(fake, refresh);
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ scope: 'read_orders,write_orders', expires_in: 3600 });
    expect(renewed.body.refresh_token).not.toBe(granted.body.refresh_token);
    expect((await gql(fake, SHOP_QUERY, {}, { token: renewed.body.access_token as string })).status).toBe(200);
    expect((await exchange(fake, refresh)).body.error).toBe('invalid_grant');
  });

  it('Should answer an online (per-user) request with the associated user and a one-day token', async () => {
    const fake = await startFake();
    const code = (await authorize(fake, authorizeUrl({ 'grant_options[]': 'per-user' }))).searchParams.get('code')!;
    const granted = await exchange(fake, { client_id: APP.apiKey, client_secret: APP.apiSecret, code });
    expect(granted.body).toMatchObject({
      expires_in: 86_399,
      associated_user_scope: 'read_orders,write_orders',
      associated_user: { account_owner: true, locale: 'tr' },
    });
    expect(fake.authorizations[0]!.accessMode).toBe('online');
  });

  it('Should refuse every authorization when the fake knows no app', async () => {
    const fake = track(await startFakeShopify({ shops: SHOPS }));
    const response = await fake.fetch(authorizeUrl(), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect((await exchange(fake, { client_id: APP.apiKey, client_secret: APP.apiSecret, code: 'x' })).body.error).toBe('invalid_client');
  });

  it('Should stop accepting the tokens of a shop the app was uninstalled from', async () => {
    const fake = await startFake();
    expect((await gql(fake, SHOP_QUERY)).status).toBe(200);
    fake.uninstall(SHOP);
    const refused = await gql(fake, SHOP_QUERY);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
  });
});
