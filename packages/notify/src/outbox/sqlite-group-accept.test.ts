import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { newEvent, newMessage, T0 } from './contract/harness.js';
import { openOutboxStore, SQLITE_PRAGMAS } from './open-store.js';
import { AsyncLock } from './sqlite-dialect.js';
import { createSqliteGroupAccept } from './sqlite-group-accept.js';
import { StoreConfigError } from './errors.js';
import { OutboxWriteError } from './write-error.js';

// The group commit behind the SQLite store's accept(), in both places it runs (a worker thread, the
// store's own connection); the store contract covers what accept() means.
const dir = mkdtempSync(join(tmpdir(), 'esemes-group-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

describe.each([
  { mode: 'in a worker thread', sqliteAcceptThread: true },
  { mode: "on the store's connection", sqliteAcceptThread: false },
])('SQLite group commit $mode', ({ sqliteAcceptThread }) => {
  async function freshStore() {
    files += 1;
    const file = join(dir, `outbox-${files}.db`);
    const store = await openOutboxStore(`sqlite:${file}`, { sqliteAcceptThread });
    await store.migrate();
    return { store, file };
  }

  it('resolves only once the rows are committed: another connection already sees them', async () => {
    const { store, file } = await freshStore();
    const accepted = await Promise.all(Array.from({ length: 50 }, () => store.accept(newEvent(), [newMessage()], [], T0)));
    const reader = new Sqlite(file, { readonly: true });
    try {
      const ids = accepted.flatMap((result) => result.messageIds);
      const count = reader.prepare(`select count(*) as n from esemes_messages where id in (${ids.map(() => '?').join(',')})`).get(...ids) as { n: number };
      expect(count.n).toBe(50);
    } finally {
      reader.close();
      await store.close();
    }
  });

  it('a database that refuses writes fails the whole burst, stores nothing, and works again afterwards', async () => {
    const { store, file } = await freshStore();
    const writer = new Sqlite(file);
    try {
      // Another process holds the write lock for longer than busy_timeout (5 s) waits.
      writer.exec('begin immediate');
      const burst = Array.from({ length: 5 }, () => ({ event: newEvent(), message: newMessage() }));
      const outcomes = await Promise.race([
        Promise.allSettled(burst.map(({ event, message }) => store.accept(event, [message], [], T0))),
        new Promise((resolve) => setTimeout(resolve, 20_000, 'timeout')),
      ]);
      expect(Array.isArray(outcomes)).toBe(true);
      for (const outcome of outcomes as PromiseSettledResult<unknown>[]) {
        expect(outcome.status).toBe('rejected');
        const reason = (outcome as PromiseRejectedResult).reason as OutboxWriteError;
        expect(reason).toBeInstanceOf(OutboxWriteError);
        expect(reason).toMatchObject({ code: 'store_unavailable', sqliteCode: 'SQLITE_BUSY', stored: 'no' });
        expect(reason.message).toMatch(/locked|busy/i);
      }
      writer.exec('rollback');
      for (const { message } of burst) expect(await store.getMessage(message.id)).toBeUndefined();
      const retry = await store.accept(burst[0]!.event, [burst[0]!.message], [], T0 + 1);
      expect(retry.status).toBe('accepted');
    } finally {
      writer.close();
      await store.close();
    }
  }, 120_000);

  it("in one batch: a later event cancels an earlier one's messages, never its own; a repeat answers with the first ids; many messages all land", async () => {
    const { store } = await freshStore();
    try {
      const first = newEvent();
      const early = newMessage({ cancelKey: 'order-1' });
      const late = newMessage({ cancelKey: 'order-1' });
      const many = Array.from({ length: 75 }, () => newMessage());
      // Queued in the same turn of the event loop, so committed together.
      const [a, b, repeat, bulk] = await Promise.all([
        store.accept(first, [early], [], T0),
        store.accept(newEvent(), [late], ['order-1'], T0),
        store.accept({ ...first, eventId: 'evt-other' }, [newMessage()], [], T0),
        store.accept(newEvent(), many, [], T0),
      ]);
      expect(a).toMatchObject({ status: 'accepted', cancelled: 0 });
      expect(b).toMatchObject({ status: 'accepted', cancelled: 1 });
      expect(repeat).toEqual({ status: 'duplicate', eventId: first.eventId, messageIds: [early.id] });
      expect(bulk.messageIds).toHaveLength(75);
      expect((await store.getMessage(early.id))?.status).toBe('cancelled');
      expect((await store.getMessage(late.id))?.status).toBe('queued');
      for (const message of many) expect((await store.getMessage(message.id))?.status).toBe('queued');
    } finally {
      await store.close();
    }
  });

  it('in one batch without cancels: 300 events (more rows than one INSERT holds), repeats within the batch and of an earlier event answer with the first ids', async () => {
    const { store, file } = await freshStore();
    try {
      const earlier = newEvent();
      const earlierMessage = newMessage();
      await store.accept(earlier, [earlierMessage], [], T0);
      const events = Array.from({ length: 300 }, () => ({ event: newEvent(), messages: [newMessage()] }));
      // No messages at all (every recipient skipped): the event row alone.
      const empty = newEvent();
      const [results, repeatInBatch, repeatEarlier, emptyResult] = await Promise.all([
        Promise.all(events.map(({ event, messages }) => store.accept(event, messages, [], T0))),
        store.accept({ ...events[7]!.event, eventId: 'evt-repeat-in-batch' }, [newMessage()], [], T0),
        store.accept({ ...earlier, eventId: 'evt-repeat-earlier' }, [newMessage()], [], T0),
        store.accept(empty, [], [], T0),
      ]);
      expect(results.map((result) => result.status)).toEqual(events.map(() => 'accepted'));
      expect(results[7]).toEqual({ status: 'accepted', eventId: events[7]!.event.eventId, messageIds: [events[7]!.messages[0]!.id], cancelled: 0 });
      expect(repeatInBatch).toEqual({ status: 'duplicate', eventId: events[7]!.event.eventId, messageIds: [events[7]!.messages[0]!.id] });
      expect(repeatEarlier).toEqual({ status: 'duplicate', eventId: earlier.eventId, messageIds: [earlierMessage.id] });
      expect(emptyResult).toEqual({ status: 'accepted', eventId: empty.eventId, messageIds: [], cancelled: 0 });
      const reader = new Sqlite(file, { readonly: true });
      try {
        // Nothing stored twice, nothing of the repeats stored at all.
        expect(reader.prepare('select count(*) as n from esemes_events').get()).toEqual({ n: 302 });
        expect(reader.prepare('select count(*) as n from esemes_messages').get()).toEqual({ n: 301 });
        const row = reader.prepare('select message_ids from esemes_events where id = ?').get(events[299]!.event.eventId) as { message_ids: string };
        expect(JSON.parse(row.message_ids)).toEqual([events[299]!.messages[0]!.id]);
      } finally {
        reader.close();
      }
    } finally {
      await store.close();
    }
  });

  it('a message key conflict in a batch fails that event alone', async () => {
    const { store } = await freshStore();
    try {
      const taken = newMessage();
      await store.accept(newEvent(), [taken], [], T0);
      const good = [newMessage(), newMessage()];
      const outcomes = await Promise.allSettled([
        store.accept(newEvent(), [good[0]!], [], T0),
        store.accept(newEvent(), [newMessage({ messageKey: taken.messageKey })], [], T0),
        store.accept(newEvent(), [good[1]!], [], T0),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({
        name: 'OutboxWriteError',
        code: 'event_refused',
        sqliteCode: 'SQLITE_CONSTRAINT_UNIQUE',
      });
      for (const message of good) expect((await store.getMessage(message.id))?.status).toBe('queued');
    } finally {
      await store.close();
    }
  });

  it('rejects an accept made after close instead of leaving it pending', async () => {
    const { store } = await freshStore();
    await store.close();
    await expect(store.accept(newEvent(), [newMessage()], [], T0)).rejects.toMatchObject({ name: 'OutboxWriteError', code: 'store_closed' });
  });

  it('close() waits for every accept already made: all of them are stored', async () => {
    const { store, file } = await freshStore();
    const events = Array.from({ length: 40 }, () => ({ event: newEvent(), message: newMessage() }));
    const accepted = Promise.all(events.map(({ event, message }) => store.accept(event, [message], [], T0)));
    await store.close();
    expect((await accepted).map((result) => result.status)).toEqual(events.map(() => 'accepted'));
    const reader = new Sqlite(file, { readonly: true });
    try {
      expect(reader.prepare('select count(*) as n from esemes_messages').get()).toEqual({ n: 40 });
    } finally {
      reader.close();
    }
  });

  it('a value SQLite cannot store fails that event alone with event_refused; the rest of the burst is stored', async () => {
    const { store } = await freshStore();
    try {
      const good = [newMessage(), newMessage()];
      const bad = [
        newMessage({ orderId: { id: 1 } as unknown as string }),
        newMessage({ optOutLink: 'yes' as unknown as boolean, parts: true as unknown as number }),
        newMessage({ text: undefined as unknown as string }),
        newMessage({ sender: (() => 'DEMO') as unknown as string }),
      ];
      const outcomes = await Promise.allSettled([
        store.accept(newEvent(), [good[0]!], [], T0),
        ...bad.map((message) => store.accept(newEvent(), [message], [], T0)),
        store.accept(newEvent({ payload: Symbol('x') as unknown as string }), [newMessage()], [], T0),
        store.accept(newEvent(), [good[1]!], [], T0),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'fulfilled']);
      for (const outcome of outcomes.slice(1, -1)) {
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({ name: 'OutboxWriteError', code: 'event_refused' });
      }
      for (const message of good) expect((await store.getMessage(message.id))?.status).toBe('queued');
      for (const message of bad) expect(await store.getMessage(message.id)).toBeUndefined();
      expect((await store.countByStatus()).queued).toBe(2);
    } finally {
      await store.close();
    }
  });
});

describe('SQLite group commit: gathering a batch over a few turns of the event loop', () => {
  /** A migrated file, and a group commit on a second connection that records each COMMIT it runs. */
  async function tracedGroupAccept(gatherTurns?: number) {
    files += 1;
    const file = join(dir, `gather-${files}.db`);
    const store = await openOutboxStore(`sqlite:${file}`);
    await store.migrate();
    await store.close();
    const statements: string[] = [];
    const traced = new Sqlite(file, { verbose: (sql) => statements.push(String(sql)) });
    for (const pragma of SQLITE_PRAGMAS) traced.pragma(pragma);
    const accept = createSqliteGroupAccept(traced, new AsyncLock(), gatherTurns === undefined ? {} : { gatherTurns });
    const commits = () => statements.filter((sql) => sql === 'COMMIT').length;
    const stored = () => (traced.prepare('select count(*) as n from esemes_messages').get() as { n: number }).n;
    const close = async () => {
      await accept.close();
      traced.close();
    };
    return { accept, commits, stored, close };
  }

  /** Accepts `perTurn` events in each of `turns` consecutive turns of the loop (as requests read turn after turn). */
  async function acceptOverTurns(accept: (n: number) => Promise<unknown>, turns: number, perTurn: number): Promise<unknown[]> {
    const pending: Promise<unknown>[] = [];
    for (let turn = 0; turn < turns; turn += 1) {
      for (let i = 0; i < perTurn; i += 1) pending.push(accept(turn));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return Promise.all(pending);
  }

  it('by default, acceptances made over four turns of the loop share one commit, and every one is stored once', async () => {
    const traced = await tracedGroupAccept();
    try {
      const outcomes = await acceptOverTurns(() => traced.accept.accept(newEvent(), [newMessage()], [], T0), 4, 5);
      expect(outcomes).toHaveLength(20);
      for (const outcome of outcomes) expect(outcome).toMatchObject({ status: 'accepted', cancelled: 0 });
      expect(traced.commits()).toBe(1);
      expect(traced.stored()).toBe(20);
    } finally {
      await traced.close();
    }
  });

  it('with gatherTurns 0, each turn that accepted commits on its own', async () => {
    const traced = await tracedGroupAccept(0);
    try {
      await acceptOverTurns(() => traced.accept.accept(newEvent(), [newMessage()], [], T0), 4, 5);
      expect(traced.commits()).toBe(4);
      expect(traced.stored()).toBe(20);
    } finally {
      await traced.close();
    }
  });

  it('a lone acceptance still commits without waiting for more', async () => {
    const traced = await tracedGroupAccept();
    try {
      const outcome = await traced.accept.accept(newEvent(), [newMessage()], [], T0);
      expect(outcome).toMatchObject({ status: 'accepted' });
      expect(traced.commits()).toBe(1);
      expect(traced.stored()).toBe(1);
    } finally {
      await traced.close();
    }
  });

  it('refuses a gatherTurns that is not a whole number from 0 to 64', () => {
    const database = new Sqlite(':memory:');
    try {
      for (const bad of [-1, 1.5, 65, Number.NaN, '3' as unknown as number]) {
        expect(() => createSqliteGroupAccept(database, new AsyncLock(), { gatherTurns: bad })).toThrow(StoreConfigError);
      }
    } finally {
      database.close();
    }
  });
});
