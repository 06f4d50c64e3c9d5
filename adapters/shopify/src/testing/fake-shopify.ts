// A fake of the Shopify endpoints the adapter uses (OAuth install and the Admin GraphQL API) for any number
// of shops, as a real HTTP server on 127.0.0.1. The adapter talks to https://<shop>/…, so the fake hands out
// a `fetch` that carries requests for its shops to that server and refuses every other address: nothing a
// test does can reach the real Shopify.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bucketLevel, handleGraphql } from './fake-shopify-graphql.js';
import { handleAccessToken, handleAuthorize } from './fake-shopify-oauth.js';
import { resolveOptions, type FakeShopifyOptions } from './fake-shopify-options.js';
import {
  htmlReply,
  NOT_FOUND,
  type FakeShopifyAuthorization,
  type FakeShopifyOwner,
  type FakeShopifyState,
  type FakeShopifyToken,
  type FakeWebhookSubscription,
  type Reply,
} from './fake-shopify-state.js';
import { createFakeFetch, SHOP_HEADER } from './fake-shopify-fetch.js';

/** One request the fake answered. Paths only: query strings (codes, hmacs) and tokens are never kept. */
export interface FakeShopifyRequest {
  method: string;
  shop: string;
  path: string;
  /** The GraphQL operation's name, for Admin API requests that had one. */
  operationName: string | null;
  status: number;
}

