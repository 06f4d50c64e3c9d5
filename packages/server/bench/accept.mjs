// npm run bench -w @esemes/server — acceptance rate of POST /api/v1/events (validation, phone, template,
// a group-committed SQLite transaction) vs a bare Fastify route answering 202; ours twice: dispatcher idle,
// and dispatching to the sandbox meanwhile. Each server runs in its own process, the sandbox in another,
// autocannon in this one; same load, one run (method: scripts/bench-http.mjs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable, runRounds, startProcess, stopProcess } from '../../../scripts/bench-http.mjs';
import { wantsJson, writeBenchResults } from '../../../scripts/bench-results.mjs';

const TOKEN = 'bench-admin-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'esemes-accept-'));
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const PATH = '/api/v1/events';
const TARGETS = { idle: 0.3, dispatching: 0.25 };

let counter = 0;
function request() {
  counter += 1;
  return {
    method: 'POST',
    path: PATH,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({
      type: 'order.created',
      idempotencyKey: `bench:${counter}:created`,
      store: { id: 'bench', name: 'Demo Mağaza', locale: 'tr', currency: 'TRY' },
      customer: { firstName: 'Ayşe', lastName: 'Yılmaz', phones: [`+90 532 ${String(1_000_000 + (counter % 9_000_000)).slice(-7)}`] },
      order: { id: String(counter), number: String(100_000 + counter), total: '249.90', currency: 'TRY' },
    }),
  };
}

const sandboxScript = `
  import { startSandbox } from '@esemes/sandbox';
  const sandbox = await startSandbox({ accounts: [{ user: 'bench', password: 'bench', numericCredits: 0, alphanumericCredits: 10000000, senders: ['DEMO'] }] });
  console.log(sandbox.url);
  process.on('SIGTERM', () => sandbox.close().then(() => process.exit(0)));
`;
const sandbox = await startProcess(['--input-type=module', '-e', sandboxScript], { cwd: here('.') });
const server = (name, round, env = {}) =>
  startProcess([here('./serve.mjs'), 'server', sandbox.url, join(dir, `${name}-${round}.db`)], { cwd: here('.'), env: { BENCH_TOKEN: TOKEN, ...env } });
let figures;
try {
  figures = await runRounds([
    { name: 'bare Fastify route, 202 (baseline)', start: () => startProcess([here('../../../scripts/bench-bare.mjs'), PATH]), request },
    // Accepting alone (the dispatcher waits a minute between passes), then the server as `npm start` runs it.
    { name: 'POST /api/v1/events (SQLite, dispatch idle)', start: (round) => server('quiet', round, { BENCH_NO_DISPATCH: '1' }), request },
    { name: 'POST /api/v1/events (SQLite, dispatching)', start: (round) => server('esemes', round), request },
  ]);
} finally {
  await stopProcess(sandbox);
  rmSync(dir, { recursive: true, force: true });
}
printTable('@esemes/server bench', figures);
const targets = [
  { name: 'POST /api/v1/events, dispatch idle, × bare route', target: TARGETS.idle, value: figures[1].ratio, met: figures[1].ratio >= TARGETS.idle },
  {
    name: 'POST /api/v1/events, dispatching, × bare route',
    target: TARGETS.dispatching,
    value: figures[2].ratio,
    met: figures[2].ratio >= TARGETS.dispatching,
  },
];
console.log(`\ntargets: ${targets.map((t) => `${t.name} ≥ ${t.target.toFixed(2)}: ${t.value.toFixed(2)} ${t.met ? 'met' : 'NOT met'}`).join('; ')}.`);
if (wantsJson()) writeBenchResults('@esemes/server', { rows: figures, targets });
