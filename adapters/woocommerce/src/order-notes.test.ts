import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWooCommerce, type FakeWooCommerce } from './testing/fake-woocommerce.js';
import type { OutboxStore } from '@esemes/notify';
import { entries, testState } from '../test/state.js';
import { statusNote } from '@esemes/adapter-kit';
import { createOrderNoteQueue, ORDER_NOTES_NAMESPACE, type OrderNoteJob, type OrderNoteQueueOptions } from './order-notes.js';
import { createWooRestClient, type WooRestClient } from './rest-client.js';

const KEY = 'ck_notes_key';
const SECRET = 'cs_notes_secret';

describe('createOrderNoteQueue', () => {
  let woo: FakeWooCommerce;
  let state: OutboxStore;
  let now: number;
  let client: WooRestClient;
  const warnings: object[] = [];
  const logger = { info: () => {}, warn: (obj: object) => void warnings.push(obj) };

  beforeEach(async () => {
    woo = await startFakeWooCommerce({ consumerKey: KEY, consumerSecret: SECRET });
    client = createWooRestClient({ url: woo.url, consumerKey: KEY, consumerSecret: SECRET });
    state = await testState();
    now = 1_700_000_000_000;
    warnings.length = 0;
  });
  afterEach(async () => {
    await woo.close();
  });

  const queue = (options: Partial<OrderNoteQueueOptions> = {}) =>
    createOrderNoteQueue({ state, clientFor: async (id) => (id === 'default' ? client : undefined), clock: () => now, logger, ...options });
  const job = (orderId: number, messageId: string, status: OrderNoteJob['status'] = 'sent'): OrderNoteJob => ({
    storeId: 'default',
    orderId,
    messageId,
    status,
    note: statusNote(status, { recipient: '5321238877', text: 'Siparişiniz alındı.' }),
  });

  it('writes a note once, even when enqueued twice', async () => {
    const q = queue();
    await q.enqueue(job(10, 'm1'));
    await q.enqueue(job(10, 'm1'));
    expect(await q.runDue()).toEqual({ written: 1, retried: 0, dropped: 0 });
    expect(woo.notes).toEqual([{ orderId: 10, note: 'SMS sent to 0532***8877: Siparişiniz alındı.', customer_note: false }]);
    expect(woo.notes[0]?.note).not.toContain('5321238877');
    expect(await q.runDue()).toEqual({ written: 0, retried: 0, dropped: 0 });
    expect(await entries(state, ORDER_NOTES_NAMESPACE)).toEqual([]);
  });

  it('retries a failing note after the backoff without blocking the others', async () => {
    const q = queue({ baseDelayMs: 30_000 });
    await q.enqueue(job(10, 'm1'));
    await q.enqueue(job(11, 'm2'));
    woo.failNextNotes(1, 500);
    expect(await q.runDue()).toEqual({ written: 1, retried: 1, dropped: 0 });
    expect(woo.notes.map((n) => n.orderId)).toEqual([11]);

    now += 29_999;
    expect(await q.runDue()).toEqual({ written: 0, retried: 0, dropped: 0 });
    now += 1;
    expect(await q.runDue()).toEqual({ written: 1, retried: 0, dropped: 0 });
    expect(woo.notes.map((n) => n.orderId)).toEqual([11, 10]);
  });

  it('doubles the delay and drops the note after maxAttempts, warning without the number', async () => {
    const q = queue({ maxAttempts: 3, baseDelayMs: 1_000 });
    await q.enqueue(job(10, 'm1', 'delivered'));
    woo.failNextNotes(100, 503);
    expect(await q.runDue()).toEqual({ written: 0, retried: 1, dropped: 0 });
    expect((await entries(state, ORDER_NOTES_NAMESPACE))[0]?.dueAt).toBe(now + 1_000);
    now += 1_000;
    expect(await q.runDue()).toEqual({ written: 0, retried: 1, dropped: 0 });
    expect((await entries(state, ORDER_NOTES_NAMESPACE))[0]?.dueAt).toBe(now + 2_000);
    now += 2_000;
    expect(await q.runDue()).toEqual({ written: 0, retried: 0, dropped: 1 });
    expect(await entries(state, ORDER_NOTES_NAMESPACE)).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toContain('5321238877');
    expect(JSON.stringify(warnings)).not.toContain(SECRET);
  });

  it('caps the delay at 6 hours', async () => {
    const q = queue({ maxAttempts: 20, baseDelayMs: 3_600_000 });
    await q.enqueue(job(10, 'm1'));
    woo.failNextNotes(100);
    for (let i = 0; i < 5; i++) {
      await q.runDue();
      now = (await entries(state, ORDER_NOTES_NAMESPACE))[0]?.dueAt ?? now;
    }
    await q.runDue();
    expect((await entries(state, ORDER_NOTES_NAMESPACE))[0]?.dueAt).toBe(now + 6 * 3_600_000);
  });

  it('drops a note for a deleted order at once', async () => {
    woo.missingOrders.add(10);
    const q = queue();
    await q.enqueue(job(10, 'm1'));
    await q.enqueue(job(12, 'm2'));
    expect(await q.runDue()).toEqual({ written: 1, retried: 0, dropped: 1 });
    expect(woo.notes.map((n) => n.orderId)).toEqual([12]);
    expect(await entries(state, ORDER_NOTES_NAMESPACE)).toEqual([]);
  });

  it('drops notes of a store that is no longer connected', async () => {
    const q = queue();
    await q.enqueue({ ...job(10, 'm1'), storeId: 'gone' });
    expect(await q.runDue()).toEqual({ written: 0, retried: 0, dropped: 1 });
    expect(woo.requests).toEqual([]);
  });

  it('retries every note of a store that refuses our keys, calling it once per run', async () => {
    const refused = createWooRestClient({ url: woo.url, consumerKey: KEY, consumerSecret: 'cs_revoked' });
    const q = queue({ clientFor: async () => refused });
    await q.enqueue(job(10, 'm1'));
    await q.enqueue(job(11, 'm2'));
    expect(await q.runDue()).toEqual({ written: 0, retried: 2, dropped: 0 });
    expect(woo.requests).toHaveLength(1);
  });

  it('retries notes of an unreachable store', async () => {
    const url = woo.url;
    await woo.close();
    const down = createWooRestClient({ url, consumerKey: KEY, consumerSecret: SECRET });
    const q = queue({ clientFor: async () => down });
    await q.enqueue(job(10, 'm1'));
    expect(await q.runDue()).toEqual({ written: 0, retried: 1, dropped: 0 });
    woo = await startFakeWooCommerce({ consumerKey: KEY, consumerSecret: SECRET });
  });

  it('two runners at once write each note once', async () => {
    const a = queue();
    const b = queue();
    for (let i = 0; i < 5; i++) await a.enqueue(job(20 + i, `m${i}`));
    const [ra, rb] = await Promise.all([a.runDue(), b.runDue()]);
    expect(ra.written + rb.written).toBe(5);
    expect(woo.notes).toHaveLength(5);
  });
});
