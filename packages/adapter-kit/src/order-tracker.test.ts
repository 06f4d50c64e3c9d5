import { afterEach, describe, expect, it } from 'vitest';
import type { OrderSnapshot } from './order-diff.js';
import { createOrderTracker, OrderTrackingError } from './order-tracker.js';
import { T0, testEngine, type TestEngine } from './test-engine.js';

let engine: TestEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

const base = { store: { id: 'shop1', platform: 'test', name: 'Demo Mağaza' }, customer: { firstName: 'Ayşe', phones: ['0532 999 88 77'] } };
const order = { id: '77', number: '77', total: '249.90' };
const snap = (status: 'new' | 'done', minute: number, phones = base.customer.phones): OrderSnapshot => ({
  base: { ...base, customer: { ...base.customer, phones } },
  order,
  status,
  rule: status === 'done' ? { canonical: 'completed', sms: true } : { canonical: 'processing', sms: false },
  phase: 'placed',
  modifiedAt: T0 + minute * 60_000,
  shipments: [],
});
const SETTINGS = { keyPrefix: 'test:shop1' };

describe('createOrderTracker', () => {
  it('Should send one SMS per transition for 20 concurrent deliveries of one order, in any order', async () => {
    engine = await testEngine();
    const orders = createOrderTracker({ notifier: engine.notifier, namespace: 'test:orders' });
    const deliveries = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? snap('new', 1) : snap('done', 2)));
    await Promise.all(deliveries.map((s) => orders.track('shop1:77', s, SETTINGS)));
    const types = (await engine.notifier.listMessages({ orderId: '77' })).map((m) => m.eventType);
    expect(types.filter((t) => t === 'order.created')).toHaveLength(1);
    expect(types.filter((t) => t === 'order.status_changed').length).toBeLessThanOrEqual(1);
    expect(await orders.get('shop1:77')).toMatchObject({ status: 'done', received: true });
  });

  it('Should keep two server instances (separate locks, one database) to one SMS per transition', async () => {
    engine = await testEngine({ shared: true });
    const twin = await engine.twin();
    const a = createOrderTracker({ notifier: engine.notifier, namespace: 'test:orders' });
    const b = createOrderTracker({ notifier: twin, namespace: 'test:orders' });
    await Promise.all([
      a.track('shop1:77', snap('new', 1), SETTINGS),
      b.track('shop1:77', snap('new', 1), SETTINGS),
      a.track('shop1:77', snap('done', 2), SETTINGS),
      b.track('shop1:77', snap('done', 2), SETTINGS),
    ]);
    const types = (await engine.notifier.listMessages({ orderId: '77' })).map((m) => m.eventType);
    expect(types.filter((t) => t === 'order.created')).toHaveLength(1);
    expect(types.filter((t) => t === 'order.status_changed').length).toBeLessThanOrEqual(1);
  });

  it('Should report stale deliveries, run onFresh once for fresh ones, and store the state even when nothing is sent', async () => {
    engine = await testEngine();
    const orders = createOrderTracker({ notifier: engine.notifier, namespace: 'test:orders', clock: () => T0 + 3_600_000 });
    let fresh = 0;
    const onFresh = async () => void (fresh += 1);
    const first = await orders.track('shop1:77', snap('new', 5, ['0212 555 11 22']), SETTINGS, { onFresh });
    expect(first).toMatchObject({
      status: 'processed',
      events: [expect.objectContaining({ type: 'order.created', status: 'skipped', reason: expect.stringMatching(/no valid Turkish mobile/) })],
    });
    expect(await orders.get('shop1:77')).toMatchObject({ status: 'new', received: true });
    expect(await orders.track('shop1:77', snap('done', 1), SETTINGS, { onFresh })).toEqual({
      status: 'stale',
      events: [],
      notes: [expect.stringMatching(/stale/)],
    });
    expect(fresh).toBe(1);
    expect(await engine.notifier.listMessages({})).toEqual([]);
  });

  it('Should give up with OrderTrackingError when the state keeps changing under it', async () => {
    engine = await testEngine();
    const real = engine.notifier;
    // A state whose compare-and-set always loses: another instance writes between every read and write.
    const state = { ...real.state, putState: async () => undefined };
    const orders = createOrderTracker({ notifier: { accept: (e) => real.accept(e), state }, namespace: 'test:orders', attempts: 3 });
    await expect(orders.track('shop1:77', snap('new', 1), SETTINGS)).rejects.toBeInstanceOf(OrderTrackingError);
    // Acceptance is idempotent: three attempts stored one event.
    expect(await real.listMessages({ orderId: '77' })).toHaveLength(1);
  });

  it('Should refuse bad options when built', () => {
    expect(() => createOrderTracker({ notifier: {} as never, namespace: '' })).toThrow(TypeError);
    expect(() => createOrderTracker({ notifier: {} as never, namespace: 'x', attempts: 0 })).toThrow(/attempts/);
  });
});
