import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerToken, safeEqual } from './auth.js';
import type { EsemesServer } from './server.js';
import { call, README_EVENT, TOKEN, testServer } from './test-server.js';

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer   abc  ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    [undefined, undefined],
  ])('Should read %j as %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});

describe('safeEqual', () => {
  it('Should compare whole strings of any length', () => {
    expect(safeEqual(TOKEN, TOKEN)).toBe(true);
    expect(safeEqual(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(safeEqual(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(safeEqual('', TOKEN)).toBe(false);
  });
});

describe('every /api/v1 route', () => {
  let server: EsemesServer;
  beforeAll(async () => {
    server = await testServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const routes: Array<['GET' | 'POST' | 'PUT' | 'DELETE', string, unknown?]> = [
    ['POST', '/api/v1/events', README_EVENT],
    ['GET', '/api/v1/messages'],
    ['GET', '/api/v1/messages/some-id'],
    ['GET', '/api/v1/templates'],
    ['GET', '/api/v1/templates/order.created/tr'],
    ['PUT', '/api/v1/templates/order.created/tr', { storeId: 'demo', body: 'x' }],
    ['DELETE', '/api/v1/templates/order.created/tr?storeId=demo'],
    ['POST', '/api/v1/templates/preview', { eventType: 'order.created', language: 'tr' }],
    ['POST', '/api/v1/cancel', { cancelKey: 'x' }],
    ['GET', '/api/v1/balance'],
    ['GET', '/api/v1/status'],
  ];

  it.each(routes)('Should answer %s %s with 401 and WWW-Authenticate: Bearer without the token', async (method, url, body) => {
    const response = await call(server, method, url, { token: null, ...(body !== undefined ? { body } : {}) });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="esemes"');
    expect(response.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('Bearer') } });
  });

  it('Should keep refusing wrong tokens after the right one was accepted (accepted headers are remembered, nothing else)', async () => {
    const wrong = [`${TOKEN}x`, TOKEN.slice(0, -1), TOKEN.toUpperCase(), `${TOKEN} extra`];
    for (let round = 0; round < 2; round++) {
      for (const header of [`Bearer ${TOKEN}`, `bearer  ${TOKEN} `]) {
        const response = await server.app.inject({ method: 'GET', url: '/api/v1/status', headers: { authorization: header } });
        expect(response.statusCode, header).toBe(200);
      }
      for (const token of wrong) {
        const response = await call(server, 'GET', '/api/v1/status', { token });
        expect(response.statusCode, token).toBe(401);
        expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="esemes"/);
      }
      expect((await call(server, 'GET', '/api/v1/status', { token: null })).statusCode).toBe(401);
    }
  });

  it('Should leave /healthz and /metrics open', async () => {
    expect((await call(server, 'GET', '/healthz', { token: null })).statusCode).toBe(200);
    expect((await call(server, 'GET', '/metrics', { token: null })).statusCode).toBe(200);
  });

  it('Should answer unknown routes with 404 JSON that does not repeat the URL', async () => {
    const response = await call(server, 'GET', '/nowhere?phone=1');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'No such route' } });
  });

  const unknown: Array<['GET' | 'POST' | 'PUT' | 'DELETE', string]> = [
    ['GET', '/api/v1'],
    ['GET', '/api/v1/'],
    ['GET', '/api/v1/nowhere'],
    ['POST', '/api/v1/admin/users'],
    ['DELETE', '/api/v1/messages/some-id/extra'],
  ];

  it.each(unknown)('Should answer the unknown %s %s with 401 without the token (no route is revealed), 404 with it', async (method, url) => {
    const anonymous = await call(server, method, url, { token: null, payload: '<xml/>', headers: { 'content-type': 'application/xml' } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('unauthorized');
    const known = await call(server, method, url);
    expect(known.statusCode).toBe(404);
    expect(known.json()).toEqual({ error: { code: 'not_found', message: 'No such route' } });
  });

  it('Should answer a known API path with another method 401 without the token, 405 with Allow with it', async () => {
    expect((await call(server, 'DELETE', '/api/v1/events', { token: null })).statusCode).toBe(401);
    const known = await call(server, 'DELETE', '/api/v1/events');
    expect(known.statusCode).toBe(405);
    expect(known.headers['allow']).toBe('POST');
    expect(known.json().error.code).toBe('method_not_allowed');
  });
});
