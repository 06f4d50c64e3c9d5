import { readFileSync } from 'node:fs';
import { EventSchema, type CanonicalEventInput } from '@esemes/notify';
import { describe, expect, it } from 'vitest';
import { decide, type Decision } from './decide.js';
import { parseWooOrder } from './order.js';
import { FIXTURE_ORDER_URL } from '../test/state.js';
import type { OrderState, WooOrder, WooStore, WooStoreSettings } from './types.js';

const FIXTURE: Record<string, unknown> = JSON.parse(readFileSync(FIXTURE_ORDER_URL, 'utf8')) as Record<string, unknown>;

const T0 = Date.UTC(2024, 4, 1, 9, 0, 0);
const MIN = 60_000;
const gmt = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

const storeWith = (settings: WooStoreSettings = {}, extra: Partial<WooStore> = {}): WooStore => ({
  id: 'shop1',
  url: 'https://magaza.example.com',
  consumerKey: 'ck_x',
  consumerSecret: 'cs_x',
  webhookSecret: 'secret',
  cartToken: 'token',
  settings,
  ...extra,
});
const STORE = storeWith();

/** The real payload, as a Turkish order, with overrides; `at` is minutes after T0 for date_modified_gmt. */
function woo(at: number, overrides: Record<string, unknown> = {}): WooOrder {
  const billing = { ...(FIXTURE['billing'] as object), first_name: 'Şükrü', last_name: 'Öztürk', phone: '+90 532 999 88 77', country: 'TR' };
  return parseWooOrder({ ...FIXTURE, currency: 'TRY', created_via: 'checkout', billing, date_modified_gmt: gmt(T0 + at * MIN), ...overrides });
}

/** decide + every event checked against the engine's schema. */
function run(order: WooOrder, previous?: OrderState, store: WooStore = STORE, now = T0 + 30 * MIN): Decision {
  const decision = decide({ store, order, previous, now });
  for (const event of decision.events) expect(() => EventSchema.parse(event), event.idempotencyKey).not.toThrow();
  return decision;
}

/** Feeds deliveries in order, each with the state the previous one left. */
function sequence(orders: WooOrder[], store: WooStore = STORE): Decision[] {
  let previous: OrderState | undefined;
  return orders.map((order) => {
    const decision = run(order, previous, store);
    previous = decision.next;
    return decision;
  });
}

const types = (events: CanonicalEventInput[]): string[] => events.map((e) => e.type);
const keys = (events: CanonicalEventInput[]): string[] => events.map((e) => e.idempotencyKey);

describe('decide: new orders', () => {
  it('sends one order.created for a new processing order and nothing else', () => {
    const d = run(woo(0));
    expect(d.stale).toBe(false);
    expect(types(d.events)).toEqual(['order.created']);
    expect(d.events[0]).toEqual({
      type: 'order.created',
      idempotencyKey: 'woo:shop1:order:727:created',
      occurredAt: new Date(T0).toISOString(),
      store: { id: 'shop1', platform: 'woocommerce', name: 'magaza.example.com', locale: 'tr', currency: 'TRY', timeZone: 'Europe/Istanbul' },
      customer: { firstName: 'Şükrü', lastName: 'Öztürk', phones: ['+90 532 999 88 77'], smsConsent: { marketing: false } },
      order: {
        id: '727',
        number: '727',
        total: '29.35',
        currency: 'TRY',
        items: [
          { name: 'Woo Single #1', quantity: 2, total: '6.00' },
          { name: 'Ship Your Idea – Color: Black, Size: M Test', quantity: 1, total: '12.00', sku: 'Bar3' },
        ],
      },
    });
    // No reminders were scheduled for it, so there is no cart to close.
    expect(d.next).toEqual({ status: 'processing', modifiedAt: T0, received: true, trackingNumbers: [], cartScheduled: false });
  });

  it('also notifies the shop owner when admin phones are set', () => {
    const d = run(woo(0), undefined, storeWith({ adminPhones: ['05321112233', ' '] }, { name: 'Çiçek Dünyası', locale: 'en', timeZone: 'Europe/London' }));
    expect(keys(d.events)).toEqual(['woo:shop1:order:727:created', 'woo:shop1:order:727:admin-created']);
    expect(d.events[1]).toMatchObject({
      type: 'admin.order.created',
      adminPhones: ['05321112233'],
      store: { name: 'Çiçek Dünyası', locale: 'en', timeZone: 'Europe/London' },
    });
  });

  it('treats the first delivery as the starting point: no status SMS, whatever the status', () => {
    expect(types(run(woo(0, { status: 'completed' })).events)).toEqual(['order.created']);
    const cancelled = run(woo(0, { status: 'cancelled' }));
    expect(cancelled.events).toEqual([]);
    expect(cancelled.next.received).toBe(false);
  });

  it('sends nothing when the same delivery comes twice', () => {
    const [first, second] = sequence([woo(0), woo(0)]);
    expect(first?.events).toHaveLength(1);
    expect(second?.events).toEqual([]);
    expect(second?.stale).toBe(false);
  });

  it('ignores an older delivery arriving late', () => {
    const [, , late] = sequence([woo(0), woo(5, { status: 'completed' }), woo(2, { status: 'on-hold' })]);
    expect(late?.stale).toBe(true);
    expect(late?.events).toEqual([]);
    expect(late?.next).toMatchObject({ status: 'completed', modifiedAt: T0 + 5 * MIN });
  });

  it('omits occurredAt when the payload has no modification date, and counts it as received now', () => {
    const d = run(woo(0, { date_modified_gmt: null }));
    expect(d.events[0]).not.toHaveProperty('occurredAt');
    expect(d.next.modifiedAt).toBe(T0 + 30 * MIN);
  });

  it('takes a modification date in the future as the receive time, so later deliveries are not stale', () => {
    const [future, completed] = sequence([woo(365 * 24 * 60), woo(31, { status: 'completed' })]);
    expect(future?.next.modifiedAt).toBe(T0 + 30 * MIN);
    expect(completed?.stale).toBe(false);
    expect(types(completed?.events ?? [])).toEqual(['order.status_changed']);
  });
});

