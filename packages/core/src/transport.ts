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
]);

export interface TransportSettings {
  readonly baseUrl: URL;
  readonly fetch: typeof globalThis.fetch;
  readonly timeoutMs: number;
  /** Extra attempts for read-only calls (and for sends whose connection failed). */
  readonly retries: number;
  readonly sleep: (ms: number) => Promise<void>;
  /**
   * True when `fetch` is the default (Node's own), which has copied a byte body before `fetch()` returns: a send
   * may then write its next packet into the buffer of one whose reply is in. False for a caller's `fetch`, which may keep the body.
   */
  readonly reusableBodies?: boolean;
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

async function attempt(settings: TransportSettings, call: string, body: string | Uint8Array, send: boolean, signal: AbortSignal | undefined): Promise<string> {
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
  const url = new URL(call, settings.baseUrl);
  let response: Response;
  try {
    response = await settings.fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/xml; charset=utf-8', accept: 'text/plain, text/xml, */*' },
      signal: combined,
      redirect: 'error',
    });
  } catch (error) {
    throw failure(call, error, timeout, settings.timeoutMs, send);
  }
  if (response.status >= 500) {
    await response.body?.cancel().catch(() => undefined);
    throw new TransportError(call, 'unknown', `HTTP ${response.status} from the provider`, { status: response.status, send });
  }
  if (response.status >= 400) {
    await response.body?.cancel().catch(() => undefined);
    // A 4xx is the server refusing the request outright (wrong base URL, wrong path): not processed.
    throw new TransportError(call, 'not_sent', `HTTP ${response.status} from ${url.origin}${url.pathname}: check the base URL`, { status: response.status });
  }
  try {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return decodeReply(bytes, response.headers.get('content-type'));
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
