import { EventSchema, type CanonicalEventInput } from '@esemes/notify';
import { describe, expect, it } from 'vitest';
import { diffOrder, type OrderDiff, type OrderDiffSettings, type OrderSnapshot, type OrderState, type StatusRule } from './order-diff.js';

const T0 = Date.UTC(2024, 4, 1, 9, 0, 0);
const MIN = 60_000;
const SETTINGS: OrderDiffSettings = { keyPrefix: 'test:shop1' };
const RULES: Record<string, StatusRule> = {
  new: { canonical: 'processing', sms: false },
  paid: { canonical: 'processing', sms: false },
  done: { canonical: 'completed', sms: true },
  cancelled: { canonical: 'cancelled', sms: true },
  refunded: { canonical: 'refunded', sms: true },
  failed: { canonical: 'failed', sms: true },
  delivered: { canonical: 'completed', sms: true, event: 'shipment.delivered' },
  custom: { canonical: null, sms: true },
  draft: { canonical: null, sms: false },
};
const base = { store: { id: 'shop1', platform: 'test', name: 'Demo Mağaza' }, customer: { firstName: 'Şükrü', phones: ['+90 532 999 88 77'] } };
const order = { id: '727', number: '727', total: '29.35', currency: 'TRY', items: [{ name: 'Çay', quantity: 2 }] };
const cart = { id: 'order-727', recoveryUrl: 'https://magaza.example.com/checkout/', items: order.items, total: '29.35', currency: 'TRY' };

/** A delivery `at` minutes after T0 in `status`. */
function snap(at: number | null, status = 'new', extra: Partial<OrderSnapshot> = {}): OrderSnapshot {
  const phase = status === 'draft' ? 'draft' : ['cancelled', 'refunded', 'failed'].includes(status) ? 'closed' : 'placed';
  return {
    base,
    order,
    status,
    rule: RULES[status] ?? { canonical: null, sms: false },
    phase,
    modifiedAt: at === null ? null : T0 + at * MIN,
    shipments: [],
    cart,
    ...extra,
  };
}

/** Deliveries in order, each with the state the previous one left; every event checked against the engine's schema. */
function sequence(snapshots: OrderSnapshot[], settings: OrderDiffSettings = SETTINGS, now = T0 + 30 * MIN): OrderDiff[] {
  let previous: OrderState | undefined;
  return snapshots.map((snapshot) => {
    const diff = diffOrder(previous, snapshot, settings, now);
    for (const event of diff.events) expect(() => EventSchema.parse(event), event.idempotencyKey).not.toThrow();
    previous = diff.next;
    return diff;
  });
}
const types = (events: CanonicalEventInput[] = []): string[] => events.map((e) => e.type);
const keys = (events: CanonicalEventInput[] = []): string[] => events.map((e) => e.idempotencyKey);

describe('diffOrder: new orders', () => {
  it('Should send one order.created for a placed order, and the state to store', () => {
    const [d] = sequence([snap(0)]);
    expect(d?.stale).toBe(false);
    expect(d?.events).toEqual([{ ...base, type: 'order.created', idempotencyKey: 'test:shop1:order:727:created', order }]);
    expect(d?.next).toEqual({ status: 'new', modifiedAt: T0, received: true, trackingNumbers: [], cartScheduled: false });
  });

  it('Should also notify the shop owner, at most 10 numbers, blanks dropped', () => {
    const [d] = sequence([snap(0)], { ...SETTINGS, adminPhones: [' 05321112233', ' ', ...Array.from({ length: 12 }, () => '05320000000')] });
    expect(keys(d?.events)).toEqual(['test:shop1:order:727:created', 'test:shop1:order:727:admin-created']);
    expect(d?.events[1]).toMatchObject({ type: 'admin.order.created', adminPhones: ['05321112233', ...Array.from({ length: 9 }, () => '05320000000')] });
  });

  it('Should take the first status as the starting point, and send nothing for a first closed delivery', () => {
    expect(types(sequence([snap(0, 'done')])[0]?.events)).toEqual(['order.created']);
    const [closed] = sequence([snap(0, 'cancelled')]);
    expect(closed?.events).toEqual([]);
    expect(closed?.next.received).toBe(false);
  });

  it('Should send nothing for the same delivery twice, and drop an older delivery arriving late', () => {
    const [first, second] = sequence([snap(0), snap(0)]);
    expect(first?.events).toHaveLength(1);
    expect(second?.events).toEqual([]);
    const [, , late] = sequence([snap(0), snap(5, 'done'), snap(2, 'paid')]);
    expect(late?.stale).toBe(true);
    expect(late?.next).toMatchObject({ status: 'done', modifiedAt: T0 + 5 * MIN });
  });

  it('Should count a delivery without a time as received now, and a time ahead of now as now', () => {
    const now = T0 + 30 * MIN;
    expect(sequence([snap(null)], SETTINGS, now)[0]?.next.modifiedAt).toBe(now);
    // Dated a year ahead: stored as now, so the next real delivery (after now) is not taken for stale.
    const [future, next] = sequence([snap(365 * 24 * 60), snap(31, 'done')], SETTINGS, now);
    expect(future?.next.modifiedAt).toBe(now);
    expect(next?.stale).toBe(false);
    expect(types(next?.events)).toEqual(['order.status_changed']);
  });
});

