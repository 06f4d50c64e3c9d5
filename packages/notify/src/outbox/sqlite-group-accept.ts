// Group commit for acceptance on SQLite. A SQLite commit costs ~200 µs whatever it holds (WAL page
// writes, locks), so accepting one event per transaction caps a server near 4,000 events/s. Accepts
// that arrive while another batch is being written queue up and commit together: one BEGIN IMMEDIATE,
// every event, one COMMIT (the SQL: sqlite-accept-writer.js). Nobody's promise resolves before the
// commit that holds their rows, so "accepted" still means "stored".
// Where the batch is written:
// - a database file: in a worker thread with its own connection (sqlite-accept-thread.ts), so the
//   statements and the commit, a quarter of a busy server's main thread, run beside it. The main thread
//   only encodes each acceptance into the batch's flat array (sqlite-accept-codec.ts) and settles the
//   answers;
// - `sqlite::memory:` (no second connection sees it): on the store's connection, in this thread.
// Either way the batch holds the file's in-process lock (the one Kysely and the claim take) while it is
// written: the store's own connection never waits on SQLite's busy handler for the thread's commit (a
// sleep that would block the main thread), it awaits the lock; and the thread never waits on it.
import type { Database } from 'better-sqlite3';
import { StoreConfigError } from './errors.js';
import { AcceptThread, type AcceptThreadOptions } from './sqlite-accept-thread.js';
import { encodeAccept, settleOutcomes, type Settle } from './sqlite-accept-codec.js';
import { createAcceptWriter } from './sqlite-accept-writer.js';
import type { AsyncLock } from './sqlite-dialect.js';
import type { AcceptedEvent, AcceptResult, NewMessage } from './types.js';
import { OutboxWriteError } from './write-error.js';

export interface GroupAcceptOptions {
  /** Events per transaction at most (default 500): bounds how long one commit holds the writer lock. */
  maxBatch?: number;
  /**
   * Extra turns of the event loop a batch waits for before it is written (default 3; 0 writes after the
   * turn in which the first acceptance came). Each turn reads whatever requests have arrived meanwhile,
   * without a timer: an idle server loses microseconds. See GATHER_TURNS.
   */
  gatherTurns?: number;
}

/**
 * Why a batch waits a few turns. A commit costs about the same whatever it holds (each of the twelve
 * b-trees an acceptance touches has its last pages rewritten), so the more events share it the less each
 * pays: in-process, 32 events per commit cost 68 µs each, 16 cost 80, 8 cost 94. While one batch is
 * written the loop is blocked, so the requests that arrive meanwhile form the next batch, and under a
 * steady load the callers settle into two halves that alternate. Letting the loop turn a few more times
 * before writing lets the other half, answered by the last commit, come back and join. Measured side by
 * side (the server, 32 connections): 18 events per commit became 30, +5-8% accepted/s; one turn gave 26.
 */
const GATHER_TURNS = 3;

export interface GroupAccept {
  accept(event: AcceptedEvent, messages: readonly NewMessage[], cancels: readonly string[], now: number): Promise<AcceptResult>;
  /** Resolves once every accept queued so far has committed or failed. */
  drain(): Promise<void>;
  /** Refuse new accepts, drain, then stop the worker thread (if any). */
  close(): Promise<void>;
}

/** Where a batch is written: `run` answers the writer's flat outcomes, or rejects if nothing could say. */
interface Transport {
  run(data: unknown[], count: number): Promise<unknown[]>;
  close(): Promise<void>;
}

/** The group commit on the store's own connection `database` (better-sqlite3), in this thread. */
export function createSqliteGroupAccept(database: Database, lock: AsyncLock, options: GroupAcceptOptions = {}): GroupAccept {
  const writer = createAcceptWriter(database);
  return groupAccept(
    {
      async run(data, count) {
        await lock.acquire();
        try {
          return writer.write(data, count);
        } finally {
          lock.release();
        }
      },
      close: async () => {},
    },
    options,
  );
}

