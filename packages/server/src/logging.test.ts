import { startSandbox, type RunningSandbox } from '@esemes/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerAdapter } from './adapters.js';
import { maskPhonesInText, safeUrl, scrub } from './logging.js';
import type { EsemesServer } from './server.js';
import { call, LogCapture, README_EVENT, TOKEN, testServer } from './test-server.js';

describe('maskPhonesInText', () => {
  it('Should keep only the last 4 digits of phone numbers in any format', () => {
    expect(maskPhonesInText('to +90 532 999 88 77 and 0530-111-2233, (532) 999 88 77 or 5329998877.')).toBe(
      'to ********8877 and *******2233, ******8877 or ******8877.',
    );
  });

  it('Should leave short numbers, ids and times alone', () => {
    const text = 'order 1001, report 100000001, 2026-03-02T10:00:00.000Z, id 3f2a9c1e-77aa-4b1e-9d1f-0a1b2c3d4e5f, 249.90 TRY';
    expect(maskPhonesInText(text)).toBe(text);
  });
});

describe('scrub', () => {
  it('Should redact secret-named keys, mask phone-named keys and phones in strings and errors, at any depth', () => {
    const error = Object.assign(new Error('cannot send to 05329998877'), { code: 'recipients' });
    expect(
      scrub({
        password: 'pw',
        nested: { adminToken: 't', headers: { authorization: 'Bearer t' } },
        phone: '+90 532 999 88 77',
        phones: ['05301112233'],
        note: 'call 0532 999 88 77',
        err: error,
        count: 3,
      }),
    ).toEqual({
      password: '[redacted]',
      nested: { adminToken: '[redacted]', headers: { authorization: '[redacted]' } },
      phone: '********8877',
      phones: ['*******2233'],
      note: 'call *******8877',
      err: { type: 'Error', message: 'cannot send to *******8877', code: 'recipients', stack: expect.not.stringContaining('05329998877') },
      count: 3,
    });
  });
});

describe('safeUrl', () => {
  it('Should mask phones in the query and the path, and redact secret-named parameters', () => {
    expect(safeUrl('/api/v1/messages?phone=%2B90%20532%20999%2088%2077&status=sent&token=abc')).toBe(
      '/api/v1/messages?phone=********8877&status=sent&token=%5Bredacted%5D',
    );
    expect(safeUrl('/x/05329998877')).toBe('/x/*******8877');
    expect(safeUrl('/x/%2B90%20532%20999%2088%2077/y%20z')).toBe('/x/********8877/y%20z');
    expect(safeUrl('/x/0532/999/88/77')).toBe('/x/*******8877');
  });

  it('Should redact the path segments and query parameters it is told are secret', () => {
    expect(safeUrl('/hook/demo/s3cr3t?nonce=n0nce&page=2', { segments: new Set([3]), query: new Set(['nonce']) })).toBe(
      '/hook/demo/[redacted]?nonce=%5Bredacted%5D&page=2',
    );
  });
});