describe('decide: status changes', () => {
  it('sends one status event for processing → completed', () => {
    const [, done] = sequence([woo(0), woo(5, { status: 'completed' })]);
    expect(done?.events).toHaveLength(1);
    expect(done?.events[0]).toMatchObject({
      type: 'order.status_changed',
      idempotencyKey: 'woo:shop1:order:727:status:completed',
      status: { canonical: 'completed', raw: 'completed' },
    });
  });

  it('sends order.cancelled and order.refunded for placed orders', () => {
    const [, cancelled] = sequence([woo(0), woo(5, { status: 'cancelled' })]);
    expect(cancelled?.events[0]).toMatchObject({ type: 'order.cancelled', idempotencyKey: 'woo:shop1:order:727:status:cancelled' });
    const [, refunded] = sequence([woo(0), woo(5, { status: 'refunded' })]);
    expect(types(refunded?.events ?? [])).toEqual(['order.refunded']);
  });

  it('sends nothing for on-hold, processing again or an unknown custom status', () => {
    for (const status of ['on-hold', 'hazirlaniyor', 'shipped', 'ready-for-pickup']) {
      const [, d] = sequence([woo(0), woo(5, { status })]);
      expect(d?.events, status).toEqual([]);
      expect(d?.next.status).toBe(status);
    }
  });

  it('follows store rules for custom statuses', () => {
    const store = storeWith({ statuses: { hazirlaniyor: { canonical: 'processing', sms: true } } });
    const [, d] = sequence([woo(0), woo(5, { status: 'hazirlaniyor' })], store);
    expect(d?.events[0]).toMatchObject({ type: 'order.status_changed', status: { canonical: 'processing', raw: 'hazirlaniyor' } });
  });
});

