// npm run bench -w @esemes/notify — dispatch of queued messages to the sandbox: batched personalized
// requests (this engine) vs one request per message (how existing plugins send), in one run.
// SQLite always; PostgreSQL too when ESEMES_TEST_POSTGRES_URL names a server (`eval "$(bash .ci/postgres.sh)"`).
// `-- --json` adds the figures to bench-results.json at the root. BENCH_RUNS=3 repeats each case (median, spread).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createEsemesClient } from '@esemes/core';
import { createNotifier, openOutboxStore } from '../dist/index.js';
import { printMarkdownTable, wantsJson, writeBenchResults } from '../../../scripts/bench-results.mjs';

const BATCHED = Number(process.env.BENCH_MESSAGES ?? 100_000);
const SINGLE = Number(process.env.BENCH_SINGLE ?? 1_000);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
const POSTGRES_URL = process.env.ESEMES_TEST_POSTGRES_URL || undefined;
const TARGET_RATE = 20_000;
const TARGET_RATIO = 60;

// The sandbox runs in its own process, as the real provider would be elsewhere. Credits for every case
// (at most five batched runs and two baselines per repetition, 1 credit a message), twice over: a run
// that ran out would pause dispatch and never end.
const sandboxScript = `
  import { startSandbox } from '@esemes/sandbox';
  const sandbox = await startSandbox({ accounts: [{ user: 'bench', password: 'bench', numericCredits: 0, alphanumericCredits: ${(BATCHED * 6 + SINGLE * 2) * 2 * RUNS}, senders: ['DEMO'] }] });
  console.log(sandbox.url);
  process.on('SIGTERM', () => process.exit(0));
`;
const child = spawn(process.execPath, ['--input-type=module', '-e', sandboxScript], {
  cwd: new URL('.', import.meta.url),
  stdio: ['ignore', 'pipe', 'inherit'],
});
// Never leave the sandbox behind, whatever happens to this process.
process.on('exit', () => child.kill('SIGTERM'));
const [chunk] = await once(child.stdout, 'data');
const baseUrl = String(chunk).trim();
const dir = mkdtempSync(join(tmpdir(), 'esemes-bench-'));
const admin = POSTGRES_URL ? new pg.Pool({ connectionString: POSTGRES_URL, max: 1 }) : undefined;

async function queue(store, count, label) {
  // One event carrying `count` messages: the bench measures dispatch, not acceptance. Ids in claim order, as
  // the engine's time-ordered ids of messages accepted over time are: with random ids of one millisecond,
  // each batch of 10,000 touched rows scattered over the whole table (measured: claiming and marking 100,000
  // in batches of 10,000 took three times the CPU).
  const now = Date.now();
  const ids = Array.from({ length: count }, () => randomUUID()).sort();
  const messages = Array.from({ length: count }, (_, i) => ({
    id: ids[i],
    storeId: 'bench',
    platform: 'custom',
    eventType: 'order.created',
    messageKey: `${label}#${i}`,
    messageClass: 'transactional',
    recipient: `53${String(i).padStart(8, '0')}`,
    text: `Sayın Ayşe Yılmaz, ${100000 + i} numaralı siparişiniz alındı. Teşekkürler, Demo Mağaza`,
    sender: 'DEMO',
    language: 'tr',
    optOutLink: false,
    blacklist: null,
    parts: 1,
    orderId: String(i),
    orderNumber: null,
    cancelKey: null,
    notBefore: now,
    expiresAt: null,
  }));
  await store.accept(
    { eventId: randomUUID(), storeId: 'bench', idempotencyKey: label, type: 'order.created', payload: '{}', receivedAt: now },
    messages,
    [],
    now,
  );
}

/** A new, empty outbox: a file for SQLite, a database of its own for PostgreSQL. */
async function openBenchStore(kind, label) {
  if (kind === 'sqlite') return { store: await openOutboxStore(`sqlite:${join(dir, `${label}.db`)}`), drop: async () => {} };
  const name = `esemes_bench_${process.pid}_${label.replace(/\W/g, '_')}`;
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return { store: await openOutboxStore(url.toString()), drop: () => admin.query(`drop database if exists "${name}" with (force)`) };
}

