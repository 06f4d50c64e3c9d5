// The fake WooCommerce's app authorization (/wc-auth/v1/) over real HTTP, driven like a browser with
// fetch (redirects followed by hand, forms submitted as a browser submits them), against a callback
// server on loopback reached through the `reach` option.
import { createEsemesClient } from '@esemes/core';
import { createNotifier } from '@esemes/notify';
import Fastify, { type FastifyInstance } from 'fastify';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testState } from '../../test/state.js';
import { createWooCommerceAdapter } from '../adapter.js';
import { createWooRestClient } from '../rest-client.js';
import { startFakeWooCommerce, type FakeWooCommerce } from './fake-woocommerce.js';
import { wpJsonEncode } from './woo-delivery.js';

const KEY = 'ck_started0123456789';
const SECRET = 'cs_started0123456789';
const PUBLIC = 'https://sms.example.test';

interface Callback {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

/** The esemes side: records every request and answers `status` (a getter, so a test can change it). */
async function startCallbackServer(answer: () => number = () => 200): Promise<{ origin: string; calls: Callback[] }> {
  const calls: Callback[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      calls.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer(), { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

async function startShop(reach: Record<string, string>): Promise<FakeWooCommerce> {
  const shop = await startFakeWooCommerce({ consumerKey: KEY, consumerSecret: SECRET }, { reach });
  cleanup.push(() => shop.close());
  return shop;
}

function authorizeUrl(shop: FakeWooCommerce, overrides: Record<string, string | undefined> = {}): string {
  const params: Record<string, string | undefined> = {
    app_name: 'esemes SMS',
    scope: 'read_write',
    user_id: 'nonce0123456789',
    return_url: `${PUBLIC}/webhooks/woocommerce/connect/return?lang=tr`,
    callback_url: `${PUBLIC}/webhooks/woocommerce/connect/callback`,
    ...overrides,
  };
  const defined = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return `${shop.url}/wc-auth/v1/authorize?${new URLSearchParams(defined).toString()}`;
}

const unescape = (text: string): string => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&quot;/g, '"');

interface Form {
  button: string;
  method: string;
  /** Where the browser goes when the button is clicked (a GET form's fields replace the action's query). */
  target: string;
}

/** The page's forms, as a browser would submit them from `pageUrl`. */
function formsOf(html: string, pageUrl: string): Form[] {
  return [...html.matchAll(/<form method="(\w+)" action="([^"]*)">([\s\S]*?)<\/form>/g)].map(([, method, action, inner]) => {
    const fields = [...inner!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map(([, name, value]): [string, string] => [
      unescape(name!),
      unescape(value!),
    ]);
    const target = new URL(unescape(action!), pageUrl);
    target.search = new URLSearchParams(fields).toString();
    return { button: unescape(/<button[^>]*>([^<]*)<\/button>/.exec(inner!)?.[1] ?? ''), method: method!, target: target.href };
  });
}

function button(forms: Form[], label: string): Form {
  const form = forms.find((f) => f.button === label);
  if (!form) throw new Error(`no "${label}" button among ${forms.map((f) => f.button).join(', ')}`);
  return form;
}

/** Polls `condition` until it holds; the bound is against a hang on a busy machine, not a speed claim. */
async function until(condition: () => boolean, withinMs = 60_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function approvalPage(url: string): Promise<{ html: string; forms: Form[] }> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
  const html = await response.text();
  return { html, forms: formsOf(html, url) };
}

describe('GET /wc-auth/v1/authorize', () => {
  it('Should post new REST keys to the callback on Approve, accept them, and redirect with success=1', async () => {
    const esemes = await startCallbackServer();
    const shop = await startShop({ [PUBLIC]: esemes.origin });
    const { html, forms } = await approvalPage(authorizeUrl(shop));
    expect(html).toContain('esemes SMS would like to connect to your store');
    expect(html).toContain('<strong>Read/Write</strong>');
    expect(html).toContain('<li>Create webhooks</li>');
    expect(forms.map((f) => [f.button, f.method])).toEqual([
      ['Approve', 'get'],
      ['Deny', 'get'],
    ]);
    expect(esemes.calls).toEqual([]); // nothing happens before a click

    const approved = await fetch(button(forms, 'Approve').target, { redirect: 'manual' });
    expect(approved.status).toBe(302);
    const location = new URL(approved.headers.get('location')!);
    expect(location.origin).toBe(esemes.origin); // the public return_url, reached through `reach`
    expect(location.pathname).toBe('/webhooks/woocommerce/connect/return');
    expect([...location.searchParams]).toEqual([
      ['lang', 'tr'],
      ['success', '1'],
      ['user_id', 'nonce0123456789'],
    ]);

    expect(esemes.calls).toHaveLength(1);
    const [call] = esemes.calls;
    expect(call!.url).toBe('/webhooks/woocommerce/connect/callback');
    expect(call!.headers['content-type']).toBe('application/json;charset=UTF-8');
    const keys = JSON.parse(call!.body) as { key_id: number; user_id: string; consumer_key: string; consumer_secret: string; key_permissions: string };
    expect(Object.keys(keys)).toEqual(['key_id', 'user_id', 'consumer_key', 'consumer_secret', 'key_permissions']);
    expect(keys).toMatchObject({ key_id: 2, user_id: 'nonce0123456789', key_permissions: 'read_write' });
    expect(keys.consumer_key).toMatch(/^ck_[0-9a-f]{40}$/);
    expect(keys.consumer_secret).toMatch(/^cs_[0-9a-f]{40}$/);
    expect(call!.body).toBe(wpJsonEncode(keys)); // the bytes wp_json_encode writes
    expect(shop.apiKeys.get(2)).toMatchObject({ permissions: 'read_write', consumer_key: keys.consumer_key, truncated_key: keys.consumer_key.slice(-7) });
    expect(shop.authorizations).toEqual([
      {
        appName: 'esemes SMS',
        userId: 'nonce0123456789',
        scope: 'read_write',
        keyId: 2,
        callbackUrl: `${PUBLIC}/webhooks/woocommerce/connect/callback`,
        callbackStatus: 200,
        outcome: 'approved',
      },
    ]);

    // The new store's REST calls succeed with those keys (OAuth 1.0a over http, and Basic auth).
    const client = createWooRestClient({ url: shop.url, consumerKey: keys.consumer_key, consumerSecret: keys.consumer_secret });
    const hook = await client.createWebhook({ name: 'esemes SMS', topic: 'order.created', delivery_url: `${PUBLIC}/webhooks/woocommerce/shop`, secret: 's' });
    expect(await client.listWebhooks()).toEqual([expect.objectContaining({ id: hook.id })]);
    const basic = `Basic ${Buffer.from(`${keys.consumer_key}:${keys.consumer_secret}`).toString('base64')}`;
    expect((await fetch(`${shop.url}/wp-json/wc/v3/webhooks`, { headers: { authorization: basic } })).status).toBe(200);
    const wrong = `Basic ${Buffer.from(`${keys.consumer_key}:cs_wrong`).toString('base64')}`;
    expect((await fetch(`${shop.url}/wp-json/wc/v3/webhooks`, { headers: { authorization: wrong } })).status).toBe(401);
    // The key it was started with still works.
    expect(await createWooRestClient({ url: shop.url, consumerKey: KEY, consumerSecret: SECRET }).listWebhooks()).toHaveLength(1);
  });

  it('Should send the browser to return_url with success=0 on Deny and post nothing', async () => {
    const esemes = await startCallbackServer();
    const shop = await startShop({ [PUBLIC]: esemes.origin });
    const { forms } = await approvalPage(authorizeUrl(shop));
    const deny = new URL(button(forms, 'Deny').target);
    expect(deny.origin + deny.pathname).toBe(`${esemes.origin}/webhooks/woocommerce/connect/return`);
    expect([...deny.searchParams]).toEqual([
      ['lang', 'tr'],
      ['success', '0'],
      ['user_id', 'nonce0123456789'],
    ]);
    // The browser goes straight there: the shop is not asked again and creates no key.
    const landed = await fetch(deny, { redirect: 'manual' });
    expect(landed.status).toBe(200);
    expect(esemes.calls.map((c) => c.url)).toEqual([`/webhooks/woocommerce/connect/return?lang=tr&success=0&user_id=nonce0123456789`]);
    expect(esemes.calls.every((c) => c.body === '')).toBe(true);
    expect([...shop.apiKeys.keys()]).toEqual([1]);
    expect(shop.authorizations).toEqual([]);
    expect(shop.requests.filter((r) => r.path.startsWith('/wc-auth/')).map((r) => r.path)).toEqual(['/wc-auth/v1/authorize']);
  });

  it('Should refuse a callback_url that is not https with a 401 page, before any approval', async () => {
    const esemes = await startCallbackServer();
    const shop = await startShop({ [PUBLIC]: esemes.origin });
    for (const callback of [`${esemes.origin}/webhooks/woocommerce/connect/callback`, 'ftp://sms.example.test/callback']) {
      const response = await fetch(authorizeUrl(shop, { callback_url: callback }), { redirect: 'manual' });
      expect(response.status).toBe(401);
      const html = await response.text();
      expect(html).toContain('<title>Access denied</title>');
      expect(html).toContain('Error: The callback_url needs to be over SSL.');
      expect(html).not.toContain('Approve');
    }
    // WooCommerce's get_formatted_url: no scheme means https.
    const { forms } = await approvalPage(authorizeUrl(shop, { callback_url: 'sms.example.test/webhooks/woocommerce/connect/callback' }));
    expect(forms.map((f) => f.button)).toEqual(['Approve', 'Deny']);
    expect(esemes.calls).toEqual([]);
  });

  it.each([
    [{ app_name: undefined }, 'Error: Missing parameter app_name.'],
    [{ user_id: '' }, 'Error: Missing parameter user_id.'],
    [{ scope: 'admin' }, 'Error: Invalid scope admin.'],
    [{ return_url: 'https://exa mple.test/' }, 'is not a valid URL.'],
  ])('Should refuse %o with a 401 page', async (overrides, message) => {
    const shop = await startShop({});
    const response = await fetch(authorizeUrl(shop, overrides), { redirect: 'manual' });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain(message);
  });

  it('Should delete the key and show the error page, not return_url, when the callback does not answer 200', async () => {
    let status = 500;
    const esemes = await startCallbackServer(() => status);
    const shop = await startShop({ [PUBLIC]: esemes.origin });
    const { forms } = await approvalPage(authorizeUrl(shop));
    const approve = button(forms, 'Approve').target;

    const failed = await fetch(approve, { redirect: 'manual' });
    expect(failed.status).toBe(401);
    expect(failed.headers.get('location')).toBeNull();
    expect(await failed.text()).toContain('Error: An error occurred in the request and at the time were unable to send the consumer data.');
    expect(esemes.calls).toHaveLength(1);
    const keys = JSON.parse(esemes.calls[0]!.body) as { consumer_key: string; consumer_secret: string };
    expect([...shop.apiKeys.keys()]).toEqual([1]); // maybe_delete_key
    const basic = `Basic ${Buffer.from(`${keys.consumer_key}:${keys.consumer_secret}`).toString('base64')}`;
    expect((await fetch(`${shop.url}/wp-json/wc/v3/webhooks`, { headers: { authorization: basic } })).status).toBe(401);
    expect(shop.authorizations).toMatchObject([{ keyId: 2, callbackStatus: 500, outcome: 'callback_failed' }]);

    // 201 is not 200 either; the same Approve form works again once the callback answers 200.
    status = 201;
    expect((await fetch(approve, { redirect: 'manual' })).status).toBe(401);
    status = 200;
    const retried = await fetch(approve, { redirect: 'manual' });
    expect(retried.status).toBe(302);
    expect(new URL(retried.headers.get('location')!).searchParams.get('success')).toBe('1');
    expect([...shop.apiKeys.keys()]).toEqual([1, 4]);
    expect(shop.authorizations.map((a) => a.outcome)).toEqual(['callback_failed', 'callback_failed', 'approved']);
  });

  it('Should fail the approval when the callback cannot be reached, and refuse an unknown nonce', async () => {
    const esemes = await startCallbackServer();
    const unmapped = await startShop({}); // https://sms.example.test is not mapped: the fake posts to loopback only
    const { forms } = await approvalPage(authorizeUrl(unmapped));
    const response = await fetch(button(forms, 'Approve').target, { redirect: 'manual' });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('map https://sms.example.test to a loopback origin in its reach option');
    expect([...unmapped.apiKeys.keys()]).toEqual([1]);

    const shop = await startShop({ [PUBLIC]: esemes.origin });
    const forged = new URL(button(forms, 'Approve').target.replace(unmapped.url, shop.url)); // another fake's nonce
    const refused = await fetch(forged, { redirect: 'manual' });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('Error: Invalid nonce verification.');
    expect(esemes.calls).toEqual([]);
  });

  it('Should check its options once: reach maps origins to origins', async () => {
    await expect(
      startFakeWooCommerce({ consumerKey: KEY, consumerSecret: SECRET }, { reach: { 'sms.example.test': 'http://127.0.0.1:1/path' } }),
    ).rejects.toThrow(
      /reach: "sms\.example\.test" is not an http\(s\) origin.*reach\["sms\.example\.test"\]: "http:\/\/127\.0\.0\.1:1\/path" is not an http\(s\) origin/,
    );
  });
});

describe('one-click connection with the adapter', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('Should connect a store end to end: authorize URL, Approve, keys stored, webhooks registered with them, return page', async () => {
    const state = await testState();
    const notifier = createNotifier({
      store: state,
      client: createEsemesClient({ user: 'u', password: 'p', baseUrl: 'http://127.0.0.1:9/api-v3/' }),
      sender: 'DEMO',
    });
    app = Fastify();
    await app.register(createWooCommerceAdapter().plugin, {
      notifier,
      config: { mode: 'sandbox', sender: 'DEMO', publicUrl: PUBLIC, adapterUrl: PUBLIC },
      requireAdmin: async () => {},
    });
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    const shop = await startShop({ [PUBLIC]: origin });

    const started = await app.inject({ method: 'POST', url: '/api/v1/woocommerce/connect', payload: { storeUrl: shop.url, storeId: 'magaza' } });
    expect(started.statusCode).toBe(201);
    const { authorizeUrl: url } = started.json<{ authorizeUrl: string }>();
    expect(url.startsWith(`${shop.url}/wc-auth/v1/authorize?`)).toBe(true);

    const { forms } = await approvalPage(url);
    const approved = await fetch(button(forms, 'Approve').target, { redirect: 'manual' });
    expect(approved.status).toBe(302);
    const landing = approved.headers.get('location')!;
    expect(landing.startsWith(`${origin}/webhooks/woocommerce/connect/return?`)).toBe(true);
    const page = await fetch(landing);
    expect(await page.text()).toContain('Mağazanız bağlandı');

    const newKey = shop.apiKeys.get(2)!;
    const store = await app.inject({ method: 'GET', url: '/api/v1/woocommerce/stores/magaza' });
    expect(store.json()).toMatchObject({ id: 'magaza', url: shop.url, consumerKeyEnding: newKey.consumer_key.slice(-4) });
    // The adapter registers its webhooks with the keys it was just given, after answering the callback.
    await until(() => shop.webhooks.size === 2);
    expect([...shop.webhooks.values()].map((w) => [w.topic, w.delivery_url])).toEqual([
      ['order.created', `${PUBLIC}/webhooks/woocommerce/magaza`],
      ['order.updated', `${PUBLIC}/webhooks/woocommerce/magaza`],
    ]);
  });
});
