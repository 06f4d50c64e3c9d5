import { describe, expect, it } from 'vitest';
import { maskDatabaseUrl, parseDatabaseUrl } from './database-url.js';
import { StoreConfigError } from './errors.js';

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite:./data/esemes.db', '/srv/app/data/esemes.db'],
    ['sqlite:data/esemes.db', '/srv/app/data/esemes.db'],
    ['sqlite:/var/lib/esemes/outbox.db', '/var/lib/esemes/outbox.db'],
    ['sqlite::memory:', ':memory:'],
  ])('Should read %s as a SQLite path', (url, path) => {
    expect(parseDatabaseUrl(url, '/srv/app')).toEqual({ kind: 'sqlite', path });
  });

  it.each(['postgres://esemes:s3cret@db.internal:5432/esemes', 'postgresql://esemes:s3cret@db.internal/esemes?sslmode=require'])(
    'Should read %s as PostgreSQL',
    (url) => {
      const target = parseDatabaseUrl(url);
      expect(target).toMatchObject({ kind: 'postgres', url });
      expect(target.kind === 'postgres' && target.display).not.toContain('s3cret');
    },
  );

  it.each([
    'mysql://root:s3cret@localhost/esemes',
    'sqlite:',
    'sqlite:///abs/path.db',
    './data/esemes.db',
    '',
    'postgres://user:s3cret@/db',
    'postgres://user:s3cret@exa mple.com/db',
  ])('Should refuse %j with a StoreConfigError naming the accepted forms, never the password', (url) => {
    let error: unknown;
    try {
      parseDatabaseUrl(url);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StoreConfigError);
    expect(error).toMatchObject({ name: 'StoreConfigError', code: 'config' });
    expect((error as Error).message).toContain('sqlite:./data/esemes.db');
    expect((error as Error).message).toContain('postgres://');
    expect((error as Error).message).not.toContain('s3cret');
  });
});

describe('maskDatabaseUrl', () => {
  it.each([
    ['postgres://esemes:s3cret@db:5432/x', 'postgres://esemes:***@db:5432/x'],
    ['postgres://esemes:p@ss@db/x', 'postgres://esemes:***@db/x'],
    ['postgres://esemes@db/x', 'postgres://esemes@db/x'],
    ['postgres://db:5432/x', 'postgres://db:5432/x'],
    ['postgres://db/x?user=a&password=s3cret&sslmode=require', 'postgres://db/x?user=a&password=***&sslmode=require'],
  ])('Should mask %s as %s', (url, masked) => {
    expect(maskDatabaseUrl(url)).toBe(masked);
  });
});
