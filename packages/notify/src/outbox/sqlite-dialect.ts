// Kysely's SQLite dialect, adjusted for an outbox that several store instances may share:
// - write transactions start with BEGIN IMMEDIATE, so the writer lock is taken before the first read
//   (no upgrade deadlock between processes; busy_timeout makes the others wait, not fail);
// - one in-process lock per database file: better-sqlite3 is synchronous, so a second instance in the
//   same process waiting on busy_timeout would block the very thread that must commit the first;
// - migrations run in a transaction (SQLite has transactional DDL; Kysely assumes not), so a crash
//   never leaves half a schema and two processes starting at once run them one after the other.
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type DialectAdapter, type Driver } from 'kysely';

/** A FIFO async mutex. */
export class AsyncLock {
  #locked = false;
  readonly #waiters: Array<() => void> = [];

  async acquire(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}

const fileLocks = new Map<string, { lock: AsyncLock; users: number }>();

export interface FileLock {
  lock: AsyncLock;
  drop: () => void;
}

/** The lock of one database file, shared by every store of this process that opened it. */
function takeFileLock(path: string): FileLock {
  if (path === ':memory:') return { lock: new AsyncLock(), drop: () => {} };
  const entry = fileLocks.get(path) ?? { lock: new AsyncLock(), users: 0 };
  entry.users += 1;
  fileLocks.set(path, entry);
  let dropped = false;
  return {
    lock: entry.lock,
    drop: () => {
      if (dropped) return;
      dropped = true;
      entry.users -= 1;
      if (entry.users === 0) fileLocks.delete(path);
    },
  };
}

class OutboxSqliteDriver extends SqliteDriver {
  readonly #file: FileLock;

  constructor(database: SqliteDatabase, file: FileLock) {
    super({ database });
    this.#file = file;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.#file.lock.acquire();
    try {
      return await super.acquireConnection();
    } catch (error) {
      this.#file.lock.release();
      throw error;
    }
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.#file.lock.release();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  override async destroy(): Promise<void> {
    this.#file.drop();
    await super.destroy();
  }
}

class OutboxSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

const STATEMENT_CACHE = 500;

/**
 * The database with `prepare()` memoized: Kysely's SQLite driver prepares every query it runs, which
 * costs more than running it. The outbox's queries are a small fixed set (IN lists come in a few sizes),
 * so a bounded cache keeps them compiled. Statements are only run, never iterated, so reuse is safe.
 */
function withStatementCache(database: SqliteDatabase): SqliteDatabase {
  const statements = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      if (statements.size >= STATEMENT_CACHE) statements.delete(statements.keys().next().value as string);
      statements.set(sql, statement);
    }
    return statement;
  };
  return new Proxy(database, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export class OutboxSqliteDialect extends SqliteDialect {
  /** The database, with prepared statements memoized; use it only while holding {@link lock}. */
  readonly database: SqliteDatabase;
  /** The file's in-process lock: Kysely's connection and any direct use of `database` take it. */
  readonly lock: AsyncLock;
  readonly #file: FileLock;

  /** `path` is the absolute file path (the lock key) or `:memory:`. */
  constructor(database: SqliteDatabase, path: string) {
    const cached = withStatementCache(database);
    super({ database: cached });
    this.database = cached;
    this.#file = takeFileLock(path);
    this.lock = this.#file.lock;
  }

  override createDriver(): Driver {
    return new OutboxSqliteDriver(this.database, this.#file);
  }

  override createAdapter(): DialectAdapter {
    return new OutboxSqliteAdapter();
  }
}
