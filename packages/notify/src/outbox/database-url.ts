// Reads DATABASE_URL into what to open. The only place that knows the accepted forms.
import { resolve } from 'node:path';
import { StoreConfigError } from './errors.js';

export type DatabaseTarget =
  | { kind: 'sqlite'; /** Absolute path, or `:memory:`. */ path: string }
  | { kind: 'postgres'; url: string; /** The URL with its password masked, for messages. */ display: string };

export const ACCEPTED_FORMS =
  'sqlite:./data/esemes.db, sqlite:/absolute/path.db, sqlite::memory:, postgres://user:password@host:5432/database (or postgresql://…)';

/** Parse `DATABASE_URL`; relative SQLite paths resolve against `cwd`. Throws StoreConfigError. */
export function parseDatabaseUrl(databaseUrl: string, cwd: string = process.cwd()): DatabaseTarget {
  const value = databaseUrl.trim();
  if (/^sqlite:/i.test(value)) {
    const path = value.slice('sqlite:'.length);
    if (path === ':memory:') return { kind: 'sqlite', path };
    if (path === '' || path.startsWith('//')) {
      throw new StoreConfigError(`DATABASE_URL "${value}" names no SQLite file; accepted forms: ${ACCEPTED_FORMS}`);
    }
    return { kind: 'sqlite', path: resolve(cwd, path) };
  }
  if (/^postgres(ql)?:\/\//i.test(value)) {
    const display = maskDatabaseUrl(value);
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new StoreConfigError(`DATABASE_URL "${display}" is not a valid URL; accepted forms: ${ACCEPTED_FORMS}`);
    }
    if (parsed.hostname === '' && !parsed.searchParams.has('host')) {
      throw new StoreConfigError(`DATABASE_URL "${display}" names no host; accepted forms: ${ACCEPTED_FORMS}`);
    }
    return { kind: 'postgres', url: value, display };
  }
  throw new StoreConfigError(`DATABASE_URL "${maskDatabaseUrl(value)}" is not supported; accepted forms: ${ACCEPTED_FORMS}`);
}

/**
 * Replace the password of `scheme://user:password@host…` (up to the last `@`, so an unencoded `@` in the
 * password is masked too) and of a `password=` query parameter with `***`.
 */
export function maskDatabaseUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:).*@/i, '$1***@').replace(/([?&]password=)[^&#]*/gi, '$1***');
}
