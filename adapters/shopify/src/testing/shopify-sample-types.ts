// The shapes of the sample webhook bodies: the fields tests usually read are typed, the rest of Shopify's
// sample is there too (an index signature), so an override may add or change any field.

export interface ShopifyAddress {
  first_name: string | null;
  last_name: string | null;
  name: string | null;
  address1: string | null;
  city: string | null;
  province: string | null;
  zip: string | null;
  country: string | null;
  country_code: string | null;
  phone: string | null;
  [key: string]: unknown;
}

export interface ShopifyCustomer {
  id: number;
  admin_graphql_api_id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  default_address: ShopifyAddress | null;
  [key: string]: unknown;
}

export interface ShopifyLineItem {
  id: number;
  title: string;
  name: string;
  quantity: number;
  price: string;
  [key: string]: unknown;
}

/** An `orders/*` webhook body (the fields tests usually read are typed; the rest are there too). */
export interface ShopifyOrderPayload {
  id: number;
  admin_graphql_api_id: string;
  name: string;
  order_number: number;
  email: string | null;
  phone: string | null;
  customer_locale: string | null;
  currency: string;
  total_price: string;
  financial_status: string | null;
  fulfillment_status: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  created_at: string;
  updated_at: string;
  checkout_token: string | null;
  cart_token: string | null;
  note: string | null;
  customer: ShopifyCustomer | null;
  billing_address: ShopifyAddress | null;
  shipping_address: ShopifyAddress | null;
  line_items: ShopifyLineItem[];
  [key: string]: unknown;
}

export interface ShopifyFulfillmentPayload {
  id: number;
  order_id: number;
  status: string;
  shipment_status: string | null;
  tracking_company: string | null;
  tracking_number: string | null;
  tracking_numbers: string[];
  tracking_url: string | null;
  tracking_urls: string[];
  destination: ShopifyAddress | null;
  name: string;
  [key: string]: unknown;
}

export interface ShopifyFulfillmentEventPayload {
  id: number;
  fulfillment_id: number;
  order_id: number;
  status: string;
  message: string | null;
  happened_at: string;
  [key: string]: unknown;
}

/** A `checkouts/create|update` body (2026-07: no top-level id; `token` is the key). */
export interface ShopifyCheckoutPayload {
  token: string;
  cart_token: string | null;
  email: string | null;
  phone: string | null;
  sms_marketing_phone: string | null;
  buyer_accepts_sms_marketing: boolean;
  completed_at: string | null;
  abandoned_checkout_url: string;
  customer_locale: string | null;
  currency: string;
  total_price: string;
  created_at: string;
  updated_at: string;
  customer: ShopifyCustomer | null;
  billing_address: ShopifyAddress | null;
  shipping_address: ShopifyAddress | null;
  [key: string]: unknown;
}
