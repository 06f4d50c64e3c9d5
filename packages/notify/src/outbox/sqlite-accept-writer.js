// @ts-check
// The SQL of SQLite's group-committed acceptance, shared by both places it runs: a worker thread with a
// connection of its own (a database file: see sqlite-accept-worker.js), or the store's own connection
// (`sqlite::memory:`, which no second connection can see). Plain JavaScript so that the worker loads the
// same file from the sources (tests) and from dist.
//
// A batch arrives as one flat array of column values (see sqlite-accept-codec.ts), never as objects:
// copying it to the worker then costs a few values per field. Per event, the event row goes in first
// (ON CONFLICT DO NOTHING) and only when nothing was inserted is the first acceptance looked up. The
// messages of a batch wait and go in with multi-row INSERTs, flushed before any cancel runs (so a cancel
// sees every earlier event's messages, never its own) and at the end. If a statement fails, the batch
// rolls back and each event is retried in a transaction of its own, so a bad event fails alone (not a
// savepoint per event: measured, a SAVEPOINT/RELEASE pair doubles the cost of an acceptance). Every
// transaction is BEGIN IMMEDIATE: the writer lock is taken before the first read, so it never has to
// upgrade a read snapshot (no SQLITE_BUSY_SNAPSHOT) and busy_timeout applies.

/** @import { Database, Statement } from 'better-sqlite3' */

/** Values of an event in a request: id, store_id, idempotency_key, type, payload, received_at, created_at (message_ids is built here). */
export const EVENT_VALUES = 7;

/** The message columns a request carries, in order (event_id and the times come from the event). */
export const MESSAGE_VALUE_COLUMNS = Object.freeze([
  'id',
  'store_id',
  'platform',
  'event_type',
  'message_key',
  'message_class',
  'recipient',
  'text',
  'sender',
  'language',
  'opt_out_link',
  'blacklist',
  'parts',
  'order_id',
  'order_number',
  'cancel_key',
  'not_before',
  'expires_at',
]);
const MESSAGE_VALUES = MESSAGE_VALUE_COLUMNS.length;

/** Every column the INSERT sets; the others (claim, attempt, report, error) start NULL. */
export const MESSAGE_INSERT_COLUMNS = Object.freeze([
  'id',
  'event_id',
  ...MESSAGE_VALUE_COLUMNS.slice(1),
  'status',
  'attempts',
  'next_attempt_at',
  'created_at',
  'updated_at',
]);
// Bound per row: the carried values and event_id, then next_attempt_at, created_at, updated_at (= now).
const ROW_PARAMS = MESSAGE_VALUES + 1 + 3;
const ROW_SQL = `(${Array(MESSAGE_VALUES + 1)
  .fill('?')
  .join(', ')}, 'queued', 0, ?, ?, ?)`;
// Rows per INSERT at most: within the 999 bound parameters of SQLite's oldest default.
const ROW_CHUNK = Math.floor(999 / ROW_PARAMS);

/** Outcome tags, first value of each outcome. */
export const ACCEPTED = 0; // [ACCEPTED, cancelled]
export const DUPLICATE = 1; // [DUPLICATE, eventId, messageIdsJson]
export const FAILED = 2; // [FAILED, fault (EVENT_FAULT | DATABASE_FAULT), sqliteCode | null, message]
export const EVENT_FAULT = 0;
export const DATABASE_FAULT = 1;

/**
 * @typedef {{ at: number, messages: number, cancels: number }} Item where the event starts in the
 *   request, how many messages and cancel keys follow it.
 * @typedef {{ write(data: readonly unknown[], count: number): unknown[] }} AcceptWriter
 */

/**
 * The writer over `database`. `write(data, count)` stores the `count` events of `data` in one
 * transaction (as above) and answers one outcome per event, flat, in order. It never throws.
 * @param {Database} database
 * @returns {AcceptWriter}
 */
