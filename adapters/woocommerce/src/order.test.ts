import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURE_ORDER_URL } from '../test/state.js';
import { decodeHtmlEntities, gmtToMs, httpUrl, isDeletedOrderPayload, MalformedOrderError, metaValue, parseWooOrder } from './order.js';

const fixture = (): Record<string, unknown> => JSON.parse(readFileSync(FIXTURE_ORDER_URL, 'utf8')) as Record<string, unknown>;

describe('parseWooOrder', () => {
  it('reads the real order payload', () => {
    const order = parseWooOrder(fixture());
    expect(order).toMatchObject({
      id: 727,
      number: '727',
      status: 'processing',
      currency: 'USD',
      total: '29.35',
      date_created_gmt: '2017-03-22T19:28:02',
      date_modified_gmt: '2017-03-22T19:28:08',
      date_paid_gmt: '2017-03-22T19:28:08',
      created_via: 'rest-api',
      payment_url: '',
      customer_id: 0,
      billing: { first_name: 'John', last_name: 'Doe', phone: '(555) 555-5555', email: 'john.doe@example.com', country: 'US' },
      shipping: { first_name: 'John', last_name: 'Doe', phone: '', email: '', country: 'US' },
    });
    expect(order.line_items).toEqual([
      { name: 'Woo Single #1', quantity: 2, total: '6.00' },
      { name: 'Ship Your Idea &ndash; Color: Black, Size: M Test', quantity: 1, total: '12.00', sku: 'Bar3' },
    ]);
    expect(order.meta_data).toEqual([{ id: 13106, key: '_download_permissions_granted', value: 'yes' }]);
    expect(order).not.toHaveProperty('_links');
  });

  it('accepts numbers as strings and fills missing fields with empty values', () => {
    const order = parseWooOrder({ id: '42', status: 'pending', total: 10.5, customer_id: '7', line_items: [{ name: 'Çay', quantity: '3' }], billing: null });
    expect(order).toMatchObject({ id: 42, number: '42', total: '10.5', customer_id: 7, currency: '', created_via: '', date_modified_gmt: null });
    expect(order.billing).toEqual({ first_name: '', last_name: '', phone: '', email: '', country: '' });
    expect(order.line_items).toEqual([{ name: 'Çay', quantity: 3 }]);
    expect(order.meta_data).toEqual([]);
  });

  it('keeps meta values as they are and drops entries without a key', () => {
    const items = [{ tracking_number: '1', tracking_provider: 'aras' }];
    const order = parseWooOrder({ id: 1, status: 'completed', meta_data: [{ key: '_wc_shipment_tracking_items', value: items }, { value: 'x' }, 'junk'] });
    expect(order.meta_data).toEqual([{ key: '_wc_shipment_tracking_items', value: items }]);
  });

  it('throws MalformedOrderError naming the bad fields', () => {
    const error = (() => {
      try {
        parseWooOrder({ id: -3, number: '12' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(MalformedOrderError);
    const malformed = error as MalformedOrderError;
    expect(malformed).toMatchObject({ name: 'MalformedOrderError', code: 'malformed_order', fields: ['id', 'status'] });
    expect(malformed.message).toMatch(/id/);
    expect(malformed.message).toMatch(/status/);
  });

  it('rejects payloads that are not objects', () => {
    for (const payload of [null, 'order', [fixture()], 727]) expect(() => parseWooOrder(payload)).toThrow(MalformedOrderError);
    expect(() => parseWooOrder({ ...fixture(), id: 'abc' })).toThrow(/\bid\b/);
    expect(() => parseWooOrder({ ...fixture(), status: '' })).toThrow(/status/);
  });
});

describe('isDeletedOrderPayload', () => {
  it('is true only for { id: N }', () => {
    expect(isDeletedOrderPayload({ id: 727 })).toBe(true);
    expect(isDeletedOrderPayload({ id: 0 })).toBe(false);
    expect(isDeletedOrderPayload({ id: 727, status: 'trash' })).toBe(false);
    expect(isDeletedOrderPayload(fixture())).toBe(false);
    expect(isDeletedOrderPayload({ webhook_id: 3 })).toBe(false);
    expect(isDeletedOrderPayload(null)).toBe(false);
  });
});

describe('helpers', () => {
  it('metaValue returns the last entry with the key', () => {
    const order = parseWooOrder({
      id: 1,
      status: 'x',
      meta_data: [
        { key: 'a', value: '1' },
        { key: 'b', value: 2 },
        { key: 'a', value: '3' },
      ],
    });
    expect(metaValue(order, 'a')).toBe('3');
    expect(metaValue(order, 'b')).toBe(2);
    expect(metaValue(order, 'c')).toBeUndefined();
  });

  it('gmtToMs reads offset-less GMT strings as UTC', () => {
    expect(gmtToMs('2017-03-22T19:28:02')).toBe(Date.UTC(2017, 2, 22, 19, 28, 2));
    expect(gmtToMs('2017-03-22 19:28:02')).toBe(Date.UTC(2017, 2, 22, 19, 28, 2));
    expect(gmtToMs('2017-03-22T19:28:02+03:00')).toBe(Date.UTC(2017, 2, 22, 16, 28, 2));
    expect(gmtToMs(null)).toBeNull();
    expect(gmtToMs('not a date')).toBeNull();
  });

  it('decodeHtmlEntities turns escaped item names into text', () => {
    expect(decodeHtmlEntities('Ship Your Idea &ndash; Color: Black')).toBe('Ship Your Idea – Color: Black');
    expect(decodeHtmlEntities('T&#8217;shirt &amp; Şal &#x131; &unknown;')).toBe('T’shirt & Şal ı &unknown;');
  });

  it('httpUrl accepts only absolute http(s) URLs', () => {
    expect(httpUrl(' https://shop.example/checkout/order-pay/1/ ')).toBe('https://shop.example/checkout/order-pay/1/');
    expect(httpUrl('javascript:alert(1)')).toBeUndefined();
    expect(httpUrl('/relative')).toBeUndefined();
    expect(httpUrl('')).toBeUndefined();
  });
});
