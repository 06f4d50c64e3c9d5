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

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const TOKEN = 'bench-admin-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'esemes-accept-'));
const here = (file) => fileURLToPath(new URL(file, import.meta.url));

async function start(args, script = here('./serve.mjs'), env = {}) {
  const child = spawn(process.execPath, script === null ? args : [script, ...args], { cwd: here('.'), env: { ...process.env, BENCH_TOKEN: TOKEN, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
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
const load = (url) => autocannon({
  url, connections: CONNECTIONS, duration: SECONDS,
  requests: [{ method: 'POST', path: '/api/v1/events', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, setupRequest: (request) => ({ ...request, body: body() }) }],
});

const sandboxScript = `
  import { startSandbox } from '@esemes/sandbox';
  const sandbox = await startSandbox({ accounts: [{ user: 'bench', password: 'bench', numericCredits: 0, alphanumericCredits: 10000000, senders: ['DEMO'] }] });
  console.log(sandbox.url);
  process.on('SIGTERM', () => sandbox.close().then(() => process.exit(0)));
`;
const sandbox = await start(['--input-type=module', '-e', sandboxScript], null);
const bare = await start(['bare']);
const baseline = await load(bare.url);
await stop(bare);
// Accepting alone (the dispatcher waits a minute between rounds), then the server as `npm start` runs it.
const quiet = await start(['server', sandbox.url, join(dir, 'quiet.db')], undefined, { BENCH_NO_DISPATCH: '1' });
const acceptOnly = await load(quiet.url);
await stop(quiet);
const server = await start(['server', sandbox.url, join(dir, 'esemes.db')]);
const ours = await load(server.url);
await stop(server);
await stop(sandbox);
rmSync(dir, { recursive: true, force: true });

const rate = (result) => result['2xx'] / SECONDS;
const rows = [
  ['bare Fastify route, 202 (baseline)', rate(baseline).toFixed(0), String(baseline.latency.p50), String(baseline.latency.p99), String(baseline.non2xx), '1.00'],
  ['POST /api/v1/events (SQLite, dispatch idle)', rate(acceptOnly).toFixed(0), String(acceptOnly.latency.p50), String(acceptOnly.latency.p99), String(acceptOnly.non2xx), (rate(acceptOnly) / rate(baseline)).toFixed(2)],
  ['POST /api/v1/events (SQLite, dispatching)', rate(ours).toFixed(0), String(ours.latency.p50), String(ours.latency.p99), String(ours.non2xx), (rate(ours) / rate(baseline)).toFixed(2)],
];
console.log(`\n@esemes/server bench — ${CONNECTIONS} connections × ${SECONDS} s each, autocannon in its own process, node ${process.version}\n`);
const header = ['case', 'accepted/s', 'p50 ms', 'p99 ms', 'non-2xx', '× baseline'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
console.log('\ntarget ≥ 0.30× the bare route.');
