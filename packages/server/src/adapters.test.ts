import type { MessageStatusEvent } from '@esemes/notify';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerAdapter } from './adapters.js';
import type { EsemesServer } from './server.js';
import { call, LogCapture, README_EVENT, testServer } from './test-server.js';

let server: EsemesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function testAdapter(received: MessageStatusEvent[]): ServerAdapter {
  return {
    name: 'test-shop',
    plugin: async (app, { notifier, config }) => {
      app.get('/ping', async () => ({ ok: true, mode: config.mode, adapterUrl: config.adapterUrl ?? null, keys: Object.keys(config).sort() }));
      // A platform webhook: translate and hand to the engine.
      app.post('/orders', async (request, reply) => {
        const outcome = await notifier.accept({ ...README_EVENT, idempotencyKey: `shop:${(request.body as { id: string }).id}` });
        return reply.code(outcome.status === 'accepted' ? 202 : 200).send(outcome);
      });
    },
    onMessageStatus: (event) => {
      received.push(event);
    },
  };
}

describe('adapter plugins', () => {
  it('Should register the plugin under /adapters/<name>, without the API token, with the notifier and a secret-free config', async () => {
    server = await testServer({ PUBLIC_URL: 'https://shop.example/esemes' }, { adapters: [testAdapter([])] });
    const ping = await call(server, 'GET', '/adapters/test-shop/ping', { token: null });
    expect(ping.statusCode).toBe(200);
    expect(ping.json()).toEqual({
      ok: true,
      mode: 'sandbox',
      adapterUrl: 'https://shop.example/esemes/adapters/test-shop',
      keys: ['adapterUrl', 'mode', 'publicUrl', 'sender'],
    });
    const order = await call(server, 'POST', '/adapters/test-shop/orders', { token: null, body: { id: '9' } });
    expect(order.statusCode).toBe(202);
    expect(await server.notifier.listMessages({})).toHaveLength(1);
  });

  it('Should mount a plugin at its own prefix and give it the API token check for its admin routes', async () => {
    const rooted: ServerAdapter = {
      name: 'rooted',
      prefix: '',
      plugin: async (app, { config, requireAdmin }) => {
        app.post('/webhooks/rooted/:storeId', async (request) => ({ store: (request.params as { storeId: string }).storeId, adapterUrl: config.adapterUrl }));
        app.get('/api/v1/rooted/stores', { onRequest: requireAdmin }, async () => ({ stores: [] }));
      },
    };
    server = await testServer({ PUBLIC_URL: 'https://shop.example/' }, { adapters: [rooted] });
    const hook = await call(server, 'POST', '/webhooks/rooted/default', { token: null, body: {} });
    expect(hook.json()).toEqual({ store: 'default', adapterUrl: 'https://shop.example' });
    expect((await call(server, 'GET', '/api/v1/rooted/stores', { token: null })).statusCode).toBe(401);
    expect((await call(server, 'GET', '/api/v1/rooted/stores')).json()).toEqual({ stores: [] });
  });

  it('Should refuse a prefix that is not a path', async () => {
    await expect(testServer({}, { adapters: [{ name: 'bad', prefix: 'webhooks', plugin: async () => {} }] })).rejects.toThrow(/prefix must be/);
  });

  it('Should call onMessageStatus for every status change', async () => {
    const received: MessageStatusEvent[] = [];
    server = await testServer({}, { adapters: [testAdapter(received)] });
    const { messageIds } = (await call(server, 'POST', '/api/v1/events', { body: README_EVENT })).json();
    await server.notifier.runOnce();
    expect(received).toEqual([
      expect.objectContaining({ messageId: messageIds[0], storeId: 'demo', orderId: '1001', status: 'sent', recipientMasked: expect.stringMatching(/8877$/) }),
    ]);
  });

  it('Should log an adapter listener that throws or rejects, and keep the engine and the other adapters going', async () => {
    const received: MessageStatusEvent[] = [];
    const logs = new LogCapture();
    const throwing: ServerAdapter = {
      name: 'throws',
      plugin: async () => {},
      onMessageStatus: () => {
        throw new Error('sync boom');
      },
    };
    const rejecting: ServerAdapter = {
      name: 'rejects',
      plugin: async () => {},
      onMessageStatus: async () => {
        throw new Error('async boom');
      },
    };
    server = await testServer({ LOG_LEVEL: 'warn' }, { adapters: [throwing, rejecting, testAdapter(received)], logStream: logs });
    await call(server, 'POST', '/api/v1/events', { body: README_EVENT });
    await server.notifier.runOnce();
    await new Promise((resolve) => setImmediate(resolve));
    expect(received.map((event) => event.status)).toEqual(['sent']);
    expect((await server.notifier.listMessages({}))[0]!.status).toBe('sent');
    const failures = logs.lines().filter((line) => line['msg'] === 'adapter onMessageStatus failed');
    expect(failures.map((line) => line['adapter']).sort()).toEqual(['rejects', 'throws']);
  });

  it('Should wait for adapter listeners still running when closing', async () => {
    let finished = false;
    const slow: ServerAdapter = {
      name: 'slow',
      plugin: async () => {},
      onMessageStatus: () => new Promise<void>((resolve) => setTimeout(() => ((finished = true), resolve()), 150)),
    };
    const own = await testServer({}, { adapters: [slow] });
    await call(own, 'POST', '/api/v1/events', { body: README_EVENT });
    await own.notifier.runOnce();
    expect(finished).toBe(false);
    await own.close();
    expect(finished).toBe(true);
  });

  it('Should refuse invalid or repeated adapter names, naming each', async () => {
    const plugin = async () => {};
    await expect(
      testServer(
        {},
        {
          adapters: [
            { name: 'Bad Name', plugin },
            { name: 'ok', plugin },
            { name: 'ok', plugin },
          ],
        },
      ),
    ).rejects.toThrow(/adapters\[0\]\.name must be lower-case.*adapters\[2\]\.name "ok" is used twice/);
  });
});
