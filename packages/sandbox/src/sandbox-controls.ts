// The in-process inspection and control API of one sandbox (also served as JSON under /_sandbox/).
import { API_BASE_PATH } from './api-paths.js';
import { SandboxConfigError } from './errors.js';
import type { FaultController } from './faults.js';
import { inboxOf, type DeliveryModel, type InboxMessage } from './number-state.js';
import { isValidNumber, normalizeLookupNumber, packNumber } from './numbers.js';
import { phonesOf, type PhonesOptions, type PhoneView } from './phones.js';
import type { CreditKind } from './prepare-send.js';
import type { AccountView, RequestLogEntry, SandboxStore, SendRecord } from './store.js';

/** One accepted send request, as `sandbox.sends()` shows it. */
export interface SendView {
  reportId: string;
  user: string;
  /** e.g. `/api-v3/tr/xml_api_ileri.php`. */
  path: string;
  sender: string;
  /** True for the `xml_ozel_api*` calls (a text per number). */
  personalized: boolean;
  /** Numbers actually sent (after dedup, skipping and blacklists). */
  count: number;
  /** Credits spent, and from which balance. */
  credits: number;
  creditKind: CreditKind;
  /** ISO 8601: when accepted, the `<tarih>` asked for (null when empty), when the messages go out. */
  acceptedAt: string;
  scheduledFor: string | null;
  sentAt: string;
  /** The final text for one-text sends (suffixes included); null for personalized sends. */
  text: string | null;
  /** Numbers not sent because a requested blacklist holds them (not charged). */
  blacklisted: string[];
  /** Entries not sent because they are not valid numbers (not charged). */
  skipped: string[];
}

/** Inspection and control of one sandbox. */
export interface SandboxControls {
  /** Messages sent to `number` whose send time has passed, oldest first, with their current state. */
  inbox(number: string): InboxMessage[];
  /**
   * Every number that received a message (send time passed), newest activity first, with how many it
   * received and its latest message's time, report id, sender, state and a one-line text preview.
   * `limit` (a positive integer) keeps the most recently active; a bad one throws SandboxConfigError.
   */
  phones(options?: PhonesOptions): PhoneView[];
  /** Every accepted send request, oldest first. */
  sends(): SendView[];
  /** The request log (no bodies, no passwords), oldest first. */
  requests(): RequestLogEntry[];
  /** Credits and titles of `user`, or undefined. */
  account(user: string): AccountView | undefined;
  /**
   * Set the credits of `user` (e.g. top up after a credit-exhaustion test); undefined for an unknown user.
   * Each value must be a non-negative integer.
   */
  setCredits(user: string, credits: { numeric?: number; alphanumeric?: number }): AccountView | undefined;
  /**
   * Register a sender title for `user` until the sandbox restarts or resets (as registering it with the
   * provider would); undefined for an unknown user. A title is 1–11 printable ASCII characters (RangeError).
   */
  registerSender(user: string, title: string): AccountView | undefined;
  /** User names of the accounts. */
  users(): string[];
  /** Back to the initial state: credits, no sends, empty log, ids from 100000001, no faults. */
  reset(): void;
  /** Fault injection. */
  faults: FaultController;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function view(record: SendRecord): SendView {
  return {
    reportId: String(record.reportId),
    user: record.user,
    path: API_BASE_PATH + record.path,
    sender: record.sender,
    personalized: typeof record.text !== 'string',
    count: record.numbers.length,
    credits: record.credits,
    creditKind: record.creditKind,
    acceptedAt: iso(record.acceptedAt),
    scheduledFor: record.scheduledFor === undefined ? null : iso(record.scheduledFor),
    sentAt: iso(record.sendAt),
    text: typeof record.text === 'string' ? record.text : null,
    blacklisted: [...record.blacklisted],
    skipped: [...record.skipped],
  };
}

/** The controls over `store` and `faults`. */
export function createControls(
  store: SandboxStore,
  faults: FaultController,
  model: DeliveryModel,
  now: () => number,
  users: readonly string[],
): SandboxControls {
  return {
    inbox(number) {
      const normalized = normalizeLookupNumber(String(number));
      return isValidNumber(normalized) ? inboxOf(store.sends(), packNumber(normalized), now(), model) : [];
    },
    phones(options = {}) {
      const { limit } = options;
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new SandboxConfigError([`limit must be a positive integer`], 'phones options');
      return phonesOf(store.sends(), now(), model, limit === undefined ? {} : { limit });
    },
    sends: () => store.sends().map(view),
    requests: () => store.requests(),
    account: (user) => store.account(user),
    setCredits(user, credits) {
      for (const [kind, value] of Object.entries(credits)) {
        if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new RangeError(`${kind} credits must be a non-negative integer`);
      }
      return store.setCredits(user, credits);
    },
    registerSender(user, title) {
      if (typeof title !== 'string' || !/^[\x20-\x7e]{1,11}$/.test(title)) throw new RangeError('a sender title is 1–11 printable ASCII characters');
      return store.addSender(user, title);
    },
    users: () => [...users],
    reset() {
      store.reset();
      faults.clear();
    },
    faults,
  };
}
