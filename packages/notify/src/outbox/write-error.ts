/**
 * Why `store.accept()` stored nothing (SQLite):
 * - `event_refused`: this event alone broke a constraint (e.g. a message key another event already
 *   uses) or holds a value that cannot be stored; the other events of its batch were stored.
 * - `store_unavailable`: the database refused the write (busy past busy_timeout, disk full, read-only,
 *   I/O error); nothing of the batch was stored. `sqliteCode` says which (`SQLITE_BUSY`, `SQLITE_FULL` …).
 * - `store_closed`: accept() after close().
 * - `accept_worker_failed`: the thread that writes acceptances stopped (crash, terminated). `stored`
 *   says whether the event may be stored anyway; accepting it again with the same idempotency key is
 *   safe either way (a stored one answers `duplicate`). The next accept starts a new thread.
 * @example
 * try { await store.accept(event, messages, [], Date.now()) } catch (error) {
 *   if (error instanceof OutboxWriteError && error.code !== 'event_refused') reply(503)
 * }
 */
export type OutboxWriteErrorCode = 'event_refused' | 'store_unavailable' | 'store_closed' | 'accept_worker_failed';

export class OutboxWriteError extends Error {
  override name = 'OutboxWriteError' as const;
  readonly code: OutboxWriteErrorCode;
  /** SQLite's extended result code, when SQLite gave one. */
  readonly sqliteCode: string | undefined;
  /** `no`: certainly not stored. `unknown`: the thread stopped while writing it, it may be. */
  readonly stored: 'no' | 'unknown';
  constructor(code: OutboxWriteErrorCode, message: string, options: { sqliteCode?: string | undefined; stored?: 'no' | 'unknown'; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.sqliteCode = options.sqliteCode;
    this.stored = options.stored ?? 'no';
  }
}
