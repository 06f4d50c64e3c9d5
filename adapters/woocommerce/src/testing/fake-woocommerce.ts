// A fake of the WooCommerce REST endpoints the adapter calls, as a real HTTP server on 127.0.0.1, so the
// client is tested through its real HTTP library and OAuth signing. Behaviour follows the facts in
// notes/woo-research.md §2 and §4 (secret never returned, POST forces active, DELETE needs force=true).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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

export async function startFakeWooCommerce(credentials: { consumerKey: string; consumerSecret: string }): Promise<FakeWooCommerce> {
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

  function authorized(req: IncomingMessage, url: URL): boolean {
    const header = req.headers.authorization;
    if (header?.startsWith('Basic ')) {
      const [key, secret] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
      return key === credentials.consumerKey && secret === credentials.consumerSecret;
    }
    const params = url.searchParams;
    if (params.get('oauth_consumer_key') !== credentials.consumerKey) return false;
    const signature = params.get('oauth_signature');
    if (!signature || params.get('oauth_signature_method') !== 'HMAC-SHA256') return false;
    // Base string as WooCommerce (and oauth-1.0a) build it: METHOD & base URL & sorted, encoded params.
    // The client repeats signed query params (an oauth-1.0a quirk); PHP keeps one value per key, so do we.
    const pairs = [...new Map(params.entries())]
      .filter(([key]) => key !== 'oauth_signature')
      .map(([key, value]) => [oauthEncode(key), oauthEncode(value)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => `${key}=${value}`)
      .join('&');
    const base = [req.method ?? 'GET', oauthEncode(`http://${req.headers.host ?? ''}${url.pathname}`), oauthEncode(pairs)].join('&');
    const expected = createHmac('sha256', `${oauthEncode(credentials.consumerSecret)}&`)
      .update(base)
      .digest();
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
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
    try {
      if (!url.pathname.startsWith(PREFIX)) throw new HttpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
      if (!authorized(req, url)) throw new HttpError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
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
  };
  return fake;
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
