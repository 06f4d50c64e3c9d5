// Shopify's own library for what must be exactly Shopify's: the webhook HMAC and header check, the
// OAuth callback's query HMAC, shop-domain sanitizing and scope comparison. Its HTTP calls are not used:
// the library reaches the network through a fetch fixed for the whole process when its Node adapter is
// imported, so the adapter makes its calls (token exchange, Admin GraphQL) with the fetch it was given.
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, AuthScopes, LogSeverity, shopifyApi, type Shopify } from '@shopify/shopify-api';
import type { AdapterLog } from '@esemes/adapter-kit';
import type { ShopifyEnv } from './env.js';

export { AuthScopes };

export function createShopifyApi(env: ShopifyEnv, publicUrl: string | undefined, log: AdapterLog): Shopify {
  const host = publicUrl === undefined ? undefined : new URL(publicUrl);
  return shopifyApi({
    apiKey: env.apiKey,
    apiSecretKey: env.apiSecret,
    scopes: env.scopes,
    // Only used for URLs the library builds; without PUBLIC_URL no OAuth install can start anyway.
    hostName: host?.host ?? 'localhost',
    hostScheme: host?.protocol === 'http:' ? 'http' : 'https',
    apiVersion: ApiVersion.July26,
    isEmbeddedApp: false,
    logger: {
      level: LogSeverity.Warning,
      // The library's own lines, into the server's log (it never logs tokens or bodies).
      log: async (severity, message) => {
        if (severity <= LogSeverity.Warning) log.warn({ source: '@shopify/shopify-api' }, message.slice(0, 500));
      },
    },
  });
}
