import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testEngine, type TestEngine } from './test-engine.js';
import { createWriteBackQueue, WriteBackGoneError, type WriteBackQueueOptions } from './write-back-queue.js';

interface Job {
  target: string;
  ref: number;
  text: string;
}

/** A target that records writes and fails on demand, as a store's API would. */
class Target {
  written: Job[] = [];
  calls = 0;
  failures: Array<'gone' | 'down' | 'retry'> = [];
  downTargets = new Set<string>();
  async write(job: Job): Promise<void> {
    this.calls += 1;
    if (this.downTargets.has(job.target)) throw Object.assign(new Error('unreachable'), { kind: 'down' });
    const failure = this.failures.shift();
    if (failure) throw Object.assign(new Error(`failed ${failure}`), { kind: failure });
    this.written.push(job);
  }
}

let engine: TestEngine;
let target: Target;
let now: number;
const warnings: object[] = [];
const infos: object[] = [];
beforeEach(async () => {
  engine = await testEngine();
  target = new Target();
  now = 1_700_000_000_000;
  warnings.length = 0;
  infos.length = 0;
});
afterEach(() => engine.close());

const queue = (options: Partial<WriteBackQueueOptions<Job>> = {}) =>
  createWriteBackQueue<Job>({
    state: engine.notifier.state,
    namespace: 'test:writes',
    label: 'test: write',
    parse: (value) =>
      typeof value['target'] === 'string' && typeof value['ref'] === 'number' && typeof value['text'] === 'string'
        ? { target: value['target'], ref: value['ref'], text: value['text'] }
        : undefined,
    write: (job) => target.write(job),
    classify: (error) => (error as { kind?: 'gone' | 'down' | 'retry' }).kind ?? 'retry',
    targetOf: (job) => job.target,
    logFields: (job) => ({ target: job.target, ref: job.ref }),
    clock: () => now,
    logger: { info: (obj) => void infos.push(obj), warn: (obj) => void warnings.push(obj) },
    ...options,
  });
const job = (ref: number, text = 'SMS sent to 0532***8877', targetId = 'shop1'): Job => ({ target: targetId, ref, text });
const entries = () => engine.notifier.state.listState('test:writes');

