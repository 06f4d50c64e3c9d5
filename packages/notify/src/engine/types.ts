// Contract of the notification engine, as the server and the adapters use it.
import type { Balance } from '@esemes/core';
import type { EventType } from '../events/schema.js';
import type { CustomerData, MessageFilter, MessageRow, MessageStatus, DispatchPause, RedactionResult } from '../outbox/types.js';
import type { TemplateService } from '../templates/types.js';

export interface AcceptOutcome {
  status: 'accepted' | 'duplicate';
  eventId: string;
  messageIds: string[];
  /** Recipients the event produced no message for, and why (no consent, no valid phone, disabled event …). */
  skipped: Array<{ role: string; reason: string }>;
  /** Queued messages this acceptance cancelled (its `cancels`; a `cart.closed`'s reminders); 0 for a duplicate. */
  cancelled: number;
}

/** Published for every status change of a message, so adapters can write back to the store. */
export interface MessageStatusEvent {
  messageId: string;
  storeId: string;
  /** The platform the event came from (`store.platform`: `woocommerce`, `shopify`, `custom` …): an adapter writes back only its own. */
  platform: string;
  eventType: string;
  /** The idempotency key of the event that produced the message, as the adapter or API client gave it. */
  idempotencyKey: string;
  /** Who the message went to: `customer`, or `admin:<n>` for the shop owner's numbers. */
  role: string;
  orderId: string | null;
  status: MessageStatus;
  previousStatus: MessageStatus;
  reportId: string | null;
  providerStatus: string | null;
  error: string | null;
  /** Last 4 digits only; `redacted` for a message whose customer was redacted (`privacy.redactCustomer`). */
  recipientMasked: string;
  /**
   * The whole 10-digit number, for a write-back that shows it in its own masked form
   * (`maskPhone(recipient, { style: 'national' })`). Never log it as it is. `redacted`
   * (`REDACTED_RECIPIENT`) once the customer's data was redacted.
   */
  recipient: string;
  /** The message text as sent; `''` once the customer's data was redacted. */
  text: string;
  at: number;
}

export interface Alert {
  code: 'auth' | 'credit' | 'sender' | 'resumed';
  message: string;
  at: number;
}

export interface NotifierEvents {
  'message.status': (event: MessageStatusEvent) => void;
  alert: (alert: Alert) => void;
}

export interface Notifier {
  /** Validate a canonical event and accept it (one transaction). Throws EventValidationError or NoRecipientError. */
  accept(input: unknown): Promise<AcceptOutcome>;
  /** Cancel queued messages with this cancel key (e.g. `cart:<store>:<cart id>`). */
  cancel(cancelKey: string): Promise<number>;
  getMessage(id: string): Promise<MessageRow | undefined>;
  listMessages(filter: MessageFilter): Promise<MessageRow[]>;
  readonly templates: TemplateService;
  /** Per-store settings: the configured ones (`options.stores`) with the saved ones on top; `put()` edits them while running. */
  readonly storeSettings: StoreSettingsService;
  /**
   * Message counts for an overview: the last 24 hours, the last `days` calendar days in `timeZone`, and each
   * of those days (oldest first, zero-filled), by the messages' creation time. One query.
   */
  stats(options?: StatsOptions): Promise<MessageStats>;
  /** The distinct store ids that have events, sorted; at most `limit` (default 1,000, at most 10,000). */
  storeIds(options?: { limit?: number }): Promise<string[]>;
  /** Durable state for adapters, in the outbox's database. */
  readonly state: import('../outbox/types.js').StateStore;
  /** What the engine holds about a customer or a store, and how to erase it (privacy requests, uninstalls). */
  readonly privacy: PrivacyService;
  balance(): Promise<Balance>;
  queueCounts(): Promise<Record<MessageStatus, number>>;
  /** Whether dispatch is paused (auth/credit), and why. */
  pause(): Promise<DispatchPause | undefined>;
  /** Lift a pause by hand (e.g. after registering a sender title); returns the pause that was lifted. */
  resume(): Promise<DispatchPause | undefined>;
  on<K extends keyof NotifierEvents>(event: K, listener: NotifierEvents[K]): () => void;
  /** Start the background loops (dispatch, reconcile, report polling, lease expiry). */
  start(): void;
  /** Stop the loops and wait for in-flight work; the store stays open. */
  stop(): Promise<void>;
  /** One pass of each loop, for tests and tools. */
  runOnce(): Promise<void>;
}