describe('decide: checkouts and carts', () => {
  const payUrl = 'https://magaza.example.com/checkout/order-pay/727/?pay_for_order=true&key=wc_order_x';
  const draft = (at: number, extra: Record<string, unknown> = {}) =>
    woo(at, { status: 'checkout-draft', created_via: 'store-api', payment_url: payUrl, ...extra });
  const pending = (at: number) => woo(at, { status: 'pending', created_via: 'store-api', payment_url: payUrl });

  it('schedules two reminders for a checkout draft with a phone', () => {
    const now = T0 + 30 * MIN;
    const d = run(draft(0), undefined, STORE, now);
    expect(keys(d.events)).toEqual(['woo:shop1:cart:order-727:reminder:1', 'woo:shop1:cart:order-727:reminder:2']);
    expect(d.events[0]).toMatchObject({
      type: 'cart.abandoned',
      notBefore: new Date(now + 3_600_000).toISOString(),
      expiresAt: new Date(now + 7 * 86_400_000).toISOString(),
      cart: { id: 'order-727', recoveryUrl: payUrl, total: '29.35', currency: 'TRY', reminder: 1 },
      order: { id: '727', paymentUrl: payUrl },
    });
    expect(d.events[1]).toMatchObject({ notBefore: new Date(now + 86_400_000).toISOString(), cart: { reminder: 2 } });
    expect(d.next).toMatchObject({ status: 'checkout-draft', received: false, cartScheduled: true });
  });

  it('waits for a phone, honours the store delays and falls back to the checkout page', () => {
    const noPhone = { billing: { first_name: 'Ayşe' }, shipping: {} };
    const [first, second] = sequence([draft(0, noPhone), draft(1, { payment_url: '' })]);
    expect(first?.events).toEqual([]);
    expect(first?.next.cartScheduled).toBe(false);
    expect(second?.events.map((e) => (e.type === 'cart.abandoned' ? e.cart.recoveryUrl : ''))).toEqual([
      'https://magaza.example.com/checkout/',
      'https://magaza.example.com/checkout/',
    ]);
    expect(run(draft(0), undefined, storeWith({ cartReminderDelaysMs: [] })).events).toEqual([]);
    expect(run(draft(0), undefined, storeWith({ cartReminderDelaysMs: [600_000] })).events).toHaveLength(1);
  });

  it('draft → pending checkout → processing: reminders once, then the order and the cart cancel', () => {
    const [d1, d2, d3] = sequence([draft(0), pending(1), woo(2, { created_via: 'store-api' })]);
    expect(types(d1?.events ?? [])).toEqual(['cart.abandoned', 'cart.abandoned']);
    expect(d2?.events).toEqual([]);
    // cart.closed cancels the reminders still queued, in the engine's acceptance of it.
    expect(types(d3?.events ?? [])).toEqual(['cart.closed', 'order.created']);
    expect(d3?.events[0]).toMatchObject({ idempotencyKey: 'woo:shop1:cart:order-727:closed', cart: { id: 'order-727' } });
    expect(d3?.next).toMatchObject({ received: true, cartScheduled: true, cartClosed: true });
  });

  it('sends no SMS when an unpaid checkout is cancelled, unless the store asks', () => {
    const [, quiet] = sequence([pending(0), woo(60, { status: 'cancelled', created_via: 'store-api' })]);
    // No SMS; the cart's reminders are cancelled.
    expect(types(quiet?.events ?? [])).toEqual(['cart.closed']);
    expect(quiet?.notes.join(' ')).toMatch(/unpaid/);
    const store = storeWith({ notifyUnpaidCancellation: true });
    const [, loud] = sequence([pending(0), woo(60, { status: 'cancelled', created_via: 'store-api' })], store);
    expect(types(loud?.events ?? [])).toEqual(['cart.closed', 'order.cancelled']);
  });

  it('reports a failed payment of a checkout with the pay link', () => {
    const [, failed] = sequence([pending(0), woo(5, { status: 'failed', created_via: 'store-api', payment_url: payUrl })]);
    expect(failed?.events[0]).toMatchObject({ type: 'order.status_changed', status: { canonical: 'failed', raw: 'failed' }, order: { paymentUrl: payUrl } });
  });

  it('puts the pay link only on orders that need payment', () => {
    expect(run(woo(0, { payment_url: payUrl })).events[0]).not.toHaveProperty('order.paymentUrl');
    expect(run(woo(0, { status: 'pending', created_via: 'admin', payment_url: payUrl })).events[0]).toMatchObject({ order: { paymentUrl: payUrl } });
  });
});

describe('decide: shipments', () => {
  const kargoTakip = [
    { key: 'tracking_company', value: 'yurtici' },
    { key: 'tracking_code', value: '3001234567' },
  ];
  const yurticiUrl = 'https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code=3001234567';

  it('sends shipment.created once for kargo-verildi with Kargo Takip Türkiye meta', () => {
    const [, shipped, again] = sequence([
      woo(0),
      woo(5, { status: 'kargo-verildi', meta_data: kargoTakip }),
      woo(6, { status: 'kargo-verildi', meta_data: kargoTakip }),
    ]);
    expect(shipped?.events).toEqual([
      expect.objectContaining({
        type: 'shipment.created',
        idempotencyKey: 'woo:shop1:order:727:shipment:3001234567',
        shipment: { carrier: 'Yurtiçi Kargo', trackingNumber: '3001234567', trackingUrl: yurticiUrl },
      }),
    ]);
    expect(shipped?.next.trackingNumbers).toEqual(['3001234567']);
    expect(again?.events).toEqual([]);
  });

  it('announces each AST item, with its custom link', () => {
    const items = [
      { tracking_provider: '', custom_tracking_provider: 'Bizim Kurye', custom_tracking_link: 'https://kurye.example/t/K1', tracking_number: 'K1' },
      { tracking_provider: 'aras-kargo', custom_tracking_link: '', tracking_number: 'A2' },
    ];
    const [, d] = sequence([woo(0), woo(5, { status: 'shipped', meta_data: [{ key: '_wc_shipment_tracking_items', value: items }] })]);
    expect(d?.events.map((e) => (e.type === 'shipment.created' ? e.shipment : null))).toEqual([
      { carrier: 'Bizim Kurye', trackingNumber: 'K1', trackingUrl: 'https://kurye.example/t/K1' },
      { carrier: 'Aras Kargo', trackingNumber: 'A2', trackingUrl: 'https://ebranch.araskargo.com.tr/track/A2' },
    ]);
  });

  it('sends shipment.delivered for delivered with a known tracking number, and nothing without one', () => {
    const [, , delivered] = sequence([
      woo(0),
      woo(5, { status: 'kargo-verildi', meta_data: kargoTakip }),
      woo(9, { status: 'delivered', meta_data: kargoTakip }),
    ]);
    expect(delivered?.events).toEqual([expect.objectContaining({ type: 'shipment.delivered', idempotencyKey: 'woo:shop1:order:727:delivered' })]);
    const [, blind] = sequence([woo(0), woo(9, { status: 'delivered' })]);
    expect(blind?.events).toEqual([]);
    expect(blind?.notes.join(' ')).toMatch(/no tracking number/);
  });

  it('orders a new tracking number before the status event of the same delivery', () => {
    const [, d] = sequence([woo(0), woo(5, { status: 'completed', meta_data: kargoTakip })]);
    expect(types(d?.events ?? [])).toEqual(['shipment.created', 'order.status_changed']);
  });

  it('announces no tracking for drafts', () => {
    expect(run(woo(0, { status: 'checkout-draft', created_via: 'store-api', meta_data: kargoTakip })).events.some((e) => e.type === 'shipment.created')).toBe(
      false,
    );
  });
});

