import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, EventSchema, FIELD_LIMITS } from './schema.js';

export const readmeExample = {
  type: 'order.created',
  idempotencyKey: 'demo:1001:created',
  store: { id: 'demo', name: 'Demo Mağaza', locale: 'tr', currency: 'TRY' },
  customer: { firstName: 'Ayşe', lastName: 'Yılmaz', phones: ['+90 532 999 88 77'] },
  order: { id: '1001', number: '1001', total: '249.90', currency: 'TRY' },
};

describe('canonical events', () => {
  it('accepts the README example and fills defaults', () => {
    const event = EventSchema.parse(readmeExample);
    expect(event).toMatchObject({ type: 'order.created', store: { platform: 'custom', timeZone: 'Europe/Istanbul' }, order: { items: [] }, cancels: [] });
  });

  it('knows every event type', () => {
    expect(EVENT_TYPES).toEqual([
      'order.created',
      'order.status_changed',
      'order.paid',
      'order.cancelled',
      'order.refunded',
      'shipment.created',
      'shipment.out_for_delivery',
      'shipment.delivered',
      'cart.abandoned',
      'admin.order.created',
      'message.custom',
    ]);
  });

  it('names what is wrong', () => {
    const unknown = EventSchema.safeParse({ ...readmeExample, type: 'order.nope' });
    expect(unknown.success).toBe(false);
    const bad = EventSchema.safeParse({
      ...readmeExample,
      store: { id: 'demo', name: '', timeZone: 'Mars/Base' },
      order: { id: '1', number: '1', total: 'lots' },
    });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['store.name', 'store.timeZone', 'order.total']);
  });
});

describe('field bounds', () => {
  const withOrder = (order: object) => ({ ...readmeExample, order: { ...readmeExample.order, ...order } });
  const pathsOf = (input: unknown) => EventSchema.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [];

  it.each(['1', '249.90', '-12.5', '999999999999999', '123456789012345.123456', 249.9, 1e14])('accepts the total %s', (total) => {
    expect(pathsOf(withOrder({ total }))).toEqual([]);
  });

  it.each(['1'.repeat(16), '1'.repeat(400_000), '1.1234567', '1e5', '0x10', '', 1e15, -1e16])('refuses the total %s as a money amount', (total) => {
    const result = EventSchema.safeParse(withOrder({ total }));
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['order.total']);
    expect(result.error?.issues[0]?.message).toMatch(/15 digits|money amount|decimal/);
  });

  it('bounds every printed field, at the documented limit', () => {
    const long = (n: number) => 'a'.repeat(n);
    const event = (extra: object) => ({ ...readmeExample, ...extra });
    expect(pathsOf(event({ customer: { firstName: long(FIELD_LIMITS.personName), lastName: long(FIELD_LIMITS.personName), phones: [] } }))).toEqual([]);
    expect(pathsOf(event({ customer: { firstName: long(101), lastName: long(101), phones: [] } }))).toEqual(['customer.firstName', 'customer.lastName']);
    expect(pathsOf(event({ store: { id: 'demo', name: long(101) } }))).toEqual(['store.name']);
    expect(pathsOf(withOrder({ number: long(51) }))).toEqual(['order.number']);
    expect(pathsOf(withOrder({ statusUrl: `https://x.example/${long(500)}` }))).toEqual(['order.statusUrl']);
    expect(pathsOf(withOrder({ items: [{ name: long(201) }] }))).toEqual(['order.items.0.name']);
    const shipment = (s: object) => ({ ...readmeExample, type: 'shipment.created', shipment: { carrier: 'Yurtiçi Kargo', trackingNumber: '1', ...s } });
    expect(pathsOf(shipment({ carrier: long(51), trackingNumber: long(51) }))).toEqual(['shipment.carrier', 'shipment.trackingNumber']);
    expect(pathsOf(shipment({ carrier: long(50), trackingNumber: long(50) }))).toEqual([]);
  });

  it('refuses notBefore later than expiresAt, in every event type', () => {
    const window = { notBefore: '2026-12-02T10:00:00Z', expiresAt: '2026-12-02T09:00:00+00:00' };
    const result = EventSchema.safeParse({ ...readmeExample, ...window });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['notBefore'], message: expect.stringMatching(/later than expiresAt/) })]);
    expect(EventSchema.safeParse({ ...readmeExample, notBefore: window.expiresAt, expiresAt: window.expiresAt }).success).toBe(true);
    const closed = { type: 'cart.closed', idempotencyKey: 'c', store: { id: 'demo', name: 'Demo' }, cart: { id: 'c1' }, ...window };
    expect(EventSchema.safeParse(closed).success).toBe(false);
  });
});

describe('message.custom', () => {
  const custom = (extra: object = {}) => ({
    type: 'message.custom',
    idempotencyKey: 'demo:medusa:notif_01',
    store: { id: 'demo', name: 'Demo Mağaza' },
    customer: { phones: ['+90 532 999 88 77'] },
    body: 'Demo Mağaza: Siparişiniz yarın kargoda.',
    ...extra,
  });
  const pathsOf = (input: unknown) => EventSchema.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [];

  it('accepts a body up to FIELD_LIMITS.customBody (1000) characters, trimmed, with or without an order', () => {
    expect(FIELD_LIMITS.customBody).toBe(1000);
    expect(EventSchema.parse(custom())).toMatchObject({ type: 'message.custom', body: 'Demo Mağaza: Siparişiniz yarın kargoda.', cancels: [] });
    expect(EventSchema.parse(custom({ body: `  ${'a'.repeat(1000)}  ` }))).toMatchObject({ body: 'a'.repeat(1000) });
    expect(EventSchema.parse(custom({ order: readmeExample.order })).order).toMatchObject({ number: '1001', items: [] });
  });

  it('refuses a missing, empty or blank body, and one of 1001 characters', () => {
    expect(pathsOf(custom({ body: undefined }))).toEqual(['body']);
    expect(pathsOf(custom({ body: '' }))).toEqual(['body']);
    expect(pathsOf(custom({ body: '   ' }))).toEqual(['body']);
    expect(pathsOf(custom({ body: 'a'.repeat(1001) }))).toEqual(['body']);
    expect(pathsOf(custom({ body: 42 }))).toEqual(['body']);
  });

  it('bounds its optional order like every other event', () => {
    expect(pathsOf(custom({ order: { id: '1', number: '1'.repeat(51), total: '10' } }))).toEqual(['order.number']);
  });
});
