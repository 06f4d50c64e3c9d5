import { ConfigError } from './errors.js';
import type { Credentials } from './xml-request.js';
import { createNodeExchange } from './node-http.js';
import { fetchExchange, timedExchange, type ProviderExchange, type TransportSettings } from './transport.js';

/** The address the provider documents. Plain HTTP: prefer an https:// base URL where the provider offers one. */
export const DEFAULT_BASE_URL = 'http://toplusms.esemes.net/api-v3/';
/** The provider's limit of numbers (or messages) in one request. */
export const MAX_PACKET_SIZE = 100_000;

export interface EsemesClientOptions {
  /** Account user name (`kullanici`). */
  user: string;
  /** Account password (`sifre`). Never logged, never in an error. */
  password: string;
  /** Base URL of the API; default {@link DEFAULT_BASE_URL}. `https://` is accepted. */
  baseUrl?: string | URL;
  /**
   * A fetch to send requests with (tests pass a recording or fake one; a server may wrap fetch to time calls). Default:
   * node:http(s) with a keep-alive agent of the client's own, which keeps a long send's memory lower than Node's fetch.
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Called after each HTTP exchange with the provider (each attempt of a retried call): its URL, HTTP status
   * (undefined when no answer came) and duration. For metrics, whichever transport sends (the default or `fetch`);
   * called synchronously, and anything it throws is ignored.
   */
  onExchange?: (exchange: ProviderExchange) => void;
  /** Per-request timeout; default 30,000 ms. */
  timeoutMs?: number;
  /** Numbers (or messages) per request, 1–100,000; default 100,000. */
  packetSize?: number;
  /** Requests in flight at once for a multi-packet `send`; default 4. */
  concurrency?: number;
  /** Extra attempts for read-only calls and for sends that could not connect; default 2. */
  retries?: number;
  /** Clock; default `() => new Date()`. */
  now?: () => Date;
  /** Where the one-time plain-HTTP warning goes; default `process.emitWarning`. */
  onWarning?: (message: string) => void;
}

export interface ResolvedOptions {
  credentials: Credentials;
  transport: TransportSettings;
  packetSize: number;
  concurrency: number;
  now: () => Date;
  onWarning: (message: string) => void;
}

function intIn(problems: string[], name: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

/** Check every option once, when the client is built; one ConfigError lists all problems. */
export function resolveOptions(options: EsemesClientOptions): ResolvedOptions {
  const problems: string[] = [];
  if (options === null || typeof options !== 'object') throw new ConfigError(['options must be an object']);
  if (typeof options.user !== 'string' || options.user.trim() === '') problems.push('user is required (ESEMES_USER)');
  if (typeof options.password !== 'string' || options.password === '') problems.push('password is required (ESEMES_PASSWORD)');
  let baseUrl = new URL(DEFAULT_BASE_URL);
  if (options.baseUrl !== undefined) {
    try {
      baseUrl = new URL(String(options.baseUrl));
      if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') problems.push('baseUrl must be an http:// or https:// URL');
      if (baseUrl.username || baseUrl.password) problems.push('baseUrl must not carry credentials; use user and password');
      if (!baseUrl.pathname.endsWith('/')) baseUrl.pathname += '/';
      baseUrl.search = '';
      baseUrl.hash = '';
    } catch {
      problems.push('baseUrl is not a valid URL');
    }
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') problems.push('fetch must be a function');
  if (options.onExchange !== undefined && typeof options.onExchange !== 'function') problems.push('onExchange must be a function');
  if (options.now !== undefined && typeof options.now !== 'function') problems.push('now must be a function');
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function') problems.push('onWarning must be a function');
  const timeoutMs = intIn(problems, 'timeoutMs', options.timeoutMs, 1, 600_000, 30_000);
  const packetSize = intIn(problems, 'packetSize', options.packetSize, 1, MAX_PACKET_SIZE, MAX_PACKET_SIZE);
  const concurrency = intIn(problems, 'concurrency', options.concurrency, 1, 64, 4);
  const retries = intIn(problems, 'retries', options.retries, 0, 10, 2);
  if (problems.length > 0) throw new ConfigError(problems);
  const exchange = options.fetch === undefined ? createNodeExchange(baseUrl) : fetchExchange(options.fetch);
  return {
    credentials: { user: options.user, password: options.password },
    transport: {
      baseUrl,
      exchange: options.onExchange ? timedExchange(exchange, options.onExchange) : exchange,
      timeoutMs,
      retries,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      reusableBodies: options.fetch === undefined,
    },
    packetSize,
    concurrency,
    now: options.now ?? (() => new Date()),
    onWarning: options.onWarning ?? ((message) => process.emitWarning(message, { code: 'ESEMES_PLAIN_HTTP' })),
  };
}

/** Loopback traffic never leaves the machine, so plain HTTP there (the sandbox) is not worth a warning. */
export function isLoopback(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\./.test(url.hostname);
}
