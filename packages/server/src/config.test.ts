import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isServerConfigError, loadConfig, ServerConfigError } from './config.js';

const LIVE = { ESEMES_USER: 'shop', ESEMES_PASSWORD: 'p@ss', ESEMES_SENDER: 'MAGAZA', ADMIN_TOKEN: 'a'.repeat(32) };

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(isServerConfigError(error)).toBe(true);
    return (error as ServerConfigError).problems;
  }
  throw new Error('expected a ServerConfigError');
}

describe('loadConfig', () => {
  it('Should run in sandbox mode with every default when the environment is empty', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'sandbox',
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: 'sqlite:./data/esemes.db',
      sender: 'DEMO',
      adminTokenGenerated: true,
      publicUrl: undefined,
      logLevel: 'info',
      esemesUser: undefined,
      esemesPassword: undefined,
      esemesBaseUrl: undefined,
      stores: undefined,
      shutdownDelayMs: 0,
    });
    expect(config.adminToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(loadConfig({}).adminToken).not.toBe(config.adminToken);
  });

  it('Should generate the dashboard password in sandbox mode, keep a given one, leave live mode without one, and refuse a short one', () => {
    const generated = loadConfig({});
    expect(generated.adminPasswordGenerated).toBe(true);
    expect(generated.adminPassword).toMatch(/^[a-km-np-z2-9]{16}$/);
    expect(loadConfig({}).adminPassword).not.toBe(generated.adminPassword);
    expect(loadConfig({ ADMIN_PASSWORD: ' spaces count ' })).toMatchObject({ adminPassword: ' spaces count ', adminPasswordGenerated: false });
    expect(loadConfig(LIVE)).toMatchObject({ adminPassword: undefined, adminPasswordGenerated: false });
    expect(problemsOf({ ADMIN_PASSWORD: 'short' })).toContain('ADMIN_PASSWORD must be 10 to 200 characters');
    expect(problemsOf({ ...LIVE, ADMIN_PASSWORD: 'x'.repeat(201) })).toContain('ADMIN_PASSWORD must be 10 to 200 characters');
  });

  it('Should keep a given ADMIN_TOKEN in sandbox mode', () => {
    const config = loadConfig({ ADMIN_TOKEN: 'x'.repeat(20) });
    expect(config).toMatchObject({ adminToken: 'x'.repeat(20), adminTokenGenerated: false });
  });

  it('Should read the live settings', () => {
    const config = loadConfig({
      ...LIVE,
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db/esemes',
      ESEMES_BASE_URL: 'https://api.example/api-v3/',
      PUBLIC_URL: 'https://esemes.shop.example',
      LOG_LEVEL: 'DEBUG',
      SHUTDOWN_DELAY_MS: '5000',
    });
    expect(config).toMatchObject({
      mode: 'live',
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u:p@db/esemes',
      esemesUser: 'shop',
      esemesPassword: 'p@ss',
      esemesBaseUrl: 'https://api.example/api-v3/',
      sender: 'MAGAZA',
      adminTokenGenerated: false,
      publicUrl: 'https://esemes.shop.example',
      logLevel: 'debug',
      shutdownDelayMs: 5000,
    });
  });

  it('Should list every bad variable of a live configuration at once', () => {
    const problems = problemsOf({
      ESEMES_USER: 'shop',
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      PUBLIC_URL: 'ftp://x',
      LOG_LEVEL: 'loud',
      ESEMES_BASE_URL: 'not a url',
      SHUTDOWN_DELAY_MS: '-1',
    });
    const named = [
      'ESEMES_PASSWORD',
      'ESEMES_SENDER',
      'ADMIN_TOKEN',
      'PORT',
      'DATABASE_URL',
      'PUBLIC_URL',
      'LOG_LEVEL',
      'ESEMES_BASE_URL',
      'SHUTDOWN_DELAY_MS',
    ];
    for (const name of named) expect(problems.some((problem) => problem.startsWith(name))).toBe(true);
    expect(problems).toHaveLength(named.length);
  });

  it('Should name the fix in the message, and never the password', () => {
    try {
      loadConfig({ ...LIVE, ESEMES_PASSWORD: 'Secret-123', ADMIN_TOKEN: 'short', ESEMES_SENDER: 'WAY-TOO-LONG-TITLE' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ServerConfigError);
      expect((error as ServerConfigError).code).toBe('config');
      const message = (error as Error).message;
      expect(message).toContain('ADMIN_TOKEN must be at least 16 characters');
      expect(message).toContain('ESEMES_SENDER must be 1–11 printable ASCII characters');
      expect(message).not.toContain('Secret-123');
    }
  });

  it('Should refuse provider settings without ESEMES_USER instead of silently starting the sandbox', () => {
    const problems = problemsOf({ ESEMES_PASSWORD: 'x', ESEMES_BASE_URL: 'https://api.example/api-v3/' });
    expect(problems).toEqual([
      expect.stringMatching(/^ESEMES_PASSWORD is set but ESEMES_USER is not/),
      expect.stringMatching(/^ESEMES_BASE_URL is set but ESEMES_USER is not/),
    ]);
  });

  it('Should accept the PORT range and the database forms', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(problemsOf({ PORT: '65536' })).toEqual([expect.stringMatching(/^PORT must be an integer from 0 to 65535/)]);
    for (const url of ['sqlite::memory:', 'sqlite:/var/lib/esemes.db', 'postgresql://u@h/d']) expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(problemsOf({ PUBLIC_URL: 'https://user:pw@shop.example' })).toEqual(['PUBLIC_URL must not contain a user name or password']);
  });

  it('Should read per-store settings from ESEMES_STORES_FILE', () => {
    const folder = mkdtempSync(join(tmpdir(), 'esemes-config-'));
    const good = join(folder, 'stores.json');
    writeFileSync(good, JSON.stringify({ demo: { sender: 'MAGAZA', quietHours: { start: '22:00', end: '08:00' } }, '*': { transactionalQuietHours: false } }));
    expect(loadConfig({ ESEMES_STORES_FILE: good }).stores).toEqual({
      demo: { sender: 'MAGAZA', quietHours: { start: '22:00', end: '08:00' } },
      '*': { transactionalQuietHours: false },
    });

    const bad = join(folder, 'bad.json');
    writeFileSync(bad, JSON.stringify({ demo: 'MAGAZA', other: { sender: 'A-TITLE-TOO-LONG', maxParts: 11, transliterate: 'greek' }, '*': { maxParts: 0 } }));
    expect(problemsOf({ ESEMES_STORES_FILE: bad })).toEqual([
      expect.stringContaining('"demo" must be objects'),
      expect.stringContaining('the sender of "other"'),
      'ESEMES_STORES_FILE: the maxParts of "other" must be an integer from 1 to 10',
      'ESEMES_STORES_FILE: the transliterate of "other" must be "latin", "none" or "turkish"',
      'ESEMES_STORES_FILE: the maxParts of "*" must be an integer from 1 to 10',
    ]);
    const capped = join(folder, 'capped.json');
    writeFileSync(capped, JSON.stringify({ demo: { maxParts: 3, transliterate: 'none' } }));
    expect(loadConfig({ ESEMES_STORES_FILE: capped }).stores).toEqual({ demo: { maxParts: 3, transliterate: 'none' } });
    expect(problemsOf({ ESEMES_STORES_FILE: join(folder, 'missing.json') })).toEqual([expect.stringMatching(/^ESEMES_STORES_FILE .* cannot be read/)]);
  });
});

