// The OutboxStore, once, over Kysely: each method delegates to the part that owns it.
import { Migrator, type Kysely } from 'kysely';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrationProvider } from './migrations/index.js';
import type { OutboxDatabase } from './schema.js';
import { acceptEvent, cancelByKey } from './store-accept.js';
import {
  countByStatus,
  deleteTemplateOverride,
  getMessage,
  getPause,
  getTemplateOverride,
  listMessages,
  listTemplateOverrides,
  putTemplateOverride,
  setPause,
} from './store-admin.js';
import type { SqliteDirect } from './sqlite-claim.js';
import type { GroupAccept } from './sqlite-group-accept.js';
import type { Dialect, StoreContext } from './store-context.js';
import { cancelExpired, claimDue, expireLeases, listUnknown, markFailed, markSent, markUnknown, requeue } from './store-dispatch.js';
import { applyReport, dueReports, knownReportIds, reportPolled } from './store-reports.js';
import { cancelQueuedOfStore, customerData, purgeStore, redactCustomer } from './store-privacy.js';
import { deleteState, deleteStatePrefix, getState, listState, putState } from './store-state.js';
import { messageStats, storeIds } from './store-stats.js';
import type { OutboxStore } from './types.js';

/**
 * `groupAccept` replaces the one-transaction-per-event acceptance (SQLite: see sqlite-group-accept.ts);
 * `sqlite`, the better-sqlite3 handle under `db`, lets the claim skip Kysely (see sqlite-claim.ts);
 * `stopHelpers` ends what else runs beside the connection (SQLite's checkpoint thread) before it closes.
 */
export function createKyselyStore(
  db: Kysely<OutboxDatabase>,
  dialect: Dialect,
  groupAccept?: GroupAccept,
  sqlite?: SqliteDirect,
  stopHelpers?: () => Promise<void>,
): OutboxStore {
  const ctx: StoreContext = sqlite ? { db, dialect, sqlite } : { db, dialect };
  let closed: Promise<void> | undefined;
  return {
    migrate: () => migrate(db),
    close: () =>
      (closed ??= (async () => {
        await groupAccept?.close();
        await stopHelpers?.();
        await db.destroy();
      })()),
    accept: groupAccept ? groupAccept.accept : (event, messages, cancels, now) => acceptEvent(ctx, event, messages, cancels, now),
    cancelByKey: (cancelKey, reason, now) => cancelByKey(ctx, cancelKey, reason, now),
    claimDue: (workerId, now, limit, leaseMs) => claimDue(ctx, workerId, now, limit, leaseMs),
    expireLeases: (now) => expireLeases(ctx, now),
    markSent: (ids, reportId, now, onlyFrom) => markSent(ctx, ids, reportId, now, onlyFrom),
    requeue: (ids, nextAttemptAt, error, countAttempt, now, onlyFrom) => requeue(ctx, ids, nextAttemptAt, error, countAttempt, now, onlyFrom),
    markUnknown: (ids, error, now) => markUnknown(ctx, ids, error, now),
    markFailed: (ids, errorCode, error, now) => markFailed(ctx, ids, errorCode, error, now),
    cancelExpired: (now) => cancelExpired(ctx, now),
    listUnknown: (limit) => listUnknown(ctx, limit),
    knownReportIds: (reportIds) => knownReportIds(ctx, reportIds),
    dueReports: (now, limit) => dueReports(ctx, now, limit),
    reportPolled: (reportId, nextPollAt, now) => reportPolled(ctx, reportId, nextPollAt, now),
    applyReport: (reportId, updates, now) => applyReport(ctx, reportId, updates, now),
    getMessage: (id) => getMessage(ctx, id),
    listMessages: (filter) => listMessages(ctx, filter),
    countByStatus: () => countByStatus(ctx),
    messageStats: (query) => messageStats(ctx, query),
    storeIds: (limit) => storeIds(ctx, limit),
    customerData: (customer, limit) => customerData(ctx, customer, limit),
    redactCustomer: (customer, now) => redactCustomer(ctx, customer, now),
    cancelQueuedOfStore: (storeId, reason, now) => cancelQueuedOfStore(ctx, storeId, reason, now),
    purgeStore: (storeId, now) => purgeStore(ctx, storeId, now),
    getTemplateOverride: (storeId, eventType, language) => getTemplateOverride(ctx, storeId, eventType, language),
    listTemplateOverrides: (storeId) => listTemplateOverrides(ctx, storeId),
    putTemplateOverride: (override) => putTemplateOverride(ctx, override),
    deleteTemplateOverride: (storeId, eventType, language) => deleteTemplateOverride(ctx, storeId, eventType, language),
    getPause: () => getPause(ctx),
    setPause: (pause) => setPause(ctx, pause),
    getState: (namespace, key) => getState(ctx, namespace, key),
    putState: (namespace, key, value, options, now) => putState(ctx, namespace, key, value, options, now),
    deleteState: (namespace, key, expectedVersion) => deleteState(ctx, namespace, key, expectedVersion),
    listState: (namespace, options) => listState(ctx, namespace, options),
    deleteStatePrefix: (namespace, keyPrefix) => deleteStatePrefix(ctx, namespace, keyPrefix),
  };
}

/**
 * Run pending migrations. PostgreSQL: Kysely's migrator holds a session advisory lock and runs them in
 * one transaction, so instances starting together run them once, one after the other. SQLite: one
 * BEGIN IMMEDIATE transaction (see sqlite-dialect.ts) does the same.
 */
async function migrate(db: Kysely<OutboxDatabase>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableName: MIGRATION_TABLE, migrationLockTableName: MIGRATION_LOCK_TABLE });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error')?.migrationName;
  const reason = error instanceof Error ? error.message : String(error);
  throw new Error(failed ? `outbox migration ${failed} failed: ${reason}` : `outbox migrations could not run: ${reason}`, { cause: error });
}
