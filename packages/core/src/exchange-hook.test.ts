import { createServer, type AddressInfo } from 'node:net';
import { startSandbox, type RunningSandbox } from '@esemes/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { createEsemesClient } from './client.js';
import { ConfigError, TransportError } from './errors.js';
import type { ProviderExchange } from './transport.js';

// onExchange against the sandbox on 127.0.0.1: one report per HTTP exchange, on either transport, and a hook
// that throws never changes what the call answers.
const running: RunningSandbox[] = [];
afterEach(async () => {
  for (const sandbox of running.splice(0)) await sandbox.close();
});

async function sandboxed() {
  const sandbox = await startSandbox({});
  running.push(sandbox);
  return sandbox;
}

/** A port nothing listens on (bound once, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('onExchange', () => {
  it('hears of each exchange on the default transport: the URL, the status and a duration', async () => {
    const sandbox = await sandboxed();
    const heard: ProviderExchange[] = [];
    const client = createEsemesClient({ user: 'demo', password: 'demo', baseUrl: sandbox.url, onExchange: (exchange) => heard.push(exchange) });
    await expect(client.balance()).resolves.toMatchObject({ alphanumeric: 100_000 });
    await client.send({ sender: 'DEMO', text: 'Merhaba', to: '5329998877' });
    expect(heard.map(({ url, status }) => [new URL(url).pathname, status])).toEqual([
      ['/api-v3/xml_bakiye.php', 200],
      ['/api-v3/xml_api.php', 200],
    ]);
    for (const { durationMs } of heard) expect(durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(heard)).not.toContain('demo');
  });

  it('hears of every attempt of a retried call, the failed ones with their status', async () => {
    const sandbox = await sandboxed();
    const heard: ProviderExchange[] = [];
    const client = createEsemesClient({ user: 'demo', password: 'demo', baseUrl: sandbox.url, onExchange: (exchange) => heard.push(exchange) });
    sandbox.faults.inject({ kind: 'http-5xx', status: 503, times: 2 });
    await expect(client.balance()).resolves.toMatchObject({ alphanumeric: 100_000 });
    expect(heard.map((exchange) => exchange.status)).toEqual([503, 503, 200]);
  });

  it('reports an exchange that got no answer with status undefined, and the call fails as before', async () => {
    const heard: ProviderExchange[] = [];
    const client = createEsemesClient({
      user: 'demo',
      password: 'demo',
      baseUrl: `http://127.0.0.1:${await closedPort()}/api-v3/`,
      retries: 1,
      onExchange: (exchange) => heard.push(exchange),
    });
    const error = await client.balance().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ outcome: 'not_sent' });
    expect(heard.map((exchange) => exchange.status)).toEqual([undefined, undefined]);
  });

  it('a hook that throws changes nothing: the send is answered, and made once', async () => {
    const sandbox = await sandboxed();
    let calls = 0;
    const client = createEsemesClient({
      user: 'demo',
      password: 'demo',
      baseUrl: sandbox.url,
      onExchange: () => {
        calls += 1;
        throw new Error('metrics broke');
      },
    });
    const result = await client.send({ sender: 'DEMO', text: 'Merhaba', to: '5329998877' });
    expect(result.packets).toHaveLength(1);
    expect(sandbox.sends()).toHaveLength(1);
    expect(calls).toBe(1);
  });

  it('hears of the exchanges of a caller-given fetch too', async () => {
    const sandbox = await sandboxed();
    const heard: ProviderExchange[] = [];
    const client = createEsemesClient({
      user: 'demo',
      password: 'demo',
      baseUrl: sandbox.url,
      fetch: (input, init) => fetch(input, init),
      onExchange: (exchange) => heard.push(exchange),
    });
    await client.balance();
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ status: 200 });
  });

  it('is checked when the client is built', () => {
    expect(() => createEsemesClient({ user: 'demo', password: 'demo', onExchange: 'log' as unknown as () => void })).toThrow(ConfigError);
    expect(() => createEsemesClient({ user: 'demo', password: 'demo', onExchange: 'log' as unknown as () => void })).toThrow(/onExchange must be a function/);
  });
});
