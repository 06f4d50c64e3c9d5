import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, harness, orderCreated, type EngineHarness } from './test-setup.js';

const open: EngineHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

async function acceptMany(h: EngineHarness, phones: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const phone of phones) ids.push(...(await h.notifier.accept(orderCreated({ customer: { firstName: 'Ayşe', phones: [phone] } }))).messageIds);
  return ids;
}

describe.each(BACKENDS)('on %s', (backend) => {
  const setup = async (options: Omit<Parameters<typeof harness>[0] & object, 'backend'> = {}): Promise<EngineHarness> => {
    const h = await harness({ ...options, backend });
    open.push(h);
    return h;
  };

  describe('dispatch', () => {
    it('batches due messages into one personalized request', async () => {
      const h = await setup();
      const ids = await acceptMany(h, ['05320000001', '05320000002', '05320000003']);
      await h.notifier.runOnce();
      expect(h.sandbox.sends()).toHaveLength(1);
      expect(h.sandbox.sends()[0]).toMatchObject({ personalized: true, count: 3 });
      const reportIds = new Set((await Promise.all(ids.map((id) => h.notifier.getMessage(id)))).map((m) => m?.reportId));
      expect(reportIds.size).toBe(1);
      expect(h.statuses.filter((s) => s.status === 'sent')).toHaveLength(3);
    });

    it('reconciles an accepted-then-dropped send: found at the provider, never sent twice', async () => {
      const h = await setup();
      const [id] = await acceptMany(h, ['05329998877']);
      h.sandbox.faults.inject({ kind: 'drop-after-accept' });
      await h.notifier.runOnce();
      const message = await h.notifier.getMessage(id!);
      expect(message?.status === 'unknown' || message?.status === 'sent').toBe(true);
      for (let i = 0; i < 3; i += 1) await h.notifier.runOnce();
      expect(await h.notifier.getMessage(id!)).toMatchObject({ status: 'sent', reportId: h.sandbox.sends()[0]?.reportId });
      h.clock.now += 10 * 60_000;
      for (let i = 0; i < 3; i += 1) await h.notifier.runOnce();
      expect(h.sandbox.inbox('5329998877')).toHaveLength(1);
    });

    it('resends a dropped-before-acceptance send only after the grace period', async () => {
      const h = await setup();
      const [id] = await acceptMany(h, ['05329998877']);
      h.sandbox.faults.inject({ kind: 'drop-before-accept' });
      await h.notifier.runOnce();
      expect((await h.notifier.getMessage(id!))?.status).toBe('unknown');
      h.clock.now += 30_000;
      await h.notifier.runOnce();
      expect((await h.notifier.getMessage(id!))?.status).toBe('unknown');
      expect(h.sandbox.sends()).toHaveLength(0);
      h.clock.now += 31_000;
      await h.notifier.runOnce();
      await h.notifier.runOnce();
      expect(await h.notifier.getMessage(id!)).toMatchObject({ status: 'sent', attempts: 1 });
      expect(h.sandbox.inbox('5329998877')).toHaveLength(1);
    });

    it('pauses on credit exhaustion, keeps every message, and resumes once credit is back', async () => {
      const h = await setup();
      h.sandbox.setCredits('demo', { alphanumeric: 0 });
      const ids = await acceptMany(h, ['05320000001', '05320000002']);
      await h.notifier.runOnce();
      expect(await h.notifier.pause()).toMatchObject({ code: 'credit' });
      expect(h.alerts.map((a) => a.code)).toEqual(['credit']);
      for (const id of ids) expect(await h.notifier.getMessage(id)).toMatchObject({ status: 'queued', attempts: 0 });
      h.clock.now += 5_000;
      await h.notifier.runOnce();
      expect(await h.notifier.pause()).toBeDefined();
      h.sandbox.setCredits('demo', { alphanumeric: 100 });
      h.clock.now += 5_000;
      await h.notifier.runOnce();
      await h.notifier.runOnce();
      expect(await h.notifier.pause()).toBeUndefined();
      expect(h.alerts.map((a) => a.code)).toEqual(['credit', 'resumed']);
      for (const id of ids) expect((await h.notifier.getMessage(id))?.status).toBe('sent');
      expect(h.sandbox.sends()).toHaveLength(1);
    });

    it('pauses on an authentication error and resumes when the account answers again', async () => {
      const h = await setup();
      const [id] = await acceptMany(h, ['05329998877']);
      h.sandbox.faults.inject({ kind: 'err', text: 'ERR|Kullanıcı adı veya şifre hatalı', times: 2 });
      await h.notifier.runOnce();
      expect(await h.notifier.pause()).toMatchObject({ code: 'auth' });
      h.clock.now += 2_000;
      await h.notifier.runOnce(); // the probe gets the second ERR
      expect(await h.notifier.pause()).toMatchObject({ code: 'auth' });
      h.clock.now += 2_000;
      await h.notifier.runOnce();
      await h.notifier.runOnce();
      expect(await h.notifier.getMessage(id!)).toMatchObject({ status: 'sent' });
    });

    it('lifts a sender pause only by hand (or a restart), then sends', async () => {
      const h = await setup();
      const [id] = await acceptMany(h, ['05329998877']);
      h.sandbox.faults.inject({ kind: 'err', text: 'ERR|Geçersiz başlık' });
      await h.notifier.runOnce();
      expect(await h.notifier.pause()).toMatchObject({ code: 'sender' });
      h.clock.now += 5_000;
      await h.notifier.runOnce();
      expect(await h.notifier.pause()).toMatchObject({ code: 'sender' });
      expect(await h.notifier.resume()).toMatchObject({ code: 'sender' });
      expect(await h.notifier.resume()).toBeUndefined();
      await h.notifier.runOnce();
      expect(await h.notifier.getMessage(id!)).toMatchObject({ status: 'sent' });
      expect(h.alerts.map((a) => a.code)).toEqual(['sender', 'resumed']);
    });

    it('fails only the message the provider refuses, with the reason', async () => {
      const h = await setup();
      const ids = await acceptMany(h, ['05320000001', '05320000002']);
      h.sandbox.faults.inject({ kind: 'err', text: 'ERR|Geçersiz numara', times: 2 });
      await h.notifier.runOnce();
      const rows = await Promise.all(ids.map((id) => h.notifier.getMessage(id)));
      // The bisected request sends them one by one; the first one sent alone gets the second ERR.
      const failed = rows.filter((m) => m?.status === 'failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ errorCode: 'recipients', error: expect.stringContaining('Geçersiz numara') });
      expect(rows.filter((m) => m?.status === 'sent')).toHaveLength(1);
      expect(h.statuses.find((s) => s.status === 'failed')).toMatchObject({
        messageId: failed[0]?.id,
        recipientMasked: expect.stringMatching(/^\*{6}000[12]$/),
      });
      expect(h.sandbox.sends()).toHaveLength(1);
    });

    it('bisects a refused batch: the good halves go out in few requests', async () => {
      const h = await setup();
      const ids = await acceptMany(
        h,
        Array.from({ length: 8 }, (_, i) => `0532000000${i}`),
      );
      // The whole batch, then its first half, then that half's first half, then the first message alone.
      h.sandbox.faults.inject({ kind: 'err', text: 'ERR|Geçersiz numara', times: 4 });
      await h.notifier.runOnce();
      const rows = await Promise.all(ids.map((id) => h.notifier.getMessage(id)));
      expect(rows.filter((m) => m?.status === 'failed')).toHaveLength(1);
      expect(rows.filter((m) => m?.status === 'sent')).toHaveLength(7);
      expect(h.sandbox.requests().filter((r) => r.path.includes('ozel'))).toHaveLength(7);
    });

    it('retries a send that never reached the provider, with backoff', async () => {
      const h = await setup({ sandbox: {} });
      const [id] = await acceptMany(h, ['05329998877']);
      const port = new URL(h.sandbox.url).port;
      await h.sandbox.close();
      await h.notifier.runOnce();
      const message = await h.notifier.getMessage(id!);
      expect(message).toMatchObject({ status: 'queued', attempts: 1 });
      expect(message!.nextAttemptAt).toBeGreaterThan(h.clock.now);
      expect(port).not.toBe('');
    });

    it('follows delivery reports to final states and publishes each change', async () => {
      const h = await setup();
      const ids = await acceptMany(h, ['05329998877', '05000000001']);
      await h.notifier.runOnce();
      h.clock.now += 3_000;
      await h.notifier.runOnce();
      const [delivered, failed] = await Promise.all(ids.map((id) => h.notifier.getMessage(id)));
      expect(delivered).toMatchObject({ status: 'delivered', providerStatus: 'DELIVERED' });
      expect(failed).toMatchObject({ status: 'undelivered', providerStatus: 'NOT_DELIVERED', errorCode: '13' });
      expect(h.statuses.map((s) => s.status).sort()).toEqual(['delivered', 'sent', 'sent', 'undelivered']);
    });

    it('gives up polling after the window and closes the message as undelivered', async () => {
      const h = await setup({ notifier: { dispatch: { pollForMs: 3_600_000, firstPollMs: 1_000 } } });
      const [id] = await acceptMany(h, ['05000000003']);
      await h.notifier.runOnce();
      h.clock.now += 3_600_001;
      await h.notifier.runOnce();
      expect(await h.notifier.getMessage(id!)).toMatchObject({ status: 'undelivered', providerStatus: expect.stringMatching(/no final report/) });
    });
  });
});
