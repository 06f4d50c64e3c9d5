// Group commit for acceptance on SQLite. A SQLite commit costs ~200 µs whatever it holds (WAL page
// writes, locks), so accepting one event per transaction caps a server near 4,000 events/s. Accepts
// that arrive while another batch is being written queue up and commit together: one BEGIN IMMEDIATE,
// every event, one COMMIT. If any statement fails, the whole batch rolls back and each of its events
// is retried in a transaction of its own, so one bad event fails alone. (Not a savepoint per event:
// measured, a SAVEPOINT/RELEASE pair doubles the cost of an acceptance.) Nobody's promise resolves
// before the commit that holds their rows, so "accepted" still means "stored".
// Statements are prepared once and run directly: Kysely's query compilation costs more than the insert.
// Per event: the event row goes in first (ON CONFLICT DO NOTHING), and only when nothing was inserted is
// the first acceptance looked up. The messages of a batch wait and go in with multi-row INSERTs, flushed
// before any cancel runs (so a cancel sees every earlier event's messages, never its own) and at the end.
import type { Database, Statement } from 'better-sqlite3';
import { eventToRow, messageIdsFromJson, messageToRow } from './row-mapping.js';
import type { AsyncLock } from './sqlite-dialect.js';
import { isUniqueViolation } from './store-context.js';
import type { AcceptedEvent, AcceptResult, NewMessage } from './types.js';

export interface GroupAcceptOptions {
  /** Events per transaction at most (default 500): bounds how long one commit holds the writer lock. */
  maxBatch?: number;
}

export interface GroupAccept {
  accept(event: AcceptedEvent, messages: readonly NewMessage[], cancels: readonly string[], now: number): Promise<AcceptResult>;
  /** Resolves once every accept queued so far has committed or failed. */
  drain(): Promise<void>;
}