describe('createWriteBackQueue', () => {
  it('Should perform a job once, even when enqueued twice, and then forget it', async () => {
    const q = queue();
    expect(await q.enqueue('m1:sent', job(10))).toBe(true);
    expect(await q.enqueue('m1:sent', job(10))).toBe(false);
    expect(await q.runDue()).toEqual({ written: 1, retried: 0, dropped: 0 });
    expect(target.written).toEqual([job(10)]);
    expect(await q.runDue()).toEqual({ written: 0, retried: 0, dropped: 0 });
    expect(await entries()).toEqual([]);
  });

  it('Should retry a failing job after the backoff without holding up the others', async () => {
    const q = queue({ baseDelayMs: 30_000 });
    await q.enqueue('a', job(10));
    await q.enqueue('b', job(11));
    target.failures.push('retry');
    expect(await q.runDue()).toEqual({ written: 1, retried: 1, dropped: 0 });
    now += 29_999;
    expect(await q.runDue()).toEqual({ written: 0, retried: 0, dropped: 0 });
    now += 1;
    expect(await q.runDue()).toEqual({ written: 1, retried: 0, dropped: 0 });
    expect(target.written.map((j) => j.ref)).toEqual([11, 10]);
  });

  it('Should double the delay up to the cap and give up after maxAttempts with one warning, without the text', async () => {
    const q = queue({ maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 1_500 });
    await q.enqueue('a', job(10, 'SMS to 5321238877'));
    target.failures.push('retry', 'retry', 'retry', 'retry');
    expect(await q.runDue()).toEqual({ written: 0, retried: 1, dropped: 0 });
    expect((await entries())[0]?.dueAt).toBe(now + 1_000);
    now += 1_000;
    await q.runDue();
    expect((await entries())[0]?.dueAt).toBe(now + 1_500);
    now += 1_500;
    await q.runDue();
    now += 1_500;
    expect(await q.runDue()).toEqual({ written: 0, retried: 0, dropped: 1 });
    expect(await entries()).toEqual([]);
    expect(warnings).toEqual([expect.objectContaining({ target: 'shop1', ref: 10, attempts: 4 })]);
    expect(JSON.stringify(warnings)).not.toContain('5321238877');
  });

  it('Should drop a job whose target is gone at once (classified, or WriteBackGoneError)', async () => {
    const q = queue({
      write: async (j) =>
        j.ref === 12
          ? target.write(j)
          : Promise.reject(j.ref === 10 ? Object.assign(new Error('404'), { kind: 'gone' }) : new WriteBackGoneError('store disconnected')),
    });
    await q.enqueue('a', job(10));
    await q.enqueue('b', job(11));
    await q.enqueue('c', job(12));
    expect(await q.runDue()).toEqual({ written: 1, retried: 0, dropped: 2 });
    expect(infos).toHaveLength(2);
    expect(await entries()).toEqual([]);
  });

  it('Should call a target that is down once per run and retry all its jobs', async () => {
    target.downTargets.add('shop1');
    const q = queue();
    await q.enqueue('a', job(10));
    await q.enqueue('b', job(11));
    await q.enqueue('c', job(12, 'x', 'shop2'));
    expect(await q.runDue()).toEqual({ written: 1, retried: 2, dropped: 0 });
    expect(target.calls).toBe(2);
  });

  it('Should drop an unreadable job with a warning', async () => {
    await engine.notifier.state.putState('test:writes', 'junk', '{"nope":true}', { dueAt: now }, now);
    await engine.notifier.state.putState('test:writes', 'not-json', 'nope', { dueAt: now }, now);
    expect(await queue().runDue()).toEqual({ written: 0, retried: 0, dropped: 2 });
    expect(warnings).toHaveLength(2);
  });

  it('Should let two runners at once perform each job once', async () => {
    const a = queue();
    const b = queue();
    for (let i = 0; i < 5; i += 1) await a.enqueue(`m${i}`, job(20 + i));
    const [ra, rb] = await Promise.all([a.runDue(), b.runDue()]);
    expect(ra.written + rb.written).toBe(5);
    expect(target.written).toHaveLength(5);
  });

  it('Should leave a job claimed by a runner that died to another after the lease', async () => {
    const q = queue({ leaseMs: 60_000 });
    await q.enqueue('a', job(10));
    const [record] = await entries();
    // A runner claimed it (the lease) and died before writing.
    await engine.notifier.state.putState('test:writes', 'a', record!.value, { expectedVersion: record!.version, dueAt: now + 60_000 }, now);
    expect(await q.runDue()).toEqual({ written: 0, retried: 0, dropped: 0 });
    now += 60_000;
    expect(await q.runDue()).toEqual({ written: 1, retried: 0, dropped: 0 });
  });

  it('Should refuse bad options when built', () => {
    expect(() => queue({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => queue({ baseDelayMs: -1, leaseMs: 0 })).toThrow(/baseDelayMs.*leaseMs/);
  });
});

describe('createWriteBackQueue history', () => {
  it('Should keep what became of each job for history(), list the waiting ones in pending(), and sweep history past its time', async () => {
    const q = queue({ maxAttempts: 2, baseDelayMs: 1_000, historyMs: 60_000 });
    await q.enqueue('m1:sent', job(1));
    await q.enqueue('m1:delivered', job(2));
    await q.enqueue('m2:sent', job(3));
    target.failures = ['retry', 'gone'];
    // m1:delivered fails once (retry), m1:sent is gone (dropped), m2:sent is written: keys run in order.
    expect(await q.runDue()).toEqual({ written: 1, retried: 1, dropped: 1 });
    expect(await q.pending('m1:')).toEqual([{ id: 'm1:delivered', attempts: 1, dueAt: now + 1_000 }]);
    expect((await q.history('m1:')).map(({ id, outcome, reason }) => ({ id, outcome, reason }))).toEqual([
      { id: 'm1:sent', outcome: 'dropped', reason: 'Error' },
    ]);
    expect(await q.history('m2:')).toEqual([{ id: 'm2:sent', outcome: 'written', at: now, attempts: 1 }]);

    now += 1_000;
    target.failures = ['retry'];
    expect(await q.runDue()).toEqual({ written: 0, retried: 0, dropped: 1 });
    expect(await q.pending('m1:')).toEqual([]);
    expect((await q.history('m1:')).map(({ id, outcome, attempts }) => ({ id, outcome, attempts }))).toEqual([
      { id: 'm1:delivered', outcome: 'given_up', attempts: 2 },
      { id: 'm1:sent', outcome: 'dropped', attempts: 1 },
    ]);

    now += 61_000;
    await q.runDue();
    expect(await q.history('m')).toEqual([]);
  });

  it('Should keep no history with historyMs 0, and refuse a negative one', async () => {
    const q = queue({ historyMs: 0 });
    await q.enqueue('m1:sent', job(1));
    await q.runDue();
    expect(target.written).toHaveLength(1);
    expect(await q.history('m1')).toEqual([]);
    expect(() => queue({ historyMs: -1 })).toThrow(/historyMs must be an integer >= 0/);
  });
});