export function createAcceptWriter(database) {
  /** @type {ReturnType<typeof prepare> | undefined} */
  let statements;

  // Prepared at the first batch, after migrations have created the tables.
  function prepare() {
    return {
      /** @type {Statement<unknown[], { id: string, message_ids: string }>} */
      findDuplicate: database.prepare('select id, message_ids from esemes_events where store_id = ? and idempotency_key = ?'),
      /** @type {Statement<unknown[]>} */
      insertEvent: database.prepare(
        'insert into esemes_events (id, store_id, idempotency_key, type, payload, received_at, message_ids, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)' +
          ' on conflict (store_id, idempotency_key) do nothing',
      ),
      /** Multi-row INSERTs by row count, prepared on first use. @type {Map<number, Statement<unknown[]>>} */
      insertMessages: new Map(),
      cancelQueued: database.prepare(
        "update esemes_messages set status = 'cancelled', error_code = 'cancelled', error = ?, final_at = ?, updated_at = ? where +status = 'queued' and cancel_key = ?",
      ),
    };
  }

  /**
   * Inserts the rows waiting in `pending` (ROW_PARAMS values each) and empties it.
   * @param {NonNullable<typeof statements>} s
   * @param {unknown[]} pending
   */
  function insertMessages(s, pending) {
    const rows = pending.length / ROW_PARAMS;
    for (let start = 0; start < rows; start += ROW_CHUNK) {
      const count = Math.min(ROW_CHUNK, rows - start);
      let statement = s.insertMessages.get(count);
      if (!statement) {
        statement = database.prepare(`insert into esemes_messages (${MESSAGE_INSERT_COLUMNS.join(', ')}) values ${Array(count).fill(ROW_SQL).join(', ')}`);
        s.insertMessages.set(count, statement);
      }
      statement.run(count === rows ? pending : pending.slice(start * ROW_PARAMS, (start + count) * ROW_PARAMS));
    }
    pending.length = 0;
  }

  /**
   * The first acceptance of this event's (store_id, idempotency_key), as a DUPLICATE outcome.
   * @param {NonNullable<typeof statements>} s
   * @param {readonly unknown[]} data
   * @param {Item} item
   */
  function duplicateOf(s, data, item) {
    const row = s.findDuplicate.get(data[item.at + 1], data[item.at + 2]);
    return row ? [DUPLICATE, row.id, row.message_ids] : undefined;
  }

  /**
   * One event, inside a transaction; its message rows join `pending`, inserted by the caller.
   * @param {NonNullable<typeof statements>} s
   * @param {readonly unknown[]} data
   * @param {Item} item
   * @param {unknown[]} pending
   * @returns {unknown[]}
   */
  function acceptOne(s, data, item, pending) {
    const at = item.at;
    const eventId = data[at];
    const now = data[at + 6];
    const cancelsAt = at + EVENT_VALUES + 2;
    const messagesAt = cancelsAt + item.cancels;
    const messageIds = new Array(item.messages);
    for (let m = 0; m < item.messages; m += 1) messageIds[m] = data[messagesAt + m * MESSAGE_VALUES];
    // `changes` (0 when the key was taken) rather than RETURNING, which buffers its rows in a temporary table.
    if (s.insertEvent.run(eventId, data[at + 1], data[at + 2], data[at + 3], data[at + 4], data[at + 5], JSON.stringify(messageIds), now).changes === 0) {
      // Stored already (earlier, or earlier in this batch): answer with the first acceptance's ids.
      const winner = duplicateOf(s, data, item);
      if (winner) return winner;
      throw new Error(`outbox: event ${String(data[at + 1])}/${String(data[at + 2])} conflicted but no first acceptance was found`);
    }
    let cancelled = 0;
    if (item.cancels > 0) {
      // Earlier events' messages first, so they can be cancelled; this event's own come after its cancels.
      insertMessages(s, pending);
      const reason = `cancelled by event ${String(eventId)} (${String(data[at + 3])})`;
      for (const key of new Set(data.slice(cancelsAt, cancelsAt + item.cancels))) cancelled += s.cancelQueued.run(reason, now, now, key).changes;
    }
    let from = messagesAt;
    for (let m = 0; m < item.messages; m += 1, from += MESSAGE_VALUES) {
      pending.push(data[from], eventId);
      for (let v = 1; v < MESSAGE_VALUES; v += 1) pending.push(data[from + v]);
      pending.push(now, now, now);
    }
    return [ACCEPTED, cancelled];
  }

  const acceptBatch = database.transaction(
    /**
     * @param {NonNullable<typeof statements>} s
     * @param {readonly unknown[]} data
     * @param {readonly Item[]} items
     */
    (s, data, items) => {
      /** @type {unknown[]} */
      const pending = [];
      const outcomes = items.map((item) => acceptOne(s, data, item, pending));
      insertMessages(s, pending);
      return outcomes;
    },
  );
  const acceptAlone = database.transaction(
    /**
     * @param {NonNullable<typeof statements>} s
     * @param {readonly unknown[]} data
     * @param {Item} item
     */
    (s, data, item) => {
      /** @type {unknown[]} */
      const pending = [];
      const outcome = acceptOne(s, data, item, pending);
      insertMessages(s, pending);
      return outcome;
    },
  );

  /**
   * @param {NonNullable<typeof statements>} s
   * @param {readonly unknown[]} data
   * @param {readonly Item[]} items
   */
  function acceptEach(s, data, items) {
    return items.map((item) => {
      try {
        return acceptAlone.immediate(s, data, item);
      } catch (error) {
        // A unique index refused a row (e.g. a message key another event already uses): a duplicate if
        // the same event is stored, otherwise a real conflict.
        return (isUniqueViolation(error) && duplicateOf(s, data, item)) || failure(error);
      }
    });
  }

  return {
    write(data, count) {
      /** @type {unknown[][]} */
      let outcomes;
      try {
        const items = itemsOf(data, count);
        const s = (statements ??= prepare());
        if (items.length === 1) outcomes = acceptEach(s, data, items);
        else {
          try {
            outcomes = acceptBatch.immediate(s, data, items);
          } catch (error) {
            // The database itself failed (busy, I/O, full): retrying event by event would only fail slower.
            if (!isEventFault(error)) throw error;
            // Rolled back as a whole: find the event at fault by accepting each on its own.
            outcomes = acceptEach(s, data, items);
          }
        }
      } catch (error) {
        // The transaction itself failed (busy past busy_timeout, disk full, read-only, closed): nothing of
        // this batch was stored.
        outcomes = Array(count).fill(failure(error));
      }
      return outcomes.flat();
    },
  };
}

