// The platform-facing routes: WooCommerce's order webhooks, its activation ping, the Cart Abandonment
// Recovery webhook and the app-authorization callback. WooCommerce never retries a delivery and disables
// a webhook after repeated failures, so these answer 2xx for anything authentic and well-formed, and fail
// only for authenticity (401) or malformed input (400, 413).
import { sendError } from '@esemes/adapter-kit';
import type { FastifyInstance } from 'fastify';
import { cartTokenMatches, CartWebhookError, parseCartAbandonment } from './cart-abandonment.js';
import { closeCart, scheduleCartReminders } from './cart-reminders.js';
import { completeConnection, ConnectError, connectionReturnPage } from './connect.js';
import { isDeletedOrderPayload, MalformedOrderError, parseWooOrder } from './order.js';
import type { AdapterRuntime } from './runtime.js';
import { isWooPing, verifyWooSignature } from './signature.js';

/** WooCommerce's order bodies are far smaller; larger is refused with 413 before it is read further. */
export const WEBHOOK_BODY_LIMIT = 1_048_576;

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export async function webhookRoutes(app: FastifyInstance, runtime: AdapterRuntime): Promise<void> {
  // The HMAC is over the bytes as sent (wp_json_encode's \uXXXX and \/ escapes): keep them raw.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post<{ Params: { storeId: string } }>('/webhooks/woocommerce/:storeId', async (request, reply) => {
    const store = await runtime.registry.get(request.params.storeId);
    if (!store) return sendError(reply, 404, 'unknown_store', `no WooCommerce store ${JSON.stringify(request.params.storeId)} is connected`);
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    // The activation ping is unsigned and wants exactly 200; it stores nothing.
    if (isWooPing(header(request.headers['content-type']), raw)) return reply.code(200).send({ status: 'ping' });
    const verified = verifyWooSignature(raw, request.headers['x-wc-webhook-signature'], store.webhookSecret);
    if (!verified.valid) {
      request.log.warn({ store: store.id, reason: verified.reason }, 'woocommerce: webhook refused');
      return sendError(reply, 401, 'invalid_signature', verified.reason === 'missing_signature' ? 'X-WC-Webhook-Signature is missing' : 'X-WC-Webhook-Signature does not match the body');
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendError(reply, 400, 'malformed_json', 'the body is not JSON');
    }
    const resource = header(request.headers['x-wc-webhook-resource']) ?? 'order';
    if (resource !== 'order') return reply.code(200).send({ status: 'ignored', reason: `resource ${resource} is not handled` });
    if (isDeletedOrderPayload(payload)) return reply.code(200).send({ status: 'ignored', reason: 'the order was deleted' });
    let order;
    try {
      order = parseWooOrder(payload);
    } catch (error) {
      if (error instanceof MalformedOrderError) return sendError(reply, 400, error.code, error.message);
      throw error;
    }
    const { status, events } = await runtime.orders.process(store, order, request.log);
    request.log.info({ store: store.id, order: order.id, status: order.status, result: status, events: events.map((e) => `${e.type}:${e.status}`) }, 'woocommerce: order delivery');
    return reply.code(200).send({ status, events });
  });

  // Cart Abandonment Recovery cannot sign: the secret token in the URL authenticates it.
  app.post<{ Params: { storeId: string; token: string } }>('/webhooks/woocommerce/:storeId/cart-abandonment/:token', async (request, reply) => {
    const store = await runtime.registry.get(request.params.storeId);
    if (!store || !cartTokenMatches(request.params.token, store.cartToken)) return sendError(reply, 401, 'invalid_token', 'unknown store or wrong token in the webhook URL');
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const form = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    let cart;
    try {
      cart = parseCartAbandonment(form);
    } catch (error) {
      if (error instanceof CartWebhookError) return sendError(reply, 400, error.code, error.message);
      throw error;
    }
    if (cart.kind === 'completed') {
      const closed = await closeCart(runtime.notifier, store, cart, runtime.clock());
      return reply.code(200).send({ status: 'processed', cancelled: closed.cancelled ?? 0 });
    }
    const { events, notes } = await scheduleCartReminders(runtime.notifier, runtime.orders, store, cart, runtime.clock());
    return reply.code(200).send({ status: 'processed', events, ...(notes.length > 0 ? { notes } : {}) });
  });

  // WooCommerce's app authorization posts the new keys here; it wants exactly 200, else it deletes them.
  app.post('/webhooks/woocommerce/connect/callback', async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendError(reply, 400, 'malformed_callback', 'the body is not JSON');
    }
    try {
      const connected = await completeConnection(runtime.notifier.state, body, runtime.clock());
      const store = await runtime.saveConnectedStore(connected);
      request.log.info({ store: store.id }, 'woocommerce: store connected');
      // After answering: WooCommerce is waiting for this reply before it finishes the merchant's click.
      setImmediate(() => void runtime.syncWebhooks(store));
      return reply.code(200).send({ status: 'connected', storeId: store.id });
    } catch (error) {
      if (error instanceof ConnectError) return sendError(reply, error.status, error.code, error.message);
      throw error;
    }
  });

  app.get('/webhooks/woocommerce/connect/return', async (request, reply) => {
    const page = connectionReturnPage(request.query as Record<string, unknown>);
    return reply.code(page.status).type('text/html; charset=utf-8').send(page.html);
  });
}
