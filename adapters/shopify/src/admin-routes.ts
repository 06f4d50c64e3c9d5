// The shop owner's API for Shopify shops, behind the server's bearer token (ADMIN_TOKEN): list the shops,
// change a shop's settings, repair its webhooks, read the reports of customers' data requests.
import { sendError } from '@esemes/adapter-kit';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { DATA_REQUESTS_NAMESPACE } from './privacy.js';
import type { ShopifyRuntime } from './runtime.js';
import { issuesText, ShopBodySchema } from './settings.js';
import type { ShopRecord, ShopSettings } from './types.js';

export async function adminRoutes(app: FastifyInstance, runtime: ShopifyRuntime, requireAdmin: onRequestAsyncHookHandler): Promise<void> {
  const view = async (shop: ShopRecord) => ({ ...shop, webhooks: (await runtime.webhookStatus(shop.id)) ?? null });
  const unknown = (reply: Parameters<typeof sendError>[0], id: string) =>
    sendError(reply, 404, 'unknown_shop', `no Shopify shop ${JSON.stringify(id.slice(0, 100))}`);

  app.get('/api/v1/shopify/shops', { onRequest: requireAdmin }, async () => ({ shops: await Promise.all((await runtime.registry.list()).map(view)) }));

  app.get<{ Params: { shopId: string } }>('/api/v1/shopify/shops/:shopId', { onRequest: requireAdmin }, async (request, reply) => {
    const shop = await runtime.registry.get(request.params.shopId);
    return shop ? view(shop) : unknown(reply, request.params.shopId);
  });

  // Settings are replaced as a whole; name and locale when given.
  app.put<{ Params: { shopId: string } }>('/api/v1/shopify/shops/:shopId', { onRequest: requireAdmin }, async (request, reply) => {
    const shop = await runtime.registry.get(request.params.shopId);
    if (!shop) return unknown(reply, request.params.shopId);
    const parsed = ShopBodySchema.safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, 422, 'invalid_shop', issuesText(parsed.error.issues));
    const { name, locale, settings } = parsed.data;
    const { store } = await runtime.registry.upsert(shop.id, () => ({ name, locale, ...(settings ? { settings: settings as ShopSettings } : {}) }));
    return view(store);
  });

  app.post<{ Params: { shopId: string } }>('/api/v1/shopify/shops/:shopId/webhooks', { onRequest: requireAdmin }, async (request, reply) => {
    const shop = await runtime.registry.get(request.params.shopId);
    return shop ? { webhooks: await runtime.syncWebhooks(shop) } : unknown(reply, request.params.shopId);
  });

  app.get<{ Params: { shopId: string } }>('/api/v1/shopify/shops/:shopId/data-requests', { onRequest: requireAdmin }, async (request) => {
    const records = await runtime.notifier.state.listState(DATA_REQUESTS_NAMESPACE, { prefix: `${request.params.shopId}:`, limit: 1000 });
    return {
      dataRequests: records.map((record) => ({ id: record.key.slice(request.params.shopId.length + 1), at: new Date(record.updatedAt).toISOString() })),
    };
  });

  app.get<{ Params: { shopId: string; requestId: string } }>(
    '/api/v1/shopify/shops/:shopId/data-requests/:requestId',
    { onRequest: requireAdmin },
    async (request, reply) => {
      const record = await runtime.notifier.state.getState(DATA_REQUESTS_NAMESPACE, `${request.params.shopId}:${request.params.requestId}`);
      return record
        ? (JSON.parse(record.value) as object)
        : sendError(reply, 404, 'unknown_data_request', 'no such data request report (they are kept 30 days)');
    },
  );
}
