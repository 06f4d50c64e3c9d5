import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, EventSchema } from './schema.js';

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
