// @esemes/shopify/testing: a fake of the Shopify endpoints the adapter uses (OAuth install, Admin GraphQL)
// reached through its own `fetch`, webhook deliveries made the way Shopify makes them, and Turkish webhook
// bodies built from Shopify's samples, for tests of this adapter and of code built on it.
export { startFakeShopify } from './fake-shopify.js';
export type { FakeShopify, FakeShopifyRequest } from './fake-shopify.js';
export { DEFAULT_SCOPE } from './fake-shopify-options.js';
export type { FakeShopifyOptions, FakeShopifyShopOptions } from './fake-shopify-options.js';
export type { FakeShopifyAuthorization, FakeShopifyOwner, FakeShopifyToken, FakeWebhookSubscription } from './fake-shopify-state.js';
export { shopifyQueryHmac } from './fake-shopify-oauth.js';
export { WEBHOOK_TOPICS } from './fake-shopify-operations.js';
export { DEFAULT_WEBHOOK_API_VERSION, deliverShopifyWebhook, SHOPIFY_USER_AGENT, signShopifyWebhook } from './shopify-delivery.js';
export type { ShopifyDeliveryOptions, ShopifyDeliveryResult } from './shopify-delivery.js';
export { shopifyCheckout, shopifyFulfillment, shopifyFulfillmentEvent, shopifyOrder } from './shopify-samples.js';
export type { SamplePhoneOptions, SamplePhonePlace } from './shopify-samples.js';
export type {
  ShopifyAddress,
  ShopifyCheckoutPayload,
  ShopifyCustomer,
  ShopifyFulfillmentEventPayload,
  ShopifyFulfillmentPayload,
  ShopifyLineItem,
  ShopifyOrderPayload,
} from './shopify-sample-types.js';
export { shopifyConsentUpdate, shopifyCustomersRedact, shopifyDataRequest, shopifyShopRedact } from './shopify-privacy-samples.js';
export type {
  ShopifyConsentUpdatePayload,
  ShopifyCustomersRedactPayload,
  ShopifyDataRequestPayload,
  ShopifyPrivacyCustomer,
  ShopifyShopRedactPayload,
} from './shopify-privacy-samples.js';
export { SAMPLE_EMAIL, SAMPLE_IDS, SAMPLE_PHONE, SAMPLE_SHOP, SAMPLE_TIME } from './sample-support.js';
export type { SampleOverrides } from './sample-support.js';
