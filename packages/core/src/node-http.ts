import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { REQUEST_HEADERS, type Exchange, type HttpReply } from './transport.js';

// The default exchange, over node:http(s) rather than Node's fetch: fetch (undici) is more code to load and parses
// replies with a WebAssembly module that V8 recompiles in the background during a long send; a million-number send
// peaked ~35 MB higher with it. node:http parses in C++. What a request sends and how its failures read are the
// same as with fetch (transport.ts classifies both).

/** Free keep-alive sockets close after 4 s idle (undici's default), or 1 s before the server's `Keep-Alive: timeout`. */
const IDLE_SOCKET_MS = 4_000;
/** As undici: a connection (TCP, and TLS for https) not made within 10 s was never made. */
const CONNECT_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_CODE = 'ESEMES_CONNECT_TIMEOUT';
// Node's fetch says `node`: the provider sees the same client as before.
const HEADERS = { ...REQUEST_HEADERS, 'user-agent': 'node' };

/**
 * An exchange with a keep-alive agent of its own (one per client: nothing shared between clients). Redirects are
 * not followed: the exchange returns them and `post` refuses them. `https:` base URLs go through node:https.
 */
export function createNodeExchange(baseUrl: URL, options: { connectTimeoutMs?: number; idleSocketMs?: number; ca?: string } = {}): Exchange {
  const secure = baseUrl.protocol === 'https:';
  // The agent's `timeout` only ever closes free sockets: a request waiting longer for its reply is left alone.
  const agentOptions = { keepAlive: true, timeout: options.idleSocketMs ?? IDLE_SOCKET_MS };
  // The options are for tests; `ca` trusts a certificate authority instead of Node's own list.
  const agent = secure ? new HttpsAgent({ ...agentOptions, ...(options.ca === undefined ? {} : { ca: options.ca }) }) : new HttpAgent(agentOptions);
  const request = secure ? httpsRequest : httpRequest;
  const connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const connectedEvent = secure ? 'secureConnect' : 'connect';

  return (url, body, signal) =>
    new Promise<HttpReply>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      const req = request(url, { method: 'POST', agent, headers: { ...HEADERS, 'content-length': String(bytes.byteLength) } });
      // Where a failure goes: the exchange's promise until the reply's head is in, then the body's.
      let fail: (error: unknown) => void = reject;
      let connectTimer: NodeJS.Timeout | undefined;
      const cleanup = (): void => {
        clearTimeout(connectTimer);
        signal.removeEventListener('abort', onAbort);
      };
      const stop = (error: unknown): void => {
        cleanup();
        fail(error);
        req.destroy();
      };
      // As fetch: a caller's abort rejects with the signal's reason (an AbortError, or the timeout's TimeoutError).
      const onAbort = (): void => stop(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });

      req.on('socket', (socket) => {
        // A kept-alive socket is connected already.
        if (!socket.connecting) return;
        connectTimer = setTimeout(
          () => stop(Object.assign(new Error(`no connection within ${connectTimeoutMs} ms`), { code: CONNECT_TIMEOUT_CODE })),
          connectTimeoutMs,
        );
        socket.once(connectedEvent, () => clearTimeout(connectTimer));
      });
      req.on('error', stop);
      req.on('response', (res: IncomingMessage) => {
        clearTimeout(connectTimer);
        const body = readBody(res, req, (rejectBody) => (fail = rejectBody)).finally(cleanup);
        // A reply dropped by discard() (or never asked for) must not surface as an unhandled rejection.
        body.catch(() => undefined);
        const type = res.headers['content-type'];
        resolve({
          status: res.statusCode ?? 0,
          contentType: type ?? null,
          bytes: () => body,
          discard: async () => {
            // An error status's body is not worth the wait; the socket goes with it.
            cleanup();
            res.destroy();
          },
        });
      });
      req.end(bytes);
    });
}

/**
 * The reply's bytes, once the reply has ended and the request's body has left for the socket: only then may the
 * caller reuse that buffer (`reusableBodies`). `setFail` receives where the exchange's failures must go from now on.
 */
function readBody(res: IncomingMessage, req: ClientRequest, setFail: (reject: (error: unknown) => void) => void): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    setFail(reject);
    const chunks: Buffer[] = [];
    let ended = false;
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('error', reject);
    res.on('end', () => {
      ended = true;
      const done = (): void => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
      if (req.writableFinished) done();
      else req.once('finish', done);
    });
    // A close without an end and without an error (e.g. a destroyed socket) is still a reply cut short.
    res.on('close', () => {
      if (!ended) reject(Object.assign(new Error('the reply was cut short'), { code: 'ECONNRESET' }));
    });
  });
}
