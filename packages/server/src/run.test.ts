import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { AdapterConfigError, type ServerAdapter } from '@esemes/adapter-kit';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { run, startupBanner } from './run.js';

const BASE_ENV = { DATABASE_URL: 'sqlite::memory:', PORT: '0', LOG_LEVEL: 'silent' };

function harness(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const signals = new EventEmitter();
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const io = {
    env,
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    exit: (code: number) => resolveExit(code),
    signals: { on: (signal: 'SIGTERM' | 'SIGINT', listener: () => void) => signals.on(signal, listener) },
  };
  return { io, signals, exited, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('run (npm start)', () => {
  it('Should print every configuration problem and exit 2', async () => {
    const h = harness({ ESEMES_USER: 'shop', PORT: 'x' });
    expect(await run(h.io)).toBeUndefined();
    expect(await h.exited).toBe(2);
    for (const name of ['ESEMES_PASSWORD', 'ESEMES_SENDER', 'ADMIN_TOKEN', 'PORT']) expect(h.stderr()).toContain(`  - ${name}`);
  });

  it('Should start in sandbox mode, print the URL, the banner and the generated token, and exit 0 on SIGTERM', async () => {
    const h = harness(BASE_ENV);
    const server = await run(h.io);
    expect(server).toBeDefined();
    const printed = h.stdout();
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+) \(sandbox mode\)/.exec(printed)?.[1];
    expect(url).toBeDefined();
    expect(printed).toMatch(
      /SANDBOX MODE: no SMS leaves this machine; provider at http:\/\/127\.0\.0\.1:\d+\/api-v3\/; inbox: GET http:\/\/127\.0\.0\.1:\d+\/_sandbox\/inbox\/<number>/,
    );
    const token = /ADMIN_TOKEN \(generated for this run only; set ADMIN_TOKEN to keep one\): (\S+)/.exec(printed)?.[1];
    expect(token).toBe(server!.config.adminToken);
    const status = await fetch(`${url}/api/v1/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(status.status).toBe(200);
    // The dashboard's address and its password for this run; the password opens it.
    const password = /Dashboard: http:\/\/127\.0\.0\.1:\d+\/ {2}password \(generated for this run only; set ADMIN_PASSWORD to keep one\): (\S+)/.exec(
      printed,
    )?.[1];
    expect(password).toBe(server!.config.adminPassword);
    const loginPage = await fetch(`${url}/login`, { headers: { accept: 'text/html' } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await loginPage.text())?.[1] ?? '';
    const cookie = loginPage.headers.get('set-cookie')?.split(';')[0] ?? '';
    const login = await fetch(`${url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf, password: password ?? '', next: '/' }).toString(),
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/');

    h.signals.emit('SIGTERM');
    expect(await h.exited).toBe(0);
    expect(h.stderr()).toContain('SIGTERM: shutting down');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('Should print that the dashboard is off in live mode without ADMIN_PASSWORD, and where it is with one', () => {
    const live = { ESEMES_USER: 'shop', ESEMES_PASSWORD: 'p', ESEMES_SENDER: 'MAGAZA', ADMIN_TOKEN: 'z'.repeat(20) };
    const config = loadConfig(live);
    expect(startupBanner(config, 'http://0.0.0.0:3000', undefined)).toContain(
      'Dashboard: http://localhost:3000/ is off: set ADMIN_PASSWORD (at least 10 characters) to open it.',
    );
    const withPassword = loadConfig({ ...live, ADMIN_PASSWORD: 'a-long-password' });
    const lines = startupBanner(withPassword, 'http://127.0.0.1:3000', undefined);
    expect(lines).toContain('Dashboard: http://127.0.0.1:3000/ (password: ADMIN_PASSWORD)');
    expect(lines.join('\n')).not.toContain('a-long-password');
  });

  it('Should run the adapters the composition root builds from the environment', async () => {
    const h = harness({ ...BASE_ENV, ADMIN_TOKEN: 'z'.repeat(20), SHOP_GREETING: 'merhaba' });
    const adapter = (env: Readonly<Record<string, string | undefined>>): ServerAdapter => ({
      name: 'shop',
      plugin: async (app) => void app.get('/hello', async () => ({ greeting: env['SHOP_GREETING'] })),
    });
    const server = await run({ ...h.io, adapters: (env) => [adapter(env)] });
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(h.stdout())?.[1];
    expect(await (await fetch(`${url}/adapters/shop/hello`)).json()).toEqual({ greeting: 'merhaba' });
    await server!.close();
  });

  it("Should print an adapter's configuration error, naming its variables, and exit 2", async () => {
    const h = harness(BASE_ENV);
    const adapters = () => {
      throw new AdapterConfigError('Shop', [{ variable: 'SHOP_URL', problem: 'is missing' }]);
    };
    expect(await run({ ...h.io, adapters })).toBeUndefined();
    expect(await h.exited).toBe(2);
    expect(h.stderr()).toContain('  - Shop configuration is incomplete: SHOP_URL is missing.');
    expect(h.stderr()).toContain('SHOP_URL');
  });

  it('Should exit 1 at once on a second signal', async () => {
    const h = harness({ ...BASE_ENV, SHUTDOWN_DELAY_MS: '500', ADMIN_TOKEN: 'x'.repeat(16) });
    const server = await run(h.io);
    expect(h.stdout()).not.toContain('ADMIN_TOKEN');
    h.signals.emit('SIGINT');
    h.signals.emit('SIGINT');
    expect(await h.exited).toBe(1);
    expect(h.stderr()).toContain('SIGINT again; exiting without waiting');
    await server!.close();
  });

  it('Should exit 1 when the port is taken', async () => {
    const blocker = createNetServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const h = harness({ ...BASE_ENV, PORT: String(port) });
      expect(await run(h.io)).toBeUndefined();
      expect(await h.exited).toBe(1);
      expect(h.stderr()).toMatch(/cannot start: .*EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });
});

describe('dist/main.js (the server without adapters)', () => {
  const bin = fileURLToPath(new URL('../dist/main.js', import.meta.url));
  const built = existsSync(bin);

  it('Should run the built server and close it on SIGTERM with exit code 0', async () => {
    expect(built, 'build @esemes/server first (turbo runs the build before the tests)').toBe(true);
    const child = spawn(process.execPath, [bin], { env: { ...process.env, ...BASE_ENV, ADMIN_TOKEN: 'y'.repeat(20) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before listening: ${stdout}`)));
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
