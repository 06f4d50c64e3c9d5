import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { newEvent, newMessage, T0 } from './contract/harness.js';
import { createKyselyStore } from './kysely-store.js';
import { openOutboxStore, openSqlite, SQLITE_PRAGMAS } from './open-store.js';
import type { OutboxDatabase } from './schema.js';
import { OutboxSqliteDialect } from './sqlite-dialect.js';
import { createWorkerGroupAccept } from './sqlite-group-accept.js';
import type { OutboxStore } from './types.js';
import { OutboxWriteError } from './write-error.js';

// What only the worker thread brings: a second connection to the file, and a thread that can die.
const dir = mkdtempSync(join(tmpdir(), 'esemes-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A migrated file and a store on it whose acceptance thread the test can reach; `pragmas` for both connections. */
async function storeWithThread(pragmas: readonly string[] = SQLITE_PRAGMAS, threadFile?: string) {
  files += 1;
  const file = join(dir, `outbox-${files}.db`);
  const setup = await openOutboxStore(`sqlite:${file}`);
  await setup.migrate();
  await setup.close();
  const database = openSqlite(file);
  for (const pragma of pragmas) database.pragma(pragma);
  const dialect = new OutboxSqliteDialect(database, file);
  const accept = createWorkerGroupAccept({ path: threadFile ?? file, pragmas }, dialect.lock);
  const store = createKyselyStore(new Kysely<OutboxDatabase>({ dialect }), 'sqlite', accept, { database: dialect.database, lock: dialect.lock });
  return { store, file, thread: accept.thread };
}

function count(file: string, sql: string): number {
  const reader = new Sqlite(file, { readonly: true });
  try {
    return (reader.prepare(sql).get() as { n: number }).n;
  } finally {
    reader.close();
  }
}

const burst = (n: number) => Array.from({ length: n }, () => ({ event: newEvent(), message: newMessage() }));
const acceptAll = (store: OutboxStore, events: ReturnType<typeof burst>, now = T0) =>
  Promise.allSettled(events.map(({ event, message }) => store.accept(event, [message], [], now)));

describe('SQLite acceptance thread', () => {
  it('a thread that dies while writing rejects its batch and the queued ones with accept_worker_failed; the next accept starts a new thread', async () => {
    const { store, file, thread } = await storeWithThread();
    // A first acceptance: the thread is up and has opened the database.
    expect((await store.accept(newEvent(), [newMessage()], [], T0)).status).toBe('accepted');
    const release = thread.hold();
    try {
      // The thread is held: the first batch is handed over and waits, the second waits in the queue.
      const first = burst(5);
      const inFlight = acceptAll(store, first);
      while (!thread.busy) await new Promise((resolve) => setImmediate(resolve));
      const queued = burst(3);
      const waiting = acceptAll(store, queued);
      await new Promise((resolve) => setImmediate(resolve));
      await thread.terminate();
      const [a, b] = await Promise.all([inFlight, waiting]);
      for (const outcome of a) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({ name: 'OutboxWriteError', code: 'accept_worker_failed', stored: 'unknown' });
      }
      for (const outcome of b) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({ name: 'OutboxWriteError', code: 'accept_worker_failed', stored: 'no' });
      }
      expect(count(file, 'select count(*) as n from esemes_events')).toBe(1);
      // Accepting them again (same keys) stores each once: none was half-written.
      const again = await acceptAll(store, [...first, ...queued], T0 + 1);
      expect(again.map((outcome) => outcome.status === 'fulfilled' && outcome.value.status)).toEqual(Array(8).fill('accepted'));
      expect(count(file, 'select count(*) as n from esemes_messages')).toBe(9);
    } finally {
      release();
      await store.close();
    }
  });

  it('an idle thread that dies is replaced at the next accept, nothing lost', async () => {
    const { store, file, thread } = await storeWithThread();
    try {
      expect((await store.accept(newEvent(), [newMessage()], [], T0)).status).toBe('accepted');
      await thread.terminate();
      expect((await store.accept(newEvent(), [newMessage()], [], T0)).status).toBe('accepted');
      expect(count(file, 'select count(*) as n from esemes_messages')).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('a thread that cannot open the database fails each batch with accept_worker_failed (nothing stored), never hangs', async () => {
    // The file is gone (the thread never creates one: it would be an empty database, not the outbox).
    const { store, file } = await storeWithThread(SQLITE_PRAGMAS, join(dir, 'removed.db'));
    try {
      for (let round = 0; round < 2; round += 1) {
        const outcomes = await acceptAll(store, burst(3));
        for (const outcome of outcomes) {
          const reason = (outcome as PromiseRejectedResult).reason as OutboxWriteError;
          expect(reason).toBeInstanceOf(OutboxWriteError);
          expect(reason).toMatchObject({ code: 'accept_worker_failed', stored: 'no' });
          expect(reason.message).toMatch(/could not start/);
        }
      }
      expect(count(file, 'select count(*) as n from esemes_events')).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('accepts and a dispatcher on one file never meet SQLITE_BUSY: with busy_timeout 0 on both connections, exact counts', async () => {
    // busy_timeout 0: any moment one connection found the other writing would fail at once instead of
    // waiting, so this run shows the store's connection never waits on the thread's (nor the reverse).
    const pragmas = SQLITE_PRAGMAS.map((pragma) => (pragma.startsWith('busy_timeout') ? 'busy_timeout = 0' : pragma));
    const { store, file } = await storeWithThread(pragmas);
    const total = 1_500;
    const claimed = new Set<string>();
    let duplicateClaims = 0;
    let accepting = true;
    try {
      const dispatcher = (async () => {
        while (accepting || claimed.size < total) {
          const batch = await store.claimDue('worker-1', T0 + 10, 100, 60_000);
          for (const message of batch) {
            if (claimed.has(message.id)) duplicateClaims += 1;
            claimed.add(message.id);
          }
          if (batch.length > 0)
            await store.markSent(
              batch.map((message) => message.id),
              `report-${claimed.size}`,
              T0 + 10,
            );
          else await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const results = [];
      for (let sent = 0; sent < total; sent += 50) {
        results.push(...(await acceptAll(store, burst(50))));
        await store.listMessages({ limit: 5 });
      }
      accepting = false;
      expect(results.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
      await dispatcher;
      expect(duplicateClaims).toBe(0);
      expect(claimed.size).toBe(total);
      expect(await store.countByStatus()).toMatchObject({ queued: 0, sending: 0, sent: total });
      expect(count(file, 'select count(*) as n from esemes_events')).toBe(total);
    } finally {
      accepting = false;
      await store.close();
    }
  });
});
