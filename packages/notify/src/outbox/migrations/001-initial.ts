// The first schema. Portable across SQLite and PostgreSQL: times are BIGINT epoch ms, booleans are
// integers 0/1, JSON is text. Migrations see an untyped Kysely: they must not follow later schema types.
import { sql, type Kysely, type Migration } from 'kysely';

export const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('esemes_events')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('store_id', 'text', (col) => col.notNull())
      .addColumn('idempotency_key', 'text', (col) => col.notNull())
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('payload', 'text', (col) => col.notNull())
      .addColumn('received_at', 'bigint', (col) => col.notNull())
      .addColumn('message_ids', 'text', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addUniqueConstraint('esemes_events_idempotency_unique', ['store_id', 'idempotency_key'])
      .execute();

    await db.schema
      .createTable('esemes_messages')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('event_id', 'text', (col) => col.notNull().references('esemes_events.id'))
      .addColumn('store_id', 'text', (col) => col.notNull())
      .addColumn('event_type', 'text', (col) => col.notNull())
      .addColumn('message_key', 'text', (col) => col.notNull().unique())
      .addColumn('message_class', 'text', (col) => col.notNull())
      .addColumn('recipient', 'text', (col) => col.notNull())
      .addColumn('text', 'text', (col) => col.notNull())
      .addColumn('sender', 'text', (col) => col.notNull())
      .addColumn('language', 'text', (col) => col.notNull())
      .addColumn('opt_out_link', 'integer', (col) => col.notNull())
      .addColumn('blacklist', 'text')
      .addColumn('parts', 'integer', (col) => col.notNull())
      .addColumn('order_id', 'text')
      .addColumn('cancel_key', 'text')
      .addColumn('not_before', 'bigint', (col) => col.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (col) => col.notNull())
      .addColumn('claimed_by', 'text')
      .addColumn('lease_until', 'bigint')
      .addColumn('attempt_started_at', 'bigint')
      .addColumn('report_id', 'text')
      .addColumn('sent_at', 'bigint')
      .addColumn('final_at', 'bigint')
      .addColumn('provider_status', 'text')
      .addColumn('error_code', 'text')
      .addColumn('error', 'text')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .execute();

    const index = (name: string, columns: string[], where?: string) => {
      const builder = db.schema.createIndex(name).on('esemes_messages').columns(columns);
      return (where === undefined ? builder : builder.where(sql.raw<boolean>(where))).execute();
    };
    // Claiming: only queued rows, scanned oldest first; the time conditions filter along the way.
    await index('esemes_messages_claim_idx', ['created_at', 'id'], "status = 'queued'");
    await index('esemes_messages_lease_idx', ['lease_until'], "status = 'sending'");
    await index('esemes_messages_expiry_idx', ['expires_at'], "status = 'queued' and expires_at is not null");
    await index('esemes_messages_unknown_idx', ['attempt_started_at'], "status = 'unknown'");
    await index('esemes_messages_status_idx', ['status', 'created_at']);
    await index('esemes_messages_cancel_key_idx', ['cancel_key']);
    await index('esemes_messages_report_idx', ['report_id']);
    await index('esemes_messages_store_created_idx', ['store_id', 'created_at']);
    await index('esemes_messages_order_idx', ['order_id']);
    await index('esemes_messages_recipient_idx', ['recipient']);
    await index('esemes_messages_created_idx', ['created_at', 'id']);

    await db.schema
      .createTable('esemes_report_polls')
      .addColumn('report_id', 'text', (col) => col.primaryKey())
      .addColumn('first_sent_at', 'bigint', (col) => col.notNull())
      .addColumn('next_poll_at', 'bigint', (col) => col.notNull())
      .addColumn('polls', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('last_polled_at', 'bigint')
      .execute();
    await db.schema.createIndex('esemes_report_polls_due_idx').on('esemes_report_polls').column('next_poll_at').execute();

    await db.schema
      .createTable('esemes_template_overrides')
      .addColumn('store_id', 'text', (col) => col.notNull())
      .addColumn('event_type', 'text', (col) => col.notNull())
      .addColumn('language', 'text', (col) => col.notNull())
      .addColumn('body', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('esemes_template_overrides_pk', ['store_id', 'event_type', 'language'])
      .execute();

    await db.schema
      .createTable('esemes_state')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('value', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['esemes_state', 'esemes_template_overrides', 'esemes_report_polls', 'esemes_messages', 'esemes_events']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