/** The store with the time spent in each method added up in `split` (ms). */
function timed(store, split) {
  return new Proxy(store, {
    get(target, property) {
      const value = target[property];
      if (typeof value !== 'function') return value;
      return async (...args) => {
        const start = performance.now();
        try {
          return await value.apply(target, args);
        } finally {
          const entry = (split[property] ??= { ms: 0, calls: 0 });
          entry.ms += performance.now() - start;
          entry.calls += 1;
        }
      };
    },
  });
}

async function run(kind, label, count, { batchSize, concurrency }) {
  const { store, drop } = await openBenchStore(kind, label);
  await store.migrate();
  await queue(store, count, label);
  const split = {};
  // Reports are polled from firstPollMs after the send: far enough that a slow pass never polls within the
  // measurement (applying a report of 100,000 numbers is report polling's cost, not dispatch's).
  const client = createEsemesClient({ user: 'bench', password: 'bench', baseUrl, timeoutMs: 120_000 });
  const notifier = createNotifier({ store: timed(store, split), client, sender: 'DEMO', dispatch: { batchSize, concurrency, firstPollMs: 600_000 } });
  const start = process.hrtime.bigint();
  let sent = 0;
  while (sent < count) {
    await notifier.runOnce();
    // Sent, or already past sent: the report poller may have moved some on within the same pass.
    const counts = await store.countByStatus();
    sent = counts.sent + counts.delivered + counts.undelivered;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await store.close();
  await drop();
  return { count, seconds, perSecond: count / seconds, split };
}

/** What existing plugins do: one send call per message, as each order event arrives. */
async function runSingle(count) {
  const client = createEsemesClient({ user: 'bench', password: 'bench', baseUrl });
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    await client.send({
      sender: 'DEMO',
      to: `54${String(i).padStart(8, '0')}`,
      text: `Sayın Ayşe Yılmaz, ${100000 + i} numaralı siparişiniz alındı. Teşekkürler, Demo Mağaza`,
    });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { count, seconds, perSecond: count / seconds };
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

const origin = new URL(baseUrl).origin;
const setLatency = (ms) =>
  fetch(`${origin}/_sandbox/latency`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms }) });
// Loopback answers in well under a millisecond; a shop's server reaches the provider in tens of
// milliseconds. Both are measured, each side by side with its baseline.
const LATENCIES = [0, Number(process.env.BENCH_LATENCY_MS ?? 20)];
// What the product does by default (dispatch.batchSize 10,000, dispatch.concurrency 2: the next batch is
// claimed while one is at the provider), and the whole backlog as one request, one at a time.
const CONFIGS = [
  { name: 'default', label: '10,000 per request, 2 at a time (default)', batchSize: 10_000, concurrency: 2 },
  { name: 'single', label: 'one request of 100,000', batchSize: 100_000, concurrency: 1 },
];
const KINDS = POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
const rows = [];
const targets = [];
const splits = [];
try {
  for (const latency of LATENCIES) {
    await setLatency(latency);
    const singleCount = latency === 0 ? SINGLE : Math.min(SINGLE, 200);
    const singles = [];
    const cases = KINDS.flatMap((kind) => CONFIGS.map((config) => ({ kind, config, key: `${kind}-${config.name}` })));
    const batched = Object.fromEntries(cases.map(({ key }) => [key, []]));
    // Each repetition measures the baseline again right before the batched runs, so each ratio is side by side.
    for (let r = 0; r < RUNS; r += 1) {
      const single = await runSingle(singleCount);
      singles.push(single);
      for (const { kind, config, key } of cases) {
        // PostgreSQL and the one-request case are measured at 0 ms only: with latency the provider dominates either way.
        if ((kind === 'postgres' || config.name !== 'default') && latency !== 0) continue;
        const result = await run(kind, `batched-${latency}-${r}-${config.name}`, BATCHED, config);
        batched[key].push({ ...result, ratio: result.perSecond / single.perSecond });
      }
    }
    const baseRate = median(singles.map((s) => s.perSecond));
    rows.push({
      case: `one request per message (baseline), ${latency} ms provider latency`,
      messages: singleCount,
      seconds: median(singles.map((s) => s.seconds)),
      perSecond: baseRate,
      ratio: 1,
      spread: [1, 1],
    });
    for (const { kind, config, key } of cases) {
      const results = batched[key];
      if (results.length === 0) continue;
      const ratios = results.map((b) => b.ratio);
      const rates = results.map((b) => b.perSecond);
      const row = {
        case: `batched personalized requests, ${config.label}, ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${latency} ms provider latency`,
        messages: BATCHED,
        seconds: median(results.map((b) => b.seconds)),
        perSecond: median(rates),
        ratio: median(ratios),
        spread: [Math.min(...ratios), Math.max(...ratios)],
      };
      rows.push(row);
      if (latency === 0) {
        const { split } = results.find((b) => b.perSecond === row.perSecond) ?? results[0];
        splits.push({ case: row.case, seconds: row.seconds, storeMs: split });
        // The targets are the product's: its default configuration.
        if (config.name !== 'default') continue;
        const name = `dispatch ${BATCHED.toLocaleString('en')} queued messages, 0 ms latency, ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`;
        targets.push(
          { name: `${name}: messages/s`, target: `≥ ${TARGET_RATE}`, value: Math.round(row.perSecond), met: row.perSecond >= TARGET_RATE },
          {
            name: `${name}: × one-request-per-message baseline`,
            target: `≥ ${TARGET_RATIO}×`,
            value: Number(row.ratio.toFixed(1)),
            met: row.ratio >= TARGET_RATIO,
          },
        );
      }
    }
  }
} finally {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  await admin?.end();
}

