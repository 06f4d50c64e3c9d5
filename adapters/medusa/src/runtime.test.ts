import { afterEach, describe, expect, it } from 'vitest';
import { MedusaOptionsError } from './options.js';
import { closeRuntime, createRuntime, METADATA_KEY, RUNTIME_KEY, runtimeFor, type EsemesRuntime } from './runtime.js';
import { fakeMedusa, ORDER, type FakeMedusa } from './test-medusa.js';

const OPTIONS = {
  storeName: 'Nur Butik',
  engine: { mode: 'embedded', databaseUrl: 'sqlite::memory:' },
  abandonedCarts: { recoveryUrl: 'https://shop.example/cart/{cart_id}', delaysMinutes: [0, 240] },
};
const DEPS = {
  env: {},
  sandbox: { outcomeWeights: { delivered: 1, notDelivered: 0, expired: 0 }, deliveryDelayMs: 0 },
  dispatch: { intervalMs: 60_000, firstPollMs: 0 },
};

const open: EsemesRuntime[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((runtime) => runtime.close()));
});

async function start(medusa: FakeMedusa, options: object = OPTIONS): Promise<EsemesRuntime> {
  const runtime = await createRuntime(medusa.container, options, DEPS);
  open.push(runtime);
  return runtime;
}

function inbox(runtime: EsemesRuntime, phone = '5321112233') {
  return runtime.gateway.sandbox!.inbox(phone);
}

