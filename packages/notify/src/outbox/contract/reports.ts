// Contract: report ids, report polling and applying delivery states (forward only).
import { T0, seed, statuses, type Harness } from './harness.js';

const A = '5321111111';
const B = '5322222222';
const C = '5323333333';

export function registerReportTests(h: Harness): void {
  const { t } = h;

  t.describe('reports', () => {
    t.it('markSent records the report id, releases the claim and schedules a first poll', async () => {
      const store = await h.store();
      const [one = '', two = '', other = ''] = await seed(store, T0, [{ recipient: A }, { recipient: B }, { recipient: C }]);
      await store.claimDue('w', T0, 10, 60_000);
      await store.markSent([one, two], 'R-1', T0 + 5);
      const row = await store.getMessage(one);
      t.expect([row?.status, row?.reportId, row?.sentAt, row?.claimedBy, row?.leaseUntil, row?.updatedAt]).toEqual(['sent', 'R-1', T0 + 5, null, null, T0 + 5]);
      t.expect(await statuses(store, [other])).toEqual(['sending']);
      t.expect(await store.dueReports(T0 + 4, 10)).toEqual([]);
      t.expect(await store.dueReports(T0 + 5, 10)).toEqual([{ reportId: 'R-1', firstSentAt: T0 + 5, polls: 0 }]);
      t.expect(await store.knownReportIds(['R-1', 'R-2', 'R-1'])).toEqual(new Set(['R-1']));
      // Reconciliation recording a found message on a known report keeps its poll schedule.
      await store.markUnknown([other], 'timeout', T0 + 6);
      await store.reportPolled('R-1', T0 + 1_000, T0 + 7);
      await store.markSent([other], 'R-1', T0 + 8);
      t.expect(await store.dueReports(T0 + 999, 10)).toEqual([]);
      t.expect(await store.dueReports(T0 + 1_000, 10)).toEqual([{ reportId: 'R-1', firstSentAt: T0 + 5, polls: 1 }]);
    });

    t.it('reportPolled moves the next poll and counts the polls; dueReports honours its limit', async () => {
      const store = await h.store();
      const [one = '', two = ''] = await seed(store, T0, [{}, {}]);
      await store.markSent([one], 'R-1', T0);
      await store.markSent([two], 'R-2', T0 + 1);
      await store.reportPolled('R-1', T0 + 60_000, T0 + 2);
      t.expect(await store.dueReports(T0 + 59_999, 10)).toEqual([{ reportId: 'R-2', firstSentAt: T0 + 1, polls: 0 }]);
      await store.reportPolled('R-1', T0 + 50_000, T0 + 3);
      t.expect(await store.dueReports(T0 + 60_000, 1)).toEqual([{ reportId: 'R-2', firstSentAt: T0 + 1, polls: 0 }]);
      t.expect(await store.dueReports(T0 + 60_000, 10)).toEqual([
        { reportId: 'R-2', firstSentAt: T0 + 1, polls: 0 },
        { reportId: 'R-1', firstSentAt: T0, polls: 2 },
      ]);
    });

    t.it('applyReport moves sent messages forward by recipient and returns those whose status changed', async () => {
      const store = await h.store();
      const [a = '', b = '', c = ''] = await seed(store, T0, [{ recipient: A }, { recipient: B }, { recipient: C }]);
      await store.markSent([a, b, c], 'R-1', T0 + 1);
      const changed = await store.applyReport(
        'R-1',
        [
          { recipient: A, status: 'delivered', providerStatus: 'DELIVERED', errorCode: null, finalAt: T0 + 50 },
          { recipient: B, status: 'undelivered', providerStatus: 'EXPIRED', errorCode: '7', finalAt: null },
          { recipient: C, status: 'sent', providerStatus: 'WAITING', errorCode: null, finalAt: null },
          { recipient: '5550000000', status: 'delivered', providerStatus: 'DELIVERED', errorCode: null, finalAt: T0 + 50 },
        ],
        T0 + 100,
      );
      t.expect(changed.map((row) => [row.id, row.status, row.providerStatus, row.errorCode, row.finalAt, row.updatedAt])).toEqual([
        [a, 'delivered', 'DELIVERED', null, T0 + 50, T0 + 100],
        [b, 'undelivered', 'EXPIRED', '7', T0 + 100, T0 + 100],
      ]);
      const waiting = await store.getMessage(c);
      t.expect([waiting?.status, waiting?.providerStatus, waiting?.finalAt]).toEqual(['sent', 'WAITING', null]);
      t.expect((await store.dueReports(T0 + 100, 10)).map((due) => due.reportId)).toEqual(['R-1']);

      // Final messages never change, whatever a later report says.
      const late = await store.applyReport(
        'R-1',
        [
          { recipient: A, status: 'undelivered', providerStatus: 'REJECTED', errorCode: '9', finalAt: T0 + 200 },
          { recipient: B, status: 'delivered', providerStatus: 'DELIVERED', errorCode: null, finalAt: T0 + 200 },
          { recipient: A, status: 'sent', providerStatus: 'WAITING', errorCode: null, finalAt: null },
        ],
        T0 + 200,
      );
      t.expect(late).toEqual([]);
      t.expect(await statuses(store, [a, b])).toEqual(['delivered', 'undelivered']);
      t.expect((await store.getMessage(a))?.providerStatus).toBe('DELIVERED');

      const last = await store.applyReport(
        'R-1',
        [{ recipient: C, status: 'delivered', providerStatus: 'DELIVERED', errorCode: null, finalAt: T0 + 300 }],
        T0 + 300,
      );
      t.expect(last.map((row) => row.id)).toEqual([c]);
      t.expect(await store.dueReports(T0 + 1_000, 10)).toEqual([]);
    });

    t.it('applyReport touches only the messages of that report id', async () => {
      const store = await h.store();
      const [first = '', second = ''] = await seed(store, T0, [{ recipient: A }, { recipient: A }]);
      await store.markSent([first], 'R-1', T0);
      await store.markSent([second], 'R-2', T0);
      const changed = await store.applyReport(
        'R-2',
        [{ recipient: A, status: 'delivered', providerStatus: 'DELIVERED', errorCode: null, finalAt: T0 + 9 }],
        T0 + 10,
      );
      t.expect(changed.map((row) => row.id)).toEqual([second]);
      t.expect(await statuses(store, [first, second])).toEqual(['sent', 'delivered']);
      t.expect(await store.applyReport('R-3', [], T0 + 10)).toEqual([]);
    });
  });
}
