// The last line of close(): `esemes server stopped` with how many sends the shutdown waited for.
import { describe, expect, it } from 'vitest';
import { call, LogCapture, orderEvent, testServer } from './test-server.js';

describe('the shutdown log', () => {
  it('Should end with "esemes server stopped" and sendsFinished: 0 when nothing was being sent', async () => {
    const logs = new LogCapture();
    const server = await testServer({ LOG_LEVEL: 'info' }, { logStream: logs });
    await server.start();
    await server.close();
    expect(logs.lines().at(-1)).toMatchObject({ level: 30, msg: 'esemes server stopped', sendsFinished: 0 });
    expect(logs.lines().at(-1)).not.toHaveProperty('failedSteps');
  });

  it('Should count the sends of the pass in flight, which close() waits for, on its last line', async () => {
    // Hold the provider's send until close() has begun: the pass in flight then finishes during shutdown.
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const held: typeof fetch = async (input, init) => {
      if (/xml_(ozel_)?api/.test(String(input))) {
        entered();
        await gate;
      }
      return fetch(input, init);
    };
    const logs = new LogCapture();
    const server = await testServer({ LOG_LEVEL: 'info' }, { logStream: logs, fetch: held, dispatch: { intervalMs: 10 } });
    for (const order of ['3001', '3002', '3003']) expect((await call(server, 'POST', '/api/v1/events', { body: orderEvent(order) })).statusCode).toBe(202);
    await server.start();
    await inside;
    // close() starts counting before its first await: the send answered now finishes during shutdown.
    const closing = server.close();
    release();
    await closing;
    const lines = logs.lines();
    expect(lines.at(-1)).toMatchObject({ msg: 'esemes server stopped', sendsFinished: 3 });
    expect(lines.findIndex((line) => line['msg'] === 'shutting down: no new requests; finishing those in flight')).toBeLessThan(lines.length - 1);
  });
});
