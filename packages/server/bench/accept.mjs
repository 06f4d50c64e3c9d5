// npm run bench -w @esemes/server — acceptance rate of POST /api/v1/events (validation, template,
// one SQLite transaction, dispatch loops running) vs a bare Fastify route answering 202, same machine,
// same load generator (autocannon), one run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { createServer, loadConfig } from '../dist/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const TOKEN = 'bench-admin-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'esemes-accept-'));

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

function load(url, path) {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ method: 'POST', path, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, setupRequest: (request) => ({ ...request, body: body() }) }],
  });
}

const bare = Fastify({ logger: false });
bare.post('/bare', async (_request, reply) => reply.code(202).send({ status: 'accepted' }));
const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'esemes.db')}`, ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'silent', PORT: '0' });
const server = await createServer(config);
const { url } = await server.start();

const baseline = await load(bareUrl, '/bare');
const ours = await load(url, '/api/v1/events');
const counts = await server.notifier.queueCounts();
await server.close();
await bare.close();
rmSync(dir, { recursive: true, force: true });

const ok = (result) => result['2xx'];
const rate = (result) => ok(result) / SECONDS;
const rows = [
  ['bare Fastify route, 202 (baseline)', rate(baseline).toFixed(0), String(baseline.latency.p50), String(baseline.latency.p99), String(baseline.non2xx), '1.00'],
  ['POST /api/v1/events (SQLite, loops on)', rate(ours).toFixed(0), String(ours.latency.p50), String(ours.latency.p99), String(ours.non2xx), (rate(ours) / rate(baseline)).toFixed(2)],
];
console.log(`\n@esemes/server bench — ${CONNECTIONS} connections × ${SECONDS} s each, autocannon, node ${process.version}\n`);
const header = ['case', 'accepted/s', 'p50 ms', 'p99 ms', 'non-2xx', '× baseline'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
console.log(`\ntarget ≥ 0.30× the bare route. Messages after the run: ${JSON.stringify(counts)}`);
