// Migration 004 on a database that holds messages from before it: each takes its event's platform.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { newEvent, newMessage, T0 } from '../contract/harness.js';
import { openOutboxStore, openSqlite } from '../open-store.js';
import type { OutboxStore } from '../types.js';

const dir = mkdtempSync(join(tmpdir(), 'esemes-migration-'));
/** Back to the schema before 004: later migrations undone first (their column and index), then 004's column. */
const BEFORE_004 = [
  // Later migrations undone first: the migrator runs only a missing tail.
  'drop index esemes_messages_settled_status_idx',
  'create index esemes_messages_status_idx on esemes_messages (status, created_at)',
  "delete from esemes_migrations where name = '006-settled-status-index'",
  'drop index esemes_messages_order_number_idx',
  'alter table esemes_messages drop column order_number',
  'alter table esemes_messages drop column platform',
  "delete from esemes_migrations where name in ('004-message-platform', '005-message-order-number')",
].join('; ');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two events (WooCommerce, and one whose payload names no platform) with a message each. */
async function seedTwo(store: OutboxStore): Promise<{ woo: string; none: string }> {
  const [woo, none] = [newMessage(), newMessage()];
  await store.accept(newEvent({ payload: JSON.stringify({ type: 'order.created', store: { id: 'store-1', platform: 'woocommerce' } }) }), [woo], [], T0);
  await store.accept(newEvent({ payload: JSON.stringify({ type: 'order.created', store: { id: 'store-1' } }) }), [none], [], T0);
  return { woo: woo.id, none: none.id };
}

describe('migration 004-message-platform', () => {
  it('Should fill the platform of earlier messages from their events on SQLite', async () => {
    const file = join(dir, 'old.db');
    const first = await openOutboxStore(`sqlite:${file}`);
    await first.migrate();
    const ids = await seedTwo(first);
    await first.close();
    // Back to the schema before 004: no column, the migration not yet run.
    const raw = openSqlite(file);
    raw.exec(BEFORE_004);
    raw.close();

    const store = await openOutboxStore(`sqlite:${file}`);
    await store.migrate();
    expect((await store.getMessage(ids.woo))?.platform).toBe('woocommerce');
    expect((await store.getMessage(ids.none))?.platform).toBe('custom');
    await store.close();
  });

  const adminUrl = process.env.ESEMES_TEST_POSTGRES_URL;
  it.skipIf(!adminUrl)('Should fill the platform of earlier messages from their events on PostgreSQL', async () => {
    const name = `esemes_migration_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    try {
      const first = await openOutboxStore(url.toString());
      await first.migrate();
      const ids = await seedTwo(first);
      await first.close();
      const raw = new pg.Client({ connectionString: url.toString() });
      await raw.connect();
      await raw.query(BEFORE_004);
      await raw.end();

      const store = await openOutboxStore(url.toString());
      await store.migrate();
      expect((await store.getMessage(ids.woo))?.platform).toBe('woocommerce');
      expect((await store.getMessage(ids.none))?.platform).toBe('custom');
      await store.close();
    } finally {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
