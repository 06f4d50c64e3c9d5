import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createEsemesClient } from './client.js';
import { ConfigError, TransportError, isTransportError } from './errors.js';

// A raw local server lets each test answer exactly how a broken network or provider would.
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const servers: Server[] = [];

async function serve(handler: Handler): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      hits += 1;
      handler(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api-v3/`, hits: () => hits };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const client = (baseUrl: string, extra: object = {}) =>
  createEsemesClient({ user: 'shop', password: 'S3cret-pass', baseUrl, retries: 2, timeoutMs: 30_000, ...extra });
// Every failure reads the same whichever way the request goes: the default node:http exchange or a caller's fetch.
const transports: Array<[string, object]> = [
  ['node:http (default)', {}],
  ['a caller fetch', { fetch: (input: string | URL | Request, init?: RequestInit) => fetch(input, init) }],
];
const sendOne = { sender: 'DEMO', to: '05329998877', text: 'Merhaba' };

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isTransportError(error)).toBe(true);
  return error as TransportError;
}

describe.each(transports)('transport failures over %s', (_name, via) => {
  const client = (baseUrl: string, extra: object = {}) =>
    createEsemesClient({ user: 'shop', password: 'S3cret-pass', baseUrl, retries: 2, timeoutMs: 30_000, ...via, ...extra });

  it('a reset before the reply is "unknown" and a send is never repeated', async () => {
    const server = await serve((req) => req.socket.destroy());
    const error = await failure(client(server.url).send(sendOne));
    expect(error.outcome).toBe('unknown');
    expect(server.hits()).toBe(1);
  });

  it('read-only calls are retried after a reset', async () => {
    let first = true;
    const server = await serve((req, res) => {
      if (first) {
        first = false;
        req.socket.destroy();
        return;
      }
      res.end('numerik(1)\nalphanumeric(2)');
    });
    await expect(client(server.url).balance()).resolves.toMatchObject({ numeric: 1, alphanumeric: 2 });
    expect(server.hits()).toBe(2);
  });

  it('HTTP 5xx on a send is "unknown" and not repeated; on a read it is retried', async () => {
    const server = await serve((_req, res) => {
      res.statusCode = 503;
      res.end('Service Unavailable');
    });
    const error = await failure(client(server.url).send(sendOne));
    expect(error.outcome).toBe('unknown');
    expect(error.status).toBe(503);
    expect(server.hits()).toBe(1);
    await failure(client(server.url).report('1'));
    expect(server.hits()).toBe(4);
  });

  it('HTTP 404 means the base URL is wrong: not sent, not retried', async () => {
    const server = await serve((_req, res) => {
      res.statusCode = 404;
      res.end('Not Found');
    });
    const error = await failure(client(server.url).balance());
    expect(error.outcome).toBe('not_sent');
    expect(error.message).toMatch(/base URL/);
    expect(server.hits()).toBe(1);
  });

  it('a refused connection is "not_sent"', async () => {
    const server = await serve(() => undefined);
    const url = server.url;
    const s = servers.pop()!;
    await new Promise((resolve) => s.close(resolve));
    const error = await failure(client(url, { retries: 0 }).send(sendOne));
    expect(error.outcome).toBe('not_sent');
  });

  it('a timeout after the body was written is "unknown"', async () => {
    const server = await serve(() => undefined);
    const error = await failure(client(server.url, { timeoutMs: 150 }).send(sendOne));
    expect(error.outcome).toBe('unknown');
    expect(error.message).toMatch(/no reply within 150 ms/);
    expect(server.hits()).toBe(1);
  });

  it('an ISO-8859-9 reply without a declared charset is still read', async () => {
    const bytes = Buffer.from('ERR|Kullan\xfdc\xfd ad\xfd veya \xfeifre hatal\xfd', 'latin1');
    const server = await serve((_req, res) => {
      res.setHeader('content-type', 'text/plain');
      res.end(bytes);
    });
    await expect(client(server.url).send(sendOne)).rejects.toMatchObject({ code: 'auth', providerText: 'Kullanıcı adı veya şifre hatalı' });
  });

  it('sends the XML as the raw body with a text/xml content type', async () => {
    let seen: { type?: string | undefined; body: string } = { body: '' };
    const server = await serve((req, res, body) => {
      seen = { type: req.headers['content-type'], body };
      res.end('OK|77');
    });
    await client(server.url).send(sendOne);
    expect(seen.type).toBe('text/xml; charset=utf-8');
    expect(seen.body).toMatch(/^<SMS><oturum><kullanici>shop<\/kullanici>/);
  });
});

describe('a caller fetch', () => {
  it('a refused connection is "not_sent", and even a send is retried then', async () => {
    const server = await serve(() => undefined);
    const url = server.url;
    const s = servers.pop()!;
    await new Promise((resolve) => s.close(resolve));
    let calls = 0;
    const countingFetch: typeof fetch = (input, init) => {
      calls += 1;
      return fetch(input, init);
    };
    const error = await failure(client(url, { fetch: countingFetch }).send(sendOne));
    expect(error.outcome).toBe('not_sent');
    expect(calls).toBe(3);
  });

  it('a redirect is refused, not followed', async () => {
    const target = await serve((_req, res) => res.end('OK|1'));
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: target.url + 'xml_api.php' });
      res.end();
    });
    const error = await failure(client(server.url, { fetch: (input: string | URL | Request, init?: RequestInit) => fetch(input, init) }).send(sendOne));
    expect(error.outcome).toBe('unknown');
    expect(error.message).toMatch(/redirect, not followed/);
    expect(target.hits()).toBe(0);
  });
});

describe('credentials stay secret', () => {
  it('never appear in errors, string forms or JSON', async () => {
    const server = await serve((req) => req.socket.destroy());
    const esemes = client(server.url);
    const error = await failure(esemes.send(sendOne));
    const { inspect } = await import('node:util');
    for (const shown of [
      String(error),
      error.stack ?? '',
      JSON.stringify(error),
      inspect(error, { depth: 5 }),
      String(esemes),
      JSON.stringify(esemes),
      inspect(esemes, { depth: 5 }),
    ]) {
      expect(shown).not.toContain('S3cret-pass');
      expect(shown).not.toContain('shop');
    }
  });

  it('config errors name every problem and never the password', () => {
    try {
      createEsemesClient({ user: '', password: '', baseUrl: 'ftp://x', timeoutMs: -1, packetSize: 100_001, concurrency: 0 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(6);
    }
    expect(() => createEsemesClient({ user: 'u', password: 'pw-123', baseUrl: 'http://u:pw-123@example.com/' })).toThrow(/must not carry credentials/);
    try {
      createEsemesClient({ user: 'u', password: 'pw-123', baseUrl: 'http://u:pw-123@example.com/' });
    } catch (e) {
      expect(String(e)).not.toContain('pw-123');
    }
  });

  it('warns once when credentials would go over plain HTTP to a remote host', async () => {
    const warnings: string[] = [];
    const server = await serve((_req, res) => res.end('OK|1'));
    const remote = createEsemesClient({
      user: 'u',
      password: 'p',
      baseUrl: 'http://toplusms.example.test/api-v3/',
      onWarning: (m) => warnings.push(m),
      fetch: (_input, init) => fetch(server.url + 'xml_api.php', init),
    });
    await remote.send(sendOne);
    await remote.send(sendOne);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/plain HTTP/);
    expect(warnings[0]).not.toContain('p,');
    const local = createEsemesClient({ user: 'u', password: 'p', baseUrl: server.url, onWarning: (m) => warnings.push(m) });
    await local.send(sendOne);
    const secure = createEsemesClient({
      user: 'u',
      password: 'p',
      baseUrl: 'https://toplusms.example.test/api-v3/',
      onWarning: (m) => warnings.push(m),
      fetch: (_i, init) => fetch(server.url + 'xml_api.php', init),
    });
    await secure.send(sendOne);
    expect(warnings).toHaveLength(1);
  });
});

describe('transport messages', () => {
  it('a port fetch refuses is not_sent; a read-only failure does not talk about resending', async () => {
    const error = await failure(client('http://127.0.0.1:1/api-v3/', { retries: 0 }).balance());
    expect(error.outcome).toBe('not_sent');
    const server = await serve((req) => req.socket.destroy());
    const read = await failure(client(server.url, { retries: 0 }).balance());
    expect(read.message).not.toMatch(/sending again/);
    const send = await failure(client(server.url).send(sendOne));
    expect(send.message).toMatch(/check the reports before sending again/);
  });
});
