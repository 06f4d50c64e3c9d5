import { afterEach, describe, expect, it } from 'vitest';
import { acceptEvent, acceptEvents } from './accept-events.js';
import { testEngine, type TestEngine } from './test-engine.js';

let engine: TestEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

const store = { id: 'shop1', platform: 'test', name: 'Demo Mağaza' };
const order = { id: '7', number: '7', total: '10' };
const created = (phones: string[], key = 'test:shop1:order:7:created') => ({
  type: 'order.created' as const,
  idempotencyKey: key,
  store,
  customer: { firstName: 'Ayşe', phones },
  order,
});

describe('acceptEvent', () => {
  it('Should report accepted, then duplicate, with the message ids', async () => {
    engine = await testEngine();
    const first = await acceptEvent(engine.notifier, created(['0532 999 88 77']));
    expect(first).toEqual({ type: 'order.created', idempotencyKey: 'test:shop1:order:7:created', status: 'accepted', messageIds: [expect.any(String)] });
    expect(await acceptEvent(engine.notifier, created(['0532 999 88 77']))).toEqual({ ...first, status: 'duplicate' });
  });

  it('Should turn a missing mobile into skipped with the reason, storing no message', async () => {
    engine = await testEngine();
    const result = await acceptEvent(engine.notifier, created(['0212 555 11 22']));
    expect(result).toMatchObject({ status: 'skipped', messageIds: [], reason: expect.stringMatching(/no valid Turkish mobile/) });
    expect(result.reason).not.toContain('5551122');
    expect(await engine.notifier.listMessages({})).toEqual([]);
  });

  it('Should report an event the engine refuses as invalid, naming the fields, and warn', async () => {
    engine = await testEngine();
    const warnings: object[] = [];
    const result = await acceptEvent(
      engine.notifier,
      { ...created(['05329998877']), order: { id: '7', number: '', total: 'lots' } },
      { warn: (obj) => void warnings.push(obj) },
    );
    expect(result).toMatchObject({ status: 'invalid', messageIds: [], reason: expect.stringContaining('order.total') });
    expect(warnings).toHaveLength(1);
    expect(await engine.notifier.listMessages({})).toEqual([]);
  });

  it('Should report a message longer than the store allows (maxParts) as invalid, naming the cap, storing nothing', async () => {
    engine = await testEngine();
    const long = {
      ...created(['05329998877']),
      type: 'order.status_changed' as const,
      status: { canonical: 'processing' as const, raw: 'hazir' },
      order: { ...order, statusUrl: `https://x.example/${'a'.repeat(450)}` },
    };
    const result = await acceptEvent(engine.notifier, long);
    expect(result).toMatchObject({ status: 'invalid', messageIds: [], reason: expect.stringMatching(/this store allows at most 2 \(maxParts\)/) });
    expect(await engine.notifier.listMessages({})).toEqual([]);
  });

  it('Should report a commercial event without consent as skipped', async () => {
    engine = await testEngine();
    const cart = {
      type: 'cart.abandoned' as const,
      idempotencyKey: 'c1',
      store,
      customer: { phones: ['05329998877'] },
      cart: { id: 'c1', recoveryUrl: 'https://x.example/c', total: '5', items: [{ name: 'Çay' }] },
    };
    expect(await acceptEvent(engine.notifier, cart)).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/consent/) });
  });

  it('Should count what a cart.closed cancelled', async () => {
    engine = await testEngine();
    const customer = { phones: ['05329998877'], smsConsent: { marketing: true } };
    const cart = {
      type: 'cart.abandoned' as const,
      idempotencyKey: 'c1:1',
      store,
      customer,
      notBefore: new Date(engine.clock.now + 3_600_000).toISOString(),
      cart: { id: 'c1', recoveryUrl: 'https://x.example/c', total: '5' },
    };
    const closed = { type: 'cart.closed' as const, idempotencyKey: 'c1:closed', store, cart: { id: 'c1' } };
    const results = await acceptEvents(engine.notifier, [cart, closed, closed]);
    expect(results.map((r) => [r.status, r.cancelled])).toEqual([
      ['accepted', undefined],
      ['accepted', 1],
      ['duplicate', 0],
    ]);
  });

  it('Should throw what is not about the event (the database is closed)', async () => {
    engine = await testEngine();
    await engine.store.close();
    await expect(acceptEvent(engine.notifier, created(['05329998877']))).rejects.toThrow();
    engine = undefined;
  });
});
