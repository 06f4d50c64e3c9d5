// Contract: claiming under a lease, lease expiry, and the transitions of a send attempt.
import type { OutboxStore } from '../types.js';
import { T0, many, newEvent, newMessage, only, seed, statuses, type Harness } from './harness.js';

/** Distinct recipients, so a report can tell the messages apart. */
const numbered = (n: number) => Array.from({ length: n }, (_, i) => ({ recipient: `53${String(i).padStart(8, '0')}` }));

export function registerDispatchTests(h: Harness): void {
  const { t } = h;

  t.describe('claimDue', () => {
    t.it('claims due queued messages oldest first, up to the limit, under a lease', async () => {
      const store = await h.store();
      const [first = ''] = await seed(store, T0);
      const [scheduled = ''] = await seed(store, T0 + 1, [{ notBefore: T0 + 100 }]);
      const event = newEvent();
      const late = newMessage({ id: `b-${event.eventId}` });
      const early = newMessage({ id: `a-${event.eventId}` });
      await store.accept(event, [late, early], [], T0 + 2);

      const claimed = await store.claimDue('worker-1', T0 + 10, 2, 30_000);
      t.expect(claimed.map((row) => row.id)).toEqual([first, early.id]);
      for (const row of claimed) {
        t.expect([row.status, row.claimedBy, row.leaseUntil, row.attemptStartedAt, row.updatedAt]).toEqual([
          'sending',
          'worker-1',
          T0 + 30_010,
          T0 + 10,
          T0 + 10,
        ]);
      }
      t.expect((await store.claimDue('worker-2', T0 + 10, 10, 30_000)).map((row) => row.id)).toEqual([late.id]);
      t.expect(await store.claimDue('worker-2', T0 + 99, 10, 30_000)).toEqual([]);
      t.expect((await store.claimDue('worker-2', T0 + 100, 10, 30_000)).map((row) => row.id)).toEqual([scheduled]);
      t.expect(await store.claimDue('worker-2', T0 + 1_000, 10, 30_000)).toEqual([]);
      t.expect(await store.claimDue('worker-2', T0 + 1_000, 0, 30_000)).toEqual([]);
    });

    t.it('requeue and markSent with onlyFrom leave messages in other states alone', async () => {
      const store = await h.store();
      const [id = ''] = await seed(store, T0);
      await store.claimDue('w', T0, 10, 1_000);
      // Another instance's stale view: the message is `sending` again, not `unknown`.
      await store.requeue([id], T0 + 5, 'stale', true, T0 + 5, ['unknown']);
      await store.markSent([id], 'stale-report', T0 + 5, ['unknown']);
      t.expect([(await store.getMessage(id))?.status, (await store.getMessage(id))?.reportId]).toEqual(['sending', null]);
      await store.markUnknown([id], 'reset', T0 + 6);
      await store.requeue([id], T0 + 7, 'no trace', true, T0 + 7, ['unknown']);
      t.expect((await store.getMessage(id))?.status).toBe('queued');
    });

    t.it('requeue waits for nextAttemptAt and counts the attempt only when asked', async () => {
      const store = await h.store();
      const [id = ''] = await seed(store, T0);
      await store.claimDue('w', T0, 10, 1_000);
      await store.requeue([id], T0 + 500, 'connection refused', true, T0 + 20);
      const row = await store.getMessage(id);
      t.expect([row?.status, row?.attempts, row?.nextAttemptAt, row?.error, row?.claimedBy, row?.leaseUntil]).toEqual([
        'queued',
        1,
        T0 + 500,
        'connection refused',
        null,
        null,
      ]);
      t.expect(await store.claimDue('w', T0 + 499, 10, 1_000)).toEqual([]);
      t.expect((await store.claimDue('w', T0 + 500, 10, 1_000)).map((claimed) => claimed.id)).toEqual([id]);
      await store.requeue([id], T0 + 600, null, false, T0 + 550);
      const again = await store.getMessage(id);
      t.expect([again?.status, again?.attempts, again?.error]).toEqual(['queued', 1, null]);
    });

    t.it(
      'two claimers never get the same message (1,000 messages)',
      async () => {
        const first = await h.store();
        const second = h.shared ? await h.store() : first;
        for (let event = 0; event < 10; event += 1) await seed(first, T0 + event, many(100));
        const drain = async (store: OutboxStore, worker: string): Promise<string[]> => {
          const ids: string[] = [];
          for (;;) {
            const batch = await store.claimDue(worker, T0 + 1_000, 7, 60_000);
            if (batch.length === 0) return ids;
            for (const row of batch) t.expect(row.claimedBy).toBe(worker);
            ids.push(...batch.map((row) => row.id));
          }
        };
        const [a, b] = await Promise.all([drain(first, 'worker-a'), drain(second, 'worker-b')]);
        t.expect(a.length + b.length).toBe(1_000);
        t.expect(new Set([...a, ...b]).size).toBe(1_000);
        t.expect(a.length).toBeGreaterThan(0);
        t.expect(b.length).toBeGreaterThan(0);
        t.expect((await first.countByStatus()).sending).toBe(1_000);
      },
      h.timeout,
    );
  });

  t.describe('leases and send outcomes', () => {
    t.it('expireLeases turns sending messages past their lease into unknown', async () => {
      const store = await h.store();
      const [early = '', later = ''] = await seed(store, T0, [{}, { notBefore: T0 + 50 }]);
      await store.claimDue('worker-1', T0, 10, 100);
      await store.claimDue('worker-2', T0 + 50, 10, 100);
      t.expect(await store.expireLeases(T0 + 100)).toBe(0);
      t.expect(await store.expireLeases(T0 + 101)).toBe(1);
      const row = await store.getMessage(early);
      t.expect([row?.status, row?.claimedBy, row?.leaseUntil, row?.attemptStartedAt, row?.updatedAt]).toEqual(['unknown', null, null, T0, T0 + 101]);
      t.expect(row?.error).toContain('worker-1');
      t.expect(await statuses(store, [later])).toEqual(['sending']);
      t.expect((await store.listUnknown(10)).map((unknown) => unknown.id)).toEqual([early]);
    });

    t.it('listUnknown lists unknown messages, oldest attempt first, up to the limit', async () => {
      const store = await h.store();
      const [createdFirst = '', attemptedFirst = ''] = await seed(store, T0, [{ notBefore: T0 + 100 }, {}]);
      await store.claimDue('w', T0 + 10, 10, 1_000);
      await store.claimDue('w', T0 + 100, 10, 1_000);
      await store.markUnknown([createdFirst, attemptedFirst], 'timeout after the body was sent', T0 + 200);
      t.expect((await store.listUnknown(10)).map((row) => row.id)).toEqual([attemptedFirst, createdFirst]);
      t.expect((await store.listUnknown(1)).map((row) => row.id)).toEqual([attemptedFirst]);
      t.expect(only(await store.listUnknown(1)).error).toBe('timeout after the body was sent');
    });

    t.it('markFailed fails open messages and leaves final ones alone', async () => {
      const store = await h.store();
      const [queued = '', unknown = '', cancelled = ''] = await seed(store, T0, [{}, {}, { cancelKey: 'c' }]);
      await store.markUnknown([unknown], 'reset', T0);
      await store.cancelByKey('c', 'order placed', T0);
      await store.markFailed([queued, unknown, cancelled], 'recipients', 'invalid number', T0 + 7);
      t.expect(await statuses(store, [queued, unknown, cancelled])).toEqual(['failed', 'failed', 'cancelled']);
      const failed = await store.getMessage(queued);
      t.expect([failed?.errorCode, failed?.error, failed?.finalAt]).toEqual(['recipients', 'invalid number', T0 + 7]);
      t.expect((await store.getMessage(cancelled))?.error).toBe('order placed');
    });

    t.it('no transition reopens a final message', async () => {
      const store = await h.store();
      const [failed = '', cancelled = ''] = await seed(store, T0, [{}, { cancelKey: 'c' }]);
      await store.markFailed([failed], 'recipients', 'invalid number', T0);
      await store.cancelByKey('c', 'order placed', T0);
      const finals = [failed, cancelled];
      await store.requeue(finals, T0, null, true, T0 + 1);
      await store.markUnknown(finals, 'x', T0 + 1);
      await store.markSent(finals, 'R-1', T0 + 1);
      await store.markFailed([cancelled], 'x', 'x', T0 + 1);
      t.expect(await statuses(store, finals)).toEqual(['failed', 'cancelled']);
      t.expect((await store.getMessage(failed))?.attempts).toBe(0);
      t.expect(await store.knownReportIds(['R-1'])).toEqual(new Set());
    });

    t.it('cancelExpired cancels queued messages past expiresAt only', async () => {
      const store = await h.store();
      const [due = '', claimed = '', forever = '', later = ''] = await seed(store, T0, [
        { expiresAt: T0 + 100, notBefore: T0 + 10 },
        { expiresAt: T0 + 100 },
        { expiresAt: null, notBefore: T0 + 10 },
        { expiresAt: T0 + 200, notBefore: T0 + 10 },
      ]);
      await store.claimDue('w', T0, 10, 60_000);
      t.expect(await store.cancelExpired(T0 + 99)).toBe(0);
      t.expect(await store.cancelExpired(T0 + 100)).toBe(1);
      t.expect(await statuses(store, [due, claimed, forever, later])).toEqual(['cancelled', 'sending', 'queued', 'queued']);
      const row = await store.getMessage(due);
      t.expect([row?.errorCode, row?.error, row?.finalAt]).toEqual(['expired', 'expired', T0 + 100]);
    });

    t.it('marking a claimed batch leaves alone the rows that were settled in the meantime', async () => {
      const store = await h.store();
      const ids = await seed(store, T0, many(6));
      await store.claimDue('w1', T0, 10, 60_000);
      // Settled by another path between the claim and the outcome of the send.
      await store.markFailed(ids.slice(0, 2), 'recipients', 'invalid number', T0 + 1);
      await store.markSent(ids, 'R-1', T0 + 2);
      t.expect(await statuses(store, ids)).toEqual(['failed', 'failed', 'sent', 'sent', 'sent', 'sent']);
      t.expect((await store.getMessage(ids[0] ?? ''))?.reportId).toBe(null);
      t.expect((await store.getMessage(ids[5] ?? ''))?.reportId).toBe('R-1');
      await store.markUnknown(ids, 'late', T0 + 3);
      await store.requeue(ids, T0 + 4, null, true, T0 + 4);
      t.expect(await statuses(store, ids)).toEqual(['failed', 'failed', 'sent', 'sent', 'sent', 'sent']);
    });

    t.it('a late mark with onlyFrom skips rows cancelled or claimed by another worker since the first claim', async () => {
      const store = await h.store();
      const ids = await seed(store, T0, [{ cancelKey: 'c' }, { cancelKey: 'c' }, {}, {}, {}, {}]);
      t.expect(await store.claimDue('w1', T0, 10, 100)).toHaveLength(6);
      // w1's lease runs out; its messages become unknown, and the first four go back to the queue.
      t.expect(await store.expireLeases(T0 + 101)).toBe(6);
      await store.requeue(ids.slice(0, 4), T0 + 101, 'no trace', true, T0 + 101, ['unknown']);
      await store.cancelByKey('c', 'order paid', T0 + 102);
      t.expect((await store.claimDue('w2', T0 + 103, 10, 60_000)).map((row) => row.id)).toEqual(ids.slice(2, 4));
      // w1's reconciliation finds the whole batch at the provider: only the rows still unknown take it.
      await store.markSent(ids, 'R-late', T0 + 104, ['unknown']);
      t.expect(await statuses(store, ids)).toEqual(['cancelled', 'cancelled', 'sending', 'sending', 'sent', 'sent']);
      const taken = await store.getMessage(ids[2] ?? '');
      t.expect([taken?.claimedBy, taken?.reportId, taken?.leaseUntil]).toEqual(['w2', null, T0 + 60_103]);
      await store.requeue(ids, T0 + 105, 'stale', true, T0 + 105, ['unknown']);
      await store.markFailed(ids.slice(0, 2), 'x', 'x', T0 + 106);
      t.expect(await statuses(store, ids)).toEqual(['cancelled', 'cancelled', 'sending', 'sending', 'sent', 'sent']);
      t.expect((await store.getMessage(ids[0] ?? ''))?.error).toBe('order paid');
    });

    t.it(
      'claims and marks a batch of 10,000 in one call each, and applies a report of 10,000 numbers',
      async () => {
        const store = await h.store();
        const ids = await seed(store, T0, numbered(10_000));
        const claimed = await store.claimDue('w', T0, 20_000, 60_000);
        t.expect(claimed.map((row) => row.id)).toEqual(ids);
        t.expect(claimed.every((row) => row.status === 'sending' && row.claimedBy === 'w' && row.leaseUntil === T0 + 60_000)).toBe(true);
        t.expect(await store.claimDue('w2', T0, 20_000, 60_000)).toEqual([]);
        await store.markSent(ids.slice(0, 8_000), 'R-big', T0 + 1);
        await store.markUnknown(ids.slice(8_000), 'timeout', T0 + 1);
        await store.requeue(ids.slice(9_000), T0 + 2, 'no trace', true, T0 + 2, ['unknown']);
        await store.markFailed(ids.slice(8_000, 9_000), 'xml', 'refused', T0 + 2);
        const counts = await store.countByStatus();
        t.expect([counts.sent, counts.failed, counts.queued, counts.sending, counts.unknown]).toEqual([8_000, 1_000, 1_000, 0, 0]);
        t.expect(await store.knownReportIds(['R-big', 'R-none'])).toEqual(new Set(['R-big']));
        // Every number its own final time: no two rows share their values.
        const updates = Array.from({ length: 10_000 }, (_, i) => ({
          recipient: `53${String(i).padStart(8, '0')}`,
          status: i % 4 === 0 ? ('sent' as const) : i % 4 === 1 ? ('undelivered' as const) : ('delivered' as const),
          providerStatus: i % 4 === 0 ? 'WAITING' : i % 4 === 1 ? 'EXPIRED' : 'DELIVERED',
          errorCode: i % 4 === 1 ? String(i) : null,
          finalAt: i % 4 === 0 ? null : T0 + 10 + i,
        }));
        const changed = await store.applyReport('R-big', updates, T0 + 50_000);
        t.expect(changed).toHaveLength(6_000);
        t.expect(changed.map((row) => row.id)).toEqual(ids.filter((_, i) => i < 8_000 && i % 4 !== 0));
        const after = await store.countByStatus();
        t.expect([after.sent, after.delivered, after.undelivered]).toEqual([2_000, 4_000, 2_000]);
        const undelivered = await store.getMessage(ids[5] ?? '');
        t.expect([undelivered?.status, undelivered?.providerStatus, undelivered?.errorCode, undelivered?.finalAt]).toEqual([
          'undelivered',
          'EXPIRED',
          '5',
          T0 + 15,
        ]);
        const pending = await store.getMessage(ids[4] ?? '');
        t.expect([pending?.status, pending?.providerStatus, pending?.finalAt, pending?.updatedAt]).toEqual(['sent', 'WAITING', null, T0 + 50_000]);
        t.expect((await store.getMessage(ids[8_001] ?? ''))?.status).toBe('failed');
      },
      h.timeout,
    );

    t.it('handles batches larger than one statement (2,500 messages)', async () => {
      const store = await h.store();
      const ids = await seed(store, T0, many(2_500));
      t.expect(await store.claimDue('w', T0, 5_000, 60_000)).toHaveLength(2_500);
      await store.markSent(ids, 'R-big', T0 + 1);
      t.expect((await store.countByStatus()).sent).toBe(2_500);
      await store.requeue(ids.slice(0, 1_500), T0, null, true, T0 + 2);
      t.expect((await store.countByStatus()).sent).toBe(2_500);
    });
  });
}
