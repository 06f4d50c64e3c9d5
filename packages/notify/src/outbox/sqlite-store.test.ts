import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOutboxStore, openSqlite } from './open-store.js';
import type { OutboxDatabase } from './schema.js';
import { outboxStoreContract } from './store-contract.js';
import { storeIdsQuery } from './store-stats.js';

const dir = mkdtempSync(join(tmpdir(), 'esemes-outbox-'));
let file = '';
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

outboxStoreContract(
  'sqlite file (two instances per file)',
  () => openOutboxStore(`sqlite:${file}`),
  { describe, it, expect, beforeEach, afterEach },
  {
    fresh: () => {
      files += 1;
      file = join(dir, `nested/outbox-${files}.db`);
    },
  },
);

outboxStoreContract(
  'sqlite file with the acceptance thread (two instances per file)',
  () => openOutboxStore(`sqlite:${file}`, { sqliteAcceptThread: true }),
  { describe, it, expect, beforeEach, afterEach },
  {
    fresh: () => {
      files += 1;
      file = join(dir, `nested/outbox-${files}.db`);
    },
  },
);

outboxStoreContract('sqlite::memory:', () => openOutboxStore('sqlite::memory:'), { describe, it, expect, beforeEach, afterEach }, { shared: false });

describe('SQLite specifics', () => {
  it('Should list store ids by seeking the unique (store_id, idempotency_key) index, never scanning the events', async () => {
    const path = join(dir, 'plans.db');
    const store = await openOutboxStore(`sqlite:${path}`);
    await store.migrate();
    await store.close();
    const database = openSqlite(path);
    const db = new Kysely<OutboxDatabase>({ dialect: new SqliteDialect({ database }) });
    try {
      const { sql: text, parameters } = storeIdsQuery(1000).compile(db);
      const details = (database.prepare(`explain query plan ${text}`).all(...parameters) as Array<{ detail: string }>).map((row) => row.detail);
      // The first id and every next one: a seek in the covering unique index.
      expect(details.filter((detail) => /^SEARCH (e|esemes_events) USING COVERING INDEX sqlite_autoindex_esemes_events_\d/.test(detail))).toHaveLength(2);
      expect(details.some((detail) => /store_id>\?/.test(detail))).toBe(true);
      expect(details.filter((detail) => /^SCAN (e|esemes_events)\b/.test(detail))).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
