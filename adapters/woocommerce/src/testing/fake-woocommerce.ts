// A fake of the WooCommerce REST endpoints the adapter calls, as a real HTTP server on 127.0.0.1, so the
// client is tested through its real HTTP library and OAuth signing. Behaviour follows the facts in
// notes/woo-research.md §2 and §4 (secret never returned, POST forces active, DELETE needs force=true),
// and WooCommerce's app authorization endpoint /wc-auth/v1/ (fake-wc-auth.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleWcAuth, type FakeApiKey, type FakeAuthorization } from './fake-wc-auth.js';

export type { FakeApiKey, FakeAuthorization, FakeKeyPermissions } from './fake-wc-auth.js';

export interface FakeWebhook {
  id: number;
  name: string;
  status: string;
  topic: string;
  delivery_url: string;
  secret: string;
}

export interface FakeNote {
  orderId: number;
  note: string;
  customer_note: boolean;
}

export interface FakeWooCommerce {
  /** The "store URL": http://127.0.0.1:port */
  url: string;
  close(): Promise<void>;
  webhooks: Map<number, FakeWebhook>;
  notes: FakeNote[];
  /** Every request, path without query string. */
  requests: Array<{ method: string; path: string }>;
  /** The next `n` note POSTs answer `status` (default 500). */
  failNextNotes(n: number, status?: number): void;
  /** GET orders/{id} answers these; unknown ids 404. */
  orders: Map<number, object>;
  /** Order ids whose notes POST answers 404 (a deleted order). */
  missingOrders: Set<number>;
  /** Answer every request this much later (a slow shop), to widen races in tests. */
  latencyMs: number;
  /** Seeds a webhook with the next id. */
  addWebhook(webhook: Omit<FakeWebhook, 'id' | 'status' | 'secret'> & { status?: string; secret?: string }): FakeWebhook;
  /**
   * The REST keys the fake accepts, by `key_id`: the one it was started with (key_id 1, read_write) and
   * those an Approve on `/wc-auth/v1/authorize` created (deleted again when their callback failed).
   * `read` keys may only GET, `write` keys may not GET, as in WooCommerce.
   */
  apiKeys: Map<number, FakeApiKey>;
  /** Every Approve, oldest first: the key created and the callback's outcome. */
  authorizations: FakeAuthorization[];
}

/** Options of {@link startFakeWooCommerce}. */
export interface FakeWooCommerceOptions {
  /**
   * Public origins mapped to the origins that really answer on this machine: the reverse proxy (https
   * in front of a server on loopback) that tests cannot run. Applied where the fake itself reaches out
   * or sends the browser: the callback POST of the app authorization and the browser's way to
   * `return_url` (the redirect after Approve, the Deny form). `callback_url` must still be https, as
   * WooCommerce requires; the fake only ever posts to loopback addresses (after this mapping), and
   * fails the authorization like an unreachable callback otherwise. Keys and values are origins
   * (`scheme://host[:port]`, nothing after it).
   *
   * @example
   * ```ts
   * const shop = await startFakeWooCommerce(keys, { reach: { 'https://sms.example.test': server.url } });
   * // callback_url=https://sms.example.test/webhooks/woocommerce/connect/callback is POSTed to
   * // `${server.url}/webhooks/woocommerce/connect/callback`
   * ```
   */
  reach?: Record<string, string>;
}