const engines = POSTGRES_URL ? 'SQLite and PostgreSQL outboxes' : 'SQLite outbox (set ESEMES_TEST_POSTGRES_URL to measure PostgreSQL too)';
console.log(`\n@esemes/notify bench — dispatch of queued messages to the sandbox (own process), ${engines} (node ${process.version}, ${RUNS} run(s) each)\n`);
const header = ['case', 'messages', 'seconds', 'messages/s', '× baseline', 'spread'];
const body = rows.map((r) => [
  r.case,
  String(r.messages),
  r.seconds.toFixed(2),
  r.perSecond.toFixed(0),
  r.ratio.toFixed(1),
  `${r.spread[0].toFixed(1)}–${r.spread[1].toFixed(1)}`,
]);
printMarkdownTable(header, body);
console.log(
  `\nBaseline rates are measured on ${SINGLE.toLocaleString('en')} messages (200 with latency), right before each batched run; batched on ${BATCHED.toLocaleString('en')}.`,
);
console.log(
  '\nTime in the outbox, 0 ms latency (ms, summed over the run; the rest is the provider request, grouping and events; with batches out at once, calls overlap and the sum can pass the run):',
);
for (const { case: name, seconds, storeMs } of splits) {
  const total = Object.values(storeMs).reduce((sum, entry) => sum + entry.ms, 0);
  const parts = Object.entries(storeMs)
    .sort((a, b) => b[1].ms - a[1].ms)
    .map(([method, { ms, calls }]) => `${method} ${ms.toFixed(0)} (${calls}×)`)
    .join(', ');
  console.log(`- ${name}: ${total.toFixed(0)} of ${(seconds * 1000).toFixed(0)} ms — ${parts}`);
}
console.log('\nTargets:');
for (const target of targets) console.log(`- ${target.name} ${target.target}: ${target.value} — ${target.met ? 'met' : 'NOT met'}`);

if (wantsJson()) {
  writeBenchResults('@esemes/notify', {
    command: 'npm run bench -w @esemes/notify -- --json (ESEMES_TEST_POSTGRES_URL set for PostgreSQL)',
    rows: rows.map((r) => ({ ...r, seconds: Number(r.seconds.toFixed(3)), perSecond: Math.round(r.perSecond), ratio: Number(r.ratio.toFixed(2)) })),
    storeMs: splits.map((s) => ({
      case: s.case,
      ...Object.fromEntries(Object.entries(s.storeMs).map(([k, v]) => [k, { ms: Math.round(v.ms), calls: v.calls }])),
    })),
    targets,
  });
}
