import { TransportError } from './errors.js';
import { decodeReply } from './reply.js';

// One POST to the provider, with a timeout, turned into either the decoded reply text or a
// TransportError that says whether the request may have been accepted.

// Errors that mean no connection was ever made, so the provider cannot have seen the body.
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_INVALID_URL',
  // node:http's equivalent of undici's connect timeout (node-http.ts).
  'ESEMES_CONNECT_TIMEOUT',
]);

/** An answer whose head has arrived: the body is read with `bytes()` or dropped with `discard()` (one of them, once). */
export interface HttpReply {
  readonly status: number;
  readonly contentType: string | null;
  bytes(): Promise<Uint8Array>;
  discard(): Promise<void>;
}

/**
 * One POST of `body` to `url` with the request headers of {@link REQUEST_HEADERS}; rejects when no answer's head arrives.
 * `signal` (the timeout and the caller's) must stop it at any point, the body's reading included.
 */
export type Exchange = (url: URL, body: string | Uint8Array, signal: AbortSignal) => Promise<HttpReply>;

/** What every request says of itself, whichever way it goes. */
export const REQUEST_HEADERS = { 'content-type': 'text/xml; charset=utf-8', accept: 'text/plain, text/xml, */*' } as const;

export interface TransportSettings {
  readonly baseUrl: URL;
  /** The caller's fetch ({@link fetchExchange}) or, by default, node:http (`createNodeExchange`). */
  readonly exchange: Exchange;
  readonly timeoutMs: number;
  /** Extra attempts for read-only calls (and for sends whose connection failed). */
  readonly retries: number;
  readonly sleep: (ms: number) => Promise<void>;
  /**
   * True for the default node:http exchange, which is done with a byte body once the reply has come (it has been
   * written to the socket): a send may then write its next packet into the buffer of one whose reply is in.
   * False for a caller's `fetch`, which may keep the body.
   */
  readonly reusableBodies?: boolean;
}

/** One HTTP exchange with the provider, as `onExchange` hears of it (each attempt of a retried call is one). */
export interface ProviderExchange {
  /** The address called (the base URL and the API's path; the credentials travel in the body, never here). */
  readonly url: string;
  /** The HTTP status of the answer; undefined when no answer came (refused, timed out, cut). */
  readonly status: number | undefined;
  /** From the request's start to the answer's head (or the failure), in milliseconds. */
  readonly durationMs: number;
}

/**
 * `exchange`, telling `onExchange` of each call once its answer's head came or it failed. A hook that throws is
 * ignored: timing a call (metrics) must never change its outcome.
 */
export function timedExchange(exchange: Exchange, onExchange: (exchange: ProviderExchange) => void): Exchange {
  return async (url, body, signal) => {
    const started = performance.now();
    let status: number | undefined;
    try {
      const reply = await exchange(url, body, signal);
      status = reply.status;
      return reply;
    } finally {
      try {
        onExchange({ url: url.href, status, durationMs: performance.now() - started });
      } catch {
        // See above: the caller's hook, not the call, failed.
      }
    }
  };
}

/** The exchange over a fetch: the caller's, used exactly as given. Redirects are refused (`redirect: 'error'`). */
export function fetchExchange(fetch: typeof globalThis.fetch): Exchange {
  return async (url, body, signal) => {
    const response = await fetch(url, { method: 'POST', body, headers: { ...REQUEST_HEADERS }, signal, redirect: 'error' });
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      bytes: async () => new Uint8Array(await response.arrayBuffer()),
      discard: async () => {
        await response.body?.cancel().catch(() => undefined);
      },
    };
  };
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

// The statuses fetch calls redirects; with `redirect: 'error'` it never returns them, and node:http does not follow them.
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

async function attempt(settings: TransportSettings, call: string, body: string | Uint8Array, send: boolean, signal: AbortSignal | undefined): Promise<string> {
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
  const url = new URL(call, settings.baseUrl);
  let reply: HttpReply;
  try {
    reply = await settings.exchange(url, body, combined);
  } catch (error) {
    throw failure(call, error, timeout, settings.timeoutMs, send);
  }
  const status = reply.status;
  if (status >= 500) {
    await reply.discard();
    throw new TransportError(call, 'unknown', `HTTP ${status} from the provider`, { status, send });
  }
  if (status >= 400) {
    await reply.discard();
    // A 4xx is the server refusing the request outright (wrong base URL, wrong path): not processed.
    throw new TransportError(call, 'not_sent', `HTTP ${status} from ${url.origin}${url.pathname}: check the base URL`, { status });
  }
  if (REDIRECTS.has(status)) {
    await reply.discard();
    // The body went out with the credentials in it; following would send them again, wherever the Location says.
    throw new TransportError(call, 'unknown', `HTTP ${status} redirect from ${url.origin}${url.pathname} not followed: check the base URL`, { status, send });
  }
  try {
    return decodeReply(await reply.bytes(), reply.contentType);
  } catch (error) {
    throw failure(call, error, timeout, settings.timeoutMs, send);
  }
}

function failure(call: string, error: unknown, timeout: AbortSignal, timeoutMs: number, send: boolean): TransportError {
  if (timeout.aborted) return new TransportError(call, 'unknown', `no reply within ${timeoutMs} ms`, { cause: error, send });
  if (error instanceof Error && error.name === 'AbortError') return new TransportError(call, 'unknown', 'aborted by the caller', { cause: error, send });
  const code = causeCode(error);
  if (code && NOT_CONNECTED.has(code)) return new TransportError(call, 'not_sent', `could not connect (${code})`, { cause: error });
  // fetch refuses some ports (e.g. 1, 25) itself, before any connection.
  if ((error as { cause?: { message?: unknown } })?.cause?.message === 'bad port')
    return new TransportError(call, 'not_sent', 'fetch refuses this port', { cause: error });
  if ((error as { cause?: { message?: unknown } })?.cause?.message === 'unexpected redirect')
    return new TransportError(call, 'unknown', 'a redirect, not followed: check the base URL', { cause: error, send });
  return new TransportError(call, 'unknown', `connection failed before a reply (${code ?? (error instanceof Error ? error.message : String(error))})`, {
    cause: error,
    send,
  });
}

/**
 * POST `body` (a string, or its UTF-8 bytes) to `call` under the base URL and return the decoded reply. Read-only calls are retried
 * on any transport failure; sends (`idempotent: false`) only when no connection was made, because a
 * send that may have reached the provider must be reconciled, never repeated blindly.
 */
export async function post(
  settings: TransportSettings,
  call: string,
  body: string | Uint8Array,
  options: { idempotent: boolean; signal?: AbortSignal | undefined },
): Promise<string> {
  for (let attemptNo = 0; ; attemptNo += 1) {
    try {
      return await attempt(settings, call, body, !options.idempotent, options.signal);
    } catch (error) {
      const transport = error as TransportError;
      const retriable = options.idempotent
        ? !(transport.status !== undefined && transport.status < 500) && !options.signal?.aborted
        : transport.outcome === 'not_sent' && transport.status === undefined;
      if (!retriable || attemptNo >= settings.retries) throw error;
      await settings.sleep(Math.min(200 * 2 ** attemptNo, 5_000));
    }
  }
}
