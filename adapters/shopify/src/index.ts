// Public API of @esemes/shopify. Every export is named.
export { createShopifyAdapter } from './adapter.js';
export type { ShopifyAdapter, ShopifyAdapterOptions } from './adapter.js';
export { DEFAULT_SCOPES, shopifyFromEnv, ShopifyEnvError } from './env.js';
export type { ShopifyEnv } from './env.js';
export { ShopifyApiError } from './graphql.js';
export { MalformedPayloadError } from './payloads.js';
export { DEFAULT_STATUS_RULES, statusOf } from './statuses.js';
export { SHOPIFY_API_VERSION } from './runtime.js';
export { SUBSCRIBED_TOPICS, WEBHOOK_PATH } from './subscriptions.js';
export { SessionDecryptError } from './sessions.js';
export type { PhoneSource, ShopRecord, ShopSettings, StatusRule } from './types.js';
