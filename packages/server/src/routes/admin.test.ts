import { startSandbox, type RunningSandbox } from '@esemes/sandbox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EsemesServer } from '../server.js';
import { call, README_EVENT, testServer } from '../test-server.js';

let server: EsemesServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(async () => {
  await server.close();
});

const CART = {
  type: 'cart.abandoned',
  idempotencyKey: 'demo:cart:77:1',
  store: { id: 'demo', name: 'Demo Mağaza' },
  customer: { firstName: 'Ayşe', phones: ['05329998877'], smsConsent: { marketing: true, recordedAt: '2026-01-01T10:00:00+03:00', source: 'checkout' } },
  cart: { id: '77', recoveryUrl: 'https://demo.example/cart/77', total: '99.90' },
};

describe('GET /api/v1/balance', () => {
  it('Should show the credits of the account (the sandbox demo account)', async () => {
    const response = await call(server, 'GET', '/api/v1/balance');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ numeric: 1000, alphanumeric: 100_000 });
  });

  it('Should require the bearer token', async () => {
    expect((await call(server, 'GET', '/api/v1/balance', { token: null })).statusCode).toBe(401);
  });
});

describe('GET /api/v1/balance against a provider that refuses the credentials', () => {
  let sandbox: RunningSandbox;
  let live: EsemesServer;
  beforeAll(async () => {
    sandbox = await startSandbox();
    live = await testServer({ ESEMES_USER: 'demo', ESEMES_PASSWORD: 'wrong-password', ESEMES_BASE_URL: sandbox.url, ESEMES_SENDER: 'DEMO' });
  });
  afterAll(async () => {
    await live?.close();
    await sandbox?.close();
  });

  it('Should answer 502 provider_auth, without the password', async () => {
    const response = await call(live, 'GET', '/api/v1/balance');
    expect(response.statusCode).toBe(502);
    expect(response.json().error.code).toBe('provider_auth');
    expect(response.body).not.toContain('wrong-password');
  });

  it('Should say live mode in the status', async () => {
    expect((await call(live, 'GET', '/api/v1/status')).json().mode).toBe('live');
  });
});

describe('GET /api/v1/status', () => {
  it('Should show the mode, the pause state and the queue by status', async () => {
    await call(server, 'POST', '/api/v1/events', { body: README_EVENT });
    const response = await call(server, 'GET', '/api/v1/status');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      mode: 'sandbox',
      sender: 'DEMO',
      paused: false,
      pause: null,
      queue: { queued: 1, sending: 0, unknown: 0, sent: 0, delivered: 0, undelivered: 0, failed: 0, cancelled: 0 },
    });
  });

  it('Should show a pause with its reason', async () => {
    server.sandbox!.faults.inject({ kind: 'err', text: 'ERR|Yetersiz kredi' });
    await call(server, 'POST', '/api/v1/events', { body: README_EVENT });
    await server.notifier.runOnce();
    const { paused, pause } = (await call(server, 'GET', '/api/v1/status')).json();
    expect(paused).toBe(true);
    expect(pause).toMatchObject({ code: 'credit', reason: expect.any(String), since: expect.stringMatching(/^\d{4}-/) });
  });
});

describe('POST /api/v1/resume', () => {
  it('Should lift a pause by hand and say what it lifted; again, say nothing was paused', async () => {
    server.sandbox!.faults.inject({ kind: 'err', text: 'ERR|Geçersiz başlık' });
    await call(server, 'POST', '/api/v1/events', { body: README_EVENT });
    await server.notifier.runOnce();
    expect((await call(server, 'GET', '/api/v1/status')).json()).toMatchObject({ paused: true, pause: { code: 'sender' } });
    const resumed = await call(server, 'POST', '/api/v1/resume');
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json()).toMatchObject({ resumed: true, pause: { code: 'sender' } });
    expect((await call(server, 'POST', '/api/v1/resume')).json()).toEqual({ resumed: false, pause: null });
    await server.notifier.runOnce();
    expect((await call(server, 'GET', '/api/v1/status')).json()).toMatchObject({ paused: false, queue: { queued: 0, sent: 1 } });
  });
});

describe('POST /api/v1/cancel', () => {
  it('Should cancel the queued messages of a key and say how many', async () => {
    const accepted = (await call(server, 'POST', '/api/v1/events', { body: CART })).json();
    expect(accepted.messageIds).toHaveLength(1);
    const response = await call(server, 'POST', '/api/v1/cancel', { body: { cancelKey: 'cart:demo:77' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ cancelled: 1 });
    expect((await call(server, 'GET', `/api/v1/messages/${accepted.messageIds[0]}`)).json().status).toBe('cancelled');
    expect((await call(server, 'POST', '/api/v1/cancel', { body: { cancelKey: 'cart:demo:77' } })).json()).toEqual({ cancelled: 0 });
  });

  it('Should answer 400 without a cancelKey', async () => {
    for (const body of [{}, { cancelKey: '' }, { cancelKey: 7 }, []]) {
      const response = await call(server, 'POST', '/api/v1/cancel', { body });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
  });
});
