// The durable outbox: what the engine stores and how it claims work. One interface, two implementations
// (SQLite, PostgreSQL) built on one Kysely query builder. Times are epoch milliseconds everywhere.
import type { MessageClass } from '../events/message-class.js';

/**
 * Life of a message:
 * queued → sending (claimed by a dispatcher) → sent (report id known) → delivered | undelivered
 * sending → queued (not sent: retry later) | unknown (may have been sent: reconcile) | failed
 * unknown → sent (found at the provider) | queued (no trace after the grace period)
 * queued → cancelled (cancel key, time-to-live, privacy request) ; any open state → failed (permanent error)
 * A redacted message (recipient `redacted`) never goes back to queued: where it would, it becomes cancelled.
 */
export type MessageStatus = 'queued' | 'sending' | 'unknown' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'cancelled';

export const OPEN_STATUSES: readonly MessageStatus[] = ['queued', 'sending', 'unknown'];

/** A message as the engine creates it at acceptance. */
export interface NewMessage {
  id: string;
  storeId: string;
  /** The event's `store.platform` (`woocommerce`, `shopify`, `custom` …). */
  platform: string;
  eventType: string;
  /** Stable per event: `<event idempotency key>#<role>` (role: `customer`, `admin:<n>`). */
  messageKey: string;
  messageClass: MessageClass;
  /** Normalized 10-digit Turkish mobile. */
  recipient: string;
  text: string;
  sender: string;
  language: string;
  /** Provider options; messages with equal options can share one request. */
  optOutLink: boolean;
  blacklist: 'own' | 'general' | null;
  /** Estimated SMS parts. */
  parts: number;
  orderId: string | null;
  /** The order number the customer sees (`order.number` of the event), or null for an event without an order. */
  orderNumber: string | null;
  /** Queued messages with this key are cancelled by `cancelByKey`. */
  cancelKey: string | null;
  notBefore: number;
  expiresAt: number | null;
}