export type { EventType };

/** One customer of one store, for {@link PrivacyService.customerData}. */
export interface CustomerDataRequest {
  /** Trimmed; 1–200 characters, as an event's `store.id`. */
  storeId: string;
  /** The customer's phone numbers in any common format (at most 100); those that are not a Turkish mobile are ignored. */
  recipients: readonly string[];
  /** The platform's ids of the customer's orders (at most 100): strings, or integers as Shopify sends them. */
  orderIds?: ReadonlyArray<string | number>;
}

/** One customer of one store, for {@link PrivacyService.redactCustomer}. */
export interface RedactCustomerRequest extends CustomerDataRequest {
  /**
   * Idempotency-key prefixes (at most 100, each 8–300 characters) of the store's events about the customer,
   * e.g. `shopify:shop1:order:123:`: their payloads are redacted too, also those of events that sent nothing.
   */
  idempotencyKeyPrefixes?: readonly string[];
}

/** What {@link PrivacyService.purgeStore} deleted. */
export interface PurgeStoreResult {
  messages: number;
  events: number;
  templateOverrides: number;
  /** 1 when the store had saved settings (`notifier.storeSettings`), else 0. */
  storeSettings: number;
}

/**
 * Privacy operations, for adapters honouring a platform's privacy webhooks (Shopify's customers/data_request,
 * customers/redact, shop/redact) and app uninstalls. Every request is checked first: a bad one throws
 * {@link PrivacyRequestError} naming every bad field, and nothing is read or changed.
 */
export interface PrivacyService {
  /**
   * What the engine holds about one customer of a store: the messages to one of `recipients` or about one
   * of `orderIds` (oldest first, at most 10,000; `truncated` when there were more) and the events they
   * came from. Messages carry the whole number and text: it is the customer's own data, never log it.
   */
  customerData(request: CustomerDataRequest): Promise<CustomerData>;
  /**
   * Erase one customer's data, one transaction per batch: their `queued` messages are cancelled (a
   * `sending` one may be at the provider already); every matching message keeps its row and status, its
   * number becomes `redacted` and its text `''`; its event's payload, and that of the store's events whose
   * key starts with one of `idempotencyKeyPrefixes`, becomes `{"redacted":true,"type":"<type>"}`. The events
   * keep their keys, so a redelivery is still a duplicate and sends nothing. Repeating it changes nothing.
   */
  redactCustomer(request: RedactCustomerRequest): Promise<RedactionResult>;
  /**
   * Delete everything of a store (shop/redact): its messages (queued ones cancelled first), events,
   * template overrides and saved settings, in batches of 5,000 rows, each its own transaction. Adapters'
   * own state is theirs to delete (`notifier.state.deleteStatePrefix`).
   */
  purgeStore(storeId: string): Promise<PurgeStoreResult>;
  /** Cancel every `queued` message of a store (an uninstalled app sends nothing more); returns how many. */
  cancelOpen(request: { storeId: string }): Promise<number>;
}

/** Per-store settings (defaults apply to stores not listed). */
export interface StoreSettings {
  /** Sender title for this store's messages; default the notifier's `sender`. */
  sender?: string;
  /** Quiet hours in store time, `HH:MM`; commercial messages wait until they end. Default 21:00–09:00. */
  quietHours?: { start: string; end: string } | null;
  /** Transactional messages respect quiet hours too; default false. */
  transactionalQuietHours?: boolean;
  /** The shop owner's numbers for admin.order.created when the event names none. */
  adminPhones?: string[];
  /** Event types this store does not want SMS for. */
  disabledEvents?: EventType[];
  /** The most SMS parts one message may take, 1–10 (default 2): a longer one is refused at acceptance. */
  maxParts?: number;
  /**
   * `latin` (default): characters SMS cannot carry cheaply but that have a Latin stand-in (â î û, ł, “ ” …)
   * are replaced by it; Turkish letters and other scripts stay. `none`: every character as written (UCS-2
   * when needed). `turkish`: Turkish letters to ASCII as well.
   */
  transliterate?: 'latin' | 'none' | 'turkish';
}

/** Settings saved for one store through {@link StoreSettingsService.put}. */
export interface SavedStoreSettings {
  storeId: string;
  settings: StoreSettings;
  /** When they were saved (the notifier's clock, epoch ms). */
  updatedAt: number;
}