export interface WorkerGroupAccept extends GroupAccept {
  /** The worker thread (tests stop it to check what a crash does). */
  readonly thread: AcceptThread;
}

/** The group commit in a worker thread with its own connection to the file `thread.path`. */
export function createWorkerGroupAccept(thread: AcceptThreadOptions, lock: AsyncLock, options: GroupAcceptOptions = {}): WorkerGroupAccept {
  const worker = new AcceptThread(thread);
  // At open, so that its boot (a new isolate, better-sqlite3, the file: 0.1–0.2 s measured on a busy
  // machine) overlaps the migrations and the server's start instead of delaying the first accepts.
  worker.start();
  const accept = groupAccept(
    {
      async run(data, count) {
        await lock.acquire();
        try {
          return await worker.request(data, count);
        } finally {
          lock.release();
        }
      },
      close: () => worker.close(),
    },
    options,
  );
  return { ...accept, thread: worker };
}

interface Batch {
  readonly data: unknown[];
  readonly items: Settle[];
}

function groupAccept(transport: Transport, options: GroupAcceptOptions): GroupAccept {
  const maxBatch = options.maxBatch ?? 500;
  const gatherTurns = options.gatherTurns ?? GATHER_TURNS;
  if (!Number.isInteger(gatherTurns) || gatherTurns < 0 || gatherTurns > 64)
    throw new StoreConfigError(`gatherTurns must be a whole number from 0 to 64, got ${String(gatherTurns)}`);
  // Batches not yet handed over; acceptances join the last one until it holds maxBatch.
  const queue: Batch[] = [];
  let flushing: Promise<void> | undefined;
  let closing: Promise<void> | undefined;

  async function flush(): Promise<void> {
    try {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        // Its only acceptance was refused while encoding.
        if (batch.items.length === 0) continue;
        let outcomes: unknown[];
        try {
          outcomes = await transport.run(batch.data, batch.items.length);
        } catch (error) {
          // The thread stopped: this batch may be stored (the error says so). The queued ones were never
          // handed over; they fail too rather than start thread after thread. The next accept starts one.
          for (const item of batch.items) item.reject(error);
          const notSent = new OutboxWriteError('accept_worker_failed', `outbox: the SQLite acceptance thread stopped; this event was not stored`, {
            cause: error,
          });
          for (const waiting of queue.splice(0)) for (const item of waiting.items) item.reject(notSent);
          continue;
        }
        settleOutcomes(batch.items, outcomes);
      }
    } finally {
      // In the same synchronous step that saw the queue empty, before any caller resumed: whoever
      // accepts next schedules a new flush.
      flushing = undefined;
    }
  }

  const drain = async (): Promise<void> => {
    while (flushing) await flushing;
  };

  return {
    accept(event, messages, cancels, now) {
      return new Promise<AcceptResult>((resolve, reject) => {
        if (closing) {
          reject(new OutboxWriteError('store_closed', 'outbox: the store is closed; nothing was stored'));
          return;
        }
        let batch = queue.at(-1);
        if (!batch || batch.items.length >= maxBatch) queue.push((batch = { data: [], items: [] }));
        let messageIds: string[];
        try {
          messageIds = encodeAccept(batch.data, event, messages, cancels, now);
        } catch (error) {
          reject(error);
          return;
        }
        batch.items.push({ event, messageIds, resolve, reject });
        // Requests already read, and those the next few turns of the loop read, join this batch.
        flushing ??= afterTurns(gatherTurns + 1).then(flush);
      });
    },
    drain,
    close: () =>
      (closing ??= (async () => {
        await drain();
        await transport.close();
      })()),
  };
}

/** Resolves after `turns` turns of the event loop (each one polls for I/O; no timer). */
function afterTurns(turns: number): Promise<void> {
  return new Promise<void>((done) => {
    let left = turns;
    const turn = (): void => {
      left -= 1;
      if (left > 0) setImmediate(turn);
      else done();
    };
    setImmediate(turn);
  });
}
