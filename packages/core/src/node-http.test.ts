import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEsemesClient } from './client.js';
import { isTransportError, type TransportError } from './errors.js';
import { createNodeExchange } from './node-http.js';
import { post, type TransportSettings } from './transport.js';
import { buildSendXml } from './xml-request.js';

// The default exchange against real servers on 127.0.0.1: each test answers the way a broken network or provider would.
type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;
const servers: Array<Server | TcpServer> = [];

interface Recorded {
  url: string;
  hits: () => number;
  connections: () => number;
  requests: Array<{ headers: IncomingHttpHeaders; body: Buffer }>;
}

function track(server: Server, handler: Handler, connectionEvent = 'connection'): Recorded {
  const recorded: Recorded = { url: '', hits: () => recorded.requests.length, connections: () => connections, requests: [] };
  let connections = 0;
  server.on(connectionEvent, () => (connections += 1));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      recorded.requests.push({ headers: req.headers, body });
      handler(req, res, body);
    });
  });
  return recorded;
}

async function listen(server: Server | TcpServer): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function serve(handler: Handler): Promise<Recorded> {
  const server = createServer();
  const recorded = track(server, handler);
  recorded.url = `http://127.0.0.1:${await listen(server)}/api-v3/`;
  return recorded;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    if ('closeAllConnections' in server) server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const client = (baseUrl: string, extra: object = {}) => createEsemesClient({ user: 'shop', password: 'S3cret-pass', baseUrl, retries: 2, ...extra });
const viaFetch = { fetch: (input: string | URL | Request, init?: RequestInit) => fetch(input, init) };
const sendOne = { sender: 'DEMO', to: '05329998877', text: 'Merhaba' };

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isTransportError(error)).toBe(true);
  return error as TransportError;
}

/** `post` over the node:http exchange, for what the client's options do not reach (connect timeout, a test CA). */
function settings(baseUrl: string, exchange = createNodeExchange(new URL(baseUrl)), extra: Partial<TransportSettings> = {}): TransportSettings {
  return { baseUrl: new URL(baseUrl), exchange, timeoutMs: 30_000, retries: 0, sleep: async () => undefined, reusableBodies: true, ...extra };
}

