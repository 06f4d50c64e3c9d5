// Durable state for platform adapters (last order status seen, connected stores, retry queues), kept in
// the outbox's database so that one connection and one set of locks serve both.
import { sql, type Kysely, type Migration } from 'kysely';

export const adapterState: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('esemes_adapter_state')
      .addColumn('namespace', 'text', (col) => col.notNull())
      .addColumn('key', 'text', (col) => col.notNull())
      .addColumn('value', 'text', (col) => col.notNull())
      .addColumn('version', 'integer', (col) => col.notNull())
      .addColumn('due_at', 'bigint')
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('esemes_adapter_state_pk', ['namespace', 'key'])
      .execute();
    await db.schema
      .createIndex('esemes_adapter_state_due_idx')
      .on('esemes_adapter_state')
      .columns(['namespace', 'due_at'])
      .where(sql.raw<boolean>('due_at is not null'))
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('esemes_adapter_state').execute();
  },
};
