// The worker thread that commits SQLite acceptances (sqlite-accept-worker.js), seen from the store: one
// per store, started with it (or at the first request) and again at the next request after one stops. A request is
// one batch; the caller sends the next only once the last is answered.
import { Worker } from 'node:worker_threads';
import { OutboxWriteError } from './write-error.js';

// Beside this module in the sources (tests run them as they are) and in dist alike.
const WORKER_URL = new URL('./sqlite-accept-worker.js', import.meta.url);

export interface AcceptThreadOptions {
  /** The database file (absolute), created and migrated by the store's own connection. */
  readonly path: string;
  /** The store's pragmas, run by the thread's connection too (WAL, busy_timeout …). */
  readonly pragmas: readonly string[];
}

interface InFlight {
  resolve(outcomes: unknown[]): void;
  reject(error: unknown): void;
}

export class AcceptThread {
  readonly #options: AcceptThreadOptions;
  #worker: Worker | undefined;
  /** Whether the current worker opened the database: a batch lost before that was certainly not stored. */
  #ready = false;
  #inFlight: InFlight | undefined;

  constructor(options: AcceptThreadOptions) {
    this.#options = options;
  }

  /** Whether a batch is handed over and not yet answered. */
  get busy(): boolean {
    return this.#inFlight !== undefined;
  }

  /** Start the thread now rather than at the first request (it loads its module and opens the file meanwhile). */
  start(): void {
    this.#worker ??= this.#start();
  }

  /** Commit one batch (see sqlite-accept-writer.js); rejects with OutboxWriteError `accept_worker_failed` if the thread stops first. */
  request(data: unknown[], count: number): Promise<unknown[]> {
    if (this.#inFlight) return Promise.reject(new Error('outbox: an acceptance batch is already being written'));
    const worker = (this.#worker ??= this.#start());
    return new Promise<unknown[]>((resolve, reject) => {
      this.#inFlight = { resolve, reject };
      // While a batch is being written the process stays up for its answer; idle, the thread keeps nothing alive.
      worker.ref();
      try {
        worker.postMessage({ data, count });
      } catch (error) {
        this.#inFlight = undefined;
        worker.unref();
        reject(error);
      }
    });
  }

  /** Close the thread's connection and wait for the thread to end. Call once no request is in flight. */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    worker.ref();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ close: true });
    await exited;
  }

  /**
   * Tests: stop the thread as a crash would. Only while it is not inside SQLite (idle, or held by
   * {@link hold}): better-sqlite3 aborts the whole process when a thread ends in the middle of a call.
   */
  async terminate(): Promise<void> {
    await this.#worker?.terminate();
  }

  /** Tests: block the thread (started if need be) until the returned function is called; requests wait. */
  hold(): () => void {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    (this.#worker ??= this.#start()).postMessage({ hold: flag });
    return () => {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    };
  }

  #start(): Worker {
    const worker = new Worker(WORKER_URL, { workerData: { path: this.#options.path, pragmas: this.#options.pragmas } });
    this.#ready = false;
    worker.unref();
    worker.on('message', (message: unknown) => {
      if (message === 'ready') {
        this.#ready = true;
        return;
      }
      const inFlight = this.#inFlight;
      this.#inFlight = undefined;
      worker.unref();
      inFlight?.resolve(message as unknown[]);
    });
    worker.on('messageerror', (error) => this.#stopped(worker, error));
    worker.on('error', (error) => this.#stopped(worker, error));
    worker.on('exit', (code) => this.#stopped(worker, new Error(`the thread exited with code ${code}`)));
    return worker;
  }

  // 'error' then 'exit' both come for a crash: the first one settles, the second finds nothing to do.
  #stopped(worker: Worker, cause: unknown): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    const inFlight = this.#inFlight;
    this.#inFlight = undefined;
    if (!inFlight) return;
    const reason = cause instanceof Error ? cause.message : String(cause);
    inFlight.reject(
      this.#ready
        ? new OutboxWriteError(
            'accept_worker_failed',
            `outbox: the SQLite acceptance thread stopped while writing (${reason}); these events may be stored: accept them again with the same idempotency key`,
            { stored: 'unknown', cause },
          )
        : new OutboxWriteError('accept_worker_failed', `outbox: the SQLite acceptance thread could not start (${reason}); nothing was stored`, { cause }),
    );
  }
}
