// Turkish webhook bodies for tests, each built from Shopify's own 2026-07 sample (fixtures/, copied from
// test/fixtures/ and imported so the build ships them) with a Turkish buyer, address, phone and TRY on top.
import checkoutsCreate from './fixtures/checkouts_create.json' with { type: 'json' };
import fulfillmentEventsCreate from './fixtures/fulfillment_events_create.json' with { type: 'json' };
import fulfillmentsCreate from './fixtures/fulfillments_create.json' with { type: 'json' };
import ordersCreate from './fixtures/orders_create.json' with { type: 'json' };
import type { ShopifyCheckoutPayload, ShopifyFulfillmentEventPayload, ShopifyFulfillmentPayload, ShopifyOrderPayload } from './shopify-sample-types.js';
import {
  gid,
  merge,
  overwrite,
  SAMPLE_EMAIL,
  SAMPLE_IDS,
  SAMPLE_PHONE,
  SAMPLE_SHOP,
  SAMPLE_TIME,
  turkishAddress,
  turkishCopy,
  type SampleOverrides,
} from './sample-support.js';

/** Where the Turkish mobile number appears. */
export type SamplePhonePlace = 'order' | 'checkout' | 'sms_marketing_phone' | 'shipping_address' | 'billing_address' | 'customer' | 'default_address';

export interface SamplePhoneOptions {
  /** Default {@link SAMPLE_PHONE}; null puts no number anywhere. */
  phone?: string | null;
  /** Default: every place the payload has. */
  phoneOn?: readonly SamplePhonePlace[];
}

function phoneAt(options: SamplePhoneOptions, place: SamplePhonePlace): string | null {
  const phone = options.phone === undefined ? SAMPLE_PHONE : options.phone;
  return options.phoneOn === undefined || options.phoneOn.includes(place) ? phone : null;
}

function turkishCustomer(customer: unknown, options: SamplePhoneOptions): void {
  overwrite(customer, {
    id: SAMPLE_IDS.customerId,
    admin_graphql_api_id: gid('Customer', SAMPLE_IDS.customerId),
    first_name: 'Şükrü',
    last_name: 'Işıkoğlu',
    email: SAMPLE_EMAIL,
    phone: phoneAt(options, 'customer'),
    currency: 'TRY',
    state: 'enabled',
    created_at: '2025-11-02T10:15:00+03:00',
    updated_at: SAMPLE_TIME,
  });
  const address = (customer as { default_address?: unknown }).default_address;
  overwrite(address, { ...turkishAddress(phoneAt(options, 'default_address')), id: SAMPLE_IDS.customerId + 1, customer_id: SAMPLE_IDS.customerId });
}

/** An `orders/create` body: order #1001, paid, not fulfilled, placed by Şükrü Işıkoğlu in Kadıköy, TRY, locale tr. */
export function shopifyOrder(overrides: SampleOverrides<ShopifyOrderPayload> = {}, options: SamplePhoneOptions = {}): ShopifyOrderPayload {
  const order = turkishCopy<ShopifyOrderPayload>(ordersCreate);
  const token = 'b3c9d2e8f1a7b6c5d4e3f2a1b0c9d8e7';
  Object.assign(order, {
    id: SAMPLE_IDS.orderId,
    admin_graphql_api_id: gid('Order', SAMPLE_IDS.orderId),
    name: `#${SAMPLE_IDS.orderNumber}`,
    order_number: SAMPLE_IDS.orderNumber,
    number: SAMPLE_IDS.orderNumber - 1000,
    token,
    email: SAMPLE_EMAIL,
    contact_email: SAMPLE_EMAIL,
    phone: phoneAt(options, 'order'),
    customer_locale: 'tr',
    financial_status: 'paid',
    fulfillment_status: null,
    cancelled_at: null,
    cancel_reason: null,
    closed_at: null,
    confirmed: true,
    test: false,
    tags: '',
    buyer_accepts_marketing: false,
    checkout_token: SAMPLE_IDS.checkoutToken,
    cart_token: SAMPLE_IDS.cartToken,
    created_at: SAMPLE_TIME,
    updated_at: SAMPLE_TIME,
    processed_at: SAMPLE_TIME,
    order_status_url: `https://${SAMPLE_SHOP}/${SAMPLE_IDS.shopId}/orders/${token}/authenticate?key=6f1e2d3c4b5a`,
  });
  overwrite(order.billing_address, turkishAddress(phoneAt(options, 'billing_address')));
  overwrite(order.shipping_address, turkishAddress(phoneAt(options, 'shipping_address')));
  turkishCustomer(order.customer, options);
  return merge(order, overrides);
}

