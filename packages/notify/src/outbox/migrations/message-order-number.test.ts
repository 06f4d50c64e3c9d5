// Migration 005 on a database that holds messages from before it: each takes its event's order number
// (none for an event without an order), and the lookup by number uses the new index.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { newEvent, newMessage, T0 } from '../contract/harness.js';
import { openOutboxStore, openSqlite } from '../open-store.js';
import type { OutboxStore } from '../types.js';

const dir = mkdtempSync(join(tmpdir(), 'esemes-migration-005-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Back to the schema before 005: no column, no index, the migration not yet run. */
const BEFORE_005 = [
  // Later migrations undone first: the migrator runs only a missing tail.
  'drop index esemes_messages_settled_status_idx',
  'create index esemes_messages_status_idx on esemes_messages (status, created_at)',
  "delete from esemes_migrations where name = '006-settled-status-index'",
  'drop index esemes_messages_order_number_idx',
  'alter table esemes_messages drop column order_number',
  "delete from esemes_migrations where name = '005-message-order-number'",
].join('; ');

/** An order event (two messages), a cart reminder without an order, and an event whose payload is not an event. */
async function seedOld(store: OutboxStore): Promise<{ order: string[]; cart: string; odd: string }> {
  const order = [newMessage(), newMessage({ recipient: '5551112233' })];
  const [cart, odd] = [newMessage({ orderId: null }), newMessage()];
  const payload = (body: object) => JSON.stringify({ store: { id: 'store-1' }, ...body });
  await store.accept(newEvent({ payload: payload({ type: 'order.created', order: { id: '77', number: 'SP-1001' } }) }), order, [], T0);
  await store.accept(newEvent({ type: 'cart.abandoned', payload: payload({ type: 'cart.abandoned', cart: { id: 'c1' } }) }), [cart], [], T0);
  await store.accept(newEvent({ payload: '{"order":null}' }), [odd], [], T0);
  return { order: order.map((m) => m.id), cart: cart.id, odd: odd.id };
}

async function check(store: OutboxStore, ids: Awaited<ReturnType<typeof seedOld>>): Promise<void> {
  for (const id of ids.order) expect((await store.getMessage(id))?.orderNumber).toBe('SP-1001');
  expect((await store.getMessage(ids.cart))?.orderNumber).toBe(null);
  expect((await store.getMessage(ids.odd))?.orderNumber).toBe(null);
  expect((await store.listMessages({ orderNumber: 'SP-1001' })).map((row) => row.id).sort()).toEqual([...ids.order].sort());
  // A message accepted after the migration keeps the number it is given.
  const fresh = newMessage({ orderNumber: 'SP-2002' });
  await store.accept(newEvent(), [fresh], [], T0 + 1);
  expect((await store.listMessages({ orderNumber: 'SP-2002' })).map((row) => row.id)).toEqual([fresh.id]);
}

describe('migration 005-message-order-number', () => {
  it('Should fill the order number of earlier messages from their events on SQLite, and index the lookup', async () => {
    const file = join(dir, 'old.db');
    const first = await openOutboxStore(`sqlite:${file}`);
    await first.migrate();
    const ids = await seedOld(first);
    await first.close();
    const raw = openSqlite(file);
    raw.exec(BEFORE_005);
    raw.close();

    const store = await openOutboxStore(`sqlite:${file}`);
    await store.migrate();
    await check(store, ids);
    await store.close();
    const planner = openSqlite(file);
    const plan = planner.prepare('explain query plan select * from esemes_messages where order_number = ? and store_id = ?').all('SP-1001', 'store-1');
    planner.close();
    expect(JSON.stringify(plan)).toContain('esemes_messages_order_number_idx');
  });

  const adminUrl = process.env.ESEMES_TEST_POSTGRES_URL;
  it.skipIf(!adminUrl)('Should fill the order number of earlier messages from their events on PostgreSQL', async () => {
    const name = `esemes_migration_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    try {
      const first = await openOutboxStore(url.toString());
      await first.migrate();
      const ids = await seedOld(first);
      await first.close();
      const raw = new pg.Client({ connectionString: url.toString() });
      await raw.connect();
      await raw.query(BEFORE_005);
      await raw.end();

      const store = await openOutboxStore(url.toString());
      await store.migrate();
      await check(store, ids);
      await store.close();
    } finally {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
