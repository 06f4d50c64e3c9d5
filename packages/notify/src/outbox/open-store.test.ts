import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newEvent, newMessage, T0 } from './contract/harness.js';
import { StoreConfigError } from './errors.js';
import { openOutboxStore, openSqlite } from './open-store.js';

const dir = mkdtempSync(join(tmpdir(), 'esemes-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openOutboxStore', () => {
  it('Should refuse an unknown DATABASE_URL with a StoreConfigError, password masked', async () => {
    const error = await openOutboxStore('mysql://root:s3cret@localhost/esemes').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreConfigError);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('Should create the folder of a SQLite file and open it in WAL mode with the outbox pragmas', async () => {
    const file = join(dir, 'a/b/esemes.db');
    const store = await openOutboxStore(`sqlite:${file}`);
    await store.migrate();
    await store.close();
    expect(existsSync(file)).toBe(true);
    const database = openSqlite(file);
    try {
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(database.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(database.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(database.pragma('synchronous', { simple: true })).toBe(1);
      expect(database.pragma('temp_store', { simple: true })).toBe(2);
      expect(database.pragma('cache_size', { simple: true })).toBe(-2000);
    } finally {
      database.close();
    }
  });

  it('Should report a SQLite file that cannot be opened as a StoreConfigError', async () => {
    const notAFolder = join(dir, 'plain-file');
    writeFileSync(notAFolder, '');
    const error = await openOutboxStore(`sqlite:${join(notAFolder, 'esemes.db')}`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreConfigError);
  });

  it('Should wait for a writer in another process instead of failing (busy_timeout)', async () => {
    const file = join(dir, 'shared.db');
    const store = await openOutboxStore(`sqlite:${file}`);
    await store.migrate();
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = require('better-sqlite3')(process.argv[1]);
         db.exec('begin immediate');
         db.prepare("insert into esemes_state (key, value, updated_at) values ('holder', '{}', 0)").run();
         process.stdout.write('locked\\n');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
         db.exec('commit');`,
        file,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      holder.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
    });
    const started = Date.now();
    const result = await store.accept(newEvent(), [newMessage()], [], T0);
    expect(result.status).toBe('accepted');
    expect(Date.now() - started).toBeGreaterThan(200);
    await store.close();
  });
});
