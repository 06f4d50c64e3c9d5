// A reusable battery of tests for any OutboxStore, like Shopify's `batteryOfTests`: each store's test
// file calls `outboxStoreContract(name, open, { describe, it, expect, beforeEach, afterEach })`.
// It takes the test functions as a parameter, so this module never imports a test runner.
import { registerAcceptTests } from './contract/accept.js';
import { registerAdminTests } from './contract/admin.js';
import { registerDispatchTests } from './contract/dispatch.js';
import type { ContractTestApi, Harness } from './contract/harness.js';
import { registerPrivacyTests } from './contract/privacy.js';
import { registerReportTests } from './contract/reports.js';
import { registerStateTests } from './contract/state.js';
import { registerStatsTests } from './contract/stats.js';
import type { OutboxStore } from './types.js';

export type { ContractAssertion, ContractTestApi } from './contract/harness.js';

export interface OutboxStoreContractOptions {
  /** Before each test: point `open()` at a new, empty database (e.g. a new file or CREATE DATABASE). */
  fresh?: () => Promise<void> | void;
  /** After each test, once every store it opened is closed (e.g. DROP DATABASE). */
  dispose?: () => Promise<void> | void;
  /** Whether two stores from `open()` share one database (false for `sqlite::memory:`). Default true. */
  shared?: boolean;
  /** Whether data survives `close()` and a new `open()`. Default: `shared`. */
  durable?: boolean;
  /** Timeout of the heavier tests (1,000-message races), in ms. Default 60,000. */
  timeout?: number;
}

/**
 * Register the tests every OutboxStore must pass.
 * `open()` opens a new, not yet migrated store on the current test database; call it again for a second
 * instance on the same database.
 * @example
 * import { afterEach, beforeEach, describe, expect, it } from 'vitest'
 * outboxStoreContract('sqlite', () => openOutboxStore(`sqlite:${file}`), { describe, it, expect, beforeEach, afterEach }, { fresh })
 */
export function outboxStoreContract(name: string, open: () => Promise<OutboxStore>, t: ContractTestApi, options: OutboxStoreContractOptions = {}): void {
  const opened: OutboxStore[] = [];
  const shared = options.shared ?? true;
  const harness: Harness = {
    t,
    shared,
    durable: options.durable ?? shared,
    timeout: options.timeout ?? 60_000,
    async openRaw() {
      const store = await open();
      opened.push(store);
      return store;
    },
    async store() {
      const store = await harness.openRaw();
      await store.migrate();
      return store;
    },
  };

  t.describe(`OutboxStore contract: ${name}`, () => {
    t.beforeEach(async () => {
      await options.fresh?.();
    });
    t.afterEach(async () => {
      const stores = opened.splice(0);
      await Promise.all(stores.map((store) => store.close()));
      await options.dispose?.();
    });
    registerAcceptTests(harness);
    registerDispatchTests(harness);
    registerReportTests(harness);
    registerAdminTests(harness);
    registerStateTests(harness);
    registerStatsTests(harness);
    registerPrivacyTests(harness);
  });
}
