// Public API of @esemes/woocommerce. Every export is named.
export { createWooCommerceAdapter } from './adapter.js';
export type { WooCommerceAdapter, WooCommerceAdapterOptions, WooPluginOptions } from './adapter.js';
export { wooStoreFromEnv, WooEnvError } from './env.js';
export type { WooEnvStore } from './env.js';
export { verifyWooSignature, signWooBody } from './signature.js';
export type { WooSignatureResult } from './signature.js';
export { ConnectError } from './connect.js';
export { CartWebhookError } from './cart-abandonment.js';
export { MalformedOrderError, parseWooOrder } from './order.js';
export { WooRestError } from './rest-client.js';
export { DEFAULT_STATUS_RULES } from './statuses.js';
export { CARRIER_URLS } from '@esemes/adapter-kit';
export { DEFAULT_CONSENT_META_KEYS } from './consent.js';
export type { OrderState, StatusRule, WooOrder, WooStore, WooStoreSettings } from './types.js';