const PREFIX = '/wp-json/wc/v3/';
const TOPIC = /^((coupon|customer|order|product)\.(created|updated|deleted|restored)|action\.[\w-]+)$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts the fake on a free port of 127.0.0.1. It accepts `credentials` (Basic auth, or OAuth 1.0a
 * HMAC-SHA256 over http) and the keys its app authorization endpoint creates.
 *
 * `GET /wc-auth/v1/authorize?app_name&scope&user_id&return_url&callback_url` behaves as WooCommerce's
 * `WC_Auth` does for a shop manager who is logged in: a missing parameter, an unknown scope, an invalid
 * URL or a callback_url that is not https get a 401 "Access denied" page (`Error: ….`); otherwise the
 * approval page, with an **Approve** and a **Deny** button (GET forms). Approve (`/wc-auth/v1/access_granted`)
 * creates a REST key (`ck_`/`cs_` + 40 hex digits, accepted by the REST routes at once) and POSTs
 * `{ key_id, user_id, consumer_key, consumer_secret, key_permissions }` as JSON (wp_json_encode bytes) to
 * callback_url; when that answers 200 it redirects (302) to return_url with `success=1&user_id=…`,
 * otherwise it deletes the key and answers the 401 page ("unable to send the consumer data"): WooCommerce
 * does not send the browser back then. Deny is a plain way to return_url with `success=0&user_id=…`: the
 * shop is not called again. `login` redirects to `authorize`.
 *
 * @example
 * ```ts
 * const shop = await startFakeWooCommerce(
 *   { consumerKey: 'ck_test', consumerSecret: 'cs_test' },
 *   { reach: { 'https://sms.example.test': 'http://127.0.0.1:41234' } },
 * );
 * // open `${shop.url}/wc-auth/v1/authorize?…` in a browser and click Approve
 * await shop.close();
 * ```
 */