/** A `fulfillments/create` body for order #1001: shipped with Yurtiçi Kargo, with a tracking number and URL. */
export function shopifyFulfillment(overrides: SampleOverrides<ShopifyFulfillmentPayload> = {}, options: SamplePhoneOptions = {}): ShopifyFulfillmentPayload {
  const fulfillment = turkishCopy<ShopifyFulfillmentPayload>(fulfillmentsCreate);
  const trackingNumber = '7300123456789';
  const trackingUrl = `https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code=${trackingNumber}`;
  Object.assign(fulfillment, {
    id: SAMPLE_IDS.fulfillmentId,
    admin_graphql_api_id: gid('Fulfillment', SAMPLE_IDS.fulfillmentId),
    order_id: SAMPLE_IDS.orderId,
    name: `#${SAMPLE_IDS.orderNumber}.1`,
    status: 'success',
    shipment_status: null,
    email: SAMPLE_EMAIL,
    tracking_company: 'Yurtiçi Kargo',
    tracking_number: trackingNumber,
    tracking_numbers: [trackingNumber],
    tracking_url: trackingUrl,
    tracking_urls: [trackingUrl],
    created_at: '2026-07-15T10:05:00+03:00',
    updated_at: '2026-07-15T10:05:00+03:00',
  });
  overwrite(fulfillment.destination, turkishAddress(phoneAt(options, 'shipping_address')));
  return merge(fulfillment, overrides);
}

/** A `fulfillment_events/create` body: the parcel of order #1001 is in transit, in Ankara. */
export function shopifyFulfillmentEvent(overrides: SampleOverrides<ShopifyFulfillmentEventPayload> = {}): ShopifyFulfillmentEventPayload {
  const event = turkishCopy<ShopifyFulfillmentEventPayload>(fulfillmentEventsCreate);
  Object.assign(event, {
    id: SAMPLE_IDS.fulfillmentEventId,
    admin_graphql_api_id: gid('FulfillmentEvent', SAMPLE_IDS.fulfillmentEventId),
    fulfillment_id: SAMPLE_IDS.fulfillmentId,
    order_id: SAMPLE_IDS.orderId,
    shop_id: SAMPLE_IDS.shopId,
    status: 'in_transit',
    message: 'Gönderiniz transfer merkezinden çıktı',
    city: 'Ankara',
    province: 'Ankara',
    country: 'TR',
    zip: '06520',
    happened_at: '2026-07-15T18:40:00+03:00',
    created_at: '2026-07-15T18:41:00+03:00',
    updated_at: '2026-07-15T18:41:00+03:00',
    estimated_delivery_at: '2026-07-16T18:00:00+03:00',
  });
  return merge(event, overrides);
}

/** A `checkouts/create` (or `/update`: Shopify's samples are the same) body: not completed, SMS marketing accepted. */
export function shopifyCheckout(overrides: SampleOverrides<ShopifyCheckoutPayload> = {}, options: SamplePhoneOptions = {}): ShopifyCheckoutPayload {
  const checkout = turkishCopy<ShopifyCheckoutPayload>(checkoutsCreate);
  const token = SAMPLE_IDS.checkoutToken;
  Object.assign(checkout, {
    token,
    cart_token: SAMPLE_IDS.cartToken,
    email: SAMPLE_EMAIL,
    phone: phoneAt(options, 'checkout'),
    sms_marketing_phone: phoneAt(options, 'sms_marketing_phone'),
    buyer_accepts_sms_marketing: true,
    buyer_accepts_marketing: false,
    customer_locale: 'tr',
    completed_at: null,
    created_at: SAMPLE_TIME,
    updated_at: '2026-07-14T14:42:00+03:00',
    abandoned_checkout_url: `https://${SAMPLE_SHOP}/${SAMPLE_IDS.shopId}/checkouts/${token}/recover?key=2b7c4e9a1d3f`,
  });
  overwrite(checkout.billing_address, turkishAddress(phoneAt(options, 'billing_address')));
  overwrite(checkout.shipping_address, turkishAddress(phoneAt(options, 'shipping_address')));
  turkishCustomer(checkout.customer, options);
  return merge(checkout, overrides);
}
