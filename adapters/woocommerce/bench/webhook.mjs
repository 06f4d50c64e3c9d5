// npm run bench -w @esemes/woocommerce — POST /webhooks/woocommerce/default accepting signed deliveries
// (a new order each: HMAC check, order parsing, the order tracker's state, the engine's acceptance into
// SQLite) vs a bare Fastify route answering 202 at the same path to the same requests, side by side.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash, createHmac } from 'node:crypto';
import { printTable, runRounds, startProcess } from '../../../scripts/bench-http.mjs';
import { wantsJson, writeBenchResults } from '../../../scripts/bench-results.mjs';
import { WOO_USER_AGENT, wpJsonEncode } from '../dist/testing/index.js';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const PATH = '/webhooks/woocommerce/default';
const SECRET = 'benchWebhookSecret0123456789';
const dir = mkdtempSync(join(tmpdir(), 'esemes-woo-bench-'));

// One body, built once; each request gets its own order id (and number) spliced in, then is signed.
const ID = 987_654_321;
const fixture = JSON.parse(readFileSync(here('../test/fixtures/order.json'), 'utf8'));
const modified = new Date().toISOString().slice(0, 19);
const order = {
  ...fixture,
  id: ID,
  number: String(ID),
  status: 'processing',
  currency: 'TRY',
  total: '249.90',
  created_via: 'checkout',
  date_created_gmt: modified,
  date_modified_gmt: modified,
  billing: { ...fixture.billing, first_name: 'Şükrü', last_name: 'Işıkoğlu', phone: '0532 999 88 77', country: 'TR' },
  meta_data: [],
};
const pieces = wpJsonEncode(order).trim().split(String(ID));
let counter = 0;
const deliveryId = createHash('md5').update('1').digest('hex');
function request() {
  counter += 1;
  const body = pieces.join(String(1_000_000 + counter));
  return {
    method: 'POST',
    path: PATH,
    headers: {
      'content-type': 'application/json',
      'user-agent': WOO_USER_AGENT,
      'x-wc-webhook-source': 'http://shop.example.test/',
      'x-wc-webhook-topic': 'order.created',
      'x-wc-webhook-resource': 'order',
      'x-wc-webhook-event': 'created',
      'x-wc-webhook-id': '1',
      'x-wc-webhook-delivery-id': deliveryId,
      'x-wc-webhook-signature': createHmac('sha256', SECRET).update(body, 'utf8').digest('base64'),
    },
    body,
  };
}

const figures = await runRounds([
  { name: `bare Fastify route, 202 (baseline)`, start: () => startProcess([here('../../../scripts/bench-bare.mjs'), PATH]), request },
  {
    name: `POST ${PATH} (signed, new orders; SQLite, dispatch idle)`,
    start: (round) => startProcess([here('./serve.mjs'), join(dir, `woo-${round}.db`)], { env: { BENCH_WEBHOOK_SECRET: SECRET } }),
    request,
  },
]);
rmSync(dir, { recursive: true, force: true });
printTable('@esemes/woocommerce webhook bench', figures, 'deliveries/s');
console.log('\nEvery delivery is a new order (its own id), signed as WooCommerce signs it; the bare route gets the same requests.');
if (wantsJson())
  writeBenchResults('@esemes/woocommerce', {
    rows: figures,
    targets: [{ name: 'webhook ratio to the bare route (printed, no threshold)', value: figures[1].ratio }],
  });