export interface MessageRow extends NewMessage {
  eventId: string;
  status: MessageStatus;
  attempts: number;
  /** Not before this time will the dispatcher claim it again (backoff). */
  nextAttemptAt: number;
  /** Who holds the claim and until when (status `sending`). */
  claimedBy: string | null;
  leaseUntil: number | null;
  /** When the last send attempt started: the window reconciliation searches. */
  attemptStartedAt: number | null;
  reportId: string | null;
  sentAt: number | null;
  finalAt: number | null;
  /** Provider `durum` as last seen, e.g. `DELIVERED`, `WAITING`. */
  providerStatus: string | null;
  errorCode: string | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

/** The columns `claimDue` reads, in the order the SQLite claim's `claimedFromArray` reads them (13 of the 33). */
export const CLAIMED_COLUMNS = [
  'id',
  'store_id',
  'platform',
  'event_type',
  'message_key',
  'order_id',
  'recipient',
  'text',
  'sender',
  'opt_out_link',
  'blacklist',
  'attempts',
  'created_at',
] as const;

/**
 * A message as `claimDue` returns it: what its send and its `message.status` events need, no more. Reading
 * every column of a claimed batch cost as much as the claim's update itself (SQLite, 100,000 rows).
 */
export type ClaimedMessage = Pick<
  MessageRow,
  | 'id'
  | 'storeId'
  | 'platform'
  | 'eventType'
  | 'messageKey'
  | 'orderId'
  | 'recipient'
  | 'text'
  | 'sender'
  | 'optOutLink'
  | 'blacklist'
  | 'attempts'
  | 'createdAt'
  | 'status'
  | 'claimedBy'
  | 'leaseUntil'
  | 'attemptStartedAt'
  | 'updatedAt'
>;

export interface AcceptedEvent {
  eventId: string;
  storeId: string;
  idempotencyKey: string;
  type: string;
  /** The validated event as JSON. */
  payload: string;
  receivedAt: number;
}

export type AcceptResult =
  { status: 'accepted'; eventId: string; messageIds: string[]; cancelled: number } | { status: 'duplicate'; eventId: string; messageIds: string[] };

export interface MessageFilter {
  status?: MessageStatus;
  storeId?: string;
  orderId?: string;
  /** The order number the customer sees, exactly (`order.number` of the event). */
  orderNumber?: string;
  recipient?: string;
  /** Created at or after this instant (epoch ms). */
  createdFrom?: number;
  /** Created before this instant (epoch ms; exclusive, so consecutive ranges do not overlap). */
  createdUntil?: number;
  limit?: number;
  /** Messages created before this id's creation (keyset pagination, newest first). */
  before?: string;
}

/** The windows of {@link OutboxStore.messageStats}, epoch ms. */
export interface MessageStatsQuery {
  /** Messages created at or after this instant… */
  since: number;
  /** …and before this one. */
  until: number;
  /** Added to `created_at` before cutting it into days of 86,400,000 ms (a time zone's offset): an integer. */
  dayOffsetMs: number;
  /** Messages created at or after this instant are `recent` (e.g. the last 24 hours). */
  recentSince: number;
}

/** One group of messages of {@link OutboxStore.messageStats}. */
export interface MessageStatsRow {
  status: MessageStatus;
  /** `floor((created_at + dayOffsetMs) / 86,400,000)`: days since 1970-01-01 in the shifted time. */
  day: number;
  /** Created at or after `recentSince`. */
  recent: boolean;
  count: number;
}

export interface TemplateOverride {
  storeId: string;
  eventType: string;
  language: string;
  body: string;
  updatedAt: number;
}

/** An account-level pause of dispatch (auth or credit trouble). */
export interface DispatchPause {
  reason: string;
  code: string;
  since: number;
  /** The sender title whose request failed: a credit pause ends when that title's kind of credit is back. */
  sender?: string;
}

/** One entry of an adapter's durable state (see {@link StateStore}). */
export interface StateRecord {
  key: string;
  /** What the adapter stored, usually JSON. */
  value: string;
  /** 1 at creation, +1 at every write: the token of a compare-and-set. */
  version: number;
  /** When the entry is due (a retry, a scheduled job), epoch ms; null for plain state. */
  dueAt: number | null;
  updatedAt: number;
}

export interface PutStateOptions {
  /** undefined: write whatever is there; null: only if the key is absent; a number: only if that is the current version. */
  expectedVersion?: number | null;
  /** Default null. */
  dueAt?: number | null;
}

/**
 * Small durable state for adapters (the last status seen per order, connected stores, retry queues), in
 * the outbox's own database so it shares its transactions' locks and needs no second connection.
 * Namespaces keep adapters apart (`woocommerce:orders`).
 */
export interface StateStore {
  getState(namespace: string, key: string): Promise<StateRecord | undefined>;
  /** Returns the stored record, or undefined when `expectedVersion` did not match (nothing written). */
  putState(namespace: string, key: string, value: string, options: PutStateOptions, now: number): Promise<StateRecord | undefined>;
  /** True when there was an entry. With `expectedVersion`, only that version is deleted. */
  deleteState(namespace: string, key: string, expectedVersion?: number): Promise<boolean>;
  /** Entries of a namespace by key: those starting with `prefix`, and/or due at or before `dueBefore` (then by due time); at most `limit` (default 100, max 1000). */
  listState(namespace: string, options?: { prefix?: string; dueBefore?: number; limit?: number }): Promise<StateRecord[]>;
  /**
   * Delete every entry of a namespace whose key starts with `keyPrefix` (e.g. a shop's keys when it
   * uninstalls), in batches of 5,000 rows so no transaction grows with the namespace; returns how many.
   * `keyPrefix` must not be empty: this never clears a whole namespace by accident.
   */
  deleteStatePrefix(namespace: string, keyPrefix: string): Promise<number>;
}

/** One customer of one store, as the engine resolved a privacy request: 10-digit numbers, trimmed order ids. */
export interface CustomerSelector {
  storeId: string;
  /** Normalized 10-digit Turkish mobiles (messages to them belong to the customer). */
  recipients: readonly string[];
  /** Order ids of the platform (messages about them belong to the customer). */
  orderIds: readonly string[];
}

export interface RedactionSelector extends CustomerSelector {
  /** Events of the store whose idempotency key starts with one of these are redacted too (those that produced no message). */
  idempotencyKeyPrefixes: readonly string[];
}

/** A message as a customer's data export shows it. */
export interface CustomerMessage {
  id: string;
  createdAt: number;
  eventType: string;
  orderId: string | null;
  orderNumber: string | null;
  status: MessageStatus;
  /** The 10-digit number (or `redacted`). */
  recipient: string;
  text: string;
}

/** An event a customer's messages came from (its payload is not part of the export). */
export interface CustomerEvent {
  id: string;
  type: string;
  receivedAt: number;
  idempotencyKey: string;
}

/** What the outbox holds about one customer of one store. */
export interface CustomerData {
  /** Oldest first. */
  messages: CustomerMessage[];
  /** The events of those messages, oldest first. */
  events: CustomerEvent[];
  /** More messages matched than the limit: the oldest ones are listed. */
  truncated: boolean;
}

export interface RedactionResult {
  /** Queued messages cancelled (never sent). */
  cancelled: number;
  /** Messages whose number and text were overwritten (already redacted ones are not counted again). */
  messagesRedacted: number;
  /** Events whose payload was overwritten. */
  eventsRedacted: number;
}

/** Rows {@link OutboxStore.purgeStore} deleted. */
export interface StorePurgeResult {
  messages: number;
  events: number;
  templateOverrides: number;
}

export interface OutboxStore extends StateStore {
  /** Run pending migrations (idempotent; safe with several instances starting at once). */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /**
   * One transaction: if `(storeId, idempotencyKey)` is new, insert the event and its messages and cancel
   * queued messages whose cancel key is in `cancels`; otherwise change nothing and return the first
   * acceptance's message ids. Concurrent duplicates resolve to exactly one `accepted`.
   */
  accept(event: AcceptedEvent, messages: readonly NewMessage[], cancels: readonly string[], now: number): Promise<AcceptResult>;
  /** Cancel queued messages carrying `cancelKey`; returns how many. */
  cancelByKey(cancelKey: string, reason: string, now: number): Promise<number>;

