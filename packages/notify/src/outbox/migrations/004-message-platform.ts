// The platform of each message's event (`woocommerce`, `shopify`, `custom` …), so that a delivery report
// reaches only the adapter whose store sent the message, without parsing message keys. Rows accepted
// before this migration take it from their event's stored payload.
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

export const messagePlatform: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('esemes_messages')
      .addColumn('platform', 'text', (col) => col.notNull().defaultTo('custom'))
      .execute();
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    const platform = postgres ? sql`(e.payload::jsonb -> 'store' ->> 'platform')` : sql`json_extract(e.payload, '$.store.platform')`;
    await sql`update esemes_messages set platform = coalesce((select ${platform} from esemes_events e where e.id = esemes_messages.event_id), 'custom')`.execute(
      db,
    );
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('esemes_messages').dropColumn('platform').execute();
  },
};