interface Pending {
  event: AcceptedEvent;
  messages: readonly NewMessage[];
  cancels: readonly string[];
  now: number;
  resolve: (result: AcceptResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AcceptResult } | { ok: false; error: unknown };

interface Statements {
  findDuplicate: Statement<[string, string], { id: string; message_ids: string }>;
  insertEvent: Statement<[Record<string, unknown>], { id: string }>;
  /** Multi-row message INSERTs by row count (1 … 999 / columns), prepared on first use. */
  insertMessages: Map<number, Statement<unknown[]>>;
  cancelQueued: Statement<[{ reason: string; now: number; key: string }]>;
}

/** An INSERT of every column of `row`, with named parameters (better-sqlite3 checks each is bound). */
function insertSql(table: string, row: Record<string, unknown>, tail = ''): string {
  const columns = Object.keys(row);
  return `insert into ${table} (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})${tail}`;
}

/**
 * `database` is the outbox's better-sqlite3 handle and `lock` the in-process lock Kysely takes for the
 * same file: a batch runs only while no Kysely transaction is open on that connection.
 */
export function createSqliteGroupAccept(database: Database, lock: AsyncLock, options: GroupAcceptOptions = {}): GroupAccept {
  const maxBatch = options.maxBatch ?? 500;
  const queue: Pending[] = [];
  let statements: Statements | undefined;
  const messageColumns = Object.keys(messageToRow(sampleMessage, '', 0));
  const messageValues = `(${messageColumns.map(() => '?').join(', ')})`;
  // Message rows per INSERT at most: within the 999 bound parameters of SQLite's oldest default.
  const messageChunk = Math.max(1, Math.floor(999 / messageColumns.length));
  let flushing: Promise<void> | undefined;

  // Prepared at the first batch, after migrations have created the tables.
  function prepare(sample: Pending): Statements {
    return {
      findDuplicate: database.prepare('select id, message_ids from esemes_events where store_id = ? and idempotency_key = ?'),
      insertEvent: database.prepare(
        insertSql('esemes_events', eventToRow(sample.event, [], sample.now), ' on conflict (store_id, idempotency_key) do nothing returning id'),
      ),
      insertMessages: new Map(),
      cancelQueued: database.prepare(
        "update esemes_messages set status = 'cancelled', error_code = 'cancelled', error = @reason, final_at = @now, updated_at = @now where +status = 'queued' and cancel_key = @key",
      ),
    };
  }

  function duplicateOf(s: Statements, event: AcceptedEvent): AcceptResult | undefined {
    const row = s.findDuplicate.get(event.storeId, event.idempotencyKey);
    return row ? { status: 'duplicate', eventId: row.id, messageIds: messageIdsFromJson(row.message_ids) } : undefined;
  }

  /** Inserts the rows (column values in `messageColumns` order) and empties `rows`. */
  function insertMessages(s: Statements, rows: unknown[][]): void {
    for (let start = 0; start < rows.length; start += messageChunk) {
      const slice = rows.slice(start, start + messageChunk);
      let statement = s.insertMessages.get(slice.length);
      if (!statement) {
        const columns = messageColumns.map((c) => `"${c}"`).join(', ');
        statement = database.prepare<unknown[]>(`insert into esemes_messages (${columns}) values ${Array(slice.length).fill(messageValues).join(', ')}`);
        s.insertMessages.set(slice.length, statement);
      }
      statement.run(slice.flat());
    }
    rows.length = 0;
  }

  // One event, inside a transaction; its message rows join `pending`, inserted by the caller.
  const acceptOne = (s: Statements, item: Pending, pending: unknown[][]): AcceptResult => {
    const { event, messages, cancels, now } = item;
    const messageIds = messages.map((message) => message.id);
    if (!s.insertEvent.get(eventToRow(event, messageIds, now))) {
      // Stored already (earlier, or earlier in this batch): answer with the first acceptance's ids.
      const winner = duplicateOf(s, event);
      if (winner) return winner;
      throw new Error(`outbox: event ${event.storeId}/${event.idempotencyKey} conflicted but no first acceptance was found`);
    }
    let cancelled = 0;
    if (cancels.length > 0) {
      // Earlier events' messages first, so they can be cancelled; this event's own come after its cancels.
      insertMessages(s, pending);
      const reason = `cancelled by event ${event.eventId} (${event.type})`;
      for (const key of new Set(cancels)) cancelled += s.cancelQueued.run({ reason, now, key }).changes;
    }
    for (const message of messages) {
      const row = messageToRow(message, event.eventId, now) as Record<string, unknown>;
      pending.push(messageColumns.map((column) => row[column]));
    }
    return { status: 'accepted', eventId: event.eventId, messageIds, cancelled };
  };

  const acceptBatch = database.transaction((s: Statements, items: readonly Pending[]): Outcome[] => {
    const pending: unknown[][] = [];
    const outcomes = items.map((item): Outcome => ({ ok: true, result: acceptOne(s, item, pending) }));
    insertMessages(s, pending);
    return outcomes;
  });
  const acceptAlone = database.transaction((s: Statements, item: Pending): AcceptResult => {
    const pending: unknown[][] = [];
    const result = acceptOne(s, item, pending);
    insertMessages(s, pending);
    return result;
  });

  function acceptEach(s: Statements, items: readonly Pending[]): Outcome[] {
    return items.map((item): Outcome => {
      try {
        return { ok: true, result: acceptAlone.immediate(s, item) };
      } catch (error) {
        // A unique index refused a row (e.g. a message key another event already uses): a duplicate if
        // the same event is stored, otherwise a real conflict.
        const winner = isUniqueViolation(error) ? duplicateOf(s, item.event) : undefined;
        return winner ? { ok: true, result: winner } : { ok: false, error };
      }
    });
  }

  function run(items: readonly Pending[]): Outcome[] {
    const s = (statements ??= prepare(items[0] as Pending));
    if (items.length === 1) return acceptEach(s, items);
    try {
      return acceptBatch.immediate(s, items);
    } catch (error) {
      // The database itself failed (busy, I/O, full): retrying event by event would only fail slower.
      if (!isEventFault(error)) throw error;
      // Rolled back as a whole: find the event at fault by accepting each on its own.
      return acceptEach(s, items);
    }
  }

  async function flush(): Promise<void> {
    try {
      while (queue.length > 0) {
        await lock.acquire();
        const batch = queue.splice(0, maxBatch);
        let outcomes: Outcome[];
        try {
          outcomes = run(batch);
        } catch (error) {
          // The transaction itself failed (busy past busy_timeout, disk full, closed database): nothing
          // of this batch was stored.
          outcomes = batch.map(() => ({ ok: false, error }));
        } finally {
          lock.release();
        }
        outcomes.forEach((outcome, i) => {
          const item = batch[i] as Pending;
          if (outcome.ok) item.resolve(outcome.result);
          else item.reject(outcome.error);
        });
      }
    } finally {
      // In the same synchronous step that saw the queue empty, before any caller resumed: whoever
      // accepts next schedules a new flush.
      flushing = undefined;
    }
  }

  return {
    accept(event, messages, cancels, now) {
      return new Promise<AcceptResult>((resolve, reject) => {
        queue.push({ event, messages, cancels, now, resolve, reject });
        // Wait one turn of the event loop so that requests already read join this batch.
        flushing ??= new Promise<void>((done) => setImmediate(done)).then(flush);
      });
    },
    async drain() {
      while (flushing) await flushing;
    },
  };
}

/** A constraint (unique, not null, foreign key) or a value SQLite cannot bind: one event's fault, not the database's. */
function isEventFault(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code !== 'string' || !code.startsWith('SQLITE_') || code.startsWith('SQLITE_CONSTRAINT');
}

// Only its keys matter: they name the columns of the prepared INSERT.
const sampleMessage: NewMessage = {
  id: '',
  storeId: '',
  platform: '',
  eventType: '',
  messageKey: '',
  messageClass: 'transactional',
  recipient: '',
  text: '',
  sender: '',
  language: 'tr',
  optOutLink: false,
  blacklist: null,
  parts: 0,
  orderId: null,
  orderNumber: null,
  cancelKey: null,
  notBefore: 0,
  expiresAt: null,
};
