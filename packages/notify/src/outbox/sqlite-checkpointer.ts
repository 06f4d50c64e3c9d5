// Checkpoints of a SQLite outbox file, mostly off the calling thread. In WAL mode every commit appends
// pages to the -wal file, and SQLite's automatic checkpoint (after every 1,000 pages, inside whichever
// commit crosses the mark) copies them into the database file and fsyncs both files, on the thread that
// committed: on a busy server that thread is the one answering HTTP. Here a worker thread
// (sqlite-checkpoint-worker.js) copies and syncs pages as they come, and the store's own automatic
// checkpoint moves out to `fallbackFrames`. When the store's connection reaches it, the thread has
// already copied nearly every frame, so that checkpoint copies and syncs little, and the next commit
// starts the WAL file over: the file stays within `fallbackFrames` pages. If the thread stops, SQLite's
// default is put back. Durability is SQLite's own: the same checkpoints and syncs, on another connection.
import type { Database } from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

// Beside this module in the sources (tests run them as they are) and in dist alike.
const WORKER_URL = new URL('./sqlite-checkpoint-worker.js', import.meta.url);

/** SQLite's own automatic checkpoint interval (pages), put back when the thread stops. */
export const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

export interface CheckpointerOptions {
  /** The database file (absolute), already in WAL mode. */
  readonly path: string;
  /** The store's connection: its automatic checkpoint moves out while the thread runs. */
  readonly database: Database;
  /** The store connection's automatic checkpoint while the thread runs; default 10,000 pages (~40 MB of WAL). */
  readonly fallbackFrames?: number;
  /**
   * Pause between passes while pages are being written (default 25 ms) and, at most, when idle (default
   * 1 s). Every commit rewrites the last pages of each b-tree and a pass copies a page's newest version
   * only, so passes 25 ms apart copy and sync each such page once where passes 5 ms apart did so after
   * every commit or two (measured: the thread's CPU per accepted event 25 → 17 µs, +3-9% accepted/s).
   */
  readonly activeMs?: number;
  readonly idleMs?: number;
}

export interface Checkpointer {
  /** Whether the thread is running (false once it stopped or was closed). */
  readonly running: boolean;
  /** Stop the thread (after its current pass) and put SQLite's own automatic checkpoint back. */
  close(): Promise<void>;
}

/** Start checkpointing `options.path` in a worker thread. */
export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const { database } = options;
  let running = true;
  let closing: Promise<void> | undefined;
  const restoreDefault = () => {
    if (database.open) database.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  };

  database.pragma(`wal_autocheckpoint = ${options.fallbackFrames ?? 10_000}`);
  const worker = new Worker(WORKER_URL, { workerData: { path: options.path, activeMs: options.activeMs ?? 25, idleMs: options.idleMs ?? 1000 } });
  // It never keeps the process alive.
  worker.unref();
  const stopped = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      running = false;
      // Stopped unasked (it could not open the file, or crashed): SQLite checkpoints on the store's
      // connection again, as it would without this thread.
      if (!closing) restoreDefault();
      resolve();
    });
  });
  // The 'exit' that follows reports it; an error must not become an uncaught exception.
  worker.on('error', () => {});

  return {
    get running() {
      return running;
    },
    close: () =>
      (closing ??= (async () => {
        if (running) {
          worker.ref();
          worker.postMessage('close');
          await stopped;
        }
        restoreDefault();
      })()),
  };
}
