// The sandbox's state: accounts and their credits, accepted sends (one record each, numbers packed)
// and the request log. One store per sandbox; nothing is global. `snapshot`/`restore` carry what a
// state file keeps (credits, sends, the next report id); `onChange` tells the file's writer.
import type { ApiPath } from './api-paths.js';
import type { ResolvedOptions } from './options.js';
import type { CreditKind, PreparedSend, SendContext } from './prepare-send.js';
import type { StateSnapshot } from './state-file.js';

/** The first report id a sandbox hands out; the next ones count up by one. */
export const FIRST_REPORT_ID = 100_000_001;

/** Most entries the request log keeps (the oldest are dropped first). */
export const REQUEST_LOG_LIMIT = 10_000;

/** One accepted send, as stored: per-number state is derived from it on demand. */
export interface SendRecord extends PreparedSend {
  reportId: number;
  user: string;
  path: ApiPath;
  /** When the sandbox accepted the request (epoch ms). */
  acceptedAt: number;
  /** When the messages go out (epoch ms): `<tarih>`, or `acceptedAt` when empty or already past. */
  sendAt: number;
}

/** One line of the request log. Never holds a body or a password. */
export interface RequestLogEntry {
  /** When the call arrived, ISO 8601. */
  at: string;
  /** The path, e.g. `/api-v3/xml_api.php`. */
  path: string;
  /** `<kullanici>` when the body could be parsed, else null. */
  user: string | null;
  /** HTTP status sent, or null when the socket was dropped. */
  status: number | null;
  /** `OK`, `ERR`, `XML` (a report reply), `TEXT` (balance), or the fault that answered instead. */
  outcome: 'OK' | 'ERR' | 'XML' | 'TEXT' | 'drop-before-accept' | 'drop-after-accept' | 'http-5xx' | 'err';
  /** The reply for OK/ERR/TEXT replies (`OK|100000001`, `ERR|…`), null for XML and drops. */
  reply: string | null;
  /** The report id the call created or asked about, when there is one. */
  reportId: string | null;
}

interface AccountState {
  user: string;
  password: string;
  credits: Record<CreditKind, number>;
  senders: ReadonlySet<string>;
  blacklist: ReadonlySet<string>;
}

/** Credits and titles of one account, as {@link SandboxStore.account} shows them (no password). */
export interface AccountView {
  user: string;
  numericCredits: number;
  alphanumericCredits: number;
  senders: string[];
}

export class SandboxStore {
  readonly #options: ResolvedOptions;
  readonly #generalBlacklist: ReadonlySet<string>;
  #accounts = new Map<string, AccountState>();
  #sends: SendRecord[] = [];
  #byId = new Map<number, SendRecord>();
  #log: RequestLogEntry[] = [];
  #nextId: number;

  readonly #onChange: () => void;

  /** `onChange` is called after every change a state file keeps (a send, credits set, a reset). */
  constructor(options: ResolvedOptions, onChange: () => void = () => undefined) {
    this.#options = options;
    this.#nextId = options.firstReportId;
    this.#generalBlacklist = new Set(options.generalBlacklist);
    this.#onChange = onChange;
    this.#clear();
  }

  /** Back to the configured accounts and credits, no sends, an empty log, ids from the start. */
  reset(): void {
    this.#clear();
    this.#onChange();
  }

