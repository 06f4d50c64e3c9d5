// The remote gateway against a real esemes server (`npm start`'s server, sandbox mode, SQLite in memory).
import { createServer, loadConfig, type EsemesServer } from '@esemes/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineGateway, EsemesServerError, type EngineGateway } from './engine.js';
import { resolveOptions } from './options.js';
import { orderEvents } from './order-events.js';
import { ORDER } from './test-medusa.js';

const TOKEN = 'medusa-remote-test-token-0123456789';
let server: EsemesServer;
let url: string;
let gateway: EngineGateway;

beforeAll(async () => {
  server = await createServer(loadConfig({ DATABASE_URL: 'sqlite::memory:', ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' }));
  url = (await server.start()).url;
  gateway = await createEngineGateway(resolveOptions({ storeName: 'Nur Butik', engine: { mode: 'remote', serverUrl: url, apiToken: TOKEN } }));
});
afterAll(async () => {
  await gateway?.close();
  await server?.close();
});

describe('the remote gateway (a separate esemes server over its events API)', () => {
  it('accepted, then duplicate for the same key: the server stores one message', async () => {
    const options = resolveOptions({ storeName: 'Nur Butik', engine: { mode: 'remote', serverUrl: url, apiToken: TOKEN } });
    const [created] = orderEvents('placed', ORDER, options);
    const first = await gateway.accept(created!);
    expect(first).toMatchObject({ type: 'order.created', status: 'accepted' });
    expect(first.messageIds).toHaveLength(1);
    const again = await gateway.accept(created!);
    expect(again).toMatchObject({ status: 'duplicate', messageIds: first.messageIds });
    expect(await server.notifier.listMessages({ storeId: 'medusa' })).toHaveLength(1);
  });

  it('a refusal of one event is a result (no phone: skipped; out of bounds: invalid), not a failure', async () => {
    const options = resolveOptions({ storeName: 'Nur Butik', engine: { mode: 'remote', serverUrl: url, apiToken: TOKEN } });
    const [noPhone] = orderEvents('canceled', { id: 'order_nophone', total: 1 }, options);
    expect(await gateway.accept(noPhone!)).toMatchObject({ status: 'skipped', messageIds: [] });
    const [bad] = orderEvents('canceled', { ...ORDER, id: 'x'.repeat(300) }, options);
    expect(await gateway.accept(bad!)).toMatchObject({ status: 'invalid', messageIds: [] });
  });

  it('a wrong token or a server that is down throws EsemesServerError (the subscriber fails; nothing is marked sent)', async () => {
    const wrong = await createEngineGateway(resolveOptions({ storeName: 'S', engine: { mode: 'remote', serverUrl: url, apiToken: 'w'.repeat(32) } }));
    const options = resolveOptions({ storeName: 'S', engine: { mode: 'remote', serverUrl: url, apiToken: TOKEN } });
    const [event] = orderEvents('completed', ORDER, options);
    await expect(wrong.accept(event!)).rejects.toMatchObject({ name: 'EsemesServerError', status: 401 });
    const down = await createEngineGateway(resolveOptions({ storeName: 'S', engine: { mode: 'remote', serverUrl: 'http://127.0.0.1:9', apiToken: TOKEN } }));
    await expect(down.accept(event!)).rejects.toBeInstanceOf(EsemesServerError);
    expect(await server.notifier.listMessages({ storeId: 'medusa' })).toHaveLength(1);
  });
});
