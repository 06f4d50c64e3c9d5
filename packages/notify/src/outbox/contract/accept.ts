// Contract: acceptance (idempotency, atomicity, concurrent duplicates) and cancellation by key.
import type { AcceptedEvent, AcceptResult, NewMessage, OutboxStore } from '../types.js';
import { T0, newEvent, newMessage, seed, statuses, type Harness } from './harness.js';

export function registerAcceptTests(h: Harness): void {
  const { t } = h;

  t.describe('accept', () => {
    t.it('stores a new event with its messages queued, every field kept', async () => {
      const store = await h.store();
      const full = newMessage({
        messageClass: 'commercial',
        optOutLink: true,
        blacklist: 'own',
        parts: 2,
        cancelKey: 'cart:store-1:77',
        notBefore: T0 + 5_000,
        expiresAt: T0 + 86_400_000,
        orderId: null,
        orderNumber: null,
      });
      const plain = newMessage({ recipient: '5559876543', blacklist: 'general' });
      const event = newEvent();
      const result = await store.accept(event, [full, plain], [], T0 + 1);
      t.expect(result).toEqual({ status: 'accepted', eventId: event.eventId, messageIds: [full.id, plain.id], cancelled: 0 });
      t.expect(await store.getMessage(full.id)).toEqual({
        ...full,
        eventId: event.eventId,
        status: 'queued',
        attempts: 0,
        nextAttemptAt: T0 + 1,
        claimedBy: null,
        leaseUntil: null,
        attemptStartedAt: null,
        reportId: null,
        sentAt: null,
        finalAt: null,
        providerStatus: null,
        errorCode: null,
        error: null,
        createdAt: T0 + 1,
        updatedAt: T0 + 1,
      });
      const second = await store.getMessage(plain.id);
      t.expect(second?.orderNumber).toBe(plain.orderNumber);
      t.expect(second?.optOutLink).toBe(false);
      t.expect(second?.blacklist).toBe('general');
      t.expect(second?.expiresAt).toBe(null);
    });

    t.it('answers a repeat with the first acceptance and changes nothing', async () => {
      const store = await h.store();
      const first = newEvent();
      const ids = ['m-z', 'm-a', 'm-q'].map((prefix) => newMessage({ id: `${prefix}-${first.eventId}` }));
      await store.accept(first, ids, [], T0);
      const again = newEvent({ idempotencyKey: first.idempotencyKey });
      const other = newMessage();
      const result = await store.accept(again, [other], [], T0 + 10);
      t.expect(result).toEqual({ status: 'duplicate', eventId: first.eventId, messageIds: ids.map((message) => message.id) });
      t.expect(await store.getMessage(other.id)).toBeUndefined();
      t.expect((await store.countByStatus()).queued).toBe(3);
    });

    t.it('treats the same key in another store as a new event', async () => {
      const store = await h.store();
      const event = newEvent();
      await store.accept(event, [newMessage()], [], T0);
      const result = await store.accept(newEvent({ storeId: 'store-2', idempotencyKey: event.idempotencyKey }), [newMessage({ storeId: 'store-2' })], [], T0);
      t.expect(result.status).toBe('accepted');
    });

    t.it('accepts an event without messages; its repeat is a duplicate with no ids', async () => {
      const store = await h.store();
      const event = newEvent();
      t.expect(await store.accept(event, [], [], T0)).toEqual({ status: 'accepted', eventId: event.eventId, messageIds: [], cancelled: 0 });
      t.expect(await store.accept(newEvent({ idempotencyKey: event.idempotencyKey }), [newMessage()], [], T0)).toEqual({
        status: 'duplicate',
        eventId: event.eventId,
        messageIds: [],
      });
    });

    t.it('a burst of concurrent accepts: a bad event fails alone, a repeat resolves to the first', async () => {
      const store = await h.store();
      const events = Array.from({ length: 20 }, () => newEvent());
      const messages = events.map(() => newMessage());
      const bad = newEvent();
      const badMessage = newMessage();
      const original = events[3] as AcceptedEvent;
      const repeat = newEvent({ idempotencyKey: original.idempotencyKey });
      const outcomes = await Promise.allSettled([
        ...events.map((event, i) => store.accept(event, [messages[i] as NewMessage], [], T0)),
        // The same message id twice: the second insert violates the primary key.
        store.accept(bad, [badMessage, { ...badMessage, messageKey: `${badMessage.messageKey}-2` }], [], T0),
        store.accept(repeat, [newMessage()], [], T0),
      ]);
      const results = outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : undefined));
      t.expect(outcomes[20]?.status).toBe('rejected');
      t.expect(await store.getMessage(badMessage.id)).toBeUndefined();
      const pair = [results[3], results[21]];
      t.expect(pair.filter((result) => result?.status === 'accepted')).toHaveLength(1);
      const winner = pair.find((result) => result?.status === 'accepted');
      t.expect(pair.find((result) => result?.status === 'duplicate')).toEqual({
        status: 'duplicate',
        eventId: winner?.eventId,
        messageIds: winner?.messageIds,
      });
      for (const i of events.keys())
        if (i !== 3) t.expect(results[i]).toEqual({ status: 'accepted', eventId: events[i]?.eventId, messageIds: [messages[i]?.id], cancelled: 0 });
      t.expect((await store.countByStatus()).queued).toBe(20);
    });

    t.it('stores nothing of an event whose messages cannot all be inserted', async () => {
      const store = await h.store();
      const event = newEvent();
      const message = newMessage();
      const outcome = await store.accept(event, [message, { ...message, messageKey: `${message.messageKey}-2` }], [], T0).then(
        () => 'resolved',
        () => 'rejected',
      );
      t.expect(outcome).toBe('rejected');
      t.expect(await store.getMessage(message.id)).toBeUndefined();
      const retry = await store.accept(newEvent({ idempotencyKey: event.idempotencyKey }), [newMessage()], [], T0 + 1);
      t.expect(retry.status).toBe('accepted');
    });

    t.it('cancels queued messages carrying a key in `cancels`, never sent ones nor its own', async () => {
      const store = await h.store();
      const [waiting = ''] = await seed(store, T0, [{ cancelKey: 'cart:store-1:9' }]);
      const [gone = ''] = await seed(store, T0, [{ cancelKey: 'cart:store-1:9' }]);
      const [otherCart = ''] = await seed(store, T0, [{ cancelKey: 'cart:store-1:10' }]);
      await store.markSent([gone], 'R-1', T0 + 1);
      const own = newMessage({ cancelKey: 'cart:store-1:9' });
      const order = newEvent({ type: 'order.created' });
      const result = await store.accept(order, [own], ['cart:store-1:9', 'cart:store-1:11'], T0 + 2);
      t.expect(result).toEqual({ status: 'accepted', eventId: order.eventId, messageIds: [own.id], cancelled: 1 });
      t.expect(await statuses(store, [waiting, gone, otherCart, own.id])).toEqual(['cancelled', 'sent', 'queued', 'queued']);
      const cancelled = await store.getMessage(waiting);
      t.expect(cancelled?.finalAt).toBe(T0 + 2);
      t.expect(cancelled?.errorCode).toBe('cancelled');
      // A repeat cancels nothing, even when there is something to cancel again.
      const [later = ''] = await seed(store, T0 + 3, [{ cancelKey: 'cart:store-1:9' }]);
      t.expect((await store.accept(newEvent({ idempotencyKey: order.idempotencyKey }), [], ['cart:store-1:9'], T0 + 4)).status).toBe('duplicate');
      t.expect(await statuses(store, [later])).toEqual(['queued']);
    });

    t.it('cancelByKey cancels only queued messages with that key, with the reason', async () => {
      const store = await h.store();
      const [queued = '', sent = '', other = ''] = await seed(store, T0, [{ cancelKey: 'k' }, { cancelKey: 'k' }, { cancelKey: 'k2' }]);
      await store.markSent([sent], 'R-1', T0);
      t.expect(await store.cancelByKey('k', 'order placed', T0 + 5)).toBe(1);
      t.expect(await statuses(store, [queued, sent, other])).toEqual(['cancelled', 'sent', 'queued']);
      const row = await store.getMessage(queued);
      t.expect([row?.error, row?.finalAt, row?.updatedAt]).toEqual(['order placed', T0 + 5, T0 + 5]);
      t.expect(await store.cancelByKey('k', 'again', T0 + 6)).toBe(0);
    });
  });

  t.describe('accept under concurrent duplicates', () => {
    const race = async (stores: OutboxStore[]): Promise<AcceptResult[]> => {
      const key = newEvent().idempotencyKey;
      return Promise.all(
        Array.from({ length: 20 }, (_, index) => {
          const store = stores[index % stores.length] as OutboxStore;
          return store.accept(newEvent({ idempotencyKey: key }), [newMessage(), newMessage({ recipient: '5550000000' })], [], T0 + index);
        }),
      );
    };
    const check = async (store: OutboxStore, results: AcceptResult[]): Promise<void> => {
      const accepted = results.filter((result) => result.status === 'accepted');
      t.expect(accepted).toHaveLength(1);
      const winner = accepted[0] as AcceptResult;
      for (const result of results) {
        t.expect(result.eventId).toBe(winner.eventId);
        t.expect(result.messageIds).toEqual(winner.messageIds);
      }
      t.expect((await store.countByStatus()).queued).toBe(2);
    };

    t.it('20 at once on one store: exactly one accepted, all with the same ids', async () => {
      const store = await h.store();
      await check(store, await race([store]));
    });

    (h.shared ? t.it : t.it.skip)('20 at once across two stores on one database: exactly one accepted', async () => {
      const first = await h.store();
      const second = await h.store();
      await check(first, await race([first, second]));
    });
  });
}