describe('dispatch tuning', () => {
  it('reads DISPATCH_* and RECONCILE_GRACE_MS, and lists bad values', () => {
    expect(loadConfig({ DISPATCH_INTERVAL_MS: '50', DISPATCH_BATCH_SIZE: '500', DISPATCH_LEASE_MS: '5000', RECONCILE_GRACE_MS: '0' }).dispatch).toEqual({
      intervalMs: 50,
      batchSize: 500,
      leaseMs: 5000,
      reconcileGraceMs: 0,
    });
    expect(loadConfig({}).dispatch).toEqual({});
    try {
      loadConfig({ DISPATCH_BATCH_SIZE: '100001', DISPATCH_LEASE_MS: 'soon' });
      expect.unreachable();
    } catch (error) {
      expect((error as { problems: string[] }).problems).toEqual([expect.stringMatching(/^DISPATCH_BATCH_SIZE/), expect.stringMatching(/^DISPATCH_LEASE_MS/)]);
    }
  });
});

describe('the sandbox state file', () => {
  it('Should sit beside a SQLite file, in memory with sqlite::memory:, under ./data with PostgreSQL, and not exist in live mode', () => {
    expect(loadConfig({}).sandboxStateFile).toBe(resolve('data', 'sandbox-state.json'));
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/lib/esemes/outbox.db' }).sandboxStateFile).toBe(resolve('/var/lib/esemes/sandbox-state.json'));
    expect(loadConfig({ DATABASE_URL: 'sqlite:db/esemes.db' }).sandboxStateFile).toBe(resolve('db', 'sandbox-state.json'));
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).sandboxStateFile).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db/esemes' }).sandboxStateFile).toBe(resolve('data', 'sandbox-state.json'));
    expect(loadConfig({ ...LIVE, DATABASE_URL: 'sqlite:/var/lib/esemes/outbox.db' }).sandboxStateFile).toBeUndefined();
  });
});