export async function startFakeWooCommerce(
  credentials: { consumerKey: string; consumerSecret: string },
  options: FakeWooCommerceOptions = {},
): Promise<FakeWooCommerce> {
  const reach = resolveReach(options.reach);
  const apiKeys = new Map<number, FakeApiKey>([
    [
      1,
      {
        key_id: 1,
        description: 'Started with',
        permissions: 'read_write',
        consumer_key: credentials.consumerKey,
        consumer_secret: credentials.consumerSecret,
        truncated_key: credentials.consumerKey.slice(-7),
      },
    ],
  ]);
  let keyId = 1;
  const authContext = { reach, apiKeys, authorizations: [] as FakeAuthorization[], nonces: new Set<string>(), nextKeyId: () => ++keyId };
  const webhooks = new Map<number, FakeWebhook>();
  const notes: FakeNote[] = [];
  const requests: Array<{ method: string; path: string }> = [];
  const orders = new Map<number, object>();
  const missingOrders = new Set<number>();
  let nextId = 1;
  let noteId = 1000;
  let failing = { count: 0, status: 500 };

  const addWebhook: FakeWooCommerce['addWebhook'] = (input) => {
    const webhook: FakeWebhook = { id: nextId++, status: 'active', secret: 'seeded', ...input };
    webhooks.set(webhook.id, webhook);
    return webhook;
  };

  const keyOf = (consumerKey: string | null | undefined): FakeApiKey | undefined =>
    [...apiKeys.values()].find((key) => consumerKey != null && key.consumer_key === consumerKey);

  /** The key the request is signed with, when the signature (or Basic secret) is right. */
  function authorized(req: IncomingMessage, url: URL): FakeApiKey | undefined {
    const header = req.headers.authorization;
    if (header?.startsWith('Basic ')) {
      const [consumerKey, secret] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
      const key = keyOf(consumerKey);
      return key !== undefined && secret === key.consumer_secret ? key : undefined;
    }
    const params = url.searchParams;
    const key = keyOf(params.get('oauth_consumer_key'));
    if (key === undefined) return undefined;
    const signature = params.get('oauth_signature');
    if (!signature || params.get('oauth_signature_method') !== 'HMAC-SHA256') return undefined;
    // Base string as WooCommerce (and oauth-1.0a) build it: METHOD & base URL & sorted, encoded params.
    // The client repeats signed query params (an oauth-1.0a quirk); PHP keeps one value per key, so do we.
    const pairs = [...new Map(params.entries())]
      .filter(([key]) => key !== 'oauth_signature')
      .map(([key, value]) => [oauthEncode(key), oauthEncode(value)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => `${key}=${value}`)
      .join('&');
    const base = [req.method ?? 'GET', oauthEncode(`http://${req.headers.host ?? ''}${url.pathname}`), oauthEncode(pairs)].join('&');
    const expected = createHmac('sha256', `${oauthEncode(key.consumer_secret)}&`)
      .update(base)
      .digest();
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected) ? key : undefined;
  }

  async function route(req: IncomingMessage, url: URL): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const method = req.method ?? 'GET';
    const path = url.pathname.slice(PREFIX.length).replace(/\/$/, '');
    const body = method === 'POST' || method === 'PUT' ? await readJson(req) : {};

    if (path === 'webhooks' && method === 'GET') {
      const page = Number(url.searchParams.get('page') ?? '1');
      const perPage = Number(url.searchParams.get('per_page') ?? '10');
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) throw new HttpError(400, 'rest_invalid_param', 'Invalid parameter(s): per_page');
      if (!Number.isInteger(page) || page < 1) throw new HttpError(400, 'rest_invalid_param', 'Invalid parameter(s): page');
      // WooCommerce lists newest first by default.
      const all = [...webhooks.values()].sort((a, b) => b.id - a.id);
      const slice = all.slice((page - 1) * perPage, page * perPage);
      const headers = { 'X-WP-Total': String(all.length), 'X-WP-TotalPages': String(Math.ceil(all.length / perPage)) };
      return { status: 200, body: slice.map(publicWebhook), headers };
    }
    if (path === 'webhooks' && method === 'POST') {
      const { name, topic, delivery_url, secret } = body as Record<string, unknown>;
      if (typeof topic !== 'string' || !TOPIC.test(topic))
        throw new HttpError(400, 'woocommerce_rest_webhook_invalid_topic', 'Webhook topic is required and must be valid.');
      if (typeof delivery_url !== 'string' || !/^https?:\/\//.test(delivery_url)) {
        throw new HttpError(400, 'woocommerce_rest_webhook_invalid_delivery_url', 'Webhook delivery URL must be a valid URL starting with http:// or https://');
      }
      // A status in the body is ignored: WooCommerce hard-codes active on create.
      const webhook = addWebhook({
        name: typeof name === 'string' ? name : 'Webhook created via REST',
        topic,
        delivery_url,
        secret: typeof secret === 'string' ? secret : 'wp-generated&<>',
      });
      return { status: 201, body: publicWebhook(webhook) };
    }
    const webhookMatch = /^webhooks\/(\d+)$/.exec(path);
    if (webhookMatch && (method === 'PUT' || method === 'DELETE' || method === 'GET')) {
      const webhook = webhooks.get(Number(webhookMatch[1]));
      if (!webhook) throw new HttpError(404, 'woocommerce_rest_webhook_invalid_id', 'Invalid ID.');
      if (method === 'GET') return { status: 200, body: publicWebhook(webhook) };
      if (method === 'DELETE') {
        if (url.searchParams.get('force') !== 'true') throw new HttpError(501, 'woocommerce_rest_trash_not_supported', 'Webhooks do not support trashing.');
        webhooks.delete(webhook.id);
        return { status: 200, body: publicWebhook(webhook) };
      }
      const patch = body as Record<string, unknown>;
      if (patch.topic !== undefined && (typeof patch.topic !== 'string' || !TOPIC.test(patch.topic))) {
        throw new HttpError(400, 'woocommerce_rest_webhook_invalid_topic', 'Webhook topic must be valid.');
      }
      if (patch.status !== undefined && !['active', 'paused', 'disabled'].includes(String(patch.status))) {
        throw new HttpError(400, 'rest_invalid_param', 'Invalid parameter(s): status');
      }
      for (const key of ['name', 'topic', 'delivery_url', 'secret', 'status'] as const) {
        const value = patch[key];
        if (typeof value === 'string') webhook[key] = value;
      }
      return { status: 200, body: publicWebhook(webhook) };
    }
    const notesMatch = /^orders\/(\d+)\/notes$/.exec(path);
    if (notesMatch && method === 'POST') {
      const orderId = Number(notesMatch[1]);
      if (missingOrders.has(orderId)) throw new HttpError(404, 'woocommerce_rest_order_invalid_id', 'Invalid order ID.');
      if (failing.count > 0) {
        failing = { ...failing, count: failing.count - 1 };
        throw new HttpError(failing.status, 'woocommerce_api_cannot_create_order_note', 'Cannot create order note, please try again.');
      }
      const { note, customer_note } = body as Record<string, unknown>;
      if (typeof note !== 'string' || note === '') throw new HttpError(400, 'rest_missing_callback_param', 'Missing parameter(s): note');
      const saved: FakeNote = { orderId, note, customer_note: customer_note === true };
      notes.push(saved);
      const created = { id: noteId++, author: 'WooCommerce', note, customer_note: saved.customer_note, date_created: new Date().toISOString().slice(0, 19) };
      return { status: 201, body: created };
    }
    const orderMatch = /^orders\/(\d+)$/.exec(path);
    if (orderMatch && method === 'GET') {
      const order = orders.get(Number(orderMatch[1]));
      if (!order || missingOrders.has(Number(orderMatch[1]))) throw new HttpError(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
      return { status: 200, body: order };
    }
    throw new HttpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? 'GET', path: url.pathname });
    if (fake.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.latencyMs));
    if (url.pathname.startsWith('/wc-auth/')) return handleWcAuth(req, res, url, authContext);
    try {
      if (!url.pathname.startsWith(PREFIX)) throw new HttpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
      const key = authorized(req, url);
      if (!key) throw new HttpError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
      checkPermissions(req.method ?? 'GET', key);
      const result = await route(req, url);
      send(res, result.status, result.body, result.headers);
    } catch (error) {
      if (error instanceof HttpError) send(res, error.status, { code: error.code, message: error.message, data: { status: error.status } });
      else send(res, 500, { code: 'internal_server_error', message: String(error), data: { status: 500 } });
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeWooCommerce = {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
    webhooks,
    notes,
    requests,
    failNextNotes(n, status = 500) {
      failing = { count: n, status };
    },
    orders,
    missingOrders,
    latencyMs: 0,
    addWebhook,
    apiKeys,
    authorizations: authContext.authorizations,
  };
  return fake;
}

