// The sample builders: shipped copies of Shopify's samples unchanged, Turkish values on top, ids that
// JavaScript holds exactly, samples that point at each other, and overrides merged deeply.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shopifyConsentUpdate, shopifyCustomersRedact, shopifyDataRequest, shopifyShopRedact } from './shopify-privacy-samples.js';
import { shopifyCheckout, shopifyFulfillment, shopifyFulfillmentEvent, shopifyOrder } from './shopify-samples.js';
import { SAMPLE_IDS, SAMPLE_PHONE, SAMPLE_SHOP } from './sample-support.js';

const SHIPPED = [
  'orders_create',
  'fulfillments_create',
  'fulfillment_events_create',
  'checkouts_create',
  'customers_marketing_consent_update',
  'customers_data_request',
  'customers_redact',
  'shop_redact',
];

/** Every number in `value`, with its path. */
function numbers(value: unknown, path = '$'): Array<[string, number]> {
  if (typeof value === 'number') return [[path, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, entry]) => numbers(entry, `${path}.${key}`));
}

/** Every object with a numeric `id` and an `admin_graphql_api_id`. */
function gids(value: unknown): Array<[string, number]> {
  if (typeof value !== 'object' || value === null) return [];
  const own = value as { id?: unknown; admin_graphql_api_id?: unknown };
  const here: Array<[string, number]> = typeof own.id === 'number' && typeof own.admin_graphql_api_id === 'string' ? [[own.admin_graphql_api_id, own.id]] : [];
  return [...here, ...Object.values(value).flatMap(gids)];
}

const ALL = {
  order: shopifyOrder(),
  fulfillment: shopifyFulfillment(),
  fulfillmentEvent: shopifyFulfillmentEvent(),
  checkout: shopifyCheckout(),
  consent: shopifyConsentUpdate(),
  dataRequest: shopifyDataRequest(),
  customersRedact: shopifyCustomersRedact(),
  shopRedact: shopifyShopRedact(),
};

describe('the shipped fixtures', () => {
  it.each(SHIPPED)("Should be test/fixtures/%s.json byte for byte (Shopify's sample, unchanged)", (name) => {
    const shipped = readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url));
    const original = readFileSync(new URL(`../../test/fixtures/${name}.json`, import.meta.url));
    expect(shipped.equals(original)).toBe(true);
  });
});

