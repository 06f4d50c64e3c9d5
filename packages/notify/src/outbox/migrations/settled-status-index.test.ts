// Migration 006: the status index holds settled messages only, and the queries by status still use an
// index (SQLite uses a partial index only when the query states its predicate).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newEvent, newMessage, T0 } from '../contract/harness.js';
import { openOutboxStore, openSqlite } from '../open-store.js';

const dir = mkdtempSync(join(tmpdir(), 'esemes-migration-006-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 006-settled-status-index (SQLite)', () => {
  it('keeps counts and status filters right across the migration, each through an index', async () => {
    const file = join(dir, 'outbox.db');
    const store = await openOutboxStore(`sqlite:${file}`);
    await store.migrate();
    // Back to the schema before 006, with messages in several statuses.
    const raw = openSqlite(file);
    raw.exec(
      [
        'drop index esemes_messages_settled_status_idx',
        'create index esemes_messages_status_idx on esemes_messages (status, created_at)',
        "delete from esemes_migrations where name = '006-settled-status-index'",
      ].join('; '),
    );
    const messages = [newMessage(), newMessage({ recipient: '5551112233' }), newMessage({ recipient: '5551112244' })];
    await store.accept(newEvent(), messages, [], T0);
    const [claimed] = await store.claimDue('w1', T0 + 1, 1, 60_000);
    const [sent] = await store.claimDue('w1', T0 + 1, 1, 60_000);
    await store.markSent([sent!.id], 'R1', T0 + 2);
    const before = await store.countByStatus();
    expect(before).toMatchObject({ queued: 1, sending: 1, sent: 1 });

    await store.migrate();
    const indexes = raw.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'esemes_messages'").pluck().all();
    expect(indexes).toContain('esemes_messages_settled_status_idx');
    expect(indexes).not.toContain('esemes_messages_status_idx');
    expect(await store.countByStatus()).toEqual(before);
    expect((await store.listMessages({ status: 'sent' })).map((m) => m.id)).toEqual([sent!.id]);
    expect((await store.listMessages({ status: 'sending' })).map((m) => m.id)).toEqual([claimed!.id]);
    expect((await store.listMessages({ status: 'queued' })).length).toBe(1);

    const plan = (query: string, ...params: unknown[]) =>
      raw
        .prepare(`explain query plan ${query}`)
        .all(...params)
        .map((row) => (row as { detail: string }).detail)
        .join(' | ');
    expect(plan("select * from esemes_messages where status = ? and status not in ('queued', 'sending') order by created_at desc limit 50", 'sent')).toContain(
      'esemes_messages_settled_status_idx',
    );
    expect(
      plan(
        "select count(*) from esemes_messages where status = 'queued' union all select count(*) from esemes_messages where status = 'sending' union all select count(*) from esemes_messages where status not in ('queued', 'sending') group by status",
      ),
    ).toMatch(/claim_idx.*lease_idx.*settled_status_idx/);
    raw.close();
    await store.close();
  });
});
