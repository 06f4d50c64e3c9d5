import { afterEach, describe, expect, it } from 'vitest';
import { createLeases } from './leases.js';
import { testEngine, type TestEngine } from './test-engine.js';

let engine: TestEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe('createLeases', () => {
  it('Should give a lease to one holder until it is released or lapses', async () => {
    engine = await testEngine();
    let now = 1_000;
    const leases = createLeases({ state: engine.notifier.state, namespace: 'test:locks', clock: () => now });
    const first = await leases.take('job', 10_000);
    expect(first).toBeDefined();
    expect(await leases.take('job', 10_000)).toBeUndefined();
    expect(await leases.take('other', 10_000)).toBeDefined();
    now += 10_001;
    const second = await leases.take('job', 10_000);
    expect(second).toBeDefined();
    // The first holder's late release does not free the second's lease.
    await leases.release(first!);
    expect(await leases.take('job', 10_000)).toBeUndefined();
    await leases.release(second!);
    expect(await leases.take('job', 10_000)).toBeDefined();
  });

  it('Should run work under the lease once among concurrent callers, and release it after an error', async () => {
    engine = await testEngine({ shared: true });
    const twin = await engine.twin();
    const [a, b] = [createLeases({ state: engine.notifier.state, namespace: 'test:locks' }), createLeases({ state: twin.state, namespace: 'test:locks' })];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = a.run('register', 60_000, async () => {
      await gate;
      return 'done';
    });
    await new Promise((resolve) => setImmediate(resolve));
    await expect.poll(async () => (await b.run('register', 60_000, async () => 'twice')).ran, { timeout: 60_000 }).toBe(false);
    release();
    expect(await running).toEqual({ ran: true, value: 'done' });
    await expect(b.run('register', 60_000, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await a.run('register', 60_000, async () => 'again')).toEqual({ ran: true, value: 'again' });
  });
});
