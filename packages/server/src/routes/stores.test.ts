import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { EsemesServer } from '../server.js';
import { call, orderEvent, README_EVENT, testServer } from '../test-server.js';

const folder = mkdtempSync(join(tmpdir(), 'esemes-stores-'));
const storesFile = join(folder, 'stores.json');
writeFileSync(storesFile, JSON.stringify({ '*': { maxParts: 3 }, demo: { sender: 'FILE' } }));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** 2026-12-01 12:00 in Istanbul. */
const NOON = Date.parse('2026-12-01T09:00:00Z');
let server: EsemesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const start = async (env: Record<string, string> = {}): Promise<EsemesServer> => {
  server = await testServer({ ESEMES_STORES_FILE: storesFile, ...env }, { clock: () => NOON });
  return server;
};

describe('store settings', () => {
  it('Should answer 401 without the token on every store and stats route', async () => {
    const s = await start();
    for (const [method, url] of [
      ['GET', '/api/v1/stores'],
      ['GET', '/api/v1/stores/demo/settings'],
      ['PUT', '/api/v1/stores/demo/settings'],
      ['DELETE', '/api/v1/stores/demo/settings'],
      ['GET', '/api/v1/stats'],
    ] as const) {
      const response = await call(s, method, url, { token: null, ...(method === 'PUT' ? { body: { sender: 'X' } } : {}) });
      expect(response.statusCode).toBe(401);
    }
    expect(await s.notifier.storeSettings.list()).toEqual([]);
  });

  it('Should save settings over the file, apply them to the next event, show them and remove them', async () => {
    const s = await start();
    const before = await call(s, 'GET', '/api/v1/stores/demo/settings');
    expect(before.json()).toEqual({ storeId: 'demo', effective: { maxParts: 3, sender: 'FILE' }, saved: null, updatedAt: null });

    const put = await call(s, 'PUT', '/api/v1/stores/demo/settings', { body: { sender: 'SAVED', disabledEvents: ['order.paid'] } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({
      storeId: 'demo',
      effective: { maxParts: 3, sender: 'SAVED', disabledEvents: ['order.paid'] },
      saved: { sender: 'SAVED', disabledEvents: ['order.paid'] },
      updatedAt: '2026-12-01T09:00:00.000Z',
    });
    expect((await call(s, 'GET', '/api/v1/stores/demo/settings')).json()).toEqual(put.json());

    const accepted = await call(s, 'POST', '/api/v1/events', { body: README_EVENT });
    expect(accepted.statusCode).toBe(202);
    const message = await s.notifier.getMessage(accepted.json().messageIds[0]);
    expect(message?.sender).toBe('SAVED');
    const paid = await call(s, 'POST', '/api/v1/events', { body: { ...orderEvent('1002'), type: 'order.paid' } });
    expect(paid.json()).toMatchObject({ messageIds: [], skipped: [{ role: 'all', reason: 'the store turned off SMS for order.paid' }] });

    const deleted = await call(s, 'DELETE', '/api/v1/stores/demo/settings');
    expect(deleted.json()).toEqual({ deleted: true });
    expect((await call(s, 'DELETE', '/api/v1/stores/demo/settings')).json()).toEqual({ deleted: false });
    expect((await call(s, 'GET', '/api/v1/stores/demo/settings')).json()).toEqual(before.json());
  });

  it('Should list the stores with saved settings and the stores seen in events, once each', async () => {
    const s = await start();
    await call(s, 'POST', '/api/v1/events', { body: orderEvent('1', '05329998877', 'shop-b') });
    await call(s, 'POST', '/api/v1/events', { body: orderEvent('2', '05329998877', 'shop-a') });
    await call(s, 'PUT', '/api/v1/stores/shop-a/settings', { body: { maxParts: 4 } });
    await call(s, 'PUT', '/api/v1/stores/new-shop/settings', { body: { quietHours: null } });
    const response = await call(s, 'GET', '/api/v1/stores');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      stores: [
        { storeId: 'new-shop', hasEvents: false, saved: { quietHours: null }, updatedAt: '2026-12-01T09:00:00.000Z' },
        { storeId: 'shop-a', hasEvents: true, saved: { maxParts: 4 }, updatedAt: '2026-12-01T09:00:00.000Z' },
        { storeId: 'shop-b', hasEvents: true, saved: null, updatedAt: null },
      ],
    });
  });

  it('Should refuse bad settings with 422 invalid_store_settings naming every field, and save nothing', async () => {
    const s = await start();
    const response = await call(s, 'PUT', '/api/v1/stores/demo/settings', {
      body: { sender: 'Ç', maxParts: 0, quietHours: { start: '9', end: '17:00' }, disabledEvents: ['order.lost'], colour: 'red' },
    });
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error.code).toBe('invalid_store_settings');
    expect(error.problems).toEqual([
      expect.stringMatching(/^colour is not a store setting/),
      'sender must be 1–11 printable ASCII characters',
      'quietHours: quiet hours must be HH:MM, got "9"',
      expect.stringMatching(/^disabledEvents names unknown event types "order.lost"/),
      'maxParts must be an integer from 1 to 10',
    ]);
    expect(error.message).toMatch(/^invalid store settings: colour is not a store setting/);

    for (const body of [null, [], 'MAGAZA']) {
      const refused = await call(s, 'PUT', '/api/v1/stores/demo/settings', { body });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'invalid_request', message: 'The body must be a JSON object of store settings' });
    }
    const blank = await call(s, 'PUT', '/api/v1/stores/%20%20/settings', { body: { sender: 'OK' } });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.message).toMatch(/^storeId must be 1–200 characters after trimming/);
    expect((await call(s, 'GET', '/api/v1/stores/%20/settings')).statusCode).toBe(400);
    expect((await call(s, 'DELETE', '/api/v1/stores/%20/settings')).statusCode).toBe(400);
    const notJson = await call(s, 'PUT', '/api/v1/stores/demo/settings', { payload: '{"sender":' });
    expect(notJson.json().error.code).toBe('invalid_json');

    expect((await call(s, 'GET', '/api/v1/stores')).json()).toEqual({ stores: [] });
    expect((await call(s, 'GET', '/api/v1/stores/demo/settings')).json().saved).toBeNull();
  });
});

