// Pipelined dispatch (`dispatch.concurrency`): the next batch is claimed and sent while one is at the
// provider. The provider side is the real sandbox; a wrapper around fetch holds send requests back, so
// the order in which the sandbox sees them is chosen by the test, not by timing.
import { createEsemesClient } from '@esemes/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotifier } from './notifier.js';
import { BACKENDS, harness, orderCreated, type EngineHarness } from './test-setup.js';
import type { Alert, Notifier, NotifierOptions } from './types.js';

const open: EngineHarness[] = [];
const notifiers: Notifier[] = [];
afterEach(async () => {
  await Promise.all(notifiers.splice(0).map((n) => n.stop()));
  await Promise.all(open.splice(0).map((h) => h.close()));
});

/** The request of the first batch: it carries the first number accepted (`acceptMany` below). */
const firstBatch = (body: string): boolean => body.includes('5320000000');

const isSend = (input: string | URL | Request): boolean => String(input instanceof Request ? input.url : input).includes('ozel');

/** A fetch whose send requests wait at a gate the test opens; `arrived(n)` resolves once n of them wait or went through. */
function gatedFetch() {
  const waiting: Array<() => void> = [];
  const watchers: Array<{ count: number; resolve: () => void }> = [];
  let seen = 0;
  let active = 0;
  let maxActive = 0;
  let hold: (body: string) => boolean = () => false;
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (!isSend(input)) return fetch(input, init);
    const body = typeof init?.body === 'string' ? init.body : Buffer.from(init?.body as Uint8Array).toString('latin1');
    seen += 1;
    active += 1;
    maxActive = Math.max(maxActive, active);
    for (const w of watchers.filter((w) => seen >= w.count)) w.resolve();
    try {
      if (hold(body)) await new Promise<void>((resolve) => waiting.push(resolve));
      return await fetch(input, init);
    } finally {
      active -= 1;
    }
  };
  return {
    fetch: fetchImpl as typeof globalThis.fetch,
    /** Which send requests (by their body) wait for `release()`. */
    holdIf(rule: (body: string) => boolean) {
      hold = rule;
    },
    release() {
      for (const resolve of waiting.splice(0)) resolve();
    },
    arrived(count: number): Promise<void> {
      return seen >= count ? Promise.resolve() : new Promise((resolve) => watchers.push({ count, resolve }));
    },
    get maxActive() {
      return maxActive;
    },
  };
}

