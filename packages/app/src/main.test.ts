// `npm start` as a user runs it: the committed bin, the built server, the built-in adapters.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtInAdapters } from './builtin-adapters.js';

const BIN = fileURLToPath(new URL('../bin/esemes-server.js', import.meta.url));
const BASE_ENV = { DATABASE_URL: 'sqlite::memory:', PORT: '0', LOG_LEVEL: 'silent', ADMIN_TOKEN: 'y'.repeat(20) };

/** Run the bin with `env` (no ESEMES_* or WOOCOMMERCE_* of the caller's); resolves with its URL once it listens, or its exit. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN], { env: { PATH: process.env.PATH ?? '', ...BASE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string | undefined>((resolve) => {
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    void exited.then(() => resolve(undefined));
  });
  return { child, listening, exited, output: () => ({ stdout, stderr }) };
}

describe('bin/esemes-server.js', () => {
  it('Should run the built server with the WooCommerce adapter and close it on SIGTERM with exit code 0', async () => {
    expect(existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url))), 'build @esemes/app first (turbo runs the build before the tests)').toBe(
      true,
    );
    const run = start({});
    const url = await run.listening;
    expect(url, JSON.stringify(run.output())).toBeDefined();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const stores = await fetch(`${url}/api/v1/woocommerce/stores`, { headers: { authorization: `Bearer ${BASE_ENV.ADMIN_TOKEN}` } });
    expect(await stores.json()).toEqual({ stores: [] });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('Should stop with exit code 2 naming every bad WOOCOMMERCE_* variable, never a value', async () => {
    const run = start({ WOOCOMMERCE_URL: 'https://magaza.example.com', WOOCOMMERCE_CONSUMER_KEY: 'not-a-key', WOOCOMMERCE_CONSUMER_SECRET: 'cs_Gizli0123' });
    expect(await run.exited).toBe(2);
    const { stderr } = run.output();
    expect(stderr).toContain('WOOCOMMERCE_CONSUMER_KEY must start with ck_');
    expect(stderr).not.toContain('cs_Gizli0123');
    expect(stderr).not.toContain('not-a-key');
  });
});

describe('builtInAdapters', () => {
  it('Should name WooCommerce and Shopify, mounted at the root', () => {
    expect(builtInAdapters({}).map((adapter) => [adapter.name, adapter.prefix])).toEqual([
      ['woocommerce', ''],
      ['shopify', ''],
    ]);
  });

  it('Should report the bad variables of both adapters at once', () => {
    let error: unknown;
    try {
      builtInAdapters({ WOOCOMMERCE_URL: 'https://magaza.example.com', SHOPIFY_SHOP: 'magaza.myshopify.com' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'config', name: 'BuiltInAdaptersConfigError' });
    expect((error as { variables: string[] }).variables).toEqual(
      expect.arrayContaining(['WOOCOMMERCE_CONSUMER_KEY', 'WOOCOMMERCE_CONSUMER_SECRET', 'SHOPIFY_API_KEY', 'SHOPIFY_API_SECRET', 'SHOPIFY_ACCESS_TOKEN']),
    );
    expect((error as Error).message).toContain('WooCommerce configuration is incomplete');
    expect((error as Error).message).toContain('Shopify configuration is incomplete');
  });
});
