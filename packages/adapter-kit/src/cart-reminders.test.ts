import { EventSchema } from '@esemes/notify';
import { describe, expect, it } from 'vitest';
import { cartClosedEvent, cartReminderEvents } from './cart-reminders.js';

const now = Date.UTC(2026, 10, 25, 9, 0, 0);
const base = {
  store: { id: 'shop1', platform: 'test', name: 'Demo' },
  customer: { firstName: 'Ayşe', phones: ['05341234567'], smsConsent: { marketing: true } },
};
const cart = { id: 'cf-s123', recoveryUrl: 'https://shop.example/checkout/?s=1', items: [{ name: 'Çay', quantity: 1 }], total: '120.5' };

describe('cartReminderEvents', () => {
  it('Should plan one reminder per delay, numbered, with send time and expiry, valid for the engine', () => {
    const { events, notes } = cartReminderEvents({
      keyPrefix: 'test:shop1',
      base,
      cart,
      now,
      settings: { delaysMs: [600_000, 7_200_000], expiresAfterMs: 86_400_000 },
    });
    expect(notes).toEqual([]);
    expect(events.map((e) => e.idempotencyKey)).toEqual(['test:shop1:cart:cf-s123:reminder:1', 'test:shop1:cart:cf-s123:reminder:2']);
    expect(events[1]).toMatchObject({
      type: 'cart.abandoned',
      notBefore: new Date(now + 7_200_000).toISOString(),
      expiresAt: new Date(now + 86_400_000).toISOString(),
      cart: { ...cart, reminder: 2 },
    });
    for (const event of events) expect(() => EventSchema.parse(event)).not.toThrow();
  });

  it('Should default to 1 h and 24 h within 7 days, and keep at most 10 sane delays', () => {
    const { events } = cartReminderEvents({ keyPrefix: 'p', base, cart, now });
    expect(events.map((e) => e.notBefore)).toEqual([new Date(now + 3_600_000).toISOString(), new Date(now + 86_400_000).toISOString()]);
    expect(events[0]?.expiresAt).toBe(new Date(now + 7 * 86_400_000).toISOString());
    const many = cartReminderEvents({
      keyPrefix: 'p',
      base,
      cart,
      now,
      settings: { delaysMs: [-1, Number.NaN, ...Array.from({ length: 12 }, (_, i) => i * 1000)] },
    });
    expect(many.events).toHaveLength(10);
  });

  it('Should say why there are none: off, no phone, empty cart', () => {
    expect(cartReminderEvents({ keyPrefix: 'p', base, cart, now, settings: { delaysMs: [] } })).toEqual({ events: [], notes: ['cart reminders are off'] });
    expect(cartReminderEvents({ keyPrefix: 'p', base: { ...base, customer: { phones: [] } }, cart, now }).notes).toEqual([
      'cart has no phone yet: no reminders',
    ]);
    expect(cartReminderEvents({ keyPrefix: 'p', base, cart: { ...cart, items: [] }, now }).notes).toEqual(['cart is empty: no reminders']);
  });
});

describe('cartClosedEvent', () => {
  it('Should build the cart.closed of a cart, valid for the engine', () => {
    const event = cartClosedEvent({ keyPrefix: 'test:shop1', base, cartId: 'cf-s123' });
    expect(event).toMatchObject({ type: 'cart.closed', idempotencyKey: 'test:shop1:cart:cf-s123:closed', cart: { id: 'cf-s123' } });
    expect(() => EventSchema.parse(event)).not.toThrow();
  });
});
