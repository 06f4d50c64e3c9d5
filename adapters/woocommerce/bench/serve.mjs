// One server of the webhook bench: `node bench/serve.mjs <db path>` — @esemes/server with this adapter, the
// store configured from WOOCOMMERCE_* against the fake WooCommerce (only its webhook registration at start
// touches it), SQLite at <db path>, sandbox mode, the dispatcher idle (it runs at start, then waits a
// minute) so the figure is acceptance's. Prints its URL once the webhooks are registered.
import { createServer, loadConfig } from '@esemes/server';
import { createWooCommerceAdapter, wooStoreFromEnv } from '../dist/index.js';
import { startFakeWooCommerce } from '../dist/testing/index.js';

const [dbPath] = process.argv.slice(2);
const KEY = 'ck_bench0123456789';
const SECRET = 'cs_bench0123456789';
const fake = await startFakeWooCommerce({ consumerKey: KEY, consumerSecret: SECRET });
const envStore = wooStoreFromEnv({
  WOOCOMMERCE_URL: fake.url,
  WOOCOMMERCE_CONSUMER_KEY: KEY,
  WOOCOMMERCE_CONSUMER_SECRET: SECRET,
  WOOCOMMERCE_WEBHOOK_SECRET: process.env.BENCH_WEBHOOK_SECRET,
  WOOCOMMERCE_STORE_NAME: 'Demo Mağaza',
});
const config = loadConfig({
  DATABASE_URL: `sqlite:${dbPath}`,
  ADMIN_TOKEN: 'bench-admin-token-0123456789',
  LOG_LEVEL: 'silent',
  PORT: '0',
  PUBLIC_URL: 'https://sms.example.test',
  DISPATCH_INTERVAL_MS: '60000',
});
const server = await createServer(config, {
  adapters: [createWooCommerceAdapter({ ...(envStore ? { envStore } : {}), notesIntervalMs: 600_000 })],
  sandbox: { deliveryDelayMs: 0 },
});
const { url } = await server.start();
for (let waited = 0; fake.webhooks.size < 2 && waited < 30_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
console.log(url);
process.on('SIGTERM', async () => {
  console.error(`woocommerce bench server: ${JSON.stringify(await server.notifier.queueCounts())}`);
  await server.close();
  await fake.close();
  process.exit(0);
});