describe('diffOrder: status changes', () => {
  it('Should send order.status_changed, order.cancelled and order.refunded keyed by the raw status', () => {
    expect(sequence([snap(0), snap(5, 'done')])[1]?.events[0]).toMatchObject({
      type: 'order.status_changed',
      idempotencyKey: 'test:shop1:order:727:status:done',
      status: { canonical: 'completed', raw: 'done' },
    });
    expect(sequence([snap(0), snap(5, 'cancelled')])[1]?.events[0]).toMatchObject({
      type: 'order.cancelled',
      idempotencyKey: 'test:shop1:order:727:status:cancelled',
    });
    expect(types(sequence([snap(0), snap(5, 'refunded')])[1]?.events)).toEqual(['order.refunded']);
  });

  it('Should send nothing for a status whose rule says no SMS, or that has no canonical meaning', () => {
    const [, quiet] = sequence([snap(0), snap(5, 'paid')]);
    expect(quiet?.events).toEqual([]);
    expect(quiet?.next.status).toBe('paid');
    const [, custom] = sequence([snap(0), snap(5, 'custom')]);
    expect(custom?.events).toEqual([]);
    expect(custom?.notes.join(' ')).toMatch(/no canonical status/);
  });

  it('Should keep an unpaid checkout that is cancelled silent unless asked, and report its failed payment', () => {
    const unpaid = (at: number, status: string) => snap(at, status, { phase: status === 'new' ? 'unpaid_checkout' : 'closed' });
    const [, quiet] = sequence([unpaid(0, 'new'), unpaid(60, 'cancelled')]);
    expect(quiet?.events.filter((e) => e.type !== 'cart.closed')).toEqual([]);
    expect(quiet?.notes.join(' ')).toMatch(/unpaid/);
    const [, loud] = sequence([unpaid(0, 'new'), unpaid(60, 'cancelled')], { ...SETTINGS, notifyUnpaidCancellation: true });
    expect(types(loud?.events)).toContain('order.cancelled');
    expect(types(sequence([unpaid(0, 'new'), unpaid(5, 'failed')])[1]?.events)).toContain('order.status_changed');
  });
});

