// What the server hands the dashboard, checked once when it is built.
import type { DashboardPanel } from '@esemes/adapter-kit';
import type { Notifier } from '@esemes/notify';

/** What the sandbox's virtual phones show (sandbox mode only); @esemes/sandbox's running sandbox fits it. */
export interface DashboardSandbox {
  /** Every number that received something, newest activity first. */
  phones(options?: { limit?: number }): ReadonlyArray<{ number: string; messages: number; lastSentAt: string; lastStatus: string; preview: string }>;
  /** What one number received, oldest first (ISO 8601 times). */
  inbox(
    number: string,
  ): ReadonlyArray<{ reportId: string; sender: string; text: string; parts: number; status: string; sentAt: string; finishedAt: string | null }>;
}

export interface DashboardOptions {
  /** The engine (messages, templates, store settings, statistics, balance, pause). */
  notifier: Notifier;
  mode: 'sandbox' | 'live';
  /** The server's default sender title (shown as the default of a store's). */
  sender: string;
  /** ADMIN_PASSWORD; undefined: the dashboard shows how to turn it on and lets nobody in. */
  password: string | undefined;
  /** PUBLIC_URL: where platforms send the shop owner back to (one-click connection). */
  publicUrl: string | undefined;
  /** The adapters' panels, asked once the adapters are registered. */
  panels: () => readonly DashboardPanel[];
  /** The in-process sandbox's phones (sandbox mode). */
  sandbox?: DashboardSandbox;
  /** What `GET /` answers a client that does not ask for HTML (scripts, health checkers). */
  about: () => Record<string, unknown>;
  /** Time zone dates are shown in (default Europe/Istanbul). */
  timeZone?: string;
  clock?: () => number;
  /** How long a login lasts (default 12 h). */
  sessionMaxAgeMs?: number;
  /** Wrong-or-right login attempts allowed per client address and window (default 5 a minute). */
  loginAttempts?: { max: number; windowMs: number };
}

export interface ResolvedOptions extends Required<Omit<DashboardOptions, 'password' | 'publicUrl' | 'sandbox'>> {
  password: string | undefined;
  publicUrl: string | undefined;
  sandbox: DashboardSandbox | undefined;
}

/** Every problem at once, as a TypeError (a programming error of the embedder, not of a user). */
export function resolveOptions(options: DashboardOptions): ResolvedOptions {
  const problems: string[] = [];
  if (!options || typeof options !== 'object') throw new TypeError('createDashboard: options must be an object');
  if (!options.notifier) problems.push('notifier is required');
  if (options.mode !== 'sandbox' && options.mode !== 'live') problems.push("mode must be 'sandbox' or 'live'");
  if (options.password !== undefined && (typeof options.password !== 'string' || options.password.length < 8))
    problems.push('password must be at least 8 characters');
  if (typeof options.panels !== 'function') problems.push('panels must be a function returning the adapters’ panels');
  if (typeof options.about !== 'function') problems.push('about must be a function');
  const timeZone = options.timeZone ?? 'Europe/Istanbul';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    problems.push(`timeZone ${JSON.stringify(timeZone)} is not an IANA time zone`);
  }
  const sessionMaxAgeMs = options.sessionMaxAgeMs ?? 12 * 3_600_000;
  if (!Number.isInteger(sessionMaxAgeMs) || sessionMaxAgeMs < 60_000) problems.push('sessionMaxAgeMs must be at least 60,000');
  const loginAttempts = options.loginAttempts ?? { max: 5, windowMs: 60_000 };
  if (!Number.isInteger(loginAttempts.max) || loginAttempts.max < 1 || !Number.isInteger(loginAttempts.windowMs) || loginAttempts.windowMs < 1_000) {
    problems.push('loginAttempts must be { max ≥ 1, windowMs ≥ 1,000 }');
  }
  if (problems.length > 0) throw new TypeError(`createDashboard: ${problems.join('; ')}`);
  return {
    notifier: options.notifier,
    mode: options.mode,
    sender: options.sender,
    password: options.password,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    panels: options.panels,
    sandbox: options.sandbox,
    about: options.about,
    timeZone,
    clock: options.clock ?? Date.now,
    sessionMaxAgeMs,
    loginAttempts,
  };
}
