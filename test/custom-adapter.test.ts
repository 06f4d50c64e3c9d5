// The adapter kit README's worked example (examples/opencart-server.mjs) run as a shop would run it: its
// own start file with the built-in adapters plus one of its own, in sandbox mode, as a separate process.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENCART_EXAMPLE, startServerProcess, type Running } from './processes.js';

const SECRET = 'opencart-shared-secret-0123456789';
let server: Running & { url: string };

beforeAll(async () => {
  server = await startServerProcess(
    {
      DATABASE_URL: 'sqlite::memory:',
      ADMIN_TOKEN: 'e2e-admin-token-0123456789',
      OPENCART_SECRET: SECRET,
      OPENCART_STORE_NAME: 'Kitapçı Dünyası',
      DISPATCH_INTERVAL_MS: '50',
      LOG_LEVEL: 'info',
    },
    OPENCART_EXAMPLE,
  );
});
afterAll(async () => {
  await server?.stop();
});

const post = (body: unknown, secret?: string) =>
  fetch(`${server.url}/adapters/opencart/order`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { 'x-opencart-secret': secret } : {}) },
    body: JSON.stringify(body),
  });
const order = { order_id: 42, firstname: 'Kemal', telephone: '0532 999 88 77', total: '149.90' };

describe("a shop's own adapter in a start file (the adapter kit README example)", () => {
  it('refuses a request without the shared secret, storing nothing', async () => {
    expect((await post(order)).status).toBe(401);
    expect((await post(order, 'wrong-secret-wrong-secret')).status).toBe(401);
  });

  it('turns its webhook into one SMS, sends it once, hears its status, and keeps the built-in adapters', async () => {
    const first = await post(order, SECRET);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ type: 'order.created', status: 'accepted', messageIds: [expect.any(String)] });
    expect(await (await post(order, SECRET)).json()).toMatchObject({ status: 'duplicate' });
    const inbox = /inbox: GET (http:\/\/127\.0\.0\.1:\d+)\/_sandbox\/inbox/.exec(server.output())?.[1];
    expect(inbox).toBeDefined();
    await expect.poll(async () => (await (await fetch(`${inbox}/_sandbox/inbox/5329998877`)).json()) as unknown[], { timeout: 60_000 }).toHaveLength(1);
    const [sms] = (await (await fetch(`${inbox}/_sandbox/inbox/5329998877`)).json()) as Array<{ text: string }>;
    expect(sms?.text).toContain('Kitapçı Dünyası');
    expect(sms?.text).toContain('42');
    await expect.poll(() => server.output(), { timeout: 60_000 }).toContain('opencart order 42: SMS sent');
    const stores = await fetch(`${server.url}/api/v1/woocommerce/stores`, { headers: { authorization: 'Bearer e2e-admin-token-0123456789' } });
    expect(stores.status).toBe(200);
  });

  it('stops with exit code 2 when its own variable is missing', async () => {
    const child = spawn(process.execPath, [OPENCART_EXAMPLE], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'sqlite::memory:', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toContain('OPENCART_SECRET must be at least 20 characters');
  });
});