describe('decide: customers', () => {
  const phonesOf = (billing: string, shipping = ''): unknown =>
    run(woo(0, { billing: { first_name: 'İlker', phone: billing }, shipping: { first_name: 'Gülşen', last_name: 'Çakır', phone: shipping } })).events[0]
      ?.customer;

  it('passes phones in every format as typed, deduplicated', () => {
    for (const phone of ['+90 532 999 88 77', '05329998877', '(0532) 999-88-77', '0090 532 999 88 77', '5329998877', '0212 555 11 22']) {
      expect(phonesOf(phone), phone).toMatchObject({ phones: [phone] });
    }
    expect(phonesOf('')).toMatchObject({ phones: [] });
    expect(phonesOf('+90 532 999 88 77', '05329998877')).toMatchObject({ phones: ['+90 532 999 88 77'] });
    expect(phonesOf('0212 555 11 22', '0532 999 88 77')).toMatchObject({ phones: ['0212 555 11 22', '0532 999 88 77'] });
    expect(phonesOf('', '0532 999 88 77')).toMatchObject({ phones: ['0532 999 88 77'] });
  });

  it('takes names from billing, falling back to shipping, and the id of registered customers', () => {
    expect(phonesOf('05329998877')).toMatchObject({ firstName: 'İlker', lastName: 'Çakır' });
    expect(run(woo(0, { customer_id: 12 })).events[0]?.customer).toMatchObject({ id: '12' });
    expect(run(woo(0)).events[0]?.customer).not.toHaveProperty('id');
  });

  it("cuts overlong names, order numbers and item names to the engine's limits instead of losing the SMS", () => {
    const d = run(
      woo(0, {
        number: 'N'.repeat(80),
        billing: { first_name: 'Ayşe'.repeat(100), last_name: 'Öz'.repeat(100), phone: '05329998877' },
        line_items: [{ name: 'Ürün'.repeat(100), quantity: 1 }],
      }),
    );
    const event = d.events[0];
    expect(event?.customer?.firstName).toBe('Ayşe'.repeat(25));
    expect(event?.customer?.lastName).toBe('Öz'.repeat(50));
    expect(event && 'order' in event ? [event.order?.number.length, event.order?.items?.[0]?.name.length] : []).toEqual([50, 200]);
  });

  it('carries marketing consent from order meta', () => {
    const consent = (meta: unknown[], settings: WooStoreSettings = {}) =>
      run(woo(0, { meta_data: meta }), undefined, storeWith(settings)).events[0]?.customer?.smsConsent;
    expect(consent([{ key: '_netgsm_iys_checkout', value: '1' }])).toEqual({ marketing: true, source: 'woocommerce order meta _netgsm_iys_checkout' });
    expect(consent([{ key: '_netgsm_iys_checkout', value: '0' }])).toEqual({ marketing: false });
    expect(consent([{ key: 'kampanya', value: 'yes' }], { consentMetaKeys: ['kampanya'] })).toMatchObject({ marketing: true });
  });

  it('keeps phone numbers out of the notes', () => {
    const [, , d] = sequence([
      woo(0, { status: 'pending', billing: { phone: '05329998877' } }),
      woo(1, { status: 'on-hold' }),
      woo(2, { status: 'delivered' }),
    ]);
    expect(d?.notes.length).toBeGreaterThan(0);
    expect(d?.notes.join(' ')).not.toMatch(/532/);
  });
});
