import { resolve } from 'node:path';
import { FIRST_REPORT_ID } from './store.js';
import { SandboxConfigError } from './errors.js';
import { isValidNumber } from './numbers.js';
import { DEFAULT_OUTCOME_WEIGHTS, type OutcomeWeights } from './outcomes.js';

/** One provider account of the sandbox. */
export interface SandboxAccount {
  /** User name (`<kullanici>`). */
  user: string;
  /** Password (`<sifre>`); never logged, stored in the request log or put in an error. */
  password: string;
  /** Credits for numeric sender titles (titles made only of digits). */
  numericCredits: number;
  /** Credits for alphanumeric sender titles. */
  alphanumericCredits: number;
  /** Registered sender titles (`<baslik>`), at most 11 characters each. */
  senders: readonly string[];
  /** The account's own blacklist (`<karaliste>kendi</karaliste>`), numbers as `5XXXXXXXXX`. */
  blacklist?: readonly string[];
}

/** Options of {@link startSandbox} and {@link createSandboxApp}; every one is optional. */
export interface SandboxOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Accounts; default `[DEFAULT_SANDBOX_ACCOUNT]`. */
  accounts?: readonly SandboxAccount[];
  /** The provider-wide blacklist (`<karaliste>genel</karaliste>`); default empty. */
  generalBlacklist?: readonly string[];
  /** Seed of the delivery outcomes; default 1. */
  seed?: number;
  /**
   * The first report id; default 100000001. A sandbox that restarts beside a database that outlives it
   * (the server's sandbox mode) starts from a time-based id so old and new report ids never collide.
   */
  firstReportId?: number;
  /** Milliseconds from a number's send time to its final state; default 2000. */
  deliveryDelayMs?: number;
  /** Relative weights of DELIVERED / NOT_DELIVERED / EXPIRED; default 90 / 7 / 3. */
  outcomeWeights?: Partial<OutcomeWeights>;
  /** The clock, epoch milliseconds; default `Date.now`. */
  now?: () => number;
  /** Charset of the replies; default `'utf-8'`. */
  replyCharset?: 'utf-8' | 'iso-8859-9';
  /** Whether the reply's Content-Type names its charset; default true. */
  declareCharset?: boolean;
  /** Fastify's request logger (method, URL, status; never bodies); default false. */
  logger?: boolean;
  /**
   * Keep the state (sends, so inboxes and reports; credits; the report id counter) in this JSON file:
   * loaded at start when it exists, written after changes and on close. Default: memory only.
   */
  stateFile?: string;
  /** Milliseconds from a change to the write of `stateFile` that carries it and every later change; default 500. */
  stateSaveDelayMs?: number;
  /** Where a failed background write of `stateFile` is reported; default `process.emitWarning`. */
  onWarning?: (message: string) => void;
}

/** Options with every default filled in, as the sandbox uses them. */
export interface ResolvedOptions {
  port: number;
  host: string;
  accounts: readonly SandboxAccount[];
  generalBlacklist: readonly string[];
  seed: number;
  firstReportId: number;
  deliveryDelayMs: number;
  outcomeWeights: OutcomeWeights;
  now: () => number;
  replyCharset: 'utf-8' | 'iso-8859-9';
  declareCharset: boolean;
  logger: boolean;
  /** Absolute path, or undefined for memory only. */
  stateFile: string | undefined;
  stateSaveDelayMs: number;
  onWarning: (message: string) => void;
}

/**
 * The account the sandbox has when no `accounts` are given: user `demo`, password `demo`.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox();
 * sandbox.account(DEFAULT_SANDBOX_ACCOUNT.user); // { numericCredits: 1000, alphanumericCredits: 100000, … }
 * ```
 */
export const DEFAULT_SANDBOX_ACCOUNT: Readonly<SandboxAccount> = Object.freeze({
  user: 'demo',
  password: 'demo',
  numericCredits: 1000,
  alphanumericCredits: 100_000,
  senders: Object.freeze(['DEMO', 'ESEMES', 'MAGAZA']),
});

/** Longest sender title the provider allows. */
export const MAX_SENDER_LENGTH = 11;

const KNOWN = new Set([
  'port',
  'host',
  'accounts',
  'generalBlacklist',
  'seed',
  'firstReportId',
  'deliveryDelayMs',
  'outcomeWeights',
  'now',
  'replyCharset',
  'declareCharset',
  'logger',
  'stateFile',
  'stateSaveDelayMs',
  'onWarning',
]);

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function checkNumbers(list: unknown, name: string, problems: string[]): void {
  if (!Array.isArray(list)) {
    problems.push(`${name} must be an array of numbers written 5XXXXXXXXX`);
    return;
  }
  const bad = list.filter((n) => typeof n !== 'string' || !isValidNumber(n));
  if (bad.length > 0) problems.push(`${name} has ${bad.length} entries that are not 10-digit numbers 5XXXXXXXXX`);
}

