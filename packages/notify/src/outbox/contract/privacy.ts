// Contract: privacy operations (a customer's data, its redaction; a store's cancellation and deletion).
import type { MessageRow, OutboxStore } from '../types.js';
import { T0, many, newEvent, newMessage, seed, statuses, type Harness } from './harness.js';

const ALICE = '5321111111';
const BOB = '5322222222';
const CAROL = '5323333333';
const DAVE = '5324444444';

/** A request for one customer of store-1 (the store's own defaults for the rest). */
const customer = (parts: { recipients?: string[]; orderIds?: string[]; idempotencyKeyPrefixes?: string[] }) => ({
  storeId: 'store-1',
  recipients: parts.recipients ?? [],
  orderIds: parts.orderIds ?? [],
  idempotencyKeyPrefixes: parts.idempotencyKeyPrefixes ?? [],
});

async function rows(store: OutboxStore, ids: readonly string[]): Promise<Array<MessageRow | undefined>> {
  return Promise.all(ids.map((id) => store.getMessage(id)));
}

export function registerPrivacyTests(h: Harness): void {
  const { t } = h;

  t.describe('privacy: one customer', () => {
    t.it('customerData lists the messages of a number or an order of one store, oldest first, with their events', async () => {
      const store = await h.store();
      const [first = ''] = await seed(store, T0, [{ recipient: ALICE, orderId: 'o-1', orderNumber: 'A-1' }], { idempotencyKey: 'store-1:o-1:created' });
      const [second = ''] = await seed(store, T0 + 1, [{ recipient: ALICE, orderId: 'o-2' }]);
      const [byOrder = ''] = await seed(store, T0 + 2, [{ recipient: BOB, orderId: 'o-3' }]);
      await seed(store, T0 + 3, [{ recipient: BOB, orderId: 'o-4' }]);
      await seed(store, T0 + 4, [{ storeId: 'store-2', recipient: ALICE, orderId: 'o-1' }], { storeId: 'store-2' });
      const data = await store.customerData(customer({ recipients: [ALICE], orderIds: ['o-3'] }), 100);
      t.expect(data.messages.map((message) => message.id)).toEqual([first, second, byOrder]);
      const row = await store.getMessage(first);
      t.expect(data.messages[0]).toEqual({
        id: first,
        createdAt: T0,
        eventType: 'order.created',
        orderId: 'o-1',
        orderNumber: 'A-1',
        status: 'queued',
        recipient: ALICE,
        text: row?.text,
      });
      t.expect(data.events).toHaveLength(3);
      t.expect(data.events[0]).toEqual({ id: row?.eventId, type: 'order.created', receivedAt: T0, idempotencyKey: 'store-1:o-1:created' });
      t.expect(data.truncated).toBe(false);

      const cut = await store.customerData(customer({ recipients: [ALICE], orderIds: ['o-3'] }), 2);
      t.expect([cut.messages.map((message) => message.id), cut.events.length, cut.truncated]).toEqual([[first, second], 2, true]);
      t.expect(await store.customerData(customer({}), 100)).toEqual({ messages: [], events: [], truncated: false });
    });

    t.it('redactCustomer cancels the queued messages, blanks number and text of every one, and keeps rows, statuses and duplicates', async () => {
      const store = await h.store();
      const [sending = ''] = await seed(store, T0, [{ recipient: ALICE }]);
      t.expect(await store.claimDue('w', T0, 10, 60_000)).toHaveLength(1);
      const [queued = ''] = await seed(store, T0 + 1, [{ recipient: ALICE, orderId: 'o-77' }], { idempotencyKey: 'store-1:order:77:created' });
      const [sent = ''] = await seed(store, T0 + 2, [{ recipient: ALICE }]);
      const [delivered = ''] = await seed(store, T0 + 3, [{ recipient: ALICE }]);
      await store.markSent([sent], 'R-1', T0 + 4);
      await store.markSent([delivered], 'R-2', T0 + 4);
      await store.applyReport('R-2', [{ recipient: ALICE, status: 'delivered', providerStatus: 'DELIVERED', errorCode: null, finalAt: T0 + 5 }], T0 + 5);
      const [bob = ''] = await seed(store, T0 + 6, [{ recipient: BOB }]);
      const [elsewhere = ''] = await seed(store, T0 + 6, [{ storeId: 'store-2', recipient: ALICE }], { storeId: 'store-2' });
      const untouched = await rows(store, [bob, elsewhere]);
      const counts = await store.countByStatus();

      const mine = [sending, queued, sent, delivered];
      t.expect(await store.redactCustomer(customer({ recipients: [ALICE] }), T0 + 100)).toEqual({ cancelled: 1, messagesRedacted: 4, eventsRedacted: 4 });
      for (const row of await rows(store, mine)) t.expect([row?.recipient, row?.text, row?.updatedAt]).toEqual(['redacted', '', T0 + 100]);
      t.expect(await statuses(store, mine)).toEqual(['sending', 'cancelled', 'sent', 'delivered']);
      const cancelled = await store.getMessage(queued);
      t.expect([cancelled?.errorCode, cancelled?.finalAt]).toEqual(['redacted', T0 + 100]);
      const stillSent = await store.getMessage(sent);
      t.expect([stillSent?.reportId, stillSent?.sentAt, stillSent?.orderId]).toEqual(['R-1', T0 + 4, '1001']);
      t.expect(await rows(store, [bob, elsewhere])).toEqual(untouched);
      t.expect(await store.countByStatus()).toEqual({ ...counts, queued: counts.queued - 1, cancelled: counts.cancelled + 1 });

      // The event stays: a redelivery is a duplicate with the first acceptance's ids, and stores nothing.
      const again = newMessage({ recipient: ALICE });
      const repeat = await store.accept(newEvent({ idempotencyKey: 'store-1:order:77:created' }), [again], [], T0 + 200);
      t.expect([repeat.status, repeat.messageIds]).toEqual(['duplicate', [queued]]);
      t.expect(await store.getMessage(again.id)).toBeUndefined();
      t.expect((await store.customerData(customer({ recipients: [ALICE] }), 100)).messages).toEqual([]);
      const byOrder = await store.customerData(customer({ orderIds: ['o-77'] }), 100);
      t.expect(byOrder.messages.map((message) => [message.id, message.recipient, message.text])).toEqual([[queued, 'redacted', '']]);
      t.expect(await store.redactCustomer(customer({ recipients: [ALICE], orderIds: ['o-77'] }), T0 + 300)).toEqual({
        cancelled: 0,
        messagesRedacted: 0,
        eventsRedacted: 0,
      });
    });

    t.it('redactCustomer by order id and by idempotency-key prefix (literal), events without messages too', async () => {
      const store = await h.store();
      const [created = ''] = await seed(store, T0, [{ recipient: ALICE, orderId: '77' }], { idempotencyKey: 'store-1:order:77:created' });
      const [admin = ''] = await seed(store, T0, [{ recipient: BOB, orderId: '77' }], { idempotencyKey: 'store-1:order:77:admin' });
      await seed(store, T0, [], { idempotencyKey: 'store-1:order:77:closed', type: 'cart.closed' });
      const [other = ''] = await seed(store, T0, [{ recipient: CAROL, orderId: '770' }], { idempotencyKey: 'store-1:order:770:created' });
      await seed(store, T0, [], { storeId: 'store-2', idempotencyKey: 'store-1:order:77:closed', type: 'cart.closed' });
      const before = await store.getMessage(other);

      // `_` and `%` are plain characters, not wildcards.
      t.expect(await store.redactCustomer(customer({ idempotencyKeyPrefixes: ['store-1:order:7_:', 'store-1:order:7%'] }), T0 + 1)).toEqual({
        cancelled: 0,
        messagesRedacted: 0,
        eventsRedacted: 0,
      });
      const result = await store.redactCustomer(customer({ orderIds: ['77'], idempotencyKeyPrefixes: ['store-1:order:77:'] }), T0 + 10);
      t.expect(result).toEqual({ cancelled: 2, messagesRedacted: 2, eventsRedacted: 3 });
      t.expect((await rows(store, [created, admin])).map((row) => [row?.recipient, row?.text, row?.status])).toEqual([
        ['redacted', '', 'cancelled'],
        ['redacted', '', 'cancelled'],
      ]);
      t.expect(await store.getMessage(other)).toEqual(before);
      for (const key of ['store-1:order:77:created', 'store-1:order:77:closed'])
        t.expect((await store.accept(newEvent({ idempotencyKey: key }), [], [], T0 + 20)).status).toBe('duplicate');
      t.expect((await store.accept(newEvent({ storeId: 'store-2', idempotencyKey: 'store-1:order:77:closed' }), [], [], T0 + 20)).status).toBe('duplicate');
    });

    t.it('a redacted message never goes back to the queue: requeue cancels it, markSent still records a send', async () => {
      const store = await h.store();
      const [claimed = '', unknown = '', sentLater = '', bob = ''] = await seed(store, T0, [
        { recipient: ALICE },
        { recipient: ALICE },
        { recipient: ALICE },
        { recipient: BOB },
      ]);
      t.expect(await store.claimDue('w', T0, 10, 60_000)).toHaveLength(4);
      await store.markUnknown([unknown], 'timeout', T0 + 1);
      t.expect(await store.redactCustomer(customer({ recipients: [ALICE] }), T0 + 2)).toEqual({ cancelled: 0, messagesRedacted: 3, eventsRedacted: 1 });
      await store.requeue([claimed, bob], T0 + 5, 'connection refused', true, T0 + 5);
      await store.requeue([unknown], T0 + 5, 'no trace', true, T0 + 5, ['unknown']);
      await store.markSent([sentLater], 'R-1', T0 + 6);
      t.expect(await statuses(store, [claimed, unknown, sentLater, bob])).toEqual(['cancelled', 'cancelled', 'sent', 'queued']);
      const row = await store.getMessage(claimed);
      t.expect([row?.errorCode, row?.finalAt, row?.claimedBy, row?.leaseUntil]).toEqual(['redacted', T0 + 5, null, null]);
      t.expect((await store.claimDue('w', T0 + 10, 10, 60_000)).map((message) => message.id)).toEqual([bob]);
    });

    t.it('applyReport moves a redacted sent message by elimination: the number no other message of the report has', async () => {
      const store = await h.store();
      const [alice = '', bob = ''] = await seed(store, T0, [{ recipient: ALICE }, { recipient: BOB }]);
      await store.markSent([alice, bob], 'R-1', T0 + 1);
      await store.redactCustomer(customer({ recipients: [ALICE] }), T0 + 2);
      const changed = await store.applyReport(
        'R-1',
        [
          { recipient: ALICE, status: 'delivered', providerStatus: 'DELIVERED', errorCode: null, finalAt: T0 + 50 },
          { recipient: BOB, status: 'sent', providerStatus: 'WAITING', errorCode: null, finalAt: null },
        ],
        T0 + 100,
      );
      t.expect(changed.map((row) => [row.id, row.status, row.recipient, row.finalAt])).toEqual([[alice, 'delivered', 'redacted', T0 + 50]]);
      t.expect([(await store.getMessage(bob))?.status, (await store.getMessage(bob))?.providerStatus]).toEqual(['sent', 'WAITING']);

      // Nothing left to eliminate: the redacted message waits.
      const [carol = '', dave = ''] = await seed(store, T0, [{ recipient: CAROL }, { recipient: DAVE }]);
      await store.markSent([carol, dave], 'R-2', T0 + 1);
      await store.redactCustomer(customer({ recipients: [CAROL] }), T0 + 2);
      await store.applyReport('R-2', [{ recipient: DAVE, status: 'delivered', providerStatus: 'DELIVERED', errorCode: null, finalAt: null }], T0 + 100);
      t.expect(await statuses(store, [carol, dave])).toEqual(['sent', 'delivered']);

      // Two redacted customers in one report: every message ends, and the outcomes add up.
      const pair = await seed(store, T0, [{ recipient: CAROL }, { recipient: DAVE }]);
      await store.markSent(pair, 'R-3', T0 + 1);
      await store.redactCustomer(customer({ recipients: [CAROL, DAVE] }), T0 + 2);
      await store.applyReport(
        'R-3',
        [
          { recipient: CAROL, status: 'delivered', providerStatus: 'DELIVERED', errorCode: null, finalAt: null },
          { recipient: DAVE, status: 'undelivered', providerStatus: 'EXPIRED', errorCode: '7', finalAt: null },
        ],
        T0 + 100,
      );
      t.expect((await statuses(store, pair)).sort()).toEqual(['delivered', 'undelivered']);
    });
  });

  t.describe('privacy: a whole store', () => {
    t.it('cancelQueuedOfStore cancels the queued messages of that store only', async () => {
      const store = await h.store();
      const [claimed = ''] = await seed(store, T0);
      await store.claimDue('w', T0, 10, 60_000);
      const [sent = '', ...queued] = await seed(store, T0 + 1, many(4));
      await store.markSent([sent], 'R-1', T0 + 2);
      const elsewhere = await seed(store, T0 + 1, [{ storeId: 'store-2' }, { storeId: 'store-2' }], { storeId: 'store-2' });
      t.expect(await store.cancelQueuedOfStore('store-1', 'the app was uninstalled', T0 + 10)).toBe(3);
      t.expect(await statuses(store, [claimed, sent, ...queued, ...elsewhere])).toEqual([
        'sending',
        'sent',
        ...queued.map(() => 'cancelled'),
        'queued',
        'queued',
      ]);
      const row = await store.getMessage(queued[0] ?? '');
      t.expect([row?.errorCode, row?.error, row?.finalAt, row?.recipient]).toEqual(['cancelled', 'the app was uninstalled', T0 + 10, '5321234567']);
      t.expect(await store.cancelQueuedOfStore('store-1', 'again', T0 + 20)).toBe(0);
    });

    t.it(
      'purgeStore deletes every message, event and template override of the store in batches, and nothing of the others',
      async () => {
        const store = await h.store();
        // More queued messages than one batch of the cancel pass, more messages than one batch of the delete pass.
        const big = [...(await seed(store, T0, many(2_600))), ...(await seed(store, T0, many(2_600))), ...(await seed(store, T0, many(3)))];
        await seed(store, T0, [], { idempotencyKey: 'store-1:cart:1:closed', type: 'cart.closed' });
        const [shared = ''] = await seed(store, T0, [{ recipient: ALICE }], { idempotencyKey: 'store-1:order:1:created' });
        const [theirs = ''] = await seed(store, T0, [{ storeId: 'store-2', recipient: ALICE }], {
          storeId: 'store-2',
          idempotencyKey: 'store-1:order:1:created',
        });
        await store.claimDue('w', T0, 10, 60_000);
        await store.markSent([shared, theirs], 'R-shared', T0 + 1);
        await store.markSent(big.slice(0, 5), 'R-own', T0 + 1);
        const override = { storeId: 'store-1', eventType: 'order.created', language: 'tr', body: 'Merhaba', updatedAt: T0 };
        await store.putTemplateOverride(override);
        await store.putTemplateOverride({ ...override, language: 'en' });
        await store.putTemplateOverride({ ...override, storeId: 'store-2' });
        const before = await store.getMessage(theirs);

        t.expect(await store.purgeStore('store-1', T0 + 10)).toEqual({ messages: 5_204, events: 5, templateOverrides: 2 });
        t.expect(await store.listMessages({ storeId: 'store-1' })).toEqual([]);
        t.expect(await store.getMessage(shared)).toBeUndefined();
        t.expect(await store.getMessage(theirs)).toEqual(before);
        t.expect(await store.countByStatus()).toEqual({ queued: 0, sending: 0, unknown: 0, sent: 1, delivered: 0, undelivered: 0, failed: 0, cancelled: 0 });
        t.expect(await store.storeIds()).toEqual(['store-2']);
        t.expect(await store.listTemplateOverrides()).toEqual([{ ...override, storeId: 'store-2' }]);
        t.expect((await store.dueReports(T0 + 10, 10)).map((due) => due.reportId)).toEqual(['R-shared']);
        // Its keys are free again; the other store's are not.
        t.expect((await store.accept(newEvent({ idempotencyKey: 'store-1:order:1:created' }), [], [], T0 + 20)).status).toBe('accepted');
        t.expect((await store.accept(newEvent({ storeId: 'store-2', idempotencyKey: 'store-1:order:1:created' }), [], [], T0 + 20)).status).toBe('duplicate');
        t.expect(await store.purgeStore('store-3', T0 + 30)).toEqual({ messages: 0, events: 0, templateOverrides: 0 });
      },
      h.timeout,
    );
  });
}
