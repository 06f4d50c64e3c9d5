// POST /webhooks/shopify: every topic on one endpoint. The raw bytes are checked with Shopify's library
// (X-Shopify-Hmac-Sha256 over the body as sent, and the required headers) before anything is read; the
// shop must be one we serve; then the delivery is stored in the inbox and answered 200 at once (Shopify
// waits 5 s), and processed right after. A redelivery (the same X-Shopify-Webhook-Id) is answered 200 and
// does nothing. Privacy topics and app/uninstalled act before answering.
import { acceptRawBodies, headerValue, rawBodyOf, sendError } from '@esemes/adapter-kit';
import type { Shopify } from '@shopify/shopify-api';
import type { FastifyInstance } from 'fastify';
import type { ShopifyInbox } from './inbox.js';
import { MalformedPayloadError, parseShopifyJson, timeOf } from './payloads.js';
import { handleCustomerRedact, handleDataRequest, handleShopRedact, PRIVACY_TOPICS } from './privacy.js';
import type { ShopifyRuntime } from './runtime.js';
import { offlineSessionId } from './sessions.js';
import { WEBHOOK_PATH } from './subscriptions.js';

export interface WebhookRouteDeps {
  runtime: ShopifyRuntime;
  api: Shopify | undefined;
  inbox: ShopifyInbox;
  /** Process what is due now (after the answer). */
  kick(): void;
}

export async function webhookRoutes(app: FastifyInstance, deps: WebhookRouteDeps): Promise<void> {
  const { runtime, api, inbox } = deps;
  acceptRawBodies(app);

  app.post(WEBHOOK_PATH, async (request, reply) => {
    if (!api) return sendError(reply, 401, 'shopify_not_configured', 'SHOPIFY_API_SECRET is not set: deliveries cannot be verified');
    const raw = rawBodyOf(request);
    const validation = await api.webhooks.validate({ rawBody: raw.toString('utf8'), rawRequest: request.raw, rawResponse: reply.raw });
    if (!validation.valid) {
      if (validation.reason === 'missing_hmac' || validation.reason === 'invalid_hmac') {
        request.log.warn({ reason: validation.reason }, 'shopify: delivery refused (HMAC)');
        return sendError(reply, 401, validation.reason, 'the X-Shopify-Hmac-Sha256 signature is missing or does not match the body');
      }
      const missing = 'missingHeaders' in validation ? validation.missingHeaders.join(', ') : '';
      return sendError(reply, 400, validation.reason, missing ? `missing headers: ${missing}` : 'the delivery has no body');
    }
    const topic = (headerValue(request.headers['x-shopify-topic']) ?? '').trim().toLowerCase();
    const domain = (headerValue(request.headers['x-shopify-shop-domain']) ?? '').trim().toLowerCase();
    const webhookId = (headerValue(request.headers['x-shopify-webhook-id']) ?? '').trim().slice(0, 200);
    const shop = await runtime.registry.get(runtime.shopIdOf(domain));

    if (PRIVACY_TOPICS.has(topic)) {
      // Nothing held for a shop we do not know (or already forgot): done.
      if (!shop) return reply.code(200).send({ status: 'nothing_held' });
      try {
        const result =
          topic === 'customers/data_request'
            ? await handleDataRequest(runtime, shop, parseBody(raw))
            : topic === 'customers/redact'
              ? await handleCustomerRedact(runtime, shop, parseBody(raw))
              : await handleShopRedact(runtime, shop, parseBody(raw));
        return reply.code(200).send({ status: 'done', topic, result });
      } catch (error) {
        if (error instanceof MalformedPayloadError) return sendError(reply, 400, error.code, error.message);
        throw error;
      }
    }
    if (!shop) {
      request.log.warn({ topic }, 'shopify: delivery for a shop this server does not serve');
      return sendError(reply, 404, 'unknown_shop', 'this server does not serve that shop (install the app, or set SHOPIFY_SHOP)');
    }
    if (topic === 'app/uninstalled') {
      await runtime.registry.upsert(shop.id, () => ({ installed: false, uninstalledAt: runtime.clock() }));
      await runtime.sessions?.deleteSession(offlineSessionId(shop.shop));
      const cancelled = await runtime.notifier.privacy.cancelOpen({ storeId: shop.id });
      request.log.info({ shop: shop.id, cancelled }, 'shopify: app uninstalled; nothing more is sent for this shop');
      return reply.code(200).send({ status: 'uninstalled', cancelled });
    }
    if (!shop.installed) return reply.code(200).send({ status: 'ignored', reason: 'the app is uninstalled from this shop' });

    const eventId = headerValue(request.headers['x-shopify-event-id'])?.trim().slice(0, 200);
    const triggeredAt = timeOf(headerValue(request.headers['x-shopify-triggered-at']));
    const stored = await inbox.add({
      topic,
      shopId: shop.id,
      webhookId,
      ...(eventId ? { eventId } : {}),
      ...(triggeredAt !== null ? { triggeredAt } : {}),
      body: raw.toString('utf8'),
    });
    if (!stored) return reply.code(200).send({ status: 'duplicate' });
    deps.kick();
    return reply.code(200).send({ status: 'accepted' });
  });
}

/** Ids beyond 2^53 kept exact. */
function parseBody(raw: Buffer): unknown {
  return parseShopifyJson(raw.toString('utf8'));
}
