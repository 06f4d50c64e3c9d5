// Configuration from the environment: read once, checked once. Every bad variable is listed in one
// ServerConfigError, so a misconfigured deployment is fixed in one round instead of one per restart.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ServerMode } from '@esemes/adapter-kit';
import type { StoreSettings } from '@esemes/notify';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** `sandbox`: no ESEMES_USER, an in-process @esemes/sandbox stands in for the provider. `live`: the real provider. */
export type { ServerMode };

export interface ServerConfig {
  mode: ServerMode;
  port: number;
  host: string;
  databaseUrl: string;
  /** Provider credentials; both undefined in sandbox mode (the sandbox's demo account is used). */
  esemesUser: string | undefined;
  esemesPassword: string | undefined;
  /** Provider base URL; undefined → the client's default (live) or the in-process sandbox. */
  esemesBaseUrl: string | undefined;
  /** Default sender title (başlık). */
  sender: string;
  /** Bearer token for /api/v1. */
  adminToken: string;
  /** True when ADMIN_TOKEN was unset and a token was generated (sandbox mode only): print it once. */
  adminTokenGenerated: boolean;
  /** The dashboard's password (ADMIN_PASSWORD); undefined in live mode without it: the dashboard lets nobody in. */
  adminPassword: string | undefined;
  /** True when ADMIN_PASSWORD was unset and one was generated (sandbox mode only): print it once. */
  adminPasswordGenerated: boolean;
  /** Where platforms reach this server (webhook registration). */
  publicUrl: string | undefined;
  logLevel: LogLevel;
  /** Per-store settings read from ESEMES_STORES_FILE (`'*'` for every other store). */
  stores: Record<string, StoreSettings> | undefined;
  /** Milliseconds between failing /healthz and closing the listener at shutdown. */
  shutdownDelayMs: number;
  /** Dispatch tuning (DISPATCH_* and RECONCILE_GRACE_MS); unset values keep the engine's defaults. */
  dispatch: { intervalMs?: number; batchSize?: number; leaseMs?: number; reconcileGraceMs?: number };
  /**
   * Sandbox mode: the file the in-process sandbox keeps its state in (absolute path), beside the SQLite
   * database (`<its folder>/sandbox-state.json`), or `./data/sandbox-state.json` with PostgreSQL;
   * undefined with `sqlite::memory:` (the sandbox then keeps it in memory) and in live mode.
   */
  sandboxStateFile: string | undefined;
}

/**
 * The environment does not describe a server that can start; `problems` names every bad variable.
 * @example
 * try { loadConfig(process.env) } catch (error) { if (isServerConfigError(error)) console.error(error.problems.join('\n')) }
 */
export class ServerConfigError extends Error {
  override readonly name = 'ServerConfigError' as const;
  readonly code = 'config' as const;
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid server configuration:\n- ${problems.join('\n- ')}`);
    this.problems = [...problems];
  }
}

/** True for a ServerConfigError, also across duplicated installs (checks the name). */
export function isServerConfigError(error: unknown): error is ServerConfigError {
  return error instanceof ServerConfigError || (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ServerConfigError');
}

type Env = Readonly<Record<string, string | undefined>>;

const SENDER = /^[\x20-\x7e]{1,11}$/;
const MIN_TOKEN = 16;
const MIN_PASSWORD = 10;

/** `length` characters of lower-case letters and digits without look-alikes (l o 0 1), without bias. */
function randomPassword(length: number): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      // 256 is a multiple of 32: every byte maps to one character evenly.
      if (out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

function value(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

function integer(problems: string[], env: Env, name: string, min: number, max: number, fallback: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    problems.push(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw.slice(0, 40))})`);
    return fallback;
  }
  return parsed;
}

function httpUrl(problems: string[], env: Env, name: string): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`${name} must be an http:// or https:// URL`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`${name} must be an http:// or https:// URL`);
  else if (url.username || url.password) problems.push(`${name} must not contain a user name or password`);
  return raw;
}