describe('the stores file', () => {
  it('Should not start with settings the engine refuses, naming the store and the field', async () => {
    const file = join(folder, 'bad-stores.json');
    writeFileSync(file, JSON.stringify({ demo: { colour: 'red', disabledEvents: ['order.lost'] } }));
    const error = await testServer({ ESEMES_STORES_FILE: file }).then(
      (started) => started.close().then(() => undefined),
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'config', name: 'NotifierConfigError' });
    expect((error as { problems: string[] }).problems).toEqual([
      expect.stringMatching(/^stores\.demo\.colour is not a store setting/),
      expect.stringMatching(/^stores\.demo\.disabledEvents names unknown event types "order.lost"/),
    ]);
  });
});

describe('GET /api/v1/stats', () => {
  it('Should count messages by status over the last 24 hours and the last days, zero-filled', async () => {
    const s = await start();
    await call(s, 'POST', '/api/v1/events', { body: README_EVENT });
    await call(s, 'POST', '/api/v1/events', { body: orderEvent('1002') });
    await s.notifier.runOnce();
    const response = await call(s, 'GET', '/api/v1/stats');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const sent = { created: 2, sent: 2, delivered: 0, failed: 0, waiting: 0, cancelled: 0 };
    const zero = { created: 0, sent: 0, delivered: 0, failed: 0, waiting: 0, cancelled: 0 };
    expect(body).toMatchObject({ days: 7, timeZone: 'Europe/Istanbul', last24h: sent, lastDays: sent });
    expect(body.perDay).toHaveLength(7);
    expect(body.perDay[0]).toEqual({ date: '2026-11-25', counts: zero });
    expect(body.perDay[6]).toEqual({ date: '2026-12-01', counts: sent });

    const utc = (await call(s, 'GET', '/api/v1/stats?days=2&timeZone=America%2FNew_York')).json();
    expect(utc).toMatchObject({ days: 2, timeZone: 'America/New_York' });
    expect(utc.perDay.map((day: { date: string }) => day.date)).toEqual(['2026-11-30', '2026-12-01']);
  });

  it('Should answer 400 invalid_query naming each bad parameter', async () => {
    const s = await start();
    const bad = await call(s, 'GET', '/api/v1/stats?days=0&timeZone=Mars%2FOlympus');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'invalid_query',
      issues: [
        { path: 'days', message: 'an integer from 1 to 31' },
        { path: 'timeZone', message: 'an IANA time zone such as Europe/Istanbul' },
      ],
    });
    for (const query of ['days=32', 'days=1.5', 'days=-1', 'days=7&days=8', `timeZone=${'x'.repeat(101)}`]) {
      const response = await call(s, 'GET', `/api/v1/stats?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid_query');
    }
  });
});
