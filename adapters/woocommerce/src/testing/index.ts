// @esemes/woocommerce/testing: a fake of WooCommerce's REST API and app authorization (/wc-auth/v1/) on
// loopback, and webhook deliveries made the way WooCommerce makes them, for tests of this adapter and of
// code built on it.
export { startFakeWooCommerce } from './fake-woocommerce.js';
export type { FakeApiKey, FakeAuthorization, FakeKeyPermissions, FakeWooCommerce, FakeWooCommerceOptions } from './fake-woocommerce.js';
export { deliverWooPing, deliverWooWebhook, wpJsonEncode, WOO_USER_AGENT } from './woo-delivery.js';
export type { WooDeliveryOptions } from './woo-delivery.js';