  /** What a state file keeps: the credits of every account, every send, the next report id. */
  snapshot(): StateSnapshot {
    const credits: StateSnapshot['credits'] = {};
    for (const account of this.#accounts.values()) credits[account.user] = { ...account.credits };
    return { nextReportId: this.#nextId, credits, sends: this.#sends };
  }

  /**
   * Takes over a saved state: credits of the configured accounts it names, every send, and report ids
   * from past both the saved counter and the configured first id, so no id is handed out twice.
   */
  restore(saved: StateSnapshot): void {
    for (const [user, credits] of Object.entries(saved.credits)) {
      const account = this.#accounts.get(user);
      if (account) account.credits = { ...credits };
    }
    this.#sends = [...saved.sends];
    this.#byId = new Map(this.#sends.map((record) => [record.reportId, record]));
    const lastId = this.#sends.reduce((max, record) => Math.max(max, record.reportId), 0);
    this.#nextId = Math.max(saved.nextReportId, lastId + 1, this.#options.firstReportId);
  }

  #clear(): void {
    this.#accounts = new Map(
      this.#options.accounts.map((a) => [
        a.user,
        {
          user: a.user,
          password: a.password,
          credits: { numeric: a.numericCredits, alphanumeric: a.alphanumericCredits },
          senders: new Set(a.senders),
          blacklist: new Set(a.blacklist ?? []),
        },
      ]),
    );
    this.#sends = [];
    this.#byId = new Map();
    this.#log = [];
    this.#nextId = this.#options.firstReportId;
  }

  /** The user name when `user` and `password` match an account, else undefined. */
  authenticate(user: string, password: string): string | undefined {
    const account = this.#accounts.get(user);
    return account !== undefined && account.password === password ? account.user : undefined;
  }

  /** What a send of `user` may use; `user` must be authenticated. */
  sendContext(user: string): SendContext {
    const account = this.#require(user);
    return {
      senders: account.senders,
      ownBlacklist: account.blacklist,
      generalBlacklist: this.#generalBlacklist,
      credits: account.credits,
    };
  }

  /** Records a prepared send, spends its credits and returns the stored record. */
  commit(user: string, path: ApiPath, prepared: PreparedSend, acceptedAt: number): SendRecord {
    const account = this.#require(user);
    account.credits[prepared.creditKind] -= prepared.credits;
    const scheduledFor = prepared.scheduledFor;
    const record: SendRecord = {
      ...prepared,
      reportId: this.#nextId++,
      user,
      path,
      acceptedAt,
      sendAt: scheduledFor === undefined ? acceptedAt : Math.max(scheduledFor, acceptedAt),
    };
    this.#sends.push(record);
    this.#byId.set(record.reportId, record);
    this.#onChange();
    return record;
  }

  /** The send `reportId` (as sent in `<raporid>`) when it belongs to `user`. */
  report(user: string, reportId: string): SendRecord | undefined {
    if (!/^\d{1,15}$/.test(reportId)) return undefined;
    const record = this.#byId.get(Number(reportId));
    return record?.user === user ? record : undefined;
  }

  /** Every send of `user`, oldest first. */
  reportsOf(user: string): SendRecord[] {
    return this.#sends.filter((record) => record.user === user);
  }

  /** Every send of every account, oldest first. */
  sends(): readonly SendRecord[] {
    return this.#sends;
  }

  /** Set an account's credits (a top-up, or an empty balance); returns the new view, or undefined for an unknown user. */
  setCredits(user: string, credits: { numeric?: number; alphanumeric?: number }): AccountView | undefined {
    const account = this.#accounts.get(user);
    if (account === undefined) return undefined;
    if (credits.numeric !== undefined) account.credits.numeric = credits.numeric;
    if (credits.alphanumeric !== undefined) account.credits.alphanumeric = credits.alphanumeric;
    this.#onChange();
    return this.account(user);
  }

  /** Adds a sender title to `user`'s account (as registering it with the provider would); undefined for an unknown user. */
  addSender(user: string, title: string): AccountView | undefined {
    const account = this.#accounts.get(user);
    if (account === undefined) return undefined;
    account.senders = new Set([...account.senders, title]);
    return this.account(user);
  }

  /** Credits and titles of `user`, or undefined for an unknown user. */
  account(user: string): AccountView | undefined {
    const account = this.#accounts.get(user);
    if (!account) return undefined;
    return {
      user: account.user,
      numericCredits: account.credits.numeric,
      alphanumericCredits: account.credits.alphanumeric,
      senders: [...account.senders],
    };
  }

  /** Appends to the request log, dropping the oldest entries beyond {@link REQUEST_LOG_LIMIT}. */
  log(entry: RequestLogEntry): void {
    this.#log.push(entry);
    if (this.#log.length > REQUEST_LOG_LIMIT) this.#log.splice(0, this.#log.length - REQUEST_LOG_LIMIT);
  }

  /** The request log, oldest first (a copy). */
  requests(): RequestLogEntry[] {
    return this.#log.map((entry) => ({ ...entry }));
  }

  #require(user: string): AccountState {
    const account = this.#accounts.get(user);
    if (!account) throw new Error(`No sandbox account "${user}"`);
    return account;
  }
}