describe('the sample builders', () => {
  it.each(Object.entries(ALL))('Should give %s in TRY, with ids JavaScript holds exactly and gids that match them', (_name, sample) => {
    const json = JSON.stringify(sample);
    expect(json).not.toContain('USD');
    expect(json).not.toContain('{shop}');
    for (const [path, value] of numbers(sample)) if (Number.isInteger(value)) expect(Number.isSafeInteger(value), path).toBe(true);
    for (const [gid, id] of gids(sample)) expect(gid.endsWith(`/${id}`), gid).toBe(true);
  });

  it('Should make order #1001: paid, unfulfilled, not cancelled, Şükrü Işıkoğlu in Kadıköy, +90 everywhere, locale tr', () => {
    const order = shopifyOrder();
    expect(order).toMatchObject({
      id: SAMPLE_IDS.orderId,
      admin_graphql_api_id: `gid://shopify/Order/${SAMPLE_IDS.orderId}`,
      name: '#1001',
      order_number: 1001,
      financial_status: 'paid',
      fulfillment_status: null,
      cancelled_at: null,
      currency: 'TRY',
      customer_locale: 'tr',
      phone: SAMPLE_PHONE,
      created_at: '2026-07-14T14:30:00+03:00',
      updated_at: '2026-07-14T14:30:00+03:00',
      checkout_token: SAMPLE_IDS.checkoutToken,
    });
    for (const address of [order.shipping_address, order.billing_address, order.customer!.default_address]) {
      expect(address).toMatchObject({
        name: 'Şükrü Işıkoğlu',
        city: 'Kadıköy',
        province: 'İstanbul',
        country: 'Türkiye',
        country_code: 'TR',
        phone: SAMPLE_PHONE,
      });
    }
    expect(order.customer).toMatchObject({ id: SAMPLE_IDS.customerId, first_name: 'Şükrü', last_name: 'Işıkoğlu', phone: SAMPLE_PHONE });
    expect(order.line_items.map((item) => item.title)).toEqual(['Pilot güneş gözlüğü', 'Lens koruma planı (2 yıl)', 'Deri kılıf', 'Şezlong', 'Orta sehpa']);
    expect(order.total_price).toBe('404.95');
    expect(order.order_status_url).toContain(`https://${SAMPLE_SHOP}/`);
    // The fixture's other fields are all still there.
    expect(Object.keys(order).sort()).toEqual(Object.keys(JSON.parse(readFileSync(new URL('./fixtures/orders_create.json', import.meta.url), 'utf8'))).sort());
  });

  it('Should put the phone only where asked, or nowhere', () => {
    const some = shopifyOrder({}, { phoneOn: ['shipping_address'] });
    expect([some.phone, some.shipping_address!.phone, some.billing_address!.phone, some.customer!.phone, some.customer!.default_address!.phone]).toEqual([
      null,
      SAMPLE_PHONE,
      null,
      null,
      null,
    ]);
    const none = shopifyCheckout({}, { phone: null });
    expect(JSON.stringify(none)).not.toContain('+90');
    expect(shopifyOrder({}, { phone: '+905551112233' }).billing_address!.phone).toBe('+905551112233');
  });

  it('Should merge overrides deeply, replace arrays, and hand out a fresh copy each time', () => {
    const cancelled = shopifyOrder({
      cancelled_at: '2026-07-14T16:00:00+03:00',
      cancel_reason: 'customer',
      shipping_address: { city: 'Üsküdar' },
      line_items: [],
    });
    expect(cancelled).toMatchObject({ cancelled_at: '2026-07-14T16:00:00+03:00', cancel_reason: 'customer', line_items: [] });
    expect(cancelled.shipping_address).toMatchObject({ city: 'Üsküdar', name: 'Şükrü Işıkoğlu', phone: SAMPLE_PHONE });
    cancelled.customer!.first_name = 'changed';
    expect(shopifyOrder().customer!.first_name).toBe('Şükrü');
    expect(shopifyOrder({ customer: null }).customer).toBeNull();
  });

  it('Should link the fulfillment and its event to order #1001, shipped with Yurtiçi Kargo', () => {
    const order = shopifyOrder();
    const fulfillment = shopifyFulfillment();
    const event = shopifyFulfillmentEvent();
    expect(fulfillment).toMatchObject({
      order_id: order.id,
      name: '#1001.1',
      status: 'success',
      tracking_company: 'Yurtiçi Kargo',
      tracking_numbers: ['7300123456789'],
    });
    expect(fulfillment.tracking_url).toContain('7300123456789');
    expect(fulfillment.destination).toMatchObject({ city: 'Kadıköy', phone: SAMPLE_PHONE });
    // The same line item in the order and in the fulfillment.
    expect((fulfillment.line_items as Array<{ id: number }>)[0]!.id).toBe(order.line_items[0]!.id);
    expect(event).toMatchObject({ fulfillment_id: fulfillment.id, order_id: order.id, status: 'in_transit', city: 'Ankara', shop_id: SAMPLE_IDS.shopId });
    expect(shopifyFulfillmentEvent({ status: 'delivered' }).status).toBe('delivered');
  });

  it('Should make an abandoned checkout keyed by token, with SMS marketing accepted on the Turkish number', () => {
    const checkout = shopifyCheckout();
    expect(checkout).toMatchObject({
      token: SAMPLE_IDS.checkoutToken,
      completed_at: null,
      buyer_accepts_sms_marketing: true,
      sms_marketing_phone: SAMPLE_PHONE,
      phone: SAMPLE_PHONE,
      customer_locale: 'tr',
      currency: 'TRY',
      presentment_currency: 'TRY',
    });
    expect(checkout.abandoned_checkout_url).toBe(`https://${SAMPLE_SHOP}/${SAMPLE_IDS.shopId}/checkouts/${SAMPLE_IDS.checkoutToken}/recover?key=2b7c4e9a1d3f`);
    expect(checkout).not.toHaveProperty('id');
    expect((checkout.line_items as Array<{ title: string; variant_title: string }>)[0]).toMatchObject({ title: 'Kablosuz kulaklık', variant_title: 'Pembe' });
  });

  it('Should make the consent and privacy bodies for the same shop, customer and order', () => {
    expect(shopifyConsentUpdate()).toEqual({
      id: SAMPLE_IDS.customerId,
      phone: SAMPLE_PHONE,
      sms_marketing_consent: {
        state: 'subscribed',
        opt_in_level: 'single_opt_in',
        consent_updated_at: '2026-07-14T14:30:00+03:00',
        consent_collected_from: 'other',
      },
    });
    expect(shopifyConsentUpdate({ sms_marketing_consent: { state: 'unsubscribed' } }).sms_marketing_consent!.opt_in_level).toBe('single_opt_in');
    const customer = { id: SAMPLE_IDS.customerId, email: 'sukru.isikoglu@example.com', phone: SAMPLE_PHONE };
    expect(shopifyDataRequest()).toEqual({
      shop_id: SAMPLE_IDS.shopId,
      shop_domain: SAMPLE_SHOP,
      customer,
      orders_requested: [SAMPLE_IDS.orderId],
      data_request: { id: SAMPLE_IDS.dataRequestId },
    });
    expect(shopifyCustomersRedact()).toEqual({ shop_id: SAMPLE_IDS.shopId, shop_domain: SAMPLE_SHOP, customer, orders_to_redact: [SAMPLE_IDS.orderId] });
    expect(shopifyShopRedact()).toEqual({ shop_id: SAMPLE_IDS.shopId, shop_domain: SAMPLE_SHOP });
  });
});