function databaseUrl(problems: string[], env: Env): string {
  const raw = value(env, 'DATABASE_URL') ?? 'sqlite:./data/esemes.db';
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(raw)) {
    problems.push('DATABASE_URL must be sqlite:<file> (or sqlite::memory:) or postgres://user:password@host/database');
  }
  return raw;
}

/**
 * Where sandbox mode keeps the sandbox's state: it lives as long as the outbox does, so the reports of
 * messages sent before a restart can still be fetched. Next to a SQLite file; in memory with
 * `sqlite::memory:`; `./data/` with PostgreSQL (no local folder to share).
 */
function sandboxStateFileFor(databaseUrl: string): string | undefined {
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    return path === ':memory:' ? undefined : resolve(dirname(resolve(path)), 'sandbox-state.json');
  }
  return resolve('data', 'sandbox-state.json');
}

function storesFile(problems: string[], env: Env): Record<string, StoreSettings> | undefined {
  const file = value(env, 'ESEMES_STORES_FILE');
  if (file === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`ESEMES_STORES_FILE ${JSON.stringify(file)} cannot be read as JSON (${(error as Error).message.split('\n')[0]})`);
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push('ESEMES_STORES_FILE must hold one JSON object: { "<store id>" or "*": { sender?, quietHours?, … } }');
    return undefined;
  }
  const bad = Object.entries(parsed).filter(([, settings]) => typeof settings !== 'object' || settings === null || Array.isArray(settings));
  if (bad.length > 0) problems.push(`ESEMES_STORES_FILE: the settings of ${bad.map(([id]) => JSON.stringify(id)).join(', ')} must be objects`);
  for (const [id, settings] of Object.entries(parsed as Record<string, { sender?: unknown; maxParts?: unknown; transliterate?: unknown }>)) {
    if (!settings || typeof settings !== 'object') continue;
    if (settings.sender !== undefined && (typeof settings.sender !== 'string' || !SENDER.test(settings.sender))) {
      problems.push(`ESEMES_STORES_FILE: the sender of ${JSON.stringify(id)} must be 1–11 printable ASCII characters`);
    }
    if (settings.maxParts !== undefined && (!Number.isInteger(settings.maxParts) || (settings.maxParts as number) < 1 || (settings.maxParts as number) > 10)) {
      problems.push(`ESEMES_STORES_FILE: the maxParts of ${JSON.stringify(id)} must be an integer from 1 to 10`);
    }
    if (settings.transliterate !== undefined && !['latin', 'none', 'turkish'].includes(settings.transliterate as string)) {
      problems.push(`ESEMES_STORES_FILE: the transliterate of ${JSON.stringify(id)} must be "latin", "none" or "turkish"`);
    }
  }
  return parsed as Record<string, StoreSettings>;
}

function dispatchTuning(problems: string[], env: Env): ServerConfig['dispatch'] {
  const tuning: ServerConfig['dispatch'] = {};
  const read = (name: string, min: number, max: number): number | undefined =>
    value(env, name) === undefined ? undefined : integer(problems, env, name, min, max, min);
  const intervalMs = read('DISPATCH_INTERVAL_MS', 10, 60_000);
  const batchSize = read('DISPATCH_BATCH_SIZE', 1, 100_000);
  const leaseMs = read('DISPATCH_LEASE_MS', 1_000, 3_600_000);
  const reconcileGraceMs = read('RECONCILE_GRACE_MS', 0, 86_400_000);
  if (intervalMs !== undefined) tuning.intervalMs = intervalMs;
  if (batchSize !== undefined) tuning.batchSize = batchSize;
  if (leaseMs !== undefined) tuning.leaseMs = leaseMs;
  if (reconcileGraceMs !== undefined) tuning.reconcileGraceMs = reconcileGraceMs;
  return tuning;
}

/**
 * Read the server's configuration from `env` (normally `process.env`). Without ESEMES_USER the server
 * runs in sandbox mode; then ESEMES_SENDER defaults to `DEMO` and an unset ADMIN_TOKEN is generated.
 * Throws one ServerConfigError listing every problem.
 * @example
 * const config = loadConfig({ ADMIN_TOKEN: 'a-long-random-secret', ESEMES_USER: 'shop', ESEMES_PASSWORD: '…', ESEMES_SENDER: 'MAGAZA' })
 */