describe('secret path parameters in the request log', () => {
  const KEY = 'KeyInThePath0123456789abcdefABCD';
  const TOKEN_PARAM = 'TokenInThePath0123456789abcdefAB';
  const NONCE = 'NonceInTheQuery0123456789abcdefA';
  const logs = new LogCapture();
  let server: EsemesServer;
  let origin: string;
  /** Routes with a declared secret parameter, one named like a secret, and a secret query parameter. */
  const shop: ServerAdapter = {
    name: 'shop',
    plugin: async (app) => {
      app.post('/hook/:storeId/:key', { config: { secretParams: ['key'] } }, async () => ({ ok: true }));
      app.get('/reset/:token', async () => ({ ok: true }));
      app.get('/return', { config: { secretQuery: ['nonce'] } }, async () => ({ ok: true }));
    },
  };

  beforeAll(async () => {
    server = await testServer({ LOG_LEVEL: 'trace' }, { adapters: [shop], logStream: logs });
    origin = await server.app.listen({ port: 0, host: '127.0.0.1' });
    await fetch(`${origin}/adapters/shop/hook/demo/${KEY}`, { method: 'POST' }); // matched
    await fetch(`${origin}/adapters/shop/hook/demo/${KEY}`); // wrong method: 405, matched no route
    await fetch(`${origin}/adapters/shop/hook/demo/${KEY}/more`, { method: 'POST' }); // 404: the path only starts like the route's
    await fetch(`${origin}/adapters/shop/reset/${TOKEN_PARAM}`);
    await fetch(`${origin}/adapters/shop/return?nonce=${NONCE}&success=1`);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('Should log [redacted] in their place on the request line, whether the request matched its route or not', () => {
    const urls = logs
      .lines()
      .filter((line) => line['msg'] === 'incoming request')
      .map((line) => [(line['req'] as { method: string }).method, (line['req'] as { url: string }).url]);
    expect(urls).toEqual([
      ['POST', '/adapters/shop/hook/demo/[redacted]'],
      ['GET', '/adapters/shop/hook/demo/[redacted]'],
      ['POST', '/adapters/shop/hook/demo/[redacted]/more'],
      ['GET', '/adapters/shop/reset/[redacted]'],
      ['GET', '/adapters/shop/return?nonce=%5Bredacted%5D&success=1'],
    ]);
  });

  it('Should not carry them on any line (request completed logs the status only)', () => {
    expect(logs.lines().filter((line) => line['msg'] === 'request completed')).toHaveLength(5);
    for (const secret of [KEY, TOKEN_PARAM, NONCE]) expect(logs.text).not.toContain(secret);
  });
});

describe('the server log', () => {
  const PASSWORD = 'Sup3r-Secret-Pass!';
  const logs = new LogCapture();
  let sandbox: RunningSandbox;
  let server: EsemesServer;

  beforeAll(async () => {
    sandbox = await startSandbox({
      accounts: [{ user: 'shopuser', password: PASSWORD, numericCredits: 10, alphanumericCredits: 1000, senders: ['MAGAZA'] }],
      deliveryDelayMs: 0,
    });
    server = await testServer(
      { ESEMES_USER: 'shopuser', ESEMES_PASSWORD: PASSWORD, ESEMES_BASE_URL: sandbox.url, ESEMES_SENDER: 'MAGAZA', LOG_LEVEL: 'trace' },
      { logStream: logs, dispatch: { firstPollMs: 0 } },
    );
    await call(server, 'POST', '/api/v1/events', { body: README_EVENT });
    await call(server, 'POST', '/api/v1/events', { body: { ...README_EVENT, idempotencyKey: 'demo:1002:created', customer: { phones: ['0212 555 11 22'] } } });
    await call(server, 'POST', '/api/v1/events', { body: README_EVENT, token: 'wrong-token-but-long-enough' });
    await call(server, 'GET', '/api/v1/messages?phone=0532%20999%2088%2077&unmask=true');
    await call(server, 'GET', '/api/v1/messages/05329998877');
    await call(server, 'GET', '/api/v1/balance');
    await server.notifier.runOnce();
    await server.notifier.runOnce();
    server.app.log.info({ config: server.config }, 'configuration');
    server.app.log.info('a free-text line about +90 532 999 88 77');
  });
  afterAll(async () => {
    await server?.close();
    await sandbox?.close();
  });

  it('Should be JSON lines with request logs', () => {
    const lines = logs.lines();
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((line) => (line['req'] as { url?: string } | undefined)?.url === '/api/v1/messages?phone=*******8877&unmask=true')).toBe(true);
  });

  it('Should never contain the provider password, the admin token, a bearer header or a full phone number', () => {
    const text = logs.text;
    for (const secret of [PASSWORD, TOKEN, 'wrong-token-but-long-enough', 'Bearer ']) expect(text).not.toContain(secret);
    for (const phone of ['5329998877', '532 999 88 77', '532%20999', '2125551122', '212 555 11 22']) expect(text).not.toContain(phone);
    expect(text).toContain('8877');
    expect(text).toContain('[redacted]');
  });

  it('Should never contain a request body', () => {
    expect(logs.text).not.toContain('Yılmaz');
    expect(logs.text).not.toContain('249.90');
  });
});