function checkAccount(account: unknown, index: number, users: Set<string>, problems: string[]): void {
  const name = `accounts[${index}]`;
  if (typeof account !== 'object' || account === null) {
    problems.push(`${name} must be an object`);
    return;
  }
  const a = account as Record<string, unknown>;
  if (typeof a.user !== 'string' || a.user.trim() === '') problems.push(`${name}.user must be a non-empty string`);
  else if (users.has(a.user)) problems.push(`${name}.user repeats the user name of an earlier account`);
  else users.add(a.user);
  // The password's value never appears in a message.
  if (typeof a.password !== 'string' || a.password === '') problems.push(`${name}.password must be a non-empty string`);
  if (!isCount(a.numericCredits)) problems.push(`${name}.numericCredits must be an integer >= 0`);
  if (!isCount(a.alphanumericCredits)) problems.push(`${name}.alphanumericCredits must be an integer >= 0`);
  if (!Array.isArray(a.senders)) problems.push(`${name}.senders must be an array of sender titles`);
  else if (a.senders.some((s) => typeof s !== 'string' || s.trim() === '' || s !== s.trim() || [...s].length > MAX_SENDER_LENGTH)) {
    problems.push(`${name}.senders must hold non-empty titles of at most ${MAX_SENDER_LENGTH} characters, no outer spaces`);
  }
  if (a.blacklist !== undefined) checkNumbers(a.blacklist, `${name}.blacklist`, problems);
}

function checkWeights(value: unknown, problems: string[]): OutcomeWeights {
  const weights = { ...DEFAULT_OUTCOME_WEIGHTS };
  if (value === undefined) return weights;
  if (typeof value !== 'object' || value === null) {
    problems.push('outcomeWeights must be an object { delivered?, notDelivered?, expired? }');
    return weights;
  }
  for (const [key, v] of Object.entries(value)) {
    if (!(key in weights)) problems.push(`outcomeWeights.${key} is not an option (delivered, notDelivered, expired)`);
    else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) problems.push(`outcomeWeights.${key} must be a finite number >= 0`);
    else weights[key as keyof OutcomeWeights] = v;
  }
  if (weights.delivered + weights.notDelivered + weights.expired <= 0) problems.push('outcomeWeights must not all be 0');
  return weights;
}

/**
 * Checks `options` once and fills in the defaults; throws one {@link SandboxConfigError} naming
 * every bad option.
 */
export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null) throw new SandboxConfigError(['options must be an object']);
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!KNOWN.has(key)) problems.push(`${key} is not an option`);
  if (o.port !== undefined && (!isCount(o.port) || o.port > 65535)) problems.push('port must be an integer 0…65535');
  if (o.host !== undefined && (typeof o.host !== 'string' || o.host === '')) problems.push('host must be a non-empty string');
  if (o.accounts !== undefined) {
    if (!Array.isArray(o.accounts) || o.accounts.length === 0) problems.push('accounts must be a non-empty array');
    else {
      const users = new Set<string>();
      o.accounts.forEach((a: unknown, i) => checkAccount(a, i, users, problems));
    }
  }
  if (o.generalBlacklist !== undefined) checkNumbers(o.generalBlacklist, 'generalBlacklist', problems);
  if (
    o.firstReportId !== undefined &&
    (typeof o.firstReportId !== 'number' || !Number.isSafeInteger(o.firstReportId) || o.firstReportId < 1 || o.firstReportId > 999_999_999_999_999)
  ) {
    problems.push('firstReportId must be an integer 1…999999999999999 (at most 15 digits)');
  }
  if (o.seed !== undefined && (typeof o.seed !== 'number' || !Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff)) {
    problems.push('seed must be an integer 0…4294967295');
  }
  const delay = o.deliveryDelayMs;
  if (delay !== undefined && (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0)) {
    problems.push('deliveryDelayMs must be a finite number >= 0');
  }
  const outcomeWeights = checkWeights(o.outcomeWeights, problems);
  if (o.now !== undefined && typeof o.now !== 'function') problems.push('now must be a function returning epoch milliseconds');
  if (o.replyCharset !== undefined && o.replyCharset !== 'utf-8' && o.replyCharset !== 'iso-8859-9') {
    problems.push("replyCharset must be 'utf-8' or 'iso-8859-9'");
  }
  if (o.declareCharset !== undefined && typeof o.declareCharset !== 'boolean') problems.push('declareCharset must be a boolean');
  if (o.logger !== undefined && typeof o.logger !== 'boolean') problems.push('logger must be a boolean');
  if (o.stateFile !== undefined && (typeof o.stateFile !== 'string' || o.stateFile.trim() === '')) problems.push('stateFile must be a file path');
  const saveDelay = o.stateSaveDelayMs;
  if (saveDelay !== undefined && (typeof saveDelay !== 'number' || !Number.isFinite(saveDelay) || saveDelay < 0 || saveDelay > 600_000)) {
    problems.push('stateSaveDelayMs must be a number of milliseconds 0…600000');
  }
  if (o.onWarning !== undefined && typeof o.onWarning !== 'function') problems.push('onWarning must be a function');
  if (problems.length > 0) throw new SandboxConfigError(problems);

  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    accounts: (options.accounts ?? [DEFAULT_SANDBOX_ACCOUNT]).map((a) => ({
      ...a,
      senders: [...a.senders],
      ...(a.blacklist ? { blacklist: [...a.blacklist] } : {}),
    })),
    generalBlacklist: [...(options.generalBlacklist ?? [])],
    seed: options.seed ?? 1,
    firstReportId: options.firstReportId ?? FIRST_REPORT_ID,
    deliveryDelayMs: options.deliveryDelayMs ?? 2000,
    outcomeWeights,
    now: options.now ?? Date.now,
    replyCharset: options.replyCharset ?? 'utf-8',
    declareCharset: options.declareCharset ?? true,
    logger: options.logger ?? false,
    stateFile: options.stateFile === undefined ? undefined : resolve(options.stateFile),
    stateSaveDelayMs: options.stateSaveDelayMs ?? 500,
    onWarning: options.onWarning ?? ((message) => process.emitWarning(message, { code: 'ESEMES_SANDBOX_STATE' })),
  };
}
