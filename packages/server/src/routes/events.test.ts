import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type EsemesServer } from '../server.js';
import { allMessages, call, LogCapture, orderEvent, README_EVENT, TOKEN, testConfig, testServer } from '../test-server.js';

let server: EsemesServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(async () => {
  await server.close();
});

/** Nothing in the outbox, and the key is still free: a valid POST of it now is a first acceptance. */
async function expectNothingStored(key = README_EVENT.idempotencyKey): Promise<void> {
  expect(await allMessages(server)).toEqual([]);
  const counts = await server.notifier.queueCounts();
  expect(Object.values(counts).every((count) => count === 0)).toBe(true);
  const fresh = await call(server, 'POST', '/api/v1/events', { body: { ...README_EVENT, idempotencyKey: key } });
  expect(fresh.statusCode).toBe(202);
}

describe('POST /api/v1/events', () => {
  it('Should accept the README example with 202 and the message ids', async () => {
    const response = await call(server, 'POST', '/api/v1/events', { body: README_EVENT });
    expect(response.statusCode).toBe(202);
    const body = response.json();
    expect(body).toMatchObject({ status: 'accepted', skipped: [] });
    expect(typeof body.eventId).toBe('string');
    expect(body.messageIds).toHaveLength(1);
    const [message] = await allMessages(server);
    expect(message).toMatchObject({ id: body.messageIds[0], recipient: '5329998877', status: 'queued', storeId: 'demo', orderId: '1001' });
    expect(message!.text).toContain('Ayşe');
    expect(message!.text).toContain('1001');
  });

  it('Should answer a repeat of the idempotency key with 200 and the original ids, storing nothing new', async () => {
    const first = (await call(server, 'POST', '/api/v1/events', { body: README_EVENT })).json();
    const repeat = await call(server, 'POST', '/api/v1/events', { body: { ...README_EVENT, customer: { firstName: 'Başka', phones: ['05301112233'] } } });
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toEqual({ status: 'duplicate', eventId: first.eventId, messageIds: first.messageIds, skipped: [] });
    expect(await allMessages(server)).toHaveLength(1);
  });

  it('Should answer 20 concurrent posts of one key with one 202 and nineteen 200, all with the same ids', async () => {
    const { url } = await server.start();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${url}/api/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(README_EVENT),
        }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(18).fill(200), 202].sort());
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as Array<{ messageIds: string[]; eventId: string }>;
    expect(new Set(bodies.map((body) => JSON.stringify([body.eventId, body.messageIds]))).size).toBe(1);
    expect(await allMessages(server)).toHaveLength(1);
  });

  it('Should answer invalid JSON with 400 invalid_json and store nothing', async () => {
    const response = await call(server, 'POST', '/api/v1/events', { payload: '{"type": "order.created", ' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'invalid_json', message: expect.any(String) } });
    await expectNothingStored();
  });

  it('Should answer an empty body with 400 invalid_json', async () => {
    const response = await call(server, 'POST', '/api/v1/events', { payload: '' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_json');
  });

  it('Should answer a schema violation with 422 invalid_event naming each issue, and store nothing', async () => {
    const { order: _order, ...noOrder } = README_EVENT;
    const response = await call(server, 'POST', '/api/v1/events', { body: { ...noOrder, store: { id: 'demo' } } });
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error.code).toBe('invalid_event');
    const paths = (error.issues as Array<{ path: string }>).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['order', 'store.name']));
    await expectNothingStored();
  });

  it('Should answer an unknown event type with 422 invalid_event', async () => {
    const response = await call(server, 'POST', '/api/v1/events', { body: { ...README_EVENT, type: 'order.teleported' } });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'invalid_event', issues: [expect.objectContaining({ path: 'type' })] });
    await expectNothingStored();
  });

  it('Should answer a JSON array or string with 422 invalid_event', async () => {
    for (const payload of ['[]', '"order.created"', 'null']) {
      const response = await call(server, 'POST', '/api/v1/events', { payload });
      expect(response.statusCode).toBe(422);
      expect(response.json().error.code).toBe('invalid_event');
    }
    await expectNothingStored();
  });

  it('Should answer an event without a usable phone with 422 no_recipient, and store nothing', async () => {
    const response = await call(server, 'POST', '/api/v1/events', {
      body: { ...README_EVENT, customer: { firstName: 'Ayşe', phones: ['0212 555 11 22', 'not a phone'] } },
    });
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error.code).toBe('no_recipient');
    expect(error.reasons).toHaveLength(2);
    expect(error.message).not.toContain('212 555 11 22');
    await expectNothingStored();
  });

  it('Should answer a body over 1 MB with 413 body_too_large, and store nothing', async () => {
    const huge = { ...README_EVENT, customer: { ...README_EVENT.customer, lastName: 'x'.repeat(1_100_000) } };
    const response = await call(server, 'POST', '/api/v1/events', { body: huge });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('body_too_large');
    await expectNothingStored();
  });

  it('Should answer a missing or wrong token with 401 and WWW-Authenticate: Bearer, and store nothing', async () => {
    const missing = await call(server, 'POST', '/api/v1/events', { body: README_EVENT, token: null });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(missing.json().error.code).toBe('unauthorized');
    const wrong = await call(server, 'POST', '/api/v1/events', { body: README_EVENT, token: `${TOKEN}x` });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toContain('invalid_token');
    const basic = await call(server, 'POST', '/api/v1/events', {
      body: README_EVENT,
      token: null,
      headers: { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
    });
    expect(basic.statusCode).toBe(401);
    await expectNothingStored();
  });

  it('Should refuse a body that is not JSON with 415', async () => {
    const response = await call(server, 'POST', '/api/v1/events', {
      payload: 'type=order.created',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
    await expectNothingStored();
  });

  const notJson: Array<[string, Record<string, string>, string | undefined]> = [
    ['text/plain', { 'content-type': 'text/plain' }, JSON.stringify(README_EVENT)],
    ['text/plain; charset=utf-8', { 'content-type': 'text/plain; charset=utf-8' }, JSON.stringify(README_EVENT)],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, 'type=order.created'],
    ['no Content-Type, a JSON body', {}, JSON.stringify(README_EVENT)],
    ['no Content-Type and no body', {}, undefined],
    ['application/jsonp', { 'content-type': 'application/jsonp' }, JSON.stringify(README_EVENT)],
  ];

  it.each(notJson)('Should answer %s with 415 unsupported_media_type, and store nothing', async (_what, headers, payload) => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${TOKEN}`, ...headers },
      ...(payload !== undefined ? { payload } : {}),
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({ error: { code: 'unsupported_media_type', message: 'Send the body as Content-Type: application/json' } });
    await expectNothingStored();
  });

  it('Should take application/json with parameters, in any case', async () => {
    const response = await call(server, 'POST', '/api/v1/events', { body: README_EVENT, headers: { 'content-type': 'Application/JSON; charset=UTF-8' } });
    expect(response.statusCode).toBe(202);
  });

  it('Should answer 400 invalid_json for a prototype-poisoning document rather than merge it', async () => {
    const response = await call(server, 'POST', '/api/v1/events', { payload: `{"__proto__": {"admin": true}, "type": "order.created"}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_json');
  });

  it('Should accept a commercial event without consent with 202, no message, and the reason in skipped', async () => {
    const cart = {
      type: 'cart.abandoned',
      idempotencyKey: 'demo:cart:77:1',
      store: { id: 'demo', name: 'Demo Mağaza' },
      customer: { firstName: 'Ayşe', phones: ['05329998877'] },
      cart: { id: '77', recoveryUrl: 'https://demo.example/cart/77', total: '99.90' },
    };
    const response = await call(server, 'POST', '/api/v1/events', { body: cart });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ status: 'accepted', messageIds: [], skipped: [{ role: 'customer', reason: expect.stringContaining('consent') }] });
    expect(await allMessages(server)).toEqual([]);
  });

  it('Should accept other orders as their own events', async () => {
    const a = await call(server, 'POST', '/api/v1/events', { body: orderEvent('2001') });
    const b = await call(server, 'POST', '/api/v1/events', { body: orderEvent('2002', '0530 111 22 33') });
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    expect(a.json().eventId).not.toBe(b.json().eventId);
    expect(await allMessages(server)).toHaveLength(2);
  });
});