describe('the default node:http exchange', () => {
  it('sends the same bytes and headers as fetch did, packet buffers reused included', async () => {
    const server = await serve((_req, res) => res.end(`OK|${server.hits()}`));
    const to = Array.from({ length: 11 }, (_, i) => `53299988${String(i).padStart(2, '0')}`);
    const text = 'Sayın müşterimiz, siparişiniz yola çıktı & <yarın> teslim 😀';
    const run = async (extra: object) => {
      const before = server.requests.length;
      const esemes = client(server.url, { packetSize: 2, concurrency: 2, ...extra });
      const sent = await esemes.send({ sender: 'DEMO', text, to });
      await esemes.sendPersonalized({ sender: 'DEMO', messages: [{ to: '5329998877', text: 'Şükran 1' }] });
      await esemes.balance().catch(() => undefined);
      return { sent, requests: server.requests.slice(before) };
    };
    const viaNode = await run({});
    const viaFetchRun = await run(viaFetch);
    const bodies = (r: typeof viaNode) => r.requests.map((q) => q.body.toString('base64')).sort();
    expect(bodies(viaNode)).toEqual(bodies(viaFetchRun));
    // Every packet is its own numbers, whichever buffer it was written into.
    const credentials = { user: 'shop', password: 'S3cret-pass' };
    const expected = viaNode.sent.packets.map((p) => Buffer.from(buildSendXml(credentials, { sender: 'DEMO', text, numbers: p.numbers }, { tarih: '' })));
    for (const body of expected) expect(viaNode.requests.some((q) => q.body.equals(body))).toBe(true);
    expect(viaNode.sent.packets).toHaveLength(6);
    const pick = (h: IncomingHttpHeaders) => [h['content-type'], h.accept, h['user-agent'], h['content-length'], h['transfer-encoding']];
    for (let i = 0; i < viaNode.requests.length; i += 1) {
      const node = viaNode.requests[i]!;
      const same = viaFetchRun.requests.find((q) => q.body.equals(node.body))!;
      expect(pick(node.headers)).toEqual(pick(same.headers));
    }
    expect(viaNode.requests[0]!.headers['content-type']).toBe('text/xml; charset=utf-8');
  });

  it('keeps the connection alive between requests, with an agent per client', async () => {
    const server = await serve((_req, res) => res.end('numerik(1)\nalphanumeric(2)'));
    const esemes = client(server.url);
    for (let i = 0; i < 3; i += 1) await esemes.balance();
    expect(server.hits()).toBe(3);
    expect(server.connections()).toBe(1);
    await client(server.url).balance();
    expect(server.connections()).toBe(2);
  });

  it('closes idle sockets, never one waiting for its reply', async () => {
    const server = await serve((_req, res) => setTimeout(() => res.end('OK|7'), 600));
    const exchange = createNodeExchange(new URL(server.url), { idleSocketMs: 200 });
    const once = () => post(settings(server.url, exchange), 'xml_api.php', '<SMS/>', { idempotent: false });
    await expect(once()).resolves.toBe('OK|7');
    await new Promise((resolve) => setTimeout(resolve, 600));
    await expect(once()).resolves.toBe('OK|7');
    expect(server.connections()).toBe(2);
  });

  it('a server that never answers is a timeout: "unknown"', async () => {
    const server = await serve(() => undefined);
    const error = await failure(client(server.url, { timeoutMs: 200 }).send(sendOne));
    expect(error.outcome).toBe('unknown');
    expect(error.message).toMatch(/no reply within 200 ms/);
  });

  it("the caller's abort stops a request, before the reply and while it is read", async () => {
    const controller = new AbortController();
    const server = await serve(() => controller.abort());
    const error = await failure(client(server.url).send({ ...sendOne, signal: controller.signal }));
    expect(error.outcome).toBe('unknown');
    expect(error.message).toMatch(/aborted by the caller/);

    const reading = new AbortController();
    const slow = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('OK|', () => reading.abort());
    });
    const cut = await failure(client(slow.url).send({ ...sendOne, signal: reading.signal }));
    expect(cut.outcome).toBe('unknown');
    expect(cut.message).toMatch(/aborted by the caller/);
  });

  it('refuses a redirect instead of following it, for sends and reads alike', async () => {
    const target = await serve((_req, res) => res.end('OK|1'));
    const server = await serve((_req, res) => {
      res.writeHead(307, { location: `${target.url}xml_api.php` });
      res.end();
    });
    const error = await failure(client(server.url).send(sendOne));
    expect(error.outcome).toBe('unknown');
    expect(error.status).toBe(307);
    expect(error.message).toMatch(/redirect .* not followed/);
    const read = await failure(client(server.url).balance());
    expect(read.status).toBe(307);
    expect(target.hits()).toBe(0);
    expect(server.hits()).toBe(2);
  });

  it('HTTP 5xx is "unknown", HTTP 4xx is "not_sent"', async () => {
    const status = { code: 502 };
    const server = await serve((_req, res) => {
      res.statusCode = status.code;
      res.end('nope');
    });
    const bad = await failure(client(server.url).send(sendOne));
    expect([bad.outcome, bad.status]).toEqual(['unknown', 502]);
    status.code = 403;
    const refused = await failure(client(server.url).send(sendOne));
    expect([refused.outcome, refused.status]).toEqual(['not_sent', 403]);
  });

  it('a refused connection is "not_sent", and a send is tried again then', async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    servers.pop();
    let sleeps = 0;
    const base = `http://127.0.0.1:${port}/api-v3/`;
    const error = (await post(settings(base, undefined, { retries: 2, sleep: async () => void (sleeps += 1) }), 'xml_api.php', '<SMS/>', {
      idempotent: false,
    }).catch((e: unknown) => e)) as TransportError;
    expect(isTransportError(error)).toBe(true);
    expect(error.outcome).toBe('not_sent');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(sleeps).toBe(2);
  });

  it('a reset in the middle of the reply is "unknown" for a send, and not repeated', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '50' });
      res.write('OK|12', () => req.socket.destroy());
    });
    const error = await failure(client(server.url).send(sendOne));
    expect(error.outcome).toBe('unknown');
    expect(error.message).toMatch(/check the reports before sending again/);
    expect(server.hits()).toBe(1);
  });

  it('a connection that never completes (a TLS handshake that never answers) is "not_sent"', async () => {
    // It reads what comes (a ClientHello) and never answers; reading lets it see the client's close.
    const silent = createTcpServer((socket) => socket.resume());
    const port = await listen(silent);
    const base = `https://127.0.0.1:${port}/api-v3/`;
    const exchange = createNodeExchange(new URL(base), { connectTimeoutMs: 200 });
    const error = (await post(settings(base, exchange), 'xml_api.php', '<SMS/>', { idempotent: false }).catch((e: unknown) => e)) as TransportError;
    expect(isTransportError(error)).toBe(true);
    expect(error.outcome).toBe('not_sent');
  });
});

// A certificate for 127.0.0.1 made for this run (no key kept in the repository); skipped without openssl.
function selfSigned(): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'esemes-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ].concat(['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]),
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const tls = selfSigned();

describe.skipIf(!tls)('https', () => {
  async function serveTls(handler: Handler): Promise<Recorded> {
    const server = createTlsServer({ key: tls!.key, cert: tls!.cert });
    const recorded = track(server, handler, 'secureConnection');
    recorded.url = `https://127.0.0.1:${await listen(server)}/api-v3/`;
    return recorded;
  }

  it('an https:// base URL goes over TLS, with one kept-alive connection', async () => {
    const server = await serveTls((_req, res) => res.end('OK|42'));
    const base = server.url;
    const exchange = createNodeExchange(new URL(base), { ca: tls!.cert });
    for (let i = 0; i < 2; i += 1) await expect(post(settings(base, exchange), 'xml_api.php', '<SMS/>', { idempotent: false })).resolves.toBe('OK|42');
    expect(server.connections()).toBe(1);
    expect(server.requests[0]!.body.toString()).toBe('<SMS/>');
  });

  it('checks the certificate: an untrusted one fails before any request is sent', async () => {
    const server = await serveTls((_req, res) => res.end('OK|42'));
    const error = await failure(client(server.url).send(sendOne));
    expect(error.message).toMatch(/CERT|certificate/i);
    expect(server.hits()).toBe(0);
  });
});
