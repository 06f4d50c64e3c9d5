// npm run bench -w @esemes/server — acceptance rate of POST /api/v1/events (validation, phone, template,
// a group-committed SQLite transaction) vs a bare Fastify route answering 202; ours twice: dispatcher idle,
// and dispatching to the sandbox meanwhile. Each server runs in its own process, the sandbox in another,
// autocannon in this one; same load, one run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const TOKEN = 'bench-admin-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'esemes-accept-'));
const here = (file) => fileURLToPath(new URL(file, import.meta.url));

async function start(args, script = here('./serve.mjs'), env = {}) {
  const child = spawn(process.execPath, script === null ? args : [script, ...args], {
    cwd: here('.'),
    env: { ...process.env, BENCH_TOKEN: TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = await once(child.stdout, 'data');
  return { child, url: String(chunk).trim().split('\n')[0] };
}
async function stop(running) {
  const exited = once(running.child, 'exit');
  running.child.kill('SIGTERM');
  await exited;
}

let counter = 0;
function body() {
  counter += 1;
  return JSON.stringify({
    type: 'order.created',
    idempotencyKey: `bench:${counter}:created`,
    store: { id: 'bench', name: 'Demo Mağaza', locale: 'tr', currency: 'TRY' },
    customer: { firstName: 'Ayşe', lastName: 'Yılmaz', phones: [`+90 532 ${String(1_000_000 + (counter % 9_000_000)).slice(-7)}`] },
    order: { id: String(counter), number: String(100_000 + counter), total: '249.90', currency: 'TRY' },
  });
}
const load = (url) =>
  autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/events',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        setupRequest: (request) => ({ ...request, body: body() }),
      },
    ],
  });

const sandboxScript = `
  import { startSandbox } from '@esemes/sandbox';
  const sandbox = await startSandbox({ accounts: [{ user: 'bench', password: 'bench', numericCredits: 0, alphanumericCredits: 10000000, senders: ['DEMO'] }] });
  console.log(sandbox.url);
  process.on('SIGTERM', () => sandbox.close().then(() => process.exit(0)));
`;
const sandbox = await start(['--input-type=module', '-e', sandboxScript], null);
// Rounds, each case in turn, so that the machine's drift (2 shared cores) hits every case alike; every
// case's rate is the median of its rounds, and its ratio is taken against the baseline of the same round.
const cases = { baseline: [], acceptOnly: [], dispatching: [] };
for (let round = 0; round < ROUNDS; round += 1) {
  const bare = await start(['bare']);
  cases.baseline.push(await load(bare.url));
  await stop(bare);
  // Accepting alone (the dispatcher waits a minute between rounds), then the server as `npm start` runs it.
  const quiet = await start(['server', sandbox.url, join(dir, `quiet-${round}.db`)], undefined, { BENCH_NO_DISPATCH: '1' });
  cases.acceptOnly.push(await load(quiet.url));
  await stop(quiet);
  const server = await start(['server', sandbox.url, join(dir, `esemes-${round}.db`)]);
  cases.dispatching.push(await load(server.url));
  await stop(server);
}
await stop(sandbox);
rmSync(dir, { recursive: true, force: true });

const rate = (result) => result['2xx'] / SECONDS;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const row = (name, results) => {
  const ratios = results.map((result, i) => rate(result) / rate(cases.baseline[i]));
  return [
    name,
    median(results.map(rate)).toFixed(0),
    String(median(results.map((r) => r.latency.p50))),
    String(median(results.map((r) => r.latency.p99))),
    String(results.reduce((sum, r) => sum + r.non2xx, 0)),
    median(ratios).toFixed(2),
    `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
  ];
};
const rows = [
  row('bare Fastify route, 202 (baseline)', cases.baseline),
  row('POST /api/v1/events (SQLite, dispatch idle)', cases.acceptOnly),
  row('POST /api/v1/events (SQLite, dispatching)', cases.dispatching),
];
console.log(
  `\n@esemes/server bench — ${ROUNDS} rounds × ${CONNECTIONS} connections × ${SECONDS} s per case, medians; autocannon in its own process, node ${process.version}\n`,
);
const header = ['case', 'accepted/s', 'p50 ms', 'p99 ms', 'non-2xx', '× baseline', 'rounds'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
console.log('\ntarget ≥ 0.30× the bare route.');
