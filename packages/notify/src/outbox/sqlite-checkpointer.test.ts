import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { newEvent, newMessage, T0 } from './contract/harness.js';
import { StoreConfigError } from './errors.js';
import { openOutboxStore, openSqlite } from './open-store.js';
import { SQLITE_DEFAULT_AUTOCHECKPOINT, startCheckpointer } from './sqlite-checkpointer.js';

const dir = mkdtempSync(join(tmpdir(), 'esemes-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Generous: the thread passes every few milliseconds, but CI machines are busy.
const WAIT = { timeout: 30_000, interval: 20 };
const PAGE = 4096;

/** A WAL-mode file with one table; `write(n)` commits n transactions of ~10 fresh pages each. */
function walFile(name: string) {
  const path = join(dir, name);
  const database = openSqlite(path);
  database.exec('create table blobs (id integer primary key, body blob not null)');
  const insert = database.prepare('insert into blobs (body) values (?)');
  const write = (transactions: number) => {
    for (let t = 0; t < transactions; t += 1) database.transaction(() => insert.run(Buffer.alloc(10 * PAGE, t % 251)))();
  };
  const size = (suffix = '') => {
    try {
      return statSync(path + suffix).size;
    } catch {
      return 0;
    }
  };
  return { path, database, write, size };
}

describe('startCheckpointer', () => {
  it('Should copy committed pages into the database file on its own thread, the store connection checkpointing only at the fallback', async () => {
    const file = walFile('copies.db');
    const checkpointer = startCheckpointer({ path: file.path, database: file.database });
    try {
      expect(file.database.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
      const before = file.size();
      // ~2,000 pages: fewer than the fallback, so only the thread can have copied them into the file.
      file.write(200);
      await vi.waitFor(() => expect(file.size()).toBeGreaterThan(before + 1500 * PAGE), WAIT);
      expect(checkpointer.running).toBe(true);
    } finally {
      await checkpointer.close();
      file.database.close();
    }
  });

  it('Should keep the WAL file within about the fallback while pages keep coming', async () => {
    const file = walFile('bounded.db');
    const checkpointer = startCheckpointer({ path: file.path, database: file.database, fallbackFrames: 200 });
    try {
      // 6,000 pages in all; without restarts the WAL would hold every one of them (~24 MB).
      for (let round = 0; round < 30; round += 1) {
        file.write(20);
        // Let the thread pass between rounds, as a server's writes leave it time to.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(file.size('-wal')).toBeLessThan(2000 * (PAGE + 24));
      expect(file.database.prepare('select count(*) as n from blobs').get()).toEqual({ n: 600 });
    } finally {
      await checkpointer.close();
      file.database.close();
    }
  });

  it("Should put SQLite's own automatic checkpoint back when closed", async () => {
    const file = walFile('closed.db');
    const checkpointer = startCheckpointer({ path: file.path, database: file.database });
    await checkpointer.close();
    await checkpointer.close();
    expect(checkpointer.running).toBe(false);
    expect(file.database.pragma('wal_autocheckpoint', { simple: true })).toBe(SQLITE_DEFAULT_AUTOCHECKPOINT);
    file.database.close();
  });

  it("Should put SQLite's own automatic checkpoint back when the thread stops unasked (here: its file is gone)", async () => {
    const file = walFile('orphan.db');
    const checkpointer = startCheckpointer({ path: join(dir, 'missing.db'), database: file.database });
    await vi.waitFor(() => expect(checkpointer.running).toBe(false), WAIT);
    expect(file.database.pragma('wal_autocheckpoint', { simple: true })).toBe(SQLITE_DEFAULT_AUTOCHECKPOINT);
    // Writes go on, checkpointed by SQLite on this connection at its 1,000 pages, not at the 10,000 fallback.
    file.write(150);
    expect(file.size()).toBeGreaterThan(500 * PAGE);
    await checkpointer.close();
    file.database.close();
  });
});

describe('openOutboxStore with the checkpoint thread', () => {
  it('Should refuse a sqliteCheckpointThread that is not a boolean with a StoreConfigError', async () => {
    const error = await openOutboxStore('sqlite::memory:', { sqliteCheckpointThread: 'yes' as unknown as boolean }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreConfigError);
    expect((error as Error).message).toContain('sqliteCheckpointThread');
  });

  it('Should store every accepted event and message across a close and a reopen (file store, thread on by default)', async () => {
    const url = `sqlite:${join(dir, 'store.db')}`;
    const store = await openOutboxStore(url);
    await store.migrate();
    const accepted = await Promise.all(
      Array.from({ length: 300 }, (_, i) => {
        const event = newEvent({ idempotencyKey: `order:${i}:created` });
        return store.accept(event, [newMessage({ storeId: event.storeId, messageKey: `order:${i}:created#customer` })], [], T0);
      }),
    );
    expect(accepted.every((result) => result.status === 'accepted')).toBe(true);
    await store.close();
    const reopened = await openOutboxStore(url, { sqliteCheckpointThread: false });
    try {
      expect((await reopened.countByStatus()).queued).toBe(300);
    } finally {
      await reopened.close();
    }
  });
});
