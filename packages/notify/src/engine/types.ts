// Contract of the notification engine, as the server and the adapters use it.
import type { Balance } from '@esemes/core';
import type { EventType } from '../events/schema.js';
import type { MessageFilter, MessageRow, MessageStatus, DispatchPause } from '../outbox/types.js';
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
  /** Last 4 digits only. */
  recipientMasked: string;
  /**
   * The whole 10-digit number, for a write-back that shows it in its own masked form
   * (`maskPhone(recipient, { style: 'national' })`). Never log it as it is.
   */
  recipient: string;
  /** The message text as sent. */
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
  /** Durable state for adapters, in the outbox's database. */
  readonly state: import('../outbox/types.js').StateStore;
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
  /** Settings per store id; `'*'` applies to every store not listed. */
  stores?: Record<string, StoreSettings>;
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