describe('diffOrder: shipments', () => {
  const yurtici = { carrier: 'Yurtiçi Kargo', trackingNumber: '3001234567', trackingUrl: 'https://www.yurticikargo.com/x?code=3001234567' };
  const aras = { carrier: 'Aras Kargo', trackingNumber: 'A2' };

  it('Should announce each tracking number once, before the status event of the same delivery', () => {
    const [, d, again, more] = sequence([
      snap(0),
      snap(5, 'done', { shipments: [yurtici] }),
      snap(6, 'done', { shipments: [yurtici] }),
      snap(7, 'done', { shipments: [yurtici, aras] }),
    ]);
    expect(types(d?.events)).toEqual(['shipment.created', 'order.status_changed']);
    expect(d?.events[0]).toMatchObject({ idempotencyKey: 'test:shop1:order:727:shipment:3001234567', shipment: yurtici });
    expect(again?.events).toEqual([]);
    expect(keys(more?.events)).toEqual(['test:shop1:order:727:shipment:A2']);
    expect(more?.next.trackingNumbers).toEqual(['3001234567', 'A2']);
  });

  it("Should send the rule's shipment event for the newest parcel, and nothing without one", () => {
    const [, , delivered] = sequence([snap(0), snap(5, 'paid', { shipments: [yurtici] }), snap(9, 'delivered', { shipments: [yurtici] })]);
    expect(delivered?.events).toEqual([
      expect.objectContaining({ type: 'shipment.delivered', idempotencyKey: 'test:shop1:order:727:delivered', shipment: yurtici }),
    ]);
    const [, blind] = sequence([snap(0), snap(9, 'delivered')]);
    expect(blind?.events).toEqual([]);
    expect(blind?.notes.join(' ')).toMatch(/no tracking number/);
  });

  it('Should announce no tracking while the order is a draft', () => {
    expect(sequence([snap(0, 'draft', { shipments: [yurtici] })])[0]?.events.some((e) => e.type === 'shipment.created')).toBe(false);
  });
});

describe('diffOrder: carts', () => {
  const now = T0 + 30 * MIN;

  it('Should schedule the reminders of a draft once, then close the cart when the order is placed', () => {
    const [d1, d2, d3, d4] = sequence([snap(0, 'draft'), snap(1, 'draft'), snap(2), snap(3, 'done')], SETTINGS, now);
    expect(keys(d1?.events)).toEqual(['test:shop1:cart:order-727:reminder:1', 'test:shop1:cart:order-727:reminder:2']);
    expect(d1?.events[0]).toMatchObject({
      type: 'cart.abandoned',
      notBefore: new Date(now + 3_600_000).toISOString(),
      expiresAt: new Date(now + 7 * 86_400_000).toISOString(),
      cart: { ...cart, reminder: 1 },
      order,
    });
    expect(d1?.next).toMatchObject({ received: false, cartScheduled: true });
    expect(d2?.events).toEqual([]);
    expect(types(d3?.events)).toEqual(['cart.closed', 'order.created']);
    expect(d3?.events[0]).toMatchObject({ idempotencyKey: 'test:shop1:cart:order-727:closed', cart: { id: 'order-727' } });
    expect(d3?.next).toMatchObject({ received: true, cartScheduled: true, cartClosed: true });
    expect(types(d4?.events)).toEqual(['order.status_changed']);
  });

  it('Should close the cart of a cancelled checkout but keep it open after a failed payment', () => {
    const unpaid = (at: number, status: string) => snap(at, status, { phase: status === 'new' ? 'unpaid_checkout' : 'closed' });
    expect(types(sequence([unpaid(0, 'new'), unpaid(5, 'failed')])[1]?.events)).toEqual(['order.status_changed']);
    expect(types(sequence([unpaid(0, 'new'), unpaid(5, 'cancelled')])[1]?.events)).toEqual(['cart.closed']);
  });

  it('Should send no cart.closed for an order that never had reminders', () => {
    expect(types(sequence([snap(0), snap(5, 'cancelled')])[1]?.events)).toEqual(['order.cancelled']);
  });

  it("Should honour the store's delays and say why there are no reminders", () => {
    expect(sequence([snap(0, 'draft')], { ...SETTINGS, reminders: { delaysMs: [600_000] } })[0]?.events).toHaveLength(1);
    const [off] = sequence([snap(0, 'draft')], { ...SETTINGS, reminders: { delaysMs: [] } });
    expect(off?.events).toEqual([]);
    expect(off?.next.cartScheduled).toBe(false);
    const [noPhone, later] = sequence([snap(0, 'draft', { base: { ...base, customer: { phones: [] } } }), snap(1, 'draft')]);
    expect(noPhone?.notes.join(' ')).toMatch(/no phone/);
    expect(later?.events).toHaveLength(2);
  });
});
