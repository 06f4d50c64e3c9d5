// Runs the OutboxStore contract on a real PostgreSQL when ESEMES_TEST_POSTGRES_URL names one
// (`source .ci/postgres.sh` starts a throwaway server). Every test gets its own new database.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newEvent, newMessage, T0 } from './contract/harness.js';
import { openOutboxStore } from './open-store.js';
import { outboxStoreContract } from './store-contract.js';
import type { OutboxStore } from './types.js';

const adminUrl = process.env.ESEMES_TEST_POSTGRES_URL;

if (adminUrl === undefined || adminUrl === '') {
  describe.skip('OutboxStore contract: postgres (skipped: ESEMES_TEST_POSTGRES_URL is not set; `source .ci/postgres.sh` starts a server)', () => {
    it('runs the contract on PostgreSQL', () => {});
  });
} else {
  const admin = new pg.Pool({ connectionString: adminUrl, max: 2 });
  let databases = 0;
  let current = { name: '', url: '' };

  const createDatabase = async (): Promise<void> => {
    databases += 1;
    const name = `esemes_test_${process.pid}_${databases}_${Math.random().toString(36).slice(2, 8)}`;
    await admin.query(`create database "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    current = { name, url: url.toString() };
  };
  const dropDatabase = async (): Promise<void> => {
    await admin.query(`drop database if exists "${current.name}" with (force)`);
  };
  afterAll(() => admin.end());

  outboxStoreContract(
    'postgres',
    () => openOutboxStore(current.url),
    { describe, it, expect, beforeEach, afterEach },
    { fresh: createDatabase, dispose: dropDatabase },
  );

  describe('PostgreSQL specifics', () => {
    let store: OutboxStore;
    beforeAll(async () => {
      await createDatabase();
      store = await openOutboxStore(current.url);
      await store.migrate();
    });
    afterAll(async () => {
      await store.close();
      await dropDatabase();
    });

    it('Should skip rows another transaction holds instead of waiting for them (SKIP LOCKED)', async () => {
      const event = newEvent();
      const [held, free] = [newMessage(), newMessage()];
      await store.accept(event, [held, free], [], T0);
      const other = new pg.Client({ connectionString: current.url });
      await other.connect();
      try {
        await other.query('begin');
        await other.query('select id from esemes_messages where id = $1 for update', [held.id]);
        const started = Date.now();
        const claimed = await store.claimDue('worker', T0, 10, 60_000);
        expect(claimed.map((row) => row.id)).toEqual([free.id]);
        // Waiting for the lock would block until the other transaction ends (never, here): any bound far from it proves the skip.
        expect(Date.now() - started).toBeLessThan(30_000);
        await other.query('rollback');
        expect((await store.claimDue('worker', T0, 10, 60_000)).map((row) => row.id)).toEqual([held.id]);
      } finally {
        await other.end();
      }
    });

    it('Should store times as BIGINT and read them back as numbers', async () => {
      const far = newMessage({ notBefore: 4_102_444_800_000, expiresAt: 4_102_444_800_001 });
      await store.accept(newEvent(), [far], [], T0);
      const row = await store.getMessage(far.id);
      expect([row?.notBefore, row?.expiresAt, row?.createdAt]).toEqual([4_102_444_800_000, 4_102_444_800_001, T0]);
      const client = new pg.Client({ connectionString: current.url });
      await client.connect();
      try {
        const columns = await client.query<{ data_type: string }>(
          "select distinct data_type from information_schema.columns where table_name like 'esemes_%' and column_name like '%_at'",
        );
        expect(columns.rows).toEqual([{ data_type: 'bigint' }]);
      } finally {
        await client.end();
      }
    });
  });
}