export function loadConfig(env: Env): ServerConfig {
  const problems: string[] = [];
  const user = value(env, 'ESEMES_USER');
  const mode: ServerMode = user === undefined ? 'sandbox' : 'live';
  const password = env['ESEMES_PASSWORD'] === '' ? undefined : env['ESEMES_PASSWORD'];
  const baseUrl = httpUrl(problems, env, 'ESEMES_BASE_URL');

  if (mode === 'live' && password === undefined) problems.push('ESEMES_PASSWORD is required when ESEMES_USER is set');
  if (mode === 'sandbox' && password !== undefined)
    problems.push('ESEMES_PASSWORD is set but ESEMES_USER is not: set both for the live provider, or neither for sandbox mode');
  if (mode === 'sandbox' && baseUrl !== undefined)
    problems.push('ESEMES_BASE_URL is set but ESEMES_USER is not: set ESEMES_USER and ESEMES_PASSWORD to use it, or unset it for sandbox mode');

  const sender = value(env, 'ESEMES_SENDER') ?? (mode === 'sandbox' ? 'DEMO' : undefined);
  if (sender === undefined) problems.push('ESEMES_SENDER is required (the sender title registered for the account, e.g. MAGAZA)');
  else if (!SENDER.test(sender)) problems.push('ESEMES_SENDER must be 1–11 printable ASCII characters');

  let adminToken = value(env, 'ADMIN_TOKEN');
  let adminTokenGenerated = false;
  if (adminToken === undefined) {
    if (mode === 'live') problems.push(`ADMIN_TOKEN is required (a random secret of at least ${MIN_TOKEN} characters, e.g. \`openssl rand -hex 32\`)`);
    else {
      adminToken = randomBytes(24).toString('base64url');
      adminTokenGenerated = true;
    }
  } else if (adminToken.length < MIN_TOKEN) {
    problems.push(`ADMIN_TOKEN must be at least ${MIN_TOKEN} characters`);
  }

  // Not trimmed: spaces may be part of a password.
  let adminPassword = env['ADMIN_PASSWORD'] === undefined || env['ADMIN_PASSWORD'] === '' ? undefined : env['ADMIN_PASSWORD'];
  let adminPasswordGenerated = false;
  if (adminPassword === undefined) {
    if (mode === 'sandbox') {
      // Easy to type from the terminal: 16 characters of lower-case letters and digits (~82 bits).
      adminPassword = randomPassword(16);
      adminPasswordGenerated = true;
    }
  } else if ([...adminPassword].length < MIN_PASSWORD || adminPassword.length > 200) {
    problems.push(`ADMIN_PASSWORD must be ${MIN_PASSWORD} to 200 characters`);
  }

  const logLevel = (value(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const config: ServerConfig = {
    mode,
    port: integer(problems, env, 'PORT', 0, 65_535, 3000),
    host: value(env, 'HOST') ?? '127.0.0.1',
    databaseUrl: databaseUrl(problems, env),
    esemesUser: user,
    esemesPassword: mode === 'live' ? password : undefined,
    esemesBaseUrl: mode === 'live' ? baseUrl : undefined,
    sender: sender ?? '',
    adminToken: adminToken ?? '',
    adminTokenGenerated,
    adminPassword,
    adminPasswordGenerated,
    publicUrl: httpUrl(problems, env, 'PUBLIC_URL'),
    logLevel: logLevel as LogLevel,
    stores: storesFile(problems, env),
    shutdownDelayMs: integer(problems, env, 'SHUTDOWN_DELAY_MS', 0, 120_000, 0),
    dispatch: dispatchTuning(problems, env),
    sandboxStateFile: undefined,
  };
  if (mode === 'sandbox') config.sandboxStateFile = sandboxStateFileFor(config.databaseUrl);
  if (problems.length > 0) throw new ServerConfigError(problems);
  return config;
}
