// Installing the app on a shop by OAuth (authorization code grant, offline token):
//   GET /shopify?shop=…             the app's URL in Shopify: an installed shop goes to the dashboard,
//                                   another to the install;
//   GET /shopify/auth?shop=…        a one-time state (in the database, and in an HttpOnly cookie of this
//                                   browser), then Shopify's approval page;
//   GET /shopify/auth/callback?…    Shopify's signed return: query HMAC, the state of this browser (used
//                                   once), the code exchanged for the token (encrypted at rest), the shop
//                                   saved, its webhooks registered; then the dashboard's Shopify panel.
import { randomSecret } from '@esemes/adapter-kit';
import type { Session, Shopify } from '@shopify/shopify-api';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AuthScopes } from './api.js';
import type { ShopifyRuntime } from './runtime.js';
import { offlineSessionId } from './sessions.js';
import { exchangeCode } from './tokens.js';

export const OAUTH_NAMESPACE = 'shopify:oauth';
const STATE_COOKIE = 'esemes_shopify_state';
const STATE_TTL_MS = 10 * 60_000;

export interface OAuthRouteDeps {
  runtime: ShopifyRuntime;
  api: Shopify | undefined;
  /** After an install: fetch the shop's name and register its webhooks (in the background). */
  afterInstall(shopId: string): void;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small page in Turkish and English: why the install cannot go on. */
function page(reply: FastifyReply, status: number, tr: string, en: string): FastifyReply {
  const html = `<!doctype html>
<html lang="tr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>esemes SMS · Shopify</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1d1d1f}h1{font-size:1.3rem}</style></head>
<body><h1>esemes SMS · Shopify</h1><p>${escapeHtml(tr)}</p><p lang="en">${escapeHtml(en)}</p><p><a href="/stores">Panel / Dashboard</a></p></body></html>
`;
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export async function oauthRoutes(app: FastifyInstance, deps: OAuthRouteDeps): Promise<void> {
  const { runtime, api } = deps;
  const secure = runtime.publicUrl?.startsWith('https://') === true;
  /** Why an install cannot start here, or undefined. */
  const cannotInstall = (): [string, string] | undefined => {
    if (!api || !runtime.env)
      return [
        'Shopify ayarlı değil: SHOPIFY_API_KEY ve SHOPIFY_API_SECRET gerekir.',
        'Shopify is not set up: SHOPIFY_API_KEY and SHOPIFY_API_SECRET are needed.',
      ];
    if (!runtime.sessions)
      return [
        'Kurulum için SHOPIFY_ENCRYPTION_KEY gerekir (erişim anahtarları onunla şifrelenir).',
        'Installs need SHOPIFY_ENCRYPTION_KEY (access tokens are encrypted with it).',
      ];
    if (!secure)
      return ['Kurulum için PUBLIC_URL https olmalıdır: Shopify yalnız oraya geri döner.', 'Installs need an https PUBLIC_URL: Shopify returns only there.'];
    return undefined;
  };

  app.get('/shopify', { config: { secretQuery: ['hmac', 'host', 'id_token', 'session'] } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const shop = api?.utils.sanitizeShop(query['shop'] ?? '', false) ?? null;
    if (!shop) return page(reply, 400, 'Mağaza adresi (ad.myshopify.com) eksik ya da geçersiz.', 'The shop (name.myshopify.com) is missing or invalid.');
    const record = await runtime.registry.get(runtime.shopIdOf(shop));
    if (record?.installed && (await runtime.tokenFor(record)) !== undefined) {
      return reply
        .code(302)
        .header('location', `/stores/settings?store=${encodeURIComponent(record.id)}`)
        .send();
    }
    return reply
      .code(302)
      .header('location', `/shopify/auth?shop=${encodeURIComponent(shop)}`)
      .send();
  });

  app.get('/shopify/auth', async (request, reply) => {
    const problem = cannotInstall();
    if (problem) return page(reply, 409, ...problem);
    const shop = api!.utils.sanitizeShop((request.query as Record<string, string | undefined>)['shop'] ?? '', false);
    if (!shop) return page(reply, 400, 'Mağaza adresi ad.myshopify.com biçiminde olmalı.', 'The shop must be given as name.myshopify.com.');
    const state = randomSecret(32);
    const now = runtime.clock();
    await runtime.notifier.state.putState(OAUTH_NAMESPACE, state, JSON.stringify({ shop, at: now }), { expectedVersion: null, dueAt: now + STATE_TTL_MS }, now);
    const params = new URLSearchParams({
      client_id: runtime.env!.apiKey,
      scope: runtime.env!.scopes.join(','),
      redirect_uri: `${runtime.publicUrl}/shopify/auth/callback`,
      state,
      'grant_options[]': '',
    });
    return reply
      .code(302)
      .header('set-cookie', `${STATE_COOKIE}=${state}; Path=/shopify; HttpOnly; SameSite=Lax; Max-Age=${STATE_TTL_MS / 1000}${secure ? '; Secure' : ''}`)
      .header('location', `https://${shop}/admin/oauth/authorize?${params.toString()}`)
      .send();
  });

  app.get('/shopify/auth/callback', { config: { secretQuery: ['code', 'hmac', 'state', 'host'] } }, async (request, reply) => {
    const problem = cannotInstall();
    if (problem) return page(reply, 409, ...problem);
    const query = Object.fromEntries(
      Object.entries(request.query as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    let signed = false;
    try {
      signed = await api!.utils.validateHmac(query);
    } catch {
      signed = false;
    }
    if (!signed)
      return page(
        reply,
        400,
        'Shopify’ın imzası doğrulanamadı (ya da bağlantı eskidi). Kurulumu baştan başlatın.',
        'Shopify’s signature did not verify (or the link is stale). Start the install again.',
      );
    const shop = api!.utils.sanitizeShop(query['shop'] ?? '', false);
    const state = query['state'] ?? '';
    const record = state === '' ? undefined : await runtime.notifier.state.getState(OAUTH_NAMESPACE, state);
    const pending = record ? (JSON.parse(record.value) as { shop: string }) : undefined;
    // The state must be this browser's (the cookie), unexpired, for this shop, and is used once.
    if (
      !shop ||
      !record ||
      cookieOf(request.headers.cookie, STATE_COOKIE) !== state ||
      (record.dueAt !== null && record.dueAt < runtime.clock()) ||
      pending?.shop !== shop ||
      !(await runtime.notifier.state.deleteState(OAUTH_NAMESPACE, state, record.version))
    ) {
      return page(
        reply,
        403,
        'Bu kurulum isteği bu tarayıcıdan başlatılmamış ya da süresi dolmuş. Kurulumu baştan başlatın.',
        'This install was not started from this browser, or it expired. Start the install again.',
      );
    }
    if (query['error']) return page(reply, 403, 'Mağaza sahibi izin vermedi.', 'The shop owner did not approve.');

    let session: Session;
    try {
      session = await exchangeCode(
        { apiKey: runtime.env!.apiKey, apiSecret: runtime.env!.apiSecret, fetch: runtime.fetch },
        shop,
        query['code'] ?? '',
        { id: offlineSessionId(shop), state },
        runtime.clock(),
      );
    } catch (error) {
      request.log.warn({ shop, reason: error instanceof Error ? error.message : String(error) }, 'shopify: the access token exchange failed');
      return page(reply, 502, 'Shopify’dan erişim anahtarı alınamadı. Kurulumu tekrar deneyin.', 'No access token came from Shopify. Try the install again.');
    }
    const scope = session.scope ?? '';
    if (!new AuthScopes(scope).has(new AuthScopes(runtime.env!.scopes))) {
      return page(
        reply,
        403,
        `Uygulamaya istenen izinlerin hepsi verilmedi (${runtime.env!.scopes.join(', ')}).`,
        `Not every scope the app asks for was granted (${runtime.env!.scopes.join(', ')}).`,
      );
    }
    await runtime.sessions!.storeSession(session);
    const id = runtime.shopIdOf(shop);
    await runtime.registry.upsert(id, (existing) => ({
      shop,
      source: 'oauth',
      installed: true,
      uninstalledAt: null,
      scopes: scope.split(',').filter((entry) => entry !== ''),
      settings: existing?.settings ?? {},
    }));
    request.log.info({ shop: id }, 'shopify: app installed');
    deps.afterInstall(id);
    return reply
      .code(302)
      .header('location', `/stores/connected/shopify?shop=${encodeURIComponent(shop)}`)
      .send();
  });
}
