// Contract: reading messages, counts, template overrides, the pause, migrations and durability.
import type { MessageRow } from '../types.js';
import { T0, many, newEvent, newMessage, seed, type Harness } from './harness.js';

const newestFirst = (rows: readonly MessageRow[]): string[] =>
  [...rows].sort((x, y) => y.createdAt - x.createdAt || (y.id < x.id ? -1 : y.id > x.id ? 1 : 0)).map((row) => row.id);

export function registerAdminTests(h: Harness): void {
  const { t } = h;

  t.describe('listing and counting', () => {
    t.it('getMessage answers undefined for an unknown id', async () => {
      const store = await h.store();
      t.expect(await store.getMessage('nope')).toBeUndefined();
    });

    t.it('listMessages: newest first, 50 by default, at most 500', async () => {
      const store = await h.store();
      for (let index = 0; index < 6; index += 1) await seed(store, T0 + index, many(100));
      const page = await store.listMessages({});
      t.expect(page).toHaveLength(50);
      t.expect(page.map((row) => row.id)).toEqual(newestFirst(page));
      t.expect(page[0]?.createdAt).toBe(T0 + 5);
      t.expect(await store.listMessages({ limit: 10_000 })).toHaveLength(500);
      t.expect(await store.listMessages({ limit: 3 })).toHaveLength(3);
    });

    t.it('listMessages filters by status, store, order and recipient', async () => {
      const store = await h.store();
      const [mine = ''] = await seed(store, T0, [{ orderId: 'o-1', recipient: '5321111111' }]);
      await seed(store, T0, [{ orderId: 'o-2', recipient: '5322222222' }]);
      const [elsewhere = ''] = await seed(store, T0, [{ storeId: 'store-2', orderId: 'o-1', recipient: '5321111111' }], { storeId: 'store-2' });
      await store.markFailed([elsewhere], 'recipients', 'bad', T0);
      const ids = async (filter: Parameters<typeof store.listMessages>[0]) => (await store.listMessages(filter)).map((row) => row.id).sort();
      t.expect(await ids({ orderId: 'o-1' })).toEqual([mine, elsewhere].sort());
      t.expect(await ids({ orderId: 'o-1', storeId: 'store-1' })).toEqual([mine]);
      t.expect(await ids({ recipient: '5321111111', status: 'failed' })).toEqual([elsewhere]);
      t.expect(await ids({ status: 'sent' })).toEqual([]);
    });

    t.it('listMessages finds messages by exact order number', async () => {
      const store = await h.store();
      const [first = ''] = await seed(store, T0, [{ orderNumber: 'A-1' }]);
      await seed(store, T0, [{ orderNumber: 'A-10' }, { orderNumber: null, orderId: null }]);
      const [other = ''] = await seed(store, T0, [{ storeId: 'store-2', orderNumber: 'A-1' }], { storeId: 'store-2' });
      const ids = async (filter: Parameters<typeof store.listMessages>[0]) => (await store.listMessages(filter)).map((row) => row.id).sort();
      t.expect(await ids({ orderNumber: 'A-1' })).toEqual([first, other].sort());
      t.expect(await ids({ orderNumber: 'A-1', storeId: 'store-2' })).toEqual([other]);
      t.expect(await ids({ orderNumber: 'a-1' })).toEqual([]);
      t.expect((await store.getMessage(first))?.orderNumber).toBe('A-1');
      t.expect((await store.listMessages({ orderNumber: 'A-10' }))[0]?.orderNumber).toBe('A-10');
    });

    t.it('listMessages narrows to a creation range: from inclusive, until exclusive', async () => {
      const store = await h.store();
      const [at0 = ''] = await seed(store, T0);
      const [at1 = ''] = await seed(store, T0 + 1);
      const [at2 = ''] = await seed(store, T0 + 2);
      const ids = async (filter: Parameters<typeof store.listMessages>[0]) => (await store.listMessages(filter)).map((row) => row.id).sort();
      t.expect(await ids({ createdFrom: T0 + 1 })).toEqual([at1, at2].sort());
      t.expect(await ids({ createdUntil: T0 + 1 })).toEqual([at0]);
      t.expect(await ids({ createdFrom: T0 + 1, createdUntil: T0 + 2 })).toEqual([at1]);
      t.expect(await ids({ createdFrom: T0 + 3 })).toEqual([]);
    });

    t.it('listMessages pages with `before` (keyset on creation time, then id)', async () => {
      const store = await h.store();
      for (let index = 0; index < 4; index += 1) await seed(store, T0 + (index % 2), many(3));
      const all = await store.listMessages({ limit: 500 });
      t.expect(all).toHaveLength(12);
      const paged: string[] = [];
      let before: string | undefined;
      for (;;) {
        const page = await store.listMessages(before === undefined ? { limit: 5 } : { limit: 5, before });
        if (page.length === 0) break;
        paged.push(...page.map((row) => row.id));
        before = page.at(-1)?.id;
      }
      t.expect(paged).toEqual(all.map((row) => row.id));
      t.expect(await store.listMessages({ before: 'unknown-id' })).toEqual([]);
    });

    t.it('countByStatus names every status, zero included', async () => {
      const store = await h.store();
      const empty = { queued: 0, sending: 0, unknown: 0, sent: 0, delivered: 0, undelivered: 0, failed: 0, cancelled: 0 };
      t.expect(await store.countByStatus()).toEqual(empty);
      const [a = '', b = ''] = await seed(store, T0, many(4));
      await store.markSent([a], 'R', T0);
      await store.markFailed([b], 'recipients', 'bad', T0);
      t.expect(await store.countByStatus()).toEqual({ ...empty, queued: 2, sent: 1, failed: 1 });
    });
  });

  t.describe('template overrides and pause', () => {
    t.it('put, get, list, replace and delete template overrides', async () => {
      const store = await h.store();
      const override = { storeId: 'store-1', eventType: 'order.created', language: 'tr', body: 'Merhaba {{customer.firstName}}', updatedAt: T0 };
      t.expect(await store.getTemplateOverride('store-1', 'order.created', 'tr')).toBeUndefined();
      await store.putTemplateOverride(override);
      await store.putTemplateOverride({ ...override, language: 'en', body: 'Hello' });
      await store.putTemplateOverride({ ...override, storeId: 'store-2' });
      t.expect(await store.getTemplateOverride('store-1', 'order.created', 'tr')).toEqual(override);
      await store.putTemplateOverride({ ...override, body: 'Selam', updatedAt: T0 + 1 });
      t.expect((await store.getTemplateOverride('store-1', 'order.created', 'tr'))?.body).toBe('Selam');
      t.expect((await store.listTemplateOverrides('store-1')).map((row) => row.language)).toEqual(['en', 'tr']);
      t.expect(await store.listTemplateOverrides()).toHaveLength(3);
      t.expect(await store.deleteTemplateOverride('store-1', 'order.created', 'tr')).toBe(true);
      t.expect(await store.deleteTemplateOverride('store-1', 'order.created', 'tr')).toBe(false);
      t.expect(await store.listTemplateOverrides('store-1')).toHaveLength(1);
    });

    t.it('the pause is unset, then set, read by every instance, then cleared', async () => {
      const store = await h.store();
      const reader = h.shared ? await h.store() : store;
      t.expect(await store.getPause()).toBeUndefined();
      const pause = { reason: 'Yetersiz kredi', code: 'credit', since: T0 };
      await store.setPause(pause);
      t.expect(await reader.getPause()).toEqual(pause);
      await store.setPause({ ...pause, code: 'auth', since: T0 + 1 });
      t.expect((await reader.getPause())?.code).toBe('auth');
      await store.setPause(undefined);
      t.expect(await reader.getPause()).toBeUndefined();
    });
  });

  t.describe('migrations and durability', () => {
    t.it('migrate() again is a no-op that keeps the data', async () => {
      const store = await h.store();
      const [id = ''] = await seed(store, T0);
      await store.migrate();
      await store.migrate();
      t.expect((await store.getMessage(id))?.status).toBe('queued');
    });

    (h.shared ? t.it : t.it.skip)('stores starting at once on one new database migrate once, both ready', async () => {
      const stores = await Promise.all([h.openRaw(), h.openRaw(), h.openRaw()]);
      await Promise.all(stores.map((store) => store.migrate()));
      const results = await Promise.all(stores.map((store, index) => store.accept(newEvent(), [newMessage()], [], T0 + index)));
      t.expect(results.map((result) => result.status)).toEqual(['accepted', 'accepted', 'accepted']);
    });

    (h.durable ? t.it : t.it.skip)('keeps everything through close and reopen', async () => {
      const store = await h.store();
      const event = newEvent();
      const message = newMessage();
      await store.accept(event, [message], [], T0);
      await store.setPause({ reason: 'r', code: 'credit', since: T0 });
      await store.close();
      const reopened = await h.store();
      t.expect((await reopened.getMessage(message.id))?.text).toBe(message.text);
      t.expect((await reopened.accept(newEvent({ idempotencyKey: event.idempotencyKey }), [], [], T0)).status).toBe('duplicate');
      t.expect((await reopened.getPause())?.code).toBe('credit');
    });
  });
}