/**
 * Where each of the `count` events of `data` starts.
 * @param {readonly unknown[]} data
 * @param {number} count
 * @returns {Item[]}
 */
function itemsOf(data, count) {
  const items = new Array(count);
  let at = 0;
  for (let i = 0; i < count; i += 1) {
    const messages = Number(data[at + EVENT_VALUES]);
    const cancels = Number(data[at + EVENT_VALUES + 1]);
    items[i] = { at, messages, cancels };
    at += EVENT_VALUES + 2 + cancels + messages * MESSAGE_VALUES;
  }
  if (at !== data.length) throw new Error(`outbox: a batch of ${count} events is ${data.length} values long, expected ${at}`);
  return items;
}

/**
 * @param {unknown} error
 * @returns {unknown[]}
 */
function failure(error) {
  const code = sqliteCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return [FAILED, isEventFault(error) ? EVENT_FAULT : DATABASE_FAULT, code ?? null, message];
}

/** @param {unknown} error */
function sqliteCode(error) {
  const code = typeof error === 'object' && error !== null ? /** @type {{ code?: unknown }} */ (error).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * A constraint (unique, not null, foreign key) or a value SQLite cannot bind: one event's fault, not the database's.
 * @param {unknown} error
 */
function isEventFault(error) {
  const code = sqliteCode(error);
  return code === undefined || code.startsWith('SQLITE_CONSTRAINT');
}

/** @param {unknown} error */
function isUniqueViolation(error) {
  const code = sqliteCode(error);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
