import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCheckout, parseOrder, parseShopifyJson } from './payloads.js';
import { checkoutCart, customerOf, orderFields, orderSnapshot, phonesOf } from './snapshot.js';
import { statusOf } from './statuses.js';
import type { ShopRecord } from './types.js';

const fixture = (name: string): string => readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8');
const SHOP: ShopRecord = {
  id: 'demo-magaza-myshopify-com',
  shop: 'demo-magaza.myshopify.com',
  source: 'env',
  installed: true,
  name: 'Demo Mağaza',
  settings: {},
};

describe('Shopify payloads', () => {
  it('Should keep ids beyond 2^53 exact (JSON.parse would round them)', () => {
    const order = parseOrder(parseShopifyJson(fixture('orders_create.json')));
    expect(order.id).toBe('820982911946154508');
    expect(JSON.parse(fixture('orders_create.json')).id).not.toBe(820982911946154508n.toString());
  });

  it('Should name one raw status per order state: cancelled, refunds, fulfillment, then payment', () => {
    expect(statusOf({ financial_status: 'paid', fulfillment_status: undefined, cancelled_at: undefined })).toBe('paid');
    expect(statusOf({ financial_status: 'paid', fulfillment_status: 'partial', cancelled_at: undefined })).toBe('partially_fulfilled');
    expect(statusOf({ financial_status: 'paid', fulfillment_status: 'fulfilled', cancelled_at: undefined })).toBe('fulfilled');
    expect(statusOf({ financial_status: 'refunded', fulfillment_status: 'fulfilled', cancelled_at: undefined })).toBe('refunded');
    expect(statusOf({ financial_status: 'paid', fulfillment_status: undefined, cancelled_at: '2026-11-25T10:00:00+03:00' })).toBe('cancelled');
    expect(statusOf({ financial_status: undefined, fulfillment_status: undefined, cancelled_at: undefined })).toBe('pending');
  });

  it('Should take the customer’s numbers in the shop’s order of sources, and marketing consent as Shopify records it', () => {
    const order = parseOrder({
      ...(parseShopifyJson(fixture('orders_create.json')) as object),
      phone: null,
      shipping_address: { first_name: 'Şükrü', last_name: 'Işıkoğlu', phone: '+90 532 999 88 77' },
      billing_address: { phone: '0533 111 22 33' },
      customer: {
        id: 7,
        first_name: 'S',
        phone: '05344445566',
        sms_marketing_consent: { state: 'subscribed', opt_in_level: 'single_opt_in', consent_updated_at: '2026-11-20T10:00:00+03:00' },
      },
    });
    expect(phonesOf(order)).toEqual(['+90 532 999 88 77', '0533 111 22 33', '05344445566']);
    expect(phonesOf(order, ['customer', 'billing'])).toEqual(['05344445566', '0533 111 22 33']);
    const customer = customerOf(order, SHOP);
    expect(customer).toMatchObject({
      firstName: 'Şükrü',
      lastName: 'Işıkoğlu',
      id: '7',
      smsConsent: { marketing: true, source: 'shopify:sms_marketing_consent:single_opt_in' },
    });
    expect(customerOf(parseOrder({ ...order, customer: null }), SHOP).smsConsent).toEqual({ marketing: false });
  });

  it('Should make the order number from its name, and shipments with the carrier’s page when Shopify gives no link', () => {
    const order = parseOrder({
      ...(parseShopifyJson(fixture('orders_create.json')) as object),
      name: '#1001',
      cancelled_at: null,
      financial_status: 'paid',
      fulfillments: [{ id: 5, status: 'success', tracking_company: 'Yurtiçi Kargo', tracking_numbers: ['3001234567'], tracking_urls: [] }],
    });
    expect(orderFields(order, SHOP).number).toBe('1001');
    const snapshot = orderSnapshot(SHOP, order);
    expect(snapshot.status).toBe('paid');
    expect(snapshot.shipments).toEqual([
      { id: '5', carrier: 'Yurtiçi Kargo', trackingNumber: '3001234567', trackingUrl: expect.stringContaining('3001234567') },
    ]);
  });

  it('Should read a checkout’s cart from the sample, keyed on its token (the sample has no id)', () => {
    const checkout = parseCheckout(parseShopifyJson(fixture('checkouts_create.json')));
    const cart = checkoutCart(checkout, SHOP);
    expect(cart?.id).toBe(checkout.token);
    expect(cart?.recoveryUrl).toMatch(/^https:\/\//);
  });
});
