// The shop owner's API for WooCommerce stores, behind the server's bearer token (ADMIN_TOKEN): connect a
// store in one click or by pasting keys, change its settings, repair its webhooks, disconnect it.
import { normalizeStoreUrl, sendError, StoreUrlError } from '@esemes/adapter-kit';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { ConnectError, startConnection } from './connect.js';
import type { AdapterRuntime } from './runtime.js';
import { isWooStoreId, publicStore } from './stores.js';
import type { WooStore } from './types.js';

const CANONICAL = ['pending_payment', 'processing', 'on_hold', 'completed', 'cancelled', 'refunded', 'failed'] as const;
const SettingsSchema = z
  .object({
    statuses: z.record(
      z.string().min(1).max(50),
      z
        .object({ canonical: z.enum(CANONICAL).nullable(), sms: z.boolean(), event: z.enum(['shipment.delivered', 'shipment.out_for_delivery']).optional() })
        .strict(),
    ),
    notifyUnpaidCancellation: z.boolean(),
    consentMetaKeys: z.array(z.string().min(1).max(200)).max(20),
    cartReminderDelaysMs: z
      .array(
        z
          .number()
          .int()
          .min(60_000)
          .max(30 * 86_400_000),
      )
      .max(5),
    cartExpiresAfterMs: z
      .number()
      .int()
      .min(3_600_000)
      .max(90 * 86_400_000),
    adminPhones: z.array(z.string().min(1).max(100)).max(10),
    carrierUrls: z.record(z.string().min(1).max(50), z.url({ protocol: /^https?$/ })),
    orderNotes: z.boolean(),
  })
  .partial()
  .strict();

const StoreBody = z
  .object({
    url: z.url({ protocol: /^https?$/ }).optional(),
    consumerKey: z
      .string()
      .regex(/^ck_[A-Za-z0-9]+$/, 'a WooCommerce consumer key (ck_…)')
      .optional(),
    consumerSecret: z
      .string()
      .regex(/^cs_[A-Za-z0-9]+$/, 'a WooCommerce consumer secret (cs_…)')
      .optional(),
    name: z.string().trim().min(1).max(100).optional(),
    locale: z.string().trim().min(2).max(20).optional(),
    timeZone: z.string().trim().min(1).max(100).optional(),
    settings: SettingsSchema.optional(),
  })
  .strict();

const ConnectBody = z.object({ storeUrl: z.string().min(1).max(2000), storeId: z.string().optional() }).strict();

/** A PUT that would create a store without its address and keys. */
class NewStoreIncomplete extends Error {}

function invalid(issues: z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
}

export async function adminRoutes(app: FastifyInstance, runtime: AdapterRuntime, requireAdmin: onRequestAsyncHookHandler): Promise<void> {
  const cartUrl = (store: WooStore) => {
    const url = runtime.deliveryUrl(store.id);
    return url === undefined ? null : `${url}/cart-abandonment/${store.cartToken}`;
  };
  const view = (store: WooStore) => ({ ...publicStore(store), webhookUrl: runtime.deliveryUrl(store.id) ?? null, cartAbandonmentWebhookUrl: cartUrl(store) });

  app.get('/api/v1/woocommerce/stores', { onRequest: requireAdmin }, async () => ({ stores: (await runtime.registry.list()).map(view) }));

  app.get<{ Params: { storeId: string } }>('/api/v1/woocommerce/stores/:storeId', { onRequest: requireAdmin }, async (request, reply) => {
    const store = await runtime.registry.get(request.params.storeId);
    return store ? view(store) : sendError(reply, 404, 'unknown_store', `no WooCommerce store ${JSON.stringify(request.params.storeId)}`);
  });

  // Create (url and both keys required) or change a store; then register its webhooks.
  app.put<{ Params: { storeId: string } }>('/api/v1/woocommerce/stores/:storeId', { onRequest: requireAdmin }, async (request, reply) => {
    const { storeId } = request.params;
    if (!isWooStoreId(storeId))
      return sendError(reply, 400, 'invalid_store_id', 'a store id is 1–50 lower-case letters, digits and dashes (and not "connect")');
    const parsed = StoreBody.safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, 422, 'invalid_store', invalid(parsed.error.issues));
    const body = parsed.data;
    let saved: { store: WooStore; created: boolean };
    try {
      // The one store-URL rule (also of WOOCOMMERCE_URL and one-click connections).
      const url = body.url === undefined ? undefined : normalizeStoreUrl(body.url);
      saved = await runtime.registry.upsert(storeId, (existing) => {
        if (!existing && (!url || !body.consumerKey || !body.consumerSecret)) throw new NewStoreIncomplete();
        // Fields the body leaves out keep their stored value; settings are replaced as a whole.
        return { ...body, url, settings: (body.settings as WooStore['settings'] | undefined) ?? existing?.settings ?? {} };
      });
    } catch (error) {
      if (error instanceof StoreUrlError) return sendError(reply, 422, 'invalid_store', `url: ${error.message}`);
      if (error instanceof NewStoreIncomplete) return sendError(reply, 422, 'invalid_store', 'a new store needs url, consumerKey and consumerSecret');
      throw error;
    }
    const { store, created: isNew } = saved;
    const webhooks = await runtime.syncWebhooks(store);
    return reply.code(isNew ? 201 : 200).send({ store: view(store), webhooks });
  });

  app.post<{ Params: { storeId: string } }>('/api/v1/woocommerce/stores/:storeId/webhooks', { onRequest: requireAdmin }, async (request, reply) => {
    const store = await runtime.registry.get(request.params.storeId);
    if (!store) return sendError(reply, 404, 'unknown_store', `no WooCommerce store ${JSON.stringify(request.params.storeId)}`);
    return { webhooks: await runtime.syncWebhooks(store) };
  });

  app.delete<{ Params: { storeId: string } }>('/api/v1/woocommerce/stores/:storeId', { onRequest: requireAdmin }, async (request, reply) => {
    const store = await runtime.registry.get(request.params.storeId);
    if (!store) return sendError(reply, 404, 'unknown_store', `no WooCommerce store ${JSON.stringify(request.params.storeId)}`);
    const webhooks = await runtime.removeWebhooks(store);
    await runtime.registry.delete(store.id);
    return { deleted: store.id, webhooks };
  });

  // One click: the shop owner opens authorizeUrl, approves, and WooCommerce posts the keys to our callback.
  app.post('/api/v1/woocommerce/connect', { onRequest: requireAdmin }, async (request, reply) => {
    const parsed = ConnectBody.safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, 422, 'invalid_connect', invalid(parsed.error.issues));
    const base = runtime.deliveryUrl('connect');
    if (base === undefined)
      return sendError(reply, 409, 'public_url_required', 'set PUBLIC_URL (https) so that WooCommerce can post the keys back to this server');
    try {
      const started = await startConnection(
        runtime.notifier.state,
        {
          storeUrl: parsed.data.storeUrl,
          ...(parsed.data.storeId ? { storeId: parsed.data.storeId } : {}),
          returnUrl: `${base}/return`,
          callbackUrl: `${base}/callback`,
        },
        runtime.clock(),
      );
      return reply.code(201).send({ storeId: started.storeId, authorizeUrl: started.authorizeUrl });
    } catch (error) {
      if (error instanceof ConnectError) return sendError(reply, error.status === 404 ? 400 : error.status, error.code, error.message);
      throw error;
    }
  });
}
