import { readFileSync } from 'node:fs';
import { createEsemesClient } from '@esemes/core';
import { createNotifier, type Notifier } from '@esemes/notify';
import { describe, expect, it } from 'vitest';
import { FIXTURE_ORDER_URL, testState } from '../test/state.js';
import { parseWooOrder } from './order.js';
import { createWooOrderProcessor, ORDERS_NAMESPACE, type WooOrderProcessor } from './process-order.js';
import type { OrderState, WooOrder, WooStore } from './types.js';

// Order processing against the real engine on an in-memory outbox (nothing is dispatched: no loop runs).
const FIXTURE = JSON.parse(readFileSync(FIXTURE_ORDER_URL, 'utf8')) as Record<string, unknown>;
const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const STORE: WooStore = {
  id: 'shop1',
  url: 'https://magaza.example.com',
  consumerKey: 'ck_x',
  consumerSecret: 'cs_x',
  webhookSecret: 'secret',
  cartToken: 'token',
  name: 'Demo Mağaza',
  settings: {},
};

function woo(status: string, minute: number, extra: Record<string, unknown> = {}): WooOrder {
  const billing = { ...(FIXTURE['billing'] as object), first_name: 'Ayşe', last_name: 'Yılmaz', phone: '0532 999 88 77', country: 'TR' };
  return parseWooOrder({
    ...FIXTURE,
    id: 77,
    status,
    currency: 'TRY',
    created_via: 'checkout',
    billing,
    date_modified_gmt: new Date(T0 + minute * 60_000).toISOString().slice(0, 19),
    ...extra,
  });
}

async function setup(stores: Record<string, { maxParts: number }> = {}): Promise<{ orders: WooOrderProcessor; notifier: Notifier }> {
  const store = await testState();
  const notifier = createNotifier({
    store,
    client: createEsemesClient({ user: 'u', password: 'p', baseUrl: 'http://127.0.0.1:9/api-v3/' }),
    sender: 'DEMO',
    clock: () => T0,
    stores,
  });
  return { notifier, orders: createWooOrderProcessor({ notifier, clock: () => T0 }) };
}

describe('createWooOrderProcessor', () => {
  it('20 concurrent deliveries of one order (new, then completed, in any order): one SMS per transition', async () => {
    const { orders, notifier } = await setup();
    const deliveries = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? woo('processing', 1) : woo('completed', 2)));
    await Promise.all(deliveries.map((order) => orders.process(STORE, order)));
    const messages = await notifier.listMessages({ orderId: '77' });
    // Either the processing delivery came first (created, then completed), or only completed was seen first
    // (created from it, completed being its starting point): never two of a kind.
    const types = messages.map((m) => m.eventType).sort();
    expect(types.filter((t) => t === 'order.created')).toHaveLength(1);
    expect(types.filter((t) => t === 'order.status_changed').length).toBeLessThanOrEqual(1);
    const state = JSON.parse((await notifier.state.getState(ORDERS_NAMESPACE, 'shop1:77'))!.value) as OrderState;
    expect(state).toMatchObject({ status: 'completed', received: true });
  });

  it('two instances (no shared lock) racing on one order still send one SMS per transition', async () => {
    const { orders, notifier } = await setup();
    const other = createWooOrderProcessor({ notifier, clock: () => T0 });
    await Promise.all([
      orders.process(STORE, woo('processing', 1)),
      other.process(STORE, woo('processing', 1)),
      orders.process(STORE, woo('completed', 2)),
      other.process(STORE, woo('completed', 2)),
    ]);
    const types = (await notifier.listMessages({ orderId: '77' })).map((m) => m.eventType);
    expect(types.filter((t) => t === 'order.created')).toHaveLength(1);
    expect(types.filter((t) => t === 'order.status_changed').length).toBeLessThanOrEqual(1);
  });

  it('reports a missing phone as skipped, stores the state, and sends nothing', async () => {
    const { orders, notifier } = await setup();
    const result = await orders.process(STORE, woo('processing', 1, { billing: { first_name: 'Ayşe', phone: '0212 555 11 22' } }));
    expect(result.events).toEqual([
      expect.objectContaining({ type: 'order.created', status: 'skipped', reason: expect.stringMatching(/no valid Turkish mobile/) }),
    ]);
    expect(await notifier.listMessages({})).toEqual([]);
    expect(await notifier.state.getState(ORDERS_NAMESPACE, 'shop1:77')).toBeDefined();
  });

  it('reports a message longer than the store allows (maxParts) in events[].reason, sending nothing', async () => {
    const { orders, notifier } = await setup({ shop1: { maxParts: 1 } });
    // An emoji store name is UCS-2: the order confirmation needs 2 parts.
    const result = await orders.process({ ...STORE, name: '🛒🔥 Mağaza' }, woo('processing', 1));
    expect(result.events).toEqual([
      expect.objectContaining({ type: 'order.created', status: 'invalid', reason: expect.stringMatching(/2 SMS parts .*at most 1 \(maxParts\)/) }),
    ]);
    expect(await notifier.listMessages({})).toEqual([]);
  });

  it('remembers marketing consent per number for carts that arrive without it', async () => {
    const { orders } = await setup();
    expect(await orders.consent.has('shop1', '+90 532 999 88 77')).toBe(false);
    await orders.process(STORE, woo('processing', 1, { meta_data: [{ id: 1, key: '_netgsm_iys_checkout', value: '1' }] }));
    expect(await orders.consent.has('shop1', '0532 999 88 77')).toBe(true);
    expect(await orders.consent.has('other-store', '0532 999 88 77')).toBe(false);
  });
});