/** WC_REST_Authentication::check_permissions: reading needs read access, everything else write access. */
function checkPermissions(method: string, key: FakeApiKey): void {
  if (method === 'OPTIONS') return;
  const reading = method === 'GET' || method === 'HEAD';
  if (reading ? key.permissions === 'write' : key.permissions === 'read') {
    throw new HttpError(401, 'woocommerce_rest_authentication_error', `The API key provided does not have ${reading ? 'read' : 'write'} permissions.`);
  }
}

/** `reach` checked once: every key and value an origin; keys normalized as URL.origin writes them. */
function resolveReach(reach: Record<string, string> | undefined): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  if (reach === undefined) return map;
  const problems: string[] = [];
  const origin = (value: unknown): string | undefined => {
    if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
    const url = new URL(value);
    const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
    return bare && /^https?:$/.test(url.protocol) ? url.origin : undefined;
  };
  if (typeof reach !== 'object' || reach === null || Array.isArray(reach)) {
    problems.push('reach must be an object mapping origins to origins');
  } else {
    for (const [from, to] of Object.entries(reach)) {
      const fromOrigin = origin(from);
      const toOrigin = origin(to);
      if (fromOrigin === undefined) problems.push(`reach: ${JSON.stringify(from)} is not an http(s) origin (scheme://host[:port])`);
      if (toOrigin === undefined) problems.push(`reach[${JSON.stringify(from)}]: ${JSON.stringify(to)} is not an http(s) origin (scheme://host[:port])`);
      if (fromOrigin !== undefined && toOrigin !== undefined) map.set(fromOrigin, toOrigin);
    }
  }
  if (problems.length > 0) throw new TypeError(`Invalid fake WooCommerce options: ${problems.join('; ')}`);
  return map;
}

function publicWebhook(webhook: FakeWebhook): Record<string, unknown> {
  // No `secret`: WooCommerce never returns it.
  const [resource, event] = webhook.topic.split('.');
  return { id: webhook.id, name: webhook.name, status: webhook.status, topic: webhook.topic, resource, event, delivery_url: webhook.delivery_url };
}

function oauthEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'rest_invalid_json', 'Invalid JSON body passed.');
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}
