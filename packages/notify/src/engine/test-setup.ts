// Shared set-up of the engine tests: a real sandbox on a free port, a real outbox (SQLite file by
// default; PostgreSQL when ESEMES_TEST_POSTGRES_URL names one), one hand-moved clock for all of them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEsemesClient } from '@esemes/core';
import pg from 'pg';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '@esemes/sandbox';
import { openOutboxStore } from '../outbox/index.js';
import type { OutboxStore } from '../outbox/types.js';
import { createNotifier } from './notifier.js';
import type { Alert, MessageStatusEvent, Notifier, NotifierOptions } from './types.js';

export interface EngineHarness {
  sandbox: RunningSandbox;
  store: OutboxStore;
  notifier: Notifier;
  clock: { now: number };
  statuses: MessageStatusEvent[];
  alerts: Alert[];
  /** A second notifier on its own connection to the same database (another server instance). */
  twin(): Promise<Notifier>;
  close(): Promise<void>;
}

export type Backend = 'sqlite' | 'postgres';
const postgresAdminUrl = process.env.ESEMES_TEST_POSTGRES_URL;
/** Every rule is tested on SQLite, and on PostgreSQL when ESEMES_TEST_POSTGRES_URL names a server (`source .ci/postgres.sh`). */
export const BACKENDS: Backend[] = postgresAdminUrl ? ['sqlite', 'postgres'] : ['sqlite'];

/** A new, empty PostgreSQL database and a way to drop it. */
async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `esemes_engine_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(postgresAdminUrl!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = new pg.Client({ connectionString: postgresAdminUrl });
      await again.connect();
      await again.query(`drop database if exists "${name}" with (force)`);
      await again.end();
    },
  };
}

/** 2026-12-01 12:00 in Istanbul: daytime, outside quiet hours. */
export const NOON = Date.parse('2026-12-01T09:00:00Z');

export async function harness(options: { sandbox?: SandboxOptions; notifier?: Partial<NotifierOptions>; backend?: Backend } = {}): Promise<EngineHarness> {
  const clock = { now: NOON };
  const sandbox = await startSandbox({ deliveryDelayMs: 2_000, now: () => clock.now, ...options.sandbox });
  const dir = mkdtempSync(join(tmpdir(), 'esemes-engine-'));
  const postgres = options.backend === 'postgres' ? await freshPostgres() : undefined;
  const url = postgres?.url ?? `sqlite:${join(dir, 'outbox.db')}`;
  const stores: OutboxStore[] = [];
  const open = async () => {
    const store = await openOutboxStore(url);
    await store.migrate();
    stores.push(store);
    return store;
  };
  const store = await open();
  const client = createEsemesClient({ user: 'demo', password: 'demo', baseUrl: sandbox.url, retries: 0, now: () => new Date(clock.now) });
  const base: NotifierOptions = {
    store,
    client,
    sender: 'DEMO',
    clock: () => clock.now,
    dispatch: { reconcileGraceMs: 60_000, firstPollMs: 1_000, pauseProbeMs: 1_000 },
    ...options.notifier,
  };
  const notifier = createNotifier(base);
  const statuses: MessageStatusEvent[] = [];
  const alerts: Alert[] = [];
  notifier.on('message.status', (e) => statuses.push(e));
  notifier.on('alert', (a) => alerts.push(a));
  const extra: Notifier[] = [];
  return {
    sandbox,
    store,
    notifier,
    clock,
    statuses,
    alerts,
    async twin() {
      const twin = createNotifier({ ...base, store: await open(), workerId: 'twin' });
      extra.push(twin);
      return twin;
    },
    async close() {
      for (const n of [notifier, ...extra]) await n.stop();
      for (const s of stores) await s.close();
      await sandbox.close();
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let sequence = 0;
/** A fresh order.created document (unique key unless one is given). */
export function orderCreated(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    type: 'order.created',
    idempotencyKey: `demo:${1000 + sequence}:created`,
    store: { id: 'demo', name: 'Demo Mağaza', locale: 'tr', currency: 'TRY' },
    customer: { firstName: 'Ayşe', lastName: 'Yılmaz', phones: ['+90 532 999 88 77'] },
    order: { id: String(1000 + sequence), number: String(1000 + sequence), total: '249.90', currency: 'TRY' },
    ...overrides,
  };
}

export function cartAbandoned(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    type: 'cart.abandoned',
    idempotencyKey: `demo:cart-${sequence}:reminder-1`,
    store: { id: 'demo', name: 'Demo Mağaza', locale: 'tr', currency: 'TRY' },
    customer: { firstName: 'Ayşe', phones: ['05329998877'], smsConsent: { marketing: true, recordedAt: '2026-11-01T10:00:00Z', source: 'checkout' } },
    cart: { id: `c${sequence}`, recoveryUrl: 'https://demo.example/cart/recover/abc', total: '499.00', reminder: 1 },
    ...overrides,
  };
}
