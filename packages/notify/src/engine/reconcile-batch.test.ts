// Reconciliation records what it finds per report id and requeues what it cannot trace in one call, not
// one statement per message: a dropped request of several messages settles together.
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, harness, orderCreated, type EngineHarness } from './test-setup.js';

const open: EngineHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

const PHONES = ['05320000001', '05320000002', '05320000003', '05320000004'];

async function acceptMany(h: EngineHarness, phones: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const phone of phones) ids.push(...(await h.notifier.accept(orderCreated({ customer: { firstName: 'Ayşe', phones: [phone] } }))).messageIds);
  return ids;
}

describe.each(BACKENDS)('on %s', (backend) => {
  it('finds every message of a dropped batch at the provider under its one report id, and never sends twice', async () => {
    const h = await harness({ backend });
    open.push(h);
    const ids = await acceptMany(h, PHONES);
    h.sandbox.faults.inject({ kind: 'drop-after-accept' });
    for (let i = 0; i < 4; i += 1) await h.notifier.runOnce();
    const reportId = h.sandbox.sends()[0]?.reportId;
    expect(reportId).toBeDefined();
    for (const id of ids) expect(await h.notifier.getMessage(id)).toMatchObject({ status: 'sent', reportId });
    expect(h.statuses.filter((s) => s.status === 'sent' && s.previousStatus === 'unknown')).toHaveLength(PHONES.length);
    h.clock.now += 10 * 60_000;
    for (let i = 0; i < 3; i += 1) await h.notifier.runOnce();
    for (const phone of PHONES) expect(h.sandbox.inbox(phone.slice(1))).toHaveLength(1);
  });

  it('requeues every untraced message of a batch after the grace period, then sends each once', async () => {
    const h = await harness({ backend });
    open.push(h);
    const ids = await acceptMany(h, PHONES);
    h.sandbox.faults.inject({ kind: 'drop-before-accept' });
    await h.notifier.runOnce();
    for (const id of ids) expect((await h.notifier.getMessage(id))?.status).toBe('unknown');
    h.clock.now += 61_000;
    await h.notifier.runOnce();
    await h.notifier.runOnce();
    for (const id of ids) expect(await h.notifier.getMessage(id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(h.sandbox.sends()).toHaveLength(1);
    for (const phone of PHONES) expect(h.sandbox.inbox(phone.slice(1))).toHaveLength(1);
  });
});
