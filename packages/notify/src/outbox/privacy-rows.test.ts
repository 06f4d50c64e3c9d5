// The privacy operations as the database sees them: every row of every table read back raw, on SQLite
// and (when ESEMES_TEST_POSTGRES_URL names a server) PostgreSQL. The store's own reads could hide a copy
// of a number in a column they do not show; a raw dump cannot.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { newEvent, newMessage, T0 } from './contract/harness.js';
import { openOutboxStore, openSqlite } from './open-store.js';
import type { OutboxStore } from './types.js';

const TABLES = ['esemes_events', 'esemes_messages', 'esemes_report_polls', 'esemes_template_overrides', 'esemes_state', 'esemes_adapter_state'] as const;
type Row = Record<string, unknown>;
/** By the leading columns (each table's key comes first): PostgreSQL returns updated rows in another order. */
const ORDER = 'order by 1, 2, 3';
type Dump = Record<(typeof TABLES)[number], Row[]>;

const ALICE = '5321111111';
const BOB = '5322222222';
const dir = mkdtempSync(join(tmpdir(), 'esemes-privacy-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Backend {
  url: string;
  dump(): Promise<Dump>;
  drop(): Promise<void>;
}

async function sqliteBackend(): Promise<Backend> {
  const path = join(dir, `rows-${Math.random().toString(36).slice(2, 8)}.db`);
  return {
    url: `sqlite:${path}`,
    async dump() {
      const database = openSqlite(path);
      try {
        return Object.fromEntries(TABLES.map((table) => [table, database.prepare(`select * from ${table} ${ORDER}`).all() as Row[]])) as Dump;
      } finally {
        database.close();
      }
    },
    async drop() {},
  };
}

async function postgresBackend(adminUrl: string): Promise<Backend> {
  const name = `esemes_privacy_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async dump() {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const entries = [];
        for (const table of TABLES) entries.push([table, (await client.query<Row>(`select * from ${table} ${ORDER}`)).rows]);
        return Object.fromEntries(entries) as Dump;
      } finally {
        await client.end();
      }
    },
    async drop() {
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`drop database if exists "${name}" with (force)`);
      await again.end();
    },
  };
}

/** An event's payload as an adapter sends it: the number in a written form, the name, the address. */
const payload = (phone: string, name: string, orderId: string) =>
  JSON.stringify({ type: 'order.created', customer: { firstName: name, phones: [phone] }, order: { id: orderId, shippingAddress: `${name}, Moda Cad. 5` } });

/** Store-1: Ayşe (three messages in three states, an event with no message), Bob; store-2: Ayşe again. */
async function seedShops(store: OutboxStore): Promise<{ ayse: string[]; bob: string; elsewhere: string }> {
  const ayse = [
    newMessage({ recipient: ALICE, orderId: '77', text: 'Merhaba Ayşe, 77 numaralı siparişiniz alındı.' }),
    newMessage({ recipient: ALICE, orderId: '77', text: 'Ayşe, siparişiniz kargoda.' }),
    newMessage({ recipient: ALICE, orderId: '78', text: 'Ayşe, sepetinizde ürün kaldı.' }),
  ];
  const bob = newMessage({ recipient: BOB, orderId: '90', text: 'Merhaba Bob, siparişiniz alındı.' });
  const elsewhere = newMessage({ storeId: 'store-2', recipient: ALICE, orderId: '77', text: 'Ayşe, store-2 siparişiniz alındı.' });
  const event = (key: string, store = 'store-1', person = '+90 532 111 11 11', name = 'Ayşe Yılmaz', order = '77') =>
    newEvent({ storeId: store, idempotencyKey: key, payload: payload(person, name, order) });
  await store.accept(event('shopify:shop1:order:77:created'), [ayse[0]!], [], T0);
  await store.accept(event('shopify:shop1:order:77:shipped'), [ayse[1]!], [], T0 + 1);
  await store.accept(event('shopify:shop1:cart:78:reminder'), [ayse[2]!], [], T0 + 2);
  await store.accept(event('shopify:shop1:order:77:paid'), [], [], T0 + 3);
  await store.accept(event('shopify:shop1:order:90:created', 'store-1', '05322222222', 'Bob Brown', '90'), [bob], [], T0 + 4);
  await store.accept(event('shopify:shop1:order:77:created', 'store-2'), [elsewhere], [], T0 + 5);
  // One sent on a report shared with the other store, one delivered, one still queued.
  await store.claimDue('w', T0 + 10, 100, 60_000);
  await store.markSent([ayse[0]!.id, elsewhere.id], 'R-shared', T0 + 11);
  await store.markSent([ayse[1]!.id, bob.id], 'R-own', T0 + 11);
  await store.applyReport('R-own', [{ recipient: ALICE, status: 'delivered', providerStatus: 'DELIVERED', errorCode: null, finalAt: T0 + 12 }], T0 + 12);
  await store.requeue([ayse[2]!.id], T0 + 13, null, false, T0 + 13);
  await store.putTemplateOverride({ storeId: 'store-1', eventType: 'order.created', language: 'tr', body: 'Merhaba', updatedAt: T0 });
  await store.putTemplateOverride({ storeId: 'store-2', eventType: 'order.created', language: 'tr', body: 'Selam', updatedAt: T0 });
  return { ayse: ayse.map((message) => message.id), bob: bob.id, elsewhere: elsewhere.id };
}

/** Rows (as JSON) that mention Ayşe by number (any written form) or by name. */
function mentionsOfAyse(dump: Dump): string[] {
  return Object.values(dump)
    .flat()
    .map((row) => JSON.stringify(row))
    .filter((text) => /5321111111|532 111 11 11|Ayşe/.test(text));
}

const byId = (rows: Row[], id: string): Row | undefined => rows.find((row) => row['id'] === id);

const backends: Array<[string, () => Promise<Backend>]> = [['sqlite', sqliteBackend]];
const adminUrl = process.env.ESEMES_TEST_POSTGRES_URL;
if (adminUrl) backends.push(['postgres', () => postgresBackend(adminUrl)]);

describe.each(backends)('privacy operations, row by row, on %s', (_name, makeBackend) => {
  it('Should leave no number, name or text of the redacted customer in any row of the store, and change no other row', async () => {
    const backend = await makeBackend();
    const store = await openOutboxStore(backend.url);
    try {
      await store.migrate();
      const ids = await seedShops(store);
      const before = await backend.dump();
      expect(mentionsOfAyse(before).length).toBeGreaterThan(6);

      const result = await store.redactCustomer(
        { storeId: 'store-1', recipients: [ALICE], orderIds: ['77'], idempotencyKeyPrefixes: ['shopify:shop1:order:77:'] },
        T0 + 100,
      );
      expect(result).toEqual({ cancelled: 1, messagesRedacted: 3, eventsRedacted: 4 });
      const after = await backend.dump();
      // Only store-2's copies still name her: its message and its event.
      const left = mentionsOfAyse(after);
      expect(left).toHaveLength(2);
      for (const text of left) expect(text).toContain('store-2');

      for (const id of ids.ayse) expect(byId(after.esemes_messages, id)).toMatchObject({ recipient: 'redacted', text: '', store_id: 'store-1' });
      expect(ids.ayse.map((id) => byId(after.esemes_messages, id)?.['status'])).toEqual(['sent', 'delivered', 'cancelled']);
      const redactedEvents = after.esemes_events.filter((row) => row['store_id'] === 'store-1' && String(row['idempotency_key']).includes(':7'));
      expect(redactedEvents.map((row) => row['payload'])).toEqual(Array(4).fill('{"redacted":true,"type":"order.created"}'));
      // Every event row is still there, its key and message ids too.
      expect(after.esemes_events.map((row) => [row['id'], row['idempotency_key'], row['message_ids']])).toEqual(
        before.esemes_events.map((row) => [row['id'], row['idempotency_key'], row['message_ids']]),
      );
      const untouched = (dump: Dump) => ({
        messages: dump.esemes_messages.filter((row) => !ids.ayse.includes(String(row['id']))),
        events: dump.esemes_events.filter((row) => !redactedEvents.some((event) => event['id'] === row['id'])),
        polls: dump.esemes_report_polls,
        overrides: dump.esemes_template_overrides,
      });
      expect(untouched(after)).toEqual(untouched(before));
    } finally {
      await store.close();
      await backend.drop();
    }
  });

  it('Should delete every row of the purged store, and the poll rows only it needed, and change no row of the other', async () => {
    const backend = await makeBackend();
    const store = await openOutboxStore(backend.url);
    try {
      await store.migrate();
      await seedShops(store);
      const before = await backend.dump();
      expect(await store.purgeStore('store-1', T0 + 100)).toEqual({ messages: 4, events: 5, templateOverrides: 1 });
      const after = await backend.dump();
      for (const rows of Object.values(after)) expect(rows.filter((row) => row['store_id'] === 'store-1')).toEqual([]);
      expect(after.esemes_report_polls.map((row) => row['report_id'])).toEqual(['R-shared']);
      const others = (dump: Dump) => ({
        messages: dump.esemes_messages.filter((row) => row['store_id'] === 'store-2'),
        events: dump.esemes_events.filter((row) => row['store_id'] === 'store-2'),
        polls: dump.esemes_report_polls.filter((row) => row['report_id'] === 'R-shared'),
        overrides: dump.esemes_template_overrides.filter((row) => row['store_id'] === 'store-2'),
      });
      expect(others(after)).toEqual(others(before));
      expect(after.esemes_messages).toHaveLength(1);
    } finally {
      await store.close();
      await backend.drop();
    }
  });
});
