// openOutboxStore: DATABASE_URL in, a ready-to-migrate OutboxStore out.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { parseDatabaseUrl } from './database-url.js';
import { StoreConfigError } from './errors.js';
import { createKyselyStore } from './kysely-store.js';
import type { OutboxDatabase } from './schema.js';
import { OutboxSqliteDialect } from './sqlite-dialect.js';
import { startCheckpointer } from './sqlite-checkpointer.js';
import { createSqliteGroupAccept, createWorkerGroupAccept } from './sqlite-group-accept.js';
import type { OutboxStore } from './types.js';

export interface OpenOutboxStoreOptions {
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /**
   * Errors of idle PostgreSQL connections (e.g. the server restarted). The pool drops the connection
   * and opens another when needed; default: ignored, the next query reports any lasting trouble.
   */
  onPoolError?: (error: Error) => void;
  /**
   * SQLite file: commit acceptances in a worker thread with a connection of its own, which takes the group
   * commit's CPU time off the calling thread. Default false (on the store's connection): on a 2-core machine
   * the server accepted no more with it (`npm run bench -w @esemes/server`, side by side: 0.23× vs 0.23×),
   * since the thread competes for the second core and the hand-over costs 3–8 µs an event. Ignored for
   * `sqlite::memory:` (a second connection would see another database) and PostgreSQL.
   */
  sqliteAcceptThread?: boolean;
  /**
   * SQLite file: checkpoint the WAL in a worker thread (see sqlite-checkpointer.ts), so that copying
   * committed pages into the database file and its fsyncs never block the calling thread. Default true;
   * false leaves it to SQLite's automatic checkpoint on the store's connection. Ignored for
   * `sqlite::memory:` and PostgreSQL.
   */
  sqliteCheckpointThread?: boolean;
}

/**
 * Open the outbox named by `DATABASE_URL`. Call `migrate()` before use and `close()` at shutdown.
 * - `sqlite:./data/esemes.db`, `sqlite:/abs/path.db`: better-sqlite3 in WAL mode; the folder is created.
 * - `sqlite::memory:`: a private in-memory database (tests).
 * - `postgres://user:password@host:5432/db` or `postgresql://…`: a pg pool.
 * Throws StoreConfigError (code `config`) for any other form; a password never appears in a message.
 * @example
 * const store = await openOutboxStore(process.env.DATABASE_URL ?? 'sqlite:./data/esemes.db')
 * await store.migrate()
 */
export async function openOutboxStore(databaseUrl: string, options: OpenOutboxStoreOptions = {}): Promise<OutboxStore> {
  const target = parseDatabaseUrl(databaseUrl);
  const acceptThread = options.sqliteAcceptThread ?? false;
  if (typeof acceptThread !== 'boolean') throw new StoreConfigError(`sqliteAcceptThread must be true or false, got ${typeof acceptThread}`);
  const checkpointThread = options.sqliteCheckpointThread ?? true;
  if (typeof checkpointThread !== 'boolean') throw new StoreConfigError(`sqliteCheckpointThread must be true or false, got ${typeof checkpointThread}`);
  if (target.kind === 'sqlite') {
    const dialect = new OutboxSqliteDialect(openSqlite(target.path), target.path);
    const file = target.path !== ':memory:';
    const groupAccept =
      acceptThread && file
        ? createWorkerGroupAccept({ path: target.path, pragmas: SQLITE_PRAGMAS }, dialect.lock)
        : createSqliteGroupAccept(dialect.database, dialect.lock);
    const checkpointer = checkpointThread && file ? startCheckpointer({ path: target.path, database: dialect.database }) : undefined;
    return createKyselyStore(
      new Kysely<OutboxDatabase>({ dialect }),
      'sqlite',
      groupAccept,
      { database: dialect.database, lock: dialect.lock },
      checkpointer && (() => checkpointer.close()),
    );
  }
  const pool = new pg.Pool({ connectionString: target.url, max: options.poolSize ?? 10 });
  pool.on('error', options.onPoolError ?? (() => {}));
  return createKyselyStore(new Kysely<OutboxDatabase>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
}

/** Every connection's pragmas: the store's own and the acceptance thread's (sqlite-accept-worker.js). */
export const SQLITE_PRAGMAS: readonly string[] = [
  'journal_mode = WAL',
  'busy_timeout = 5000',
  'foreign_keys = ON',
  'synchronous = NORMAL',
  // SQLite's own 2 MiB page cache, said out loud. It was 64 MiB, for marking batches of 100,000 messages;
  // measured again side by side, the small cache is faster both ways: the server accepted 10-40% more
  // events a second, and dispatch of 100,000 queued messages ran 54-64k/s against 47-59k/s. Acceptance
  // appends pages, so a large cache keeps taking fresh memory (malloc, page faults, cold CPU caches)
  // while a small one recycles buffers still warm; what a commit or a claim rereads is only the last
  // pages of each b-tree, which 2 MiB holds.
  'cache_size = -2000',
  // Statement journals in memory. Inside a transaction, every statement that may fail halfway (a
  // multi-row INSERT, an UPDATE of many rows) keeps the pages it changes in a statement journal; past
  // 64 KiB SQLite spills it to a temporary file: a directory probe, open, unlink, writes and close per
  // acceptance batch. Measured side by side in the server: 139-143 µs of main thread per accepted event
  // against 160-171 µs, +14-20% accepted/s. Temporary tables and sorts live in memory too; the outbox
  // sorts only LIMITed listings and small GROUP BYs, and never runs VACUUM.
  'temp_store = MEMORY',
];

/** better-sqlite3 with the outbox's pragmas; exported for tests. */
export function openSqlite(path: string): Sqlite.Database {
  let database: Sqlite.Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    database = new Sqlite(path);
    for (const pragma of SQLITE_PRAGMAS) database.pragma(pragma);
    return database;
  } catch (error) {
    database?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreConfigError(`cannot open the SQLite database ${path}: ${reason}`, { cause: error });
  }
}
