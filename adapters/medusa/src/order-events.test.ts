import { describe, expect, it } from 'vitest';
import { resolveOptions } from './options.js';
import { amountOf, cartConsent, cartOf, orderEvents, phonesOf, refundEvent, shipmentEvent, shipmentOf } from './order-events.js';
import { ORDER } from './test-medusa.js';

const options = resolveOptions(
  {
    storeName: 'Nur Butik',
    adminPhones: ['0532 000 00 01'],
    orderStatusUrl: 'https://shop.example/orders/{order_id}',
    abandonedCarts: { recoveryUrl: 'https://shop.example/cart/{cart_id}' },
  },
  { DATABASE_URL: 'sqlite::memory:' },
);

describe('orderEvents', () => {
  it('order.placed: order.created for the customer, admin.order.created for the owner, and the cart closed', () => {
    const events = orderEvents('placed', ORDER, options);
    expect(events.map((event) => [event.type, event.idempotencyKey])).toEqual([
      ['order.created', 'medusa:medusa:order:order_01J:placed'],
      ['admin.order.created', 'medusa:medusa:order:order_01J:placed:admin'],
      ['cart.closed', 'medusa:medusa:cart:cart_9:closed'],
    ]);
    expect(events[0]).toMatchObject({
      store: { id: 'medusa', platform: 'medusa', name: 'Nur Butik', locale: 'en', currency: 'TRY' },
      customer: { id: 'cus_1', firstName: 'Ayşe', lastName: 'Yılmaz', phones: ['0532 111 22 33', '+90 532 111 22 33', '05329998877'] },
      order: {
        id: 'order_01J',
        number: '1042',
        total: '1249.9',
        currency: 'TRY',
        items: [{ name: 'Keten Gömlek', quantity: 2, total: '999.8' }],
        statusUrl: 'https://shop.example/orders/order_01J',
      },
    });
  });

  it('statuses: completed, a fulfillment (processing), a received return (returned), keyed per fulfillment and return', () => {
    expect(orderEvents('completed', ORDER, options)[0]).toMatchObject({
      type: 'order.status_changed',
      status: { canonical: 'completed' },
      idempotencyKey: 'medusa:medusa:order:order_01J:completed',
    });
    expect(orderEvents('fulfillment_created', ORDER, options, 'ful_1')[0]).toMatchObject({
      status: { canonical: 'processing' },
      idempotencyKey: 'medusa:medusa:order:order_01J:fulfillment_created:ful_1',
    });
    expect(orderEvents('return_received', ORDER, options, 'ret_1')[0]).toMatchObject({
      status: { canonical: 'returned' },
      idempotencyKey: 'medusa:medusa:order:order_01J:return_received:ret_1',
    });
    expect(orderEvents('canceled', ORDER, options)[0]).toMatchObject({ type: 'order.cancelled' });
  });

  it('the configured phone order and the display id fallbacks', () => {
    expect(phonesOf(ORDER, ['customer', 'shipping'])).toEqual(['05329998877', '0532 111 22 33']);
    const bare = orderEvents('canceled', { id: 'order_X', total: 5 }, options)[0]!;
    expect(bare).toMatchObject({ order: { number: 'order_X', total: '5' }, customer: { phones: [] } });
  });
});

describe('shipments and refunds', () => {
  it('a fulfillment with a label: carrier, tracking number and the carrier’s link when Medusa gives none', () => {
    const fulfillment = { id: 'ful_1', shipping_option: { name: 'Yurtiçi Kargo' }, labels: [{ tracking_number: ' ' }, { tracking_number: '123456789' }] };
    const shipment = shipmentOf(fulfillment);
    expect(shipment).toMatchObject({ id: 'ful_1', carrier: 'Yurtiçi Kargo', trackingNumber: '123456789' });
    expect(shipment?.trackingUrl).toMatch(/^https:\/\/.*123456789/);
    expect(shipmentEvent('delivered', ORDER, fulfillment, options)).toMatchObject({
      type: 'shipment.delivered',
      idempotencyKey: 'medusa:medusa:order:order_01J:fulfillment:ful_1:delivered',
    });
  });

  it('no tracking number: nothing to track, no event', () => {
    expect(shipmentEvent('shipped', ORDER, { id: 'ful_2', labels: [] }, options)).toBeUndefined();
  });

  it('a refund: its own amount and key', () => {
    expect(refundEvent(ORDER, { id: 'ref_1', amount: '100.5' }, options)).toMatchObject({
      type: 'order.refunded',
      idempotencyKey: 'medusa:medusa:order:order_01J:refund:ref_1',
      order: { total: '100.5' },
    });
  });
});

describe('carts', () => {
  it('consent from the cart’s metadata, else the customer’s', () => {
    expect(cartConsent({ metadata: { sms_marketing_consent: true } }, 'sms_marketing_consent')).toBe(true);
    expect(cartConsent({ metadata: { sms_marketing_consent: false }, customer: { metadata: { sms_marketing_consent: true } } }, 'sms_marketing_consent')).toBe(
      false,
    );
    expect(cartConsent({ customer: { metadata: { sms_marketing_consent: 'true' } } }, 'sms_marketing_consent')).toBe(true);
    expect(cartConsent({}, 'sms_marketing_consent')).toBe(false);
  });

  it('the recovery link of a cart, or none without the option', () => {
    expect(cartOf({ id: 'cart 1', total: 10 }, options)).toMatchObject({ recoveryUrl: 'https://shop.example/cart/cart%201', total: '10' });
    expect(cartOf({ id: 'c' }, resolveOptions({ storeName: 'S' }, { DATABASE_URL: 'sqlite::memory:' }))).toBeUndefined();
  });

  it('amounts as Medusa returns them', () => {
    expect([amountOf(12), amountOf('12.50'), amountOf({ value: '3' }), amountOf(null), amountOf('abc')]).toEqual(['12', '12.50', '3', '0', '0']);
  });
});
