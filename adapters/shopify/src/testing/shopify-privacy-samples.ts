// Turkish bodies of the customer-consent webhook and of the three privacy webhooks every App Store app must
// answer, built from Shopify's 2026-07 samples: the same shop, customer and order as the order samples.
import customersDataRequest from './fixtures/customers_data_request.json' with { type: 'json' };
import customersMarketingConsentUpdate from './fixtures/customers_marketing_consent_update.json' with { type: 'json' };
import customersRedact from './fixtures/customers_redact.json' with { type: 'json' };
import shopRedact from './fixtures/shop_redact.json' with { type: 'json' };
import { merge, SAMPLE_EMAIL, SAMPLE_IDS, SAMPLE_PHONE, SAMPLE_SHOP, SAMPLE_TIME, turkishCopy, type SampleOverrides } from './sample-support.js';

/** A `customers_marketing_consent/update` body: the customer's SMS marketing consent. */
export interface ShopifyConsentUpdatePayload {
  id: number;
  phone: string | null;
  sms_marketing_consent: {
    /** subscribed | not_subscribed | pending | unsubscribed | redacted (null in Shopify's sample). */
    state: string | null;
    opt_in_level: string | null;
    consent_updated_at: string | null;
    consent_collected_from: string | null;
    [key: string]: unknown;
  } | null;
  [key: string]: unknown;
}

export interface ShopifyPrivacyCustomer {
  id: number;
  email: string | null;
  phone: string | null;
  [key: string]: unknown;
}

export interface ShopifyDataRequestPayload {
  shop_id: number;
  shop_domain: string;
  customer: ShopifyPrivacyCustomer;
  orders_requested: number[];
  data_request: { id: number; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ShopifyCustomersRedactPayload {
  shop_id: number;
  shop_domain: string;
  customer: ShopifyPrivacyCustomer;
  orders_to_redact: number[];
  [key: string]: unknown;
}

export interface ShopifyShopRedactPayload {
  shop_id: number;
  shop_domain: string;
  [key: string]: unknown;
}

const customer = (): ShopifyPrivacyCustomer => ({ id: SAMPLE_IDS.customerId, email: SAMPLE_EMAIL, phone: SAMPLE_PHONE });

/** Şükrü Işıkoğlu subscribes to SMS marketing (single opt-in). */
export function shopifyConsentUpdate(overrides: SampleOverrides<ShopifyConsentUpdatePayload> = {}): ShopifyConsentUpdatePayload {
  const payload = turkishCopy<ShopifyConsentUpdatePayload>(customersMarketingConsentUpdate);
  Object.assign(payload, { id: SAMPLE_IDS.customerId, phone: SAMPLE_PHONE });
  Object.assign(payload.sms_marketing_consent ?? {}, { state: 'subscribed', opt_in_level: 'single_opt_in', consent_updated_at: SAMPLE_TIME });
  return merge(payload, overrides);
}

/** `customers/data_request`: the customer asks for their data (order #1001). */
export function shopifyDataRequest(overrides: SampleOverrides<ShopifyDataRequestPayload> = {}): ShopifyDataRequestPayload {
  const payload = turkishCopy<ShopifyDataRequestPayload>(customersDataRequest);
  Object.assign(payload, {
    shop_id: SAMPLE_IDS.shopId,
    shop_domain: SAMPLE_SHOP,
    customer: customer(),
    orders_requested: [SAMPLE_IDS.orderId],
    data_request: { id: SAMPLE_IDS.dataRequestId },
  });
  return merge(payload, overrides);
}

/** `customers/redact`: erase the customer and order #1001. */
export function shopifyCustomersRedact(overrides: SampleOverrides<ShopifyCustomersRedactPayload> = {}): ShopifyCustomersRedactPayload {
  const payload = turkishCopy<ShopifyCustomersRedactPayload>(customersRedact);
  Object.assign(payload, { shop_id: SAMPLE_IDS.shopId, shop_domain: SAMPLE_SHOP, customer: customer(), orders_to_redact: [SAMPLE_IDS.orderId] });
  return merge(payload, overrides);
}

/** `shop/redact`: 48 hours after uninstall, erase the shop's data. */
export function shopifyShopRedact(overrides: SampleOverrides<ShopifyShopRedactPayload> = {}): ShopifyShopRedactPayload {
  const payload = turkishCopy<ShopifyShopRedactPayload>(shopRedact);
  Object.assign(payload, { shop_id: SAMPLE_IDS.shopId, shop_domain: SAMPLE_SHOP });
  return merge(payload, overrides);
}