describe('POST /api/v1/events when the database refuses the write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'esemes-events-busy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('Should answer 503 store_unavailable with Retry-After, store nothing, and accept the same key once the database is back', async () => {
    const file = join(dir, 'busy.db');
    const logs = new LogCapture();
    const busy = await createServer(testConfig({ DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'warn' }), { logStream: logs });
    // Another process holds SQLite's write lock for longer than busy_timeout (5 s) waits.
    const holder = new Sqlite(file);
    try {
      holder.exec('begin immediate');
      const refused = await call(busy, 'POST', '/api/v1/events', { body: README_EVENT });
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.json()).toEqual({
        error: {
          code: 'store_unavailable',
          message: 'The event was not stored: the database is unavailable. Send it again later with the same idempotency key.',
          stored: 'no',
        },
      });
      // The operator's log has SQLite's reason; the answer does not.
      expect(logs.text).toContain('"sqliteCode":"SQLITE_BUSY"');
      expect(logs.text).toContain('database is locked');
      expect(refused.body).not.toContain('SQLITE');
      holder.exec('rollback');
      expect(await allMessages(busy)).toEqual([]);
      const retried = await call(busy, 'POST', '/api/v1/events', { body: README_EVENT });
      expect(retried.statusCode).toBe(202);
      expect(await allMessages(busy)).toHaveLength(1);
    } finally {
      if (holder.inTransaction) holder.exec('rollback');
      holder.close();
      await busy.close();
    }
  }, 60_000);
});
