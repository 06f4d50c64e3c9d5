// The platform-facing routes: WooCommerce's order webhooks, its activation ping, the Cart Abandonment
// Recovery webhook and the app-authorization callback. WooCommerce never retries a delivery and disables
// a webhook after repeated failures, so these answer 2xx for anything authentic and well-formed, and fail
// only for authenticity (401) or malformed input (400, 413).
import { acceptRawBodies, headerValue, rawBodyOf, secretsMatch, sendError } from '@esemes/adapter-kit';
import type { FastifyInstance } from 'fastify';
import { CartWebhookError, parseCartAbandonment } from './cart-abandonment.js';
import { closeCart, scheduleCartReminders } from './cart-reminders.js';
import { completeConnection, ConnectError, connectionReturnPage, recordConnected } from './connect.js';
import { isDeletedOrderPayload, MalformedOrderError, parseWooOrder } from './order.js';
import type { AdapterRuntime } from './runtime.js';
import { isWooPing, verifyWooSignature } from './signature.js';

export async function webhookRoutes(app: FastifyInstance, runtime: AdapterRuntime): Promise<void> {
  // The HMAC is over the bytes as sent (wp_json_encode's \uXXXX and \/ escapes): keep them raw; over 1 MB is 413.
  acceptRawBodies(app);

  app.post<{ Params: { storeId: string } }>('/webhooks/woocommerce/:storeId', async (request, reply) => {
    const store = await runtime.registry.get(request.params.storeId);
    if (!store) return sendError(reply, 404, 'unknown_store', `no WooCommerce store ${JSON.stringify(request.params.storeId)} is connected`);
    const raw = rawBodyOf(request);
    // The activation ping is unsigned and wants exactly 200; it stores nothing.
    if (isWooPing(headerValue(request.headers['content-type']), raw)) return reply.code(200).send({ status: 'ping' });
    const verified = verifyWooSignature(raw, request.headers['x-wc-webhook-signature'], store.webhookSecret);
    if (!verified.valid) {
      request.log.warn({ store: store.id, reason: verified.reason }, 'woocommerce: webhook refused');
      return sendError(
        reply,
        401,
        'invalid_signature',
        verified.reason === 'missing_signature' ? 'X-WC-Webhook-Signature is missing' : 'X-WC-Webhook-Signature does not match the body',
      );
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendError(reply, 400, 'malformed_json', 'the body is not JSON');
    }
    const resource = headerValue(request.headers['x-wc-webhook-resource']) ?? 'order';
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
    request.log.info(
      { store: store.id, order: order.id, status: order.status, result: status, events: events.map((e) => `${e.type}:${e.status}`) },
      'woocommerce: order delivery',
    );
    return reply.code(200).send({ status, events });
  });

  // Cart Abandonment Recovery cannot sign: the secret token in the URL authenticates it.
  app.post<{ Params: { storeId: string; token: string } }>(
    '/webhooks/woocommerce/:storeId/cart-abandonment/:token',
    { config: { secretParams: ['token'] } },
    async (request, reply) => {
      const store = await runtime.registry.get(request.params.storeId);
      if (!store || !secretsMatch(request.params.token, store.cartToken))
        return sendError(reply, 401, 'invalid_token', 'unknown store or wrong token in the webhook URL');
      const raw = rawBodyOf(request);
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
    },
  );

  // WooCommerce's app authorization posts the new keys here; it wants exactly 200, else it deletes them.
  app.post('/webhooks/woocommerce/connect/callback', async (request, reply) => {
    const raw = rawBodyOf(request);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendError(reply, 400, 'malformed_callback', 'the body is not JSON');
    }
    try {
      const connected = await completeConnection(runtime.notifier.state, body, runtime.clock());
      const store = await runtime.saveConnectedStore(connected);
      await recordConnected(runtime.notifier.state, connected.nonce, store.id, runtime.clock());
      request.log.info({ store: store.id }, 'woocommerce: store connected');
      // After answering: WooCommerce is waiting for this reply before it finishes the merchant's click.
      setImmediate(() => void runtime.syncWebhooks(store));
      return reply.code(200).send({ status: 'connected', storeId: store.id });
    } catch (error) {
      if (error instanceof ConnectError) return sendError(reply, error.status, error.code, error.message);
      throw error;
    }
  });

  // user_id is the connection's nonce: still valid after a declined approval, so never logged.
  app.get('/webhooks/woocommerce/connect/return', { config: { secretQuery: ['user_id'] } }, async (request, reply) => {
    const page = connectionReturnPage(request.query as Record<string, unknown>);
    return reply.code(page.status).type('text/html; charset=utf-8').send(page.html);
  });
}