  /**
   * Claim up to `limit` messages that are `queued` with `notBefore <= now` and `nextAttemptAt <= now`,
   * oldest first, setting them `sending` with `claimedBy`, `leaseUntil = now + leaseMs`, `attemptStartedAt = now`.
   * PostgreSQL uses `FOR UPDATE SKIP LOCKED`, so concurrent claimers never get the same message.
   * Returns the claimed messages oldest first, with the columns a send needs ({@link ClaimedMessage}).
   */
  claimDue(workerId: string, now: number, limit: number, leaseMs: number): Promise<ClaimedMessage[]>;
  /** `sending` messages whose lease expired (their dispatcher died mid-send) become `unknown`. */
  expireLeases(now: number): Promise<number>;

  /** `onlyFrom` narrows the states it may start from (default: any open state). */
  markSent(ids: readonly string[], reportId: string, now: number, onlyFrom?: readonly MessageStatus[]): Promise<void>;
  /**
   * Back to `queued` for a later attempt (`attempts` + 1 when `countAttempt`). `onlyFrom` narrows the
   * states it may start from: reconciliation passes `['unknown']`, so a message another instance has
   * meanwhile queued and claimed again is left alone.
   */
  requeue(
    ids: readonly string[],
    nextAttemptAt: number,
    error: string | null,
    countAttempt: boolean,
    now: number,
    onlyFrom?: readonly MessageStatus[],
  ): Promise<void>;
  markUnknown(ids: readonly string[], error: string, now: number): Promise<void>;
  markFailed(ids: readonly string[], errorCode: string, error: string, now: number): Promise<void>;
  /** `queued` messages past `expiresAt` become `cancelled` (reason `expired`). */
  cancelExpired(now: number): Promise<number>;