/**
 * Per-store settings that can be edited while the engine runs. The effective settings of a store are
 * `stores['*']`, then `stores[storeId]` (the configuration), then what was saved here, field by field.
 * Saved settings live in the outbox's database (`notifier.state`, namespace `esemes:store-settings`), so
 * every instance on it sees them: a `put()` or `delete()` applies at once on the instance that made it,
 * on the others within `storeSettingsCacheMs`.
 */
export interface StoreSettingsService {
  /** The effective settings of a store (what acceptance uses); read through the cache. */
  get(storeId: string): Promise<StoreSettings>;
  /** What was saved for this store, or undefined (read from the database, not the cache). */
  saved(storeId: string): Promise<SavedStoreSettings | undefined>;
  /** Every store with saved settings (at most 1,000), by store id. */
  list(): Promise<SavedStoreSettings[]>;
  /**
   * Validate and save a store's settings, replacing what was saved before (not merged with it). The store
   * id is trimmed and must be 1–200 characters, as an event's `store.id`. Throws {@link StoreSettingsError}
   * naming every bad field; then nothing is saved.
   */
  put(storeId: string, settings: StoreSettings): Promise<SavedStoreSettings>;
  /** Remove the saved settings (`true` if there were some): the configured settings apply again. */
  delete(storeId: string): Promise<boolean>;
}

/** Messages by what happened to them (a message can count in several: an undelivered one is sent and failed). */
export interface MessageCounts {
  /** Every message created (accepted) in the window. */
  created: number;
  /** Reached the provider: sent, delivered or undelivered. */
  sent: number;
  delivered: number;
  /** Failed or undelivered. */
  failed: number;
  /** Not yet at the provider: queued, sending or unknown. */
  waiting: number;
  cancelled: number;
}

export interface StatsOptions {
  /** Calendar days, today included: an integer from 1 to 31. Default 7. */
  days?: number;
  /** IANA time zone of the days. Default `Europe/Istanbul`. */
  timeZone?: string;
  /** The instant the windows end at (epoch ms). Default the notifier's clock. */
  now?: number;
}

export interface MessageStats {
  /** Created in the 24 hours up to now. */
  last24h: MessageCounts;
  /** Created from the start of the first of the `days` days up to now. */
  lastDays: MessageCounts;
  /** One entry per day, oldest first, today last; `date` is `YYYY-MM-DD` in the time zone. */
  perDay: Array<{ date: string; counts: MessageCounts }>;
}

export interface NotifierLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface NotifierOptions {
  /** The outbox (openOutboxStore(DATABASE_URL)); migrated by the caller. */
  store: import('../outbox/types.js').OutboxStore;
  /** The esemes client (real or pointed at the sandbox). */
  client: import('@esemes/core').EsemesClient;
  /** Default sender title (ESEMES_SENDER). */
  sender: string;
  /** Settings per store id; `'*'` applies to every store not listed. Settings saved through `notifier.storeSettings` go on top. */
  stores?: Record<string, StoreSettings>;
  /**
   * How long acceptance may reuse a store's saved settings it read (default 5000 ms; 0 reads them every
   * time). An edit through this notifier applies at once; one made by another instance on the database,
   * within this time.
   */
  storeSettingsCacheMs?: number;
  /** Folder of the default templates; default @esemes/templates. */
  templatesDir?: string;
  /** Clock in epoch ms; default Date.now. */
  clock?: () => number;
  logger?: NotifierLogger;
  /** Name of this instance in claims; default a random id. */
  workerId?: string;
  dispatch?: {
    /** How often the loops run; default 250 ms. */
    intervalMs?: number;
    /** Messages per provider request (≤ 100,000); default 10,000. */
    batchSize?: number;
    /**
     * Provider requests out at a time (1–16); default 2. While one batch is at the provider the next is
     * claimed and sent, so the database work overlaps the provider's. Each batch is marked `sending`
     * before its request leaves; a pause stops further claims, and `stop()` waits for the batches out.
     */
    concurrency?: number;
    /** How long a claim holds before it counts as a crashed send; default 60 s. */
    leaseMs?: number;
    /** How long an `unknown` send waits for a trace at the provider before it is sent again; default 120 s. */
    reconcileGraceMs?: number;
    /** First report poll after sending, then backing off; default 5 s. */
    firstPollMs?: number;
    /** Give up polling a report after this long; default 72 h. */
    pollForMs?: number;
    /** How often a paused account is probed with a balance call; default 30 s. */
    pauseProbeMs?: number;
  };
}