describe.each(BACKENDS)('pipelined dispatch on %s', (backend) => {
  async function setup(dispatch: NonNullable<NotifierOptions['dispatch']>) {
    const h = await harness({ backend });
    open.push(h);
    const gate = gatedFetch();
    const client = createEsemesClient({
      user: 'demo',
      password: 'demo',
      baseUrl: h.sandbox.url,
      retries: 0,
      now: () => new Date(h.clock.now),
      fetch: gate.fetch,
    });
    const notifier = createNotifier({
      store: h.store,
      client,
      sender: 'DEMO',
      clock: () => h.clock.now,
      dispatch: { reconcileGraceMs: 60_000, firstPollMs: 1_000, pauseProbeMs: 1_000, ...dispatch },
    });
    notifiers.push(notifier);
    const alerts: Alert[] = [];
    notifier.on('alert', (a) => alerts.push(a));
    return { h, gate, notifier, alerts };
  }

  /** One event per number, a millisecond apart: claimed (oldest first) in the order accepted. */
  async function acceptMany(h: EngineHarness, notifier: Notifier, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      h.clock.now += 1;
      const phone = `053200000${String(i).padStart(2, '0')}`;
      ids.push(...(await notifier.accept(orderCreated({ customer: { firstName: 'Ayşe', phones: [phone] } }))).messageIds);
    }
    return ids;
  }

  const statusesOf = async (notifier: Notifier, ids: string[]) => Promise.all(ids.map(async (id) => (await notifier.getMessage(id))?.status));

  it('claims and sends the next batch while one is at the provider, each claimed before its request leaves', async () => {
    const { h, gate, notifier } = await setup({ batchSize: 2, concurrency: 2 });
    const ids = await acceptMany(h, notifier, 4);
    // The first batch's request waits until the second's has left: without pipelining this pass could not end.
    gate.holdIf(firstBatch);
    let countsWhenBothOut: Record<string, number> = {};
    void gate.arrived(2).then(async () => {
      countsWhenBothOut = await h.store.countByStatus();
      gate.release();
    });
    await notifier.runOnce();
    expect(gate.maxActive).toBe(2);
    expect(countsWhenBothOut).toMatchObject({ sending: 4, queued: 0 });
    expect(await statusesOf(notifier, ids)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(h.sandbox.sends().map((s) => s.count)).toEqual([2, 2]);
    // Two requests, two report ids: each batch's outcome on its own messages.
    expect(new Set((await Promise.all(ids.map((id) => notifier.getMessage(id)))).map((m) => m?.reportId)).size).toBe(2);
  });

  it('with concurrency 1, one request at a time', async () => {
    const { h, gate, notifier } = await setup({ batchSize: 2, concurrency: 1 });
    const ids = await acceptMany(h, notifier, 5);
    await notifier.runOnce();
    expect(gate.maxActive).toBe(1);
    expect(await statusesOf(notifier, ids)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect(h.sandbox.sends().map((s) => s.count)).toEqual([2, 2, 1]);
  });

  it('when the second of two batches out fails, the first is still sent and the second is retried by its error class', async () => {
    const { h, gate, notifier } = await setup({ batchSize: 2, concurrency: 2 });
    const ids = await acceptMany(h, notifier, 4);
    // The second batch reaches the provider first and takes the fault; the first goes through after it.
    h.sandbox.faults.inject({ kind: 'err', text: 'ERR|Sistem hatası', times: 1 });
    gate.holdIf(firstBatch);
    void gate.arrived(2).then(async () => {
      while (h.sandbox.faults.pending().length > 0) await new Promise((resolve) => setImmediate(resolve));
      gate.release();
    });
    await notifier.runOnce();
    expect(await statusesOf(notifier, ids)).toEqual(['sent', 'sent', 'queued', 'queued']);
    const retried = await notifier.getMessage(ids[2]!);
    expect(retried).toMatchObject({ attempts: 1, error: expect.stringContaining('Sistem hatası') });
    expect(retried!.nextAttemptAt).toBeGreaterThan(h.clock.now);
    expect(h.sandbox.sends()).toHaveLength(1);
    // Later, the retry goes out once: nothing lost, nothing sent twice.
    h.clock.now += 10 * 60_000;
    await notifier.runOnce();
    // (The first two have their delivery reports by now.)
    expect(await statusesOf(notifier, ids)).toEqual(['delivered', 'delivered', 'sent', 'sent']);
    for (let i = 0; i < 4; i += 1) expect(h.sandbox.inbox(`53200000${String(i).padStart(2, '0')}`)).toHaveLength(1);
  });

  it('a pause from one batch stops further claims, the other batch out still gets its outcome, one alert', async () => {
    const { h, gate, notifier, alerts } = await setup({ batchSize: 2, concurrency: 2 });
    const ids = await acceptMany(h, notifier, 6);
    h.sandbox.faults.inject({ kind: 'err', text: 'ERR|Kullanıcı adı veya şifre hatalı', times: 1 });
    gate.holdIf(firstBatch);
    void gate.arrived(2).then(async () => {
      while (h.sandbox.faults.pending().length > 0) await new Promise((resolve) => setImmediate(resolve));
      gate.release();
    });
    await notifier.runOnce();
    expect(await notifier.pause()).toMatchObject({ code: 'auth' });
    expect(alerts.map((a) => a.code)).toEqual(['auth']);
    // First batch sent, second put back untouched, third never claimed.
    expect(await statusesOf(notifier, ids)).toEqual(['sent', 'sent', 'queued', 'queued', 'queued', 'queued']);
    expect((await notifier.getMessage(ids[2]!))?.attempts).toBe(0);
    expect(h.sandbox.requests().filter((r) => r.path.includes('ozel'))).toHaveLength(2);
  });

  it('when every batch out hits the same pause, each is put back and the pause is alerted once', async () => {
    const { h, notifier, alerts } = await setup({ batchSize: 2, concurrency: 2 });
    h.sandbox.setCredits('demo', { alphanumeric: 0 });
    const ids = await acceptMany(h, notifier, 6);
    await notifier.runOnce();
    expect(await notifier.pause()).toMatchObject({ code: 'credit' });
    expect(alerts.map((a) => a.code)).toEqual(['credit']);
    for (const id of ids) expect(await notifier.getMessage(id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(h.sandbox.requests().filter((r) => r.path.includes('ozel')).length).toBeLessThanOrEqual(2);
    h.sandbox.setCredits('demo', { alphanumeric: 100 });
    h.clock.now += 5_000;
    await notifier.runOnce();
    await notifier.runOnce();
    expect(await statusesOf(notifier, ids)).toEqual(Array(6).fill('sent'));
    expect(h.sandbox.sends().reduce((sum, s) => sum + s.count, 0)).toBe(6);
  });

  it('stop() waits for the batches out, records their outcomes, and claims no more', async () => {
    const { h, gate, notifier } = await setup({ batchSize: 2, concurrency: 2 });
    const ids = await acceptMany(h, notifier, 6);
    gate.holdIf(() => true);
    notifier.start();
    await gate.arrived(2);
    const stopped = notifier.stop();
    gate.release();
    await stopped;
    expect(await statusesOf(notifier, ids)).toEqual(['sent', 'sent', 'sent', 'sent', 'queued', 'queued']);
    expect((await h.store.countByStatus()).sending).toBe(0);
    expect(h.sandbox.sends()).toHaveLength(2);
  });

  it('a batch whose outcome cannot be recorded fails the pass after the other batch out is recorded; it is reconciled, never resent', async () => {
    const h = await harness({ backend });
    open.push(h);
    const failing = new Set(['markSent', 'markUnknown']);
    // Recording the first batch's outcome fails (as the send and as an unknown outcome), as a database that went away for a moment would.
    const store = new Proxy(h.store, {
      get(target, property, receiver) {
        if (typeof property === 'string' && failing.has(property))
          return async (ids: readonly string[], ...rest: unknown[]) => {
            if (ids.includes(first ?? '') && failing.delete(property)) throw new Error('database went away');
            return (target[property as 'markSent'] as (...a: unknown[]) => Promise<void>)(ids, ...rest);
          };
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const client = createEsemesClient({ user: 'demo', password: 'demo', baseUrl: h.sandbox.url, retries: 0, now: () => new Date(h.clock.now) });
    const notifier = createNotifier({
      store,
      client,
      sender: 'DEMO',
      clock: () => h.clock.now,
      dispatch: { batchSize: 2, concurrency: 2, leaseMs: 30_000, reconcileGraceMs: 60_000, firstPollMs: 600_000 },
    });
    notifiers.push(notifier);
    const ids = await acceptMany(h, notifier, 4);
    const first = ids[0];
    await expect(notifier.runOnce()).rejects.toThrow('database went away');
    expect(await statusesOf(notifier, ids)).toEqual(['sending', 'sending', 'sent', 'sent']);
    // The lease runs out, reconciliation finds the request at the provider: sent, once.
    h.clock.now += 30_001;
    await notifier.runOnce();
    expect(await statusesOf(notifier, ids)).toEqual(['sent', 'sent', 'sent', 'sent']);
    for (let i = 0; i < 4; i += 1) expect(h.sandbox.inbox(`53200000${String(i).padStart(2, '0')}`)).toHaveLength(1);
    expect(h.sandbox.sends()).toHaveLength(2);
  });

  it('refuses a bad dispatch.concurrency at construction, before anything is claimed or sent', async () => {
    const { h, notifier } = await setup({});
    const ids = await acceptMany(h, notifier, 1);
    const client = createEsemesClient({ user: 'demo', password: 'demo', baseUrl: h.sandbox.url });
    for (const concurrency of [0, 1.5, 17, -1, Number.NaN, '2']) {
      expect(() => createNotifier({ store: h.store, client, sender: 'DEMO', dispatch: { concurrency: concurrency as number } })).toThrow(
        expect.objectContaining({ code: 'config', problems: ['dispatch.concurrency must be an integer from 1 to 16'] }),
      );
    }
    expect(await statusesOf(notifier, ids)).toEqual(['queued']);
    expect(h.sandbox.requests().filter((r) => r.path.includes('ozel'))).toHaveLength(0);
  });
});
