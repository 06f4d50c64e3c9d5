// Tests' engine: the real notifier on a real SQLite outbox (in memory, or a file several notifiers share as
// server instances would), with no provider behind it: nothing is dispatched unless a test runs the loops.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEsemesClient } from '@esemes/core';
import { createNotifier, openOutboxStore, type Notifier, type OutboxStore } from '@esemes/notify';

export const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

export interface TestEngine {
  notifier: Notifier;
  store: OutboxStore;
  clock: { now: number };
  /** Another notifier on the same database (a second server instance); only with `shared: true`. */
  twin(): Promise<Notifier>;
  close(): Promise<void>;
}

export async function testEngine(options: { shared?: boolean } = {}): Promise<TestEngine> {
  const dir = options.shared ? mkdtempSync(join(tmpdir(), 'esemes-kit-')) : undefined;
  const url = dir ? `sqlite:${join(dir, 'outbox.db')}` : 'sqlite::memory:';
  const clock = { now: T0 };
  const stores: OutboxStore[] = [];
  const open = async (): Promise<Notifier> => {
    const store = await openOutboxStore(url);
    await store.migrate();
    stores.push(store);
    // Port 9 (discard) on loopback: nothing listens, and no test here dispatches.
    return createNotifier({
      store,
      client: createEsemesClient({ user: 'u', password: 'p', baseUrl: 'http://127.0.0.1:9/api-v3/' }),
      sender: 'DEMO',
      clock: () => clock.now,
    });
  };
  const notifier = await open();
  return {
    notifier,
    store: stores[0] as OutboxStore,
    clock,
    async twin() {
      if (!dir) throw new Error('testEngine: twin() needs { shared: true }');
      return open();
    },
    async close() {
      for (const store of stores) await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
