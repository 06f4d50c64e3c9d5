import { connect } from 'node:net';
import { OutboxWriteError } from '@esemes/notify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerAdapter } from './adapters.js';
import { clientErrorOf, mapError } from './http-errors.js';
import type { EsemesServer } from './server.js';
import { LogCapture, TOKEN, testServer } from './test-server.js';

const PHONE = '05329998877';
const SECRET = 'Sekret0123456789abcdefABCDEF0123';

/** A shop adapter with a token in its webhook path. */
const shop: ServerAdapter = {
  name: 'shop',
  plugin: async (app) => {
    app.post('/hook/:storeId/:key', { config: { secretParams: ['key'] } }, async () => ({ ok: true }));
  },
};

/** Write `request` on a fresh socket and read everything until the server closes it. */
function rawRequest(origin: string, request: string): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', (error: NodeJS.ErrnoException) => (answer !== '' ? resolve(answer) : reject(error)));
    socket.write(request);
  });
}

function parseRaw(answer: string): { status: number; headers: string; body: unknown } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), headers: head, body: JSON.parse(body) };
}

let server: EsemesServer;
let origin: string;
const logs = new LogCapture();
beforeAll(async () => {
  server = await testServer({ LOG_LEVEL: 'trace' }, { adapters: [shop], logStream: logs });
  origin = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
});
afterAll(async () => {
  await server.close();
});

const auth = { authorization: `Bearer ${TOKEN}` };

describe("Fastify's own answers, in the API's error shape and without the URL", () => {
  it('Should answer an unknown route 404 not_found', async () => {
    const response = await fetch(`${origin}/nowhere/${PHONE}?token=${SECRET}`);
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'not_found', message: 'No such route' } });
    for (const echoed of ['nowhere', PHONE, SECRET]) expect(text).not.toContain(echoed);
  });

  it('Should answer a known path with another method 405 method_not_allowed, with Allow', async () => {
    const health = await fetch(`${origin}/healthz`, { method: 'DELETE' });
    expect(health.status).toBe(405);
    expect(health.headers.get('allow')).toBe('GET, HEAD');
    expect(await health.json()).toEqual({ error: { code: 'method_not_allowed', message: 'DELETE is not allowed on this path; it allows GET, HEAD' } });

    const hook = await fetch(`${origin}/adapters/shop/hook/demo/${SECRET}`);
    expect(hook.status).toBe(405);
    expect(hook.headers.get('allow')).toBe('POST');
    expect(await hook.text()).not.toContain(SECRET);

    const api = await fetch(`${origin}/api/v1/events`, { headers: auth });
    expect(api.status).toBe(405);
    expect(api.headers.get('allow')).toBe('POST');
  });

  it('Should answer a path parameter over 100 characters 414 uri_too_long', async () => {
    const long = `${SECRET}${'x'.repeat(100)}`;
    const response = await fetch(`${origin}/adapters/shop/hook/demo/${long}`, { method: 'POST' });
    expect(response.status).toBe(414);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'uri_too_long', message: 'A path segment is longer than 100 characters' } });
    expect(text).not.toContain(SECRET);
    // Under /api/v1 the token comes first: without it, nothing says the route exists.
    const id = 'm'.repeat(101);
    expect((await fetch(`${origin}/api/v1/messages/${id}`)).status).toBe(401);
    expect((await fetch(`${origin}/api/v1/messages/${id}`, { headers: auth })).status).toBe(414);
  });

  it('Should answer a URL Fastify cannot decode 400 bad_url', async () => {
    const response = await fetch(`${origin}/adapters/shop/%zz/${PHONE}`);
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'bad_url', message: 'The URL is not valid (a malformed %-escape?)' } });
    expect(text).not.toContain(PHONE);
  });

  it('Should answer a URL over Node’s 16 KB header limit 414, over a socket', async () => {
    const answer = await rawRequest(origin, `GET /api/v1/messages?phone=${PHONE}&x=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    const { status, headers, body } = parseRaw(answer);
    expect(status).toBe(414);
    expect(headers).toMatch(/content-type: application\/json/i);
    expect(body).toEqual({ error: { code: 'uri_too_long', message: 'The URL is too long' } });
    expect(answer).not.toContain(PHONE);
  });

  it('Should answer headers over Node’s 16 KB limit 431, over a socket', async () => {
    const answer = await rawRequest(origin, `GET /healthz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
    const { status, body } = parseRaw(answer);
    expect(status).toBe(431);
    expect(body).toEqual({ error: { code: 'headers_too_large', message: 'The request headers are too large' } });
    expect(answer).not.toContain(TOKEN);
  });

  it('Should answer what is not HTTP 400 bad_request, over a socket', async () => {
    const { status, body } = parseRaw(await rawRequest(origin, 'HELLO THERE\r\n\r\n'));
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: 'bad_request', message: 'The request is not valid HTTP' } });
  });

  it('Should log none of those URLs’ secrets or phone numbers', () => {
    for (const secret of [SECRET, PHONE, '5329998877', TOKEN]) expect(logs.text).not.toContain(secret);
    expect(logs.text).toContain('[redacted]');
  });
});

describe('clientErrorOf', () => {
  const overflow = (raw: string, bytesParsed = raw.length) =>
    Object.assign(new Error('Parse Error'), { code: 'HPE_HEADER_OVERFLOW', rawPacket: Buffer.from(raw), bytesParsed });

  it('Should tell a request line over the limit (414) from headers over it (431)', () => {
    expect(clientErrorOf(overflow(`GET /x?${'a'.repeat(100)}`)).status).toBe(414);
    expect(clientErrorOf(overflow(`GET /x HTTP/1.1\r\nX: ${'a'.repeat(100)}`)).status).toBe(431);
    // A later chunk of the headers: not a request line.
    expect(clientErrorOf(overflow('a'.repeat(100))).status).toBe(431);
    expect(clientErrorOf(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }))).toMatchObject({ status: 408, code: 'request_timeout' });
  });
});

describe('mapError for the outbox refusing a write', () => {
  it('Should map each OutboxWriteError that passes to 503 store_unavailable with Retry-After, telling whether the event may be stored', () => {
    const closed = new OutboxWriteError('store_closed', 'outbox: the store is closed; nothing was stored');
    expect(mapError(closed)).toEqual({
      status: 503,
      code: 'store_unavailable',
      message: 'The event was not stored: the database is unavailable. Send it again later with the same idempotency key.',
      details: { stored: 'no' },
      retryAfter: 1,
    });
    const lost = new OutboxWriteError('accept_worker_failed', 'outbox: the SQLite acceptance thread stopped while writing', { stored: 'unknown' });
    expect(mapError(lost)).toMatchObject({ status: 503, code: 'store_unavailable', details: { stored: 'unknown' } });
    expect(mapError(new OutboxWriteError('store_unavailable', 'disk full', { sqliteCode: 'SQLITE_FULL' }))).toMatchObject({ status: 503 });
  });

  it('Should leave an event the database refused on its own (event_refused) and a look-alike code from elsewhere to the 500 path', () => {
    expect(mapError(new OutboxWriteError('event_refused', 'outbox: event s/k was not stored: UNIQUE constraint failed'))).toBeUndefined();
    expect(mapError(Object.assign(new Error('something else'), { code: 'store_closed' }))).toBeUndefined();
  });
});
