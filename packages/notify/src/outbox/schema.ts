// The tables as Kysely sees them (snake_case, as stored). Row ↔ camelCase mapping lives in row-mapping.ts.
import type { ColumnType } from 'kysely';

/** BIGINT epoch milliseconds. pg returns int8 as a string; row-mapping.ts turns it into a number. */
export type Millis = ColumnType<number | string, number, number>;
export type NullableMillis = ColumnType<number | string | null, number | null, number | null>;

export interface EventsTable {
  id: string;
  store_id: string;
  idempotency_key: string;
  type: string;
  /** The validated event as JSON text. */
  payload: string;
  received_at: Millis;
  /** JSON array of the message ids, in the order they were inserted. */
  message_ids: string;
  created_at: Millis;
}

export interface MessagesTable {
  id: string;
  event_id: string;
  store_id: string;
  /** Added by migration 004 (default 'custom'). */
  platform: ColumnType<string, string | undefined, string>;
  event_type: string;
  message_key: string;
  message_class: string;
  recipient: string;
  text: string;
  sender: string;
  language: string;
  /** Boolean as integer 0/1 on both dialects. */
  opt_out_link: number;
  blacklist: string | null;
  parts: number;
  order_id: string | null;
  /** Added by migration 005 (null for messages of events without an order). */
  order_number: ColumnType<string | null, string | null | undefined, string | null>;
  cancel_key: string | null;
  not_before: Millis;
  expires_at: NullableMillis;
  status: string;
  attempts: number;
  next_attempt_at: Millis;
  claimed_by: string | null;
  lease_until: NullableMillis;
  attempt_started_at: NullableMillis;
  report_id: string | null;
  sent_at: NullableMillis;
  final_at: NullableMillis;
  provider_status: string | null;
  error_code: string | null;
  error: string | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface ReportPollsTable {
  report_id: string;
  first_sent_at: Millis;
  next_poll_at: Millis;
  polls: number;
  last_polled_at: NullableMillis;
}

export interface TemplateOverridesTable {
  store_id: string;
  event_type: string;
  language: string;
  body: string;
  updated_at: Millis;
}

/** Small shared settings, e.g. the dispatch pause: key → JSON text. */
export interface StateTable {
  key: string;
  value: string;
  updated_at: Millis;
}

/** Adapters' durable state (see StateStore in types.ts). */
export interface AdapterStateTable {
  namespace: string;
  key: string;
  value: string;
  version: number;
  due_at: NullableMillis;
  updated_at: Millis;
}

export interface OutboxDatabase {
  esemes_events: EventsTable;
  esemes_messages: MessagesTable;
  esemes_report_polls: ReportPollsTable;
  esemes_template_overrides: TemplateOverridesTable;
  esemes_state: StateTable;
  esemes_adapter_state: AdapterStateTable;
}
