// Every migration, as code: a static provider, so bundlers and `dist/` need no migration folder to scan.
// Names sort in execution order; never rename or edit a released migration, add the next one.
import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './001-initial.js';
import { partialIndexes } from './002-partial-indexes.js';
import { adapterState } from './003-adapter-state.js';
import { messagePlatform } from './004-message-platform.js';
import { messageOrderNumber } from './005-message-order-number.js';
import { settledStatusIndex } from './006-settled-status-index.js';

const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-partial-indexes': partialIndexes,
  '003-adapter-state': adapterState,
  '004-message-platform': messagePlatform,
  '005-message-order-number': messageOrderNumber,
  '006-settled-status-index': settledStatusIndex,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};

/** The bookkeeping tables of Kysely's migrator, named after ours. */
export const MIGRATION_TABLE = 'esemes_migrations';
export const MIGRATION_LOCK_TABLE = 'esemes_migrations_lock';
