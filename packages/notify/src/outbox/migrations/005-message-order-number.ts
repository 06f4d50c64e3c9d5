// The order number the customer sees (`order.number` of the event), so that a message can be found by
// it: the rows had only the platform's order id. Rows accepted before this migration take it from their
// event's stored payload (null for events without an order), as 004 does for the platform.
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

const INDEX = 'esemes_messages_order_number_idx';

export const messageOrderNumber: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('esemes_messages').addColumn('order_number', 'text').execute();
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    const orderNumber = postgres ? sql`(e.payload::jsonb -> 'order' ->> 'number')` : sql`json_extract(e.payload, '$.order.number')`;
    await sql`update esemes_messages set order_number = (select ${orderNumber} from esemes_events e where e.id = esemes_messages.event_id)`.execute(db);
    // Looked up by exact number, alone or within a store, newest first: with created_at in the index SQLite's
    // planner prefers it to esemes_messages_store_created_idx when both the number and the store are given.
    // Partial: cart reminders without an order add no entry.
    await db.schema
      .createIndex(INDEX)
      .on('esemes_messages')
      .columns(['order_number', 'store_id', 'created_at'])
      .where(sql.raw<boolean>('order_number is not null'))
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex(INDEX).execute();
    await db.schema.alterTable('esemes_messages').dropColumn('order_number').execute();
  },
};
