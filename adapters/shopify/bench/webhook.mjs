// npm run bench -w @esemes/shopify — POST /webhooks/shopify accepting signed orders/create deliveries (a new
// order each: Shopify's HMAC and header checks, the inbox, then processing into the engine's SQLite outbox
// right after the answer, in the same process) vs a bare Fastify route answering 202 at the same path to
// the same requests, side by side.
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable, runRounds, startProcess } from '../../../scripts/bench-http.mjs';
import { wantsJson, writeBenchResults } from '../../../scripts/bench-results.mjs';
import { DEFAULT_WEBHOOK_API_VERSION, SAMPLE_IDS, SAMPLE_SHOP, SHOPIFY_USER_AGENT, shopifyOrder } from '../dist/testing/index.js';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const PATH = '/webhooks/shopify';
const SECRET = 'shpss_benchsecret0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'esemes-shopify-bench-'));

// One body (Shopify's sample order, in Turkish), built once; each request gets its own order id spliced in
// (the id and its GraphQL gid), its own webhook id, and its HMAC over the exact bytes.
const pieces = JSON.stringify(shopifyOrder()).split(String(SAMPLE_IDS.orderId));
let counter = 0;
const triggeredAt = new Date().toISOString();
function request() {
  counter += 1;
  const body = Buffer.from(pieces.join(String(SAMPLE_IDS.orderId + counter)), 'utf8');
  return {
    method: 'POST',
    path: PATH,
    headers: {
      'content-type': 'application/json',
      'user-agent': SHOPIFY_USER_AGENT,
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': SAMPLE_SHOP,
      'x-shopify-api-version': DEFAULT_WEBHOOK_API_VERSION,
      'x-shopify-webhook-id': randomUUID(),
      'x-shopify-event-id': randomUUID(),
      'x-shopify-triggered-at': triggeredAt,
      'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(body).digest('base64'),
    },
    body,
  };
}

const figures = await runRounds([
  { name: 'bare Fastify route, 202 (baseline)', start: () => startProcess([here('../../../scripts/bench-bare.mjs'), PATH]), request },
  {
    name: `POST ${PATH} (signed orders/create, new orders; SQLite, dispatch idle)`,
    start: (round) => startProcess([here('./serve.mjs'), join(dir, `shopify-${round}.db`)], { env: { BENCH_WEBHOOK_SECRET: SECRET } }),
    request,
  },
]);
rmSync(dir, { recursive: true, force: true });
printTable('@esemes/shopify webhook bench', figures, 'deliveries/s');
console.log('\nEvery delivery is a new order (its own id and webhook id), signed as Shopify signs it; the bare route gets the same requests.');
if (wantsJson())
  writeBenchResults('@esemes/shopify', {
    rows: figures,
    targets: [{ name: 'webhook ratio to the bare route (printed, no threshold)', value: figures[1].ratio }],
  });