/** Run the engine's loops until `done` holds (each pass sends, polls reports and writes back). */
async function settle(runtime: EsemesRuntime, done: () => boolean | Promise<boolean>): Promise<void> {
  for (let pass = 0; pass < 200 && !(await done()); pass++) {
    await runtime.gateway.notifier!.runOnce();
    await runtime.runWriteBack();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(await done()).toBe(true);
}

describe('the runtime on a fake Medusa container and the real engine', () => {
  it('order.placed: loads the order with query.graph, sends one SMS; the same event again sends nothing', async () => {
    const medusa = fakeMedusa();
    medusa.rows['order']!.push({ ...ORDER, locale: 'tr' });
    const runtime = await start(medusa);
    const first = await runtime.handle('order.placed', { id: ORDER.id });
    expect(first.results.map((result) => [result.type, result.status])).toEqual([
      ['order.created', 'accepted'],
      ['cart.closed', 'accepted'],
    ]);
    await settle(runtime, () => inbox(runtime).length === 1);
    expect(inbox(runtime)[0]!.text).toContain('Nur Butik');
    expect(inbox(runtime)[0]!.text).toContain('1042');
    const again = await runtime.handle('order.placed', { id: ORDER.id });
    expect(again.results.map((result) => result.status)).toEqual(['duplicate', 'duplicate']);
    await runtime.gateway.notifier!.runOnce();
    expect(inbox(runtime)).toHaveLength(1);
  });

  it('writes each status into the order’s metadata, keeping what was there', async () => {
    const medusa = fakeMedusa();
    medusa.rows['order']!.push({ ...ORDER, metadata: { gift: true } });
    const runtime = await start(medusa);
    await runtime.handle('order.placed', { id: ORDER.id });
    const delivered = () => {
      const entries = (medusa.rows['order']![0]!['metadata'] as Record<string, Record<string, { status: string; note: string }>>)[METADATA_KEY];
      return entries !== undefined && Object.values(entries).some((entry) => entry.status === 'delivered');
    };
    await settle(runtime, delivered);
    const metadata = medusa.rows['order']![0]!['metadata'] as Record<string, unknown>;
    expect(metadata['gift']).toBe(true);
    const entry = Object.values(metadata[METADATA_KEY] as Record<string, { event: string; note: string }>)[0]!;
    expect(entry.event).toBe('order.created');
    expect(entry.note).toMatch(/^SMS delivered to 0532\*+2233\.$/);
    expect(JSON.stringify(metadata)).not.toContain('5321112233');
  });

  it('honours no_notification on the event and on the order', async () => {
    const medusa = fakeMedusa();
    medusa.rows['order']!.push({ ...ORDER, no_notification: true });
    const runtime = await start(medusa);
    expect(await runtime.handle('order.fulfillment_created', { order_id: ORDER.id, fulfillment_id: 'ful_1', no_notification: true })).toMatchObject({
      note: 'no_notification is set',
      results: [],
    });
    const placed = await runtime.handle('order.placed', { id: ORDER.id });
    expect(placed.note).toMatch(/no_notification/);
    expect(placed.results.map((result) => result.type)).toEqual(['cart.closed']);
    expect(await runtime.handle('order.canceled', { id: ORDER.id })).toMatchObject({ results: [] });
    await runtime.gateway.notifier!.runOnce();
    expect(inbox(runtime)).toHaveLength(0);
  });

  it('shipment.created and delivery.created: the order found through the fulfillment; no tracking number, no SMS', async () => {
    const medusa = fakeMedusa();
    medusa.rows['order']!.push({ ...ORDER });
    medusa.rows['fulfillment']!.push(
      {
        id: 'ful_1',
        order: { id: ORDER.id },
        shipping_option: { name: 'Aras Kargo' },
        labels: [{ tracking_number: 'AR123', tracking_url: 'https://kargo.example/AR123' }],
      },
      { id: 'ful_2', order: { id: ORDER.id }, labels: [] },
    );
    const runtime = await start(medusa);
    const shipped = await runtime.handle('shipment.created', { id: 'ful_1', no_notification: false });
    expect(shipped.results).toMatchObject([{ type: 'shipment.created', status: 'accepted' }]);
    expect(await runtime.handle('delivery.created', { id: 'ful_1' })).toMatchObject({ results: [{ type: 'shipment.delivered', status: 'accepted' }] });
    expect(await runtime.handle('shipment.created', { id: 'ful_2' })).toMatchObject({
      note: 'the fulfillment has no tracking number: nothing to track',
      results: [],
    });
    expect(await runtime.handle('shipment.created', { id: 'ful_missing' })).toMatchObject({ results: [] });
    await settle(runtime, () => inbox(runtime).length === 2);
    expect(
      inbox(runtime)
        .map((message) => message.text)
        .join('\n'),
    ).toContain('AR123');
  });

  it('payment.refunded: the latest refund of the payment, through the payment collection’s order', async () => {
    const medusa = fakeMedusa();
    medusa.rows['order']!.push({ ...ORDER });
    medusa.rows['payment']!.push({
      id: 'pay_1',
      payment_collection: { order: { id: ORDER.id } },
      refunds: [
        { id: 'ref_2', amount: 50, created_at: '2026-11-02T10:00:00Z' },
        { id: 'ref_1', amount: 20, created_at: '2026-11-01T10:00:00Z' },
      ],
    });
    const runtime = await start(medusa);
    const refunded = await runtime.handle('payment.refunded', { id: 'pay_1' });
    expect(refunded.results).toMatchObject([{ type: 'order.refunded', status: 'accepted', idempotencyKey: 'medusa:medusa:order:order_01J:refund:ref_2' }]);
    expect(await runtime.handle('payment.refunded', { id: 'pay_unknown' })).toMatchObject({ results: [] });
  });

  it('bad event data is a clear note, never a crash or an SMS', async () => {
    const runtime = await start(fakeMedusa());
    expect(await runtime.handle('order.placed', {})).toMatchObject({ note: 'the event names no order', results: [] });
    expect(await runtime.handle('order.placed', { id: 'order_gone' })).toMatchObject({ note: 'the order no longer exists', results: [] });
    expect(await runtime.handle('shipment.created', { id: 42 })).toMatchObject({ note: 'the event names no fulfillment' });
  });

  it('abandoned carts: reminders once per cart, only with consent, none for a completed or fresh cart; the order ends them', async () => {
    const medusa = fakeMedusa();
    const now = Date.now();
    const idle = new Date(now - 2 * 3_600_000).toISOString();
    medusa.rows['cart']!.push(
      {
        id: 'cart_9',
        updated_at: idle,
        completed_at: null,
        total: 100,
        items: [{ title: 'Gömlek', quantity: 1, total: 100 }],
        shipping_address: { phone: '0532 111 22 33' },
        metadata: { sms_marketing_consent: true },
      },
      { id: 'cart_no_consent', updated_at: idle, completed_at: null, total: 5, items: [{ title: 'Çorap' }], shipping_address: { phone: '0532 444 55 66' } },
      { id: 'cart_done', updated_at: idle, completed_at: idle, total: 5, items: [{ title: 'x' }], shipping_address: { phone: '0532 111 22 33' } },
      {
        id: 'cart_fresh',
        updated_at: new Date(now).toISOString(),
        completed_at: null,
        total: 5,
        items: [{ title: 'x' }],
        shipping_address: { phone: '0532 111 22 33' },
      },
    );
    const runtime = await start(medusa);
    const scan = await runtime.scanAbandonedCarts(now);
    expect(scan.carts).toBe(2);
    expect(scan.results.map((result) => `${result.idempotencyKey} ${result.status}`)).toEqual([
      'medusa:medusa:cart:cart_9:reminder:1 accepted',
      'medusa:medusa:cart:cart_9:reminder:2 accepted',
      'medusa:medusa:cart:cart_no_consent:reminder:1 skipped',
      'medusa:medusa:cart:cart_no_consent:reminder:2 skipped',
    ]);
    expect((await runtime.scanAbandonedCarts(now)).results.filter((result) => result.status === 'accepted')).toEqual([]);
    // The first reminder is due at once and goes; the order for the cart cancels the second.
    await settle(runtime, () => inbox(runtime).length === 1);
    expect(inbox(runtime)[0]!.text).toContain('https://shop.example/cart/cart_9');
    medusa.rows['order']!.push({ ...ORDER, cart: { id: 'cart_9' } });
    const placed = await runtime.handle('order.placed', { id: ORDER.id });
    expect(placed.results.find((result) => result.type === 'cart.closed')).toMatchObject({ status: 'accepted', cancelled: 1 });
  });

  it('without a recovery link there are no reminders', async () => {
    const medusa = fakeMedusa();
    const runtime = await start(medusa, { ...OPTIONS, abandonedCarts: {} });
    expect(await runtime.scanAbandonedCarts()).toEqual({ carts: 0, results: [] });
    expect(medusa.graph).not.toHaveBeenCalled();
  });
});

describe('runtimeFor', () => {
  it('builds one runtime per container, from the plugin’s entry in configModule, even when asked twice at once', async () => {
    const medusa = fakeMedusa({ plugins: ['@medusajs/other', { resolve: '@esemes/medusa', options: OPTIONS }] });
    const [a, b] = await Promise.all([runtimeFor(medusa.container, undefined, DEPS), runtimeFor(medusa.container, undefined, DEPS)]);
    expect(a).toBe(b);
    expect(a.options.storeName).toBe('Nur Butik');
    await closeRuntime(medusa.container);
    expect(medusa.container.resolve(RUNTIME_KEY)).toBeUndefined();
  });

  it('bad options: a MedusaOptionsError naming them, and nothing kept, so fixed options work on the next event', async () => {
    const medusa = fakeMedusa();
    await expect(runtimeFor(medusa.container, { engine: { mode: 'remote' } }, DEPS)).rejects.toBeInstanceOf(MedusaOptionsError);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const runtime = await runtimeFor(medusa.container, OPTIONS, DEPS);
    open.push(runtime);
    expect(runtime.options.storeId).toBe('medusa');
  });
});
