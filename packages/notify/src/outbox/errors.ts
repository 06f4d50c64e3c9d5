import { EsemesError } from '@esemes/core';

/**
 * `DATABASE_URL` is not a form the outbox understands, or the SQLite file cannot be opened there.
 * The message names the accepted forms; a PostgreSQL password never appears in it.
 * @example
 * try { await openOutboxStore(url) } catch (error) { if (error instanceof StoreConfigError) process.exit(2) }
 */
export class StoreConfigError extends EsemesError {
  override name = 'StoreConfigError' as const;
  declare readonly code: 'config';
  constructor(message: string, options?: { cause?: unknown }) {
    super('config', message, options);
  }
}