  /** Messages in `unknown`, oldest attempt first. */
  listUnknown(limit: number): Promise<MessageRow[]>;
  /** Report ids already recorded on any message (reconciliation must not claim them twice). */
  knownReportIds(reportIds: readonly string[]): Promise<Set<string>>;

  /** Report ids with messages still `sent` (not final), due for a poll at `now`. */
  dueReports(now: number, limit: number): Promise<Array<{ reportId: string; firstSentAt: number; polls: number }>>;
  /** Record a poll of `reportId`: next poll time, poll count. */
  reportPolled(reportId: string, nextPollAt: number, now: number): Promise<void>;
  /** Apply provider states to the messages of `reportId` by recipient; returns the messages whose status changed. */
  applyReport(
    reportId: string,
    updates: ReadonlyArray<{
      recipient: string;
      status: 'sent' | 'delivered' | 'undelivered';
      providerStatus: string;
      errorCode: string | null;
      finalAt: number | null;
    }>,
    now: number,
  ): Promise<MessageRow[]>;

  getMessage(id: string): Promise<MessageRow | undefined>;
  listMessages(filter: MessageFilter): Promise<MessageRow[]>;
  /** Counts by status (for /metrics and the queue depth). */
  countByStatus(): Promise<Record<MessageStatus, number>>;
  /**
   * Messages created in `[since, until)`, counted by status, day (computed in SQL) and whether they are
   * recent: one aggregate query, at most 8 statuses × days × 2 rows.
   */
  messageStats(query: MessageStatsQuery): Promise<MessageStatsRow[]>;
  /** The distinct store ids of the events, in the database's text order; at most `limit` (default 1,000, at most 10,000). */
  storeIds(limit?: number): Promise<string[]>;

  getTemplateOverride(storeId: string, eventType: string, language: string): Promise<TemplateOverride | undefined>;
  listTemplateOverrides(storeId?: string): Promise<TemplateOverride[]>;
  putTemplateOverride(override: TemplateOverride): Promise<void>;
  deleteTemplateOverride(storeId: string, eventType: string, language: string): Promise<boolean>;

  /**
   * Messages of one customer of a store (by recipient or order id) and their events; at most `limit`
   * messages, oldest first.
   */
  customerData(customer: CustomerSelector, limit: number): Promise<CustomerData>;
  /**
   * Erase one customer's personal data, one transaction per batch of 1,000 messages: their `queued`
   * messages are cancelled; every matching message keeps its row and status but its `recipient` becomes
   * `redacted` and its `text` `''`; the payload of their events (and of the store's events
   * whose idempotency key starts with one of `idempotencyKeyPrefixes`) becomes `{"redacted":true,"type":…}`,
   * the row and its key kept so a redelivery is still a duplicate. Running it again changes nothing.
   */
  redactCustomer(customer: RedactionSelector, now: number): Promise<RedactionResult>;
  /** Cancel every `queued` message of a store (in batches of 5,000); returns how many. */
  cancelQueuedOfStore(storeId: string, reason: string, now: number): Promise<number>;
  /**
   * Delete a store's messages (its queued ones cancelled first, so no dispatcher claims them meanwhile),
   * events and template overrides, in batches of 5,000 rows, each its own transaction.
   */
  purgeStore(storeId: string, now: number): Promise<StorePurgeResult>;

  /** The account pause, shared by every instance on the database. */
  getPause(): Promise<DispatchPause | undefined>;
  setPause(pause: DispatchPause | undefined): Promise<void>;
}