export interface FakeShopify {
  /** The server's loopback origin. Requests must name their shop: use `fetch`, which does. */
  url: string;
  /** Sends requests for `https://<known shop>/…` to the fake; throws a TypeError for any other URL. */
  fetch: typeof globalThis.fetch;
  /** What the shop owner does on the next authorizations (approve, deny, grant other scopes). */
  owner: FakeShopifyOwner;
  /** Per shop, its webhook subscriptions, oldest first (a snapshot). */
  readonly webhooks: ReadonlyMap<string, FakeWebhookSubscription[]>;
  /** Per order gid (`gid://shopify/Order/<n>`), every note written through orderUpdate, oldest first. */
  readonly notes: ReadonlyMap<string, ReadonlyArray<string | null>>;
  readonly requests: FakeShopifyRequest[];
  /** Every access token the Admin API knows: given in the options, or issued by the token endpoint. */
  readonly tokens: FakeShopifyToken[];
  readonly authorizations: FakeShopifyAuthorization[];
  /** The next `n` GraphQL requests are answered as throttled, however full the bucket. */
  throttleNext(n: number): void;
  /** The next `n` GraphQL requests are answered with `status` (5xx, default 500). */
  failNext(n: number, status?: number): void;
  /** The shop's bucket now, as `extensions.cost.throttleStatus` would report it. */
  bucket(shop: string): { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
  /** Adds an order the Admin API knows (OrderNote, OrderNoteUpdate); returns its gid. */
  addOrder(shop: string, order: { id: number | string; note?: string | null }): string;
  /** Seeds a webhook subscription, as if an earlier install had created it. */
  addWebhook(shop: string, subscription: { topic: string; uri: string; format?: 'JSON' | 'XML' }): FakeWebhookSubscription;
  /** The app is uninstalled from `shop`: its tokens stop working and its subscriptions are gone. */
  uninstall(shop: string): void;
  close(): Promise<void>;
}

/**
 * Starts the fake on a free port of 127.0.0.1. Every shop in `options.shops` answers at
 * `https://<shop>/` through `fake.fetch`:
 *
 * - `GET /admin/oauth/authorize?client_id&scope&redirect_uri&state&grant_options[]`: the owner (logged in)
 *   approves: 302 to redirect_uri with `code`, `hmac`, `host`, `shop`, `state`, `timestamp`, signed with
 *   `app.apiSecret`; or cancels (`owner.decision = 'deny'`): 302 to `https://<shop>/admin/apps`, the app is
 *   not called. An unknown client_id or a missing or unlisted redirect_uri: a 400 "Oauth error" page.
 * - `POST /admin/oauth/access_token` (JSON or form): a code, once, → `{ access_token, scope }` (with
 *   `expiring: '1'`: also `expires_in`, `refresh_token`, `refresh_token_expires_in`); `grant_type:
 *   'refresh_token'` rotates an expiring token. Wrong credentials or a used code: 400.
 * - `POST /admin/api/<version>/graphql.json` with `X-Shopify-Access-Token`: the operations of
 *   fake-shopify-operations.ts, by name, with `extensions.cost` and a leaky bucket per shop.
 *
 * @example
 * ```ts
 * const fake = await startFakeShopify({
 *   shops: [{ shop: 'demo-magaza.myshopify.com', name: 'Demo Mağaza', accessToken: 'shpat_test', orders: [6012345678901] }],
 *   app: { apiKey: 'client-id', apiSecret: 'client-secret' },
 * });
 * // Give the code under test `fake.fetch` wherever it would use fetch; then inspect:
 * fake.webhooks.get('demo-magaza.myshopify.com'); // the subscriptions it made
 * fake.notes.get('gid://shopify/Order/6012345678901'); // the notes it wrote
 * await fake.close();
 * ```
 */
export async function startFakeShopify(options: FakeShopifyOptions): Promise<FakeShopify> {
  const state: FakeShopifyState = resolveOptions(options);
  const requests: FakeShopifyRequest[] = [];
  const shopOf = (shop: string) => {
    const found = state.shops.get(shop);
    if (found === undefined) throw new TypeError(`fake Shopify: unknown shop ${shop}; it serves ${[...state.shops.keys()].join(', ')}`);
    return found;
  };

  function route(req: IncomingMessage, body: string): { reply: Reply; shop: string; operationName: string | null } {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const header = req.headers[SHOP_HEADER];
    const shop = state.shops.get(typeof header === 'string' ? header : '');
    const method = req.method ?? 'GET';
    if (shop === undefined) return { reply: NOT_FOUND, shop: '', operationName: null };
    const path = url.pathname.replace(/\/+$/, '');
    const done = (reply: Reply, operationName: string | null = null) => ({ reply, shop: shop.shop, operationName });
    if (path === '/admin/oauth/authorize' && method === 'GET') return done(handleAuthorize(state, shop, url.searchParams));
    if (path === '/admin/oauth/access_token' && method === 'POST') return done(handleAccessToken(state, shop, req.headers['content-type'] ?? '', body));
    const api = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(path);
    if (api && method === 'POST') {
      const token = req.headers['x-shopify-access-token'];
      const answer = handleGraphql(state, shop, api[1]!, typeof token === 'string' ? token : undefined, body);
      return done(answer.reply, answer.operationName);
    }
    // Where a cancelled install leaves the owner.
    if ((path === '/admin' || path === '/admin/apps') && method === 'GET') return done(htmlReply(200, shop.name, `${shop.name} · Apps`));
    return done(NOT_FOUND);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let answer: ReturnType<typeof route>;
    try {
      answer = route(req, Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      answer = {
        reply: htmlReply(500, 'Internal Server Error', `fake Shopify: ${error instanceof Error ? error.message : String(error)}`),
        shop: '',
        operationName: null,
      };
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push({ method: req.method ?? 'GET', shop: answer.shop, path, operationName: answer.operationName, status: answer.reply.status });
    res.writeHead(answer.reply.status, answer.reply.headers);
    res.end(answer.reply.body);
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    fetch: createFakeFetch(url, state.shops),
    get owner() {
      return state.owner;
    },
    set owner(owner: FakeShopifyOwner) {
      state.owner = owner;
    },
    get webhooks() {
      return new Map([...state.shops.values()].map((shop) => [shop.shop, [...shop.webhooks.values()].sort((a, b) => a.legacyResourceId - b.legacyResourceId)]));
    },
    notes: state.notes,
    requests,
    tokens: state.tokens,
    authorizations: state.authorizations,
    throttleNext(n) {
      state.controls.throttleNext = count(n, 'throttleNext');
    },
    failNext(n, status = 500) {
      if (!Number.isInteger(status) || status < 500 || status > 599) throw new TypeError(`failNext: status must be a 5xx code, not ${status}`);
      state.controls.failNext = count(n, 'failNext');
      state.controls.failStatus = status;
    },
    bucket(shop) {
      const { bucketSize, restoreRatePerSecond } = state.limits;
      return { maximumAvailable: bucketSize, currentlyAvailable: Math.floor(bucketLevel(state, shopOf(shop))), restoreRate: restoreRatePerSecond };
    },
    addOrder(shop, order) {
      const id = String(order.id);
      if (!/^\d+$/.test(id)) throw new TypeError(`addOrder: the order id must be digits, not ${id}`);
      shopOf(shop).orders.set(id, { note: order.note ?? null });
      return `gid://shopify/Order/${id}`;
    },
    addWebhook(shop, input) {
      const legacyResourceId = state.nextId();
      const subscription: FakeWebhookSubscription = {
        id: `gid://shopify/WebhookSubscription/${legacyResourceId}`,
        legacyResourceId,
        topic: input.topic,
        uri: input.uri,
        format: input.format ?? 'JSON',
        createdAt: new Date(state.clock()).toISOString(),
        apiVersion: 'unknown',
      };
      shopOf(shop).webhooks.set(subscription.id, subscription);
      return subscription;
    },
    uninstall(shop) {
      shopOf(shop).webhooks.clear();
      for (const token of state.tokens) if (token.shop === shop) token.revoked = true;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function count(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`${name}: n must be a whole number ≥ 0, not ${n}`);
  return n;
}
