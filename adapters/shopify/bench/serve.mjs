// One server of the webhook bench: `node bench/serve.mjs <db path>` — @esemes/server with this adapter,
// configured from SHOPIFY_* and PUBLIC_URL as `npm start` reads them, against the fake Shopify (its fetch
// stands in for the internet: webhook subscriptions at start), SQLite at <db path>, sandbox mode, the
// dispatcher idle (it runs at start, then waits a minute). Deliveries go to the inbox and are processed
// right after the answer, in this process, as in production. Prints its URL.
import { createServer, loadConfig } from '@esemes/server';
import { createShopifyAdapter, shopifyFromEnv } from '../dist/index.js';
import { SAMPLE_IDS, SAMPLE_SHOP, startFakeShopify } from '../dist/testing/index.js';

const [dbPath] = process.argv.slice(2);
const ENV = {
  PUBLIC_URL: 'https://sms.example.test',
  SHOPIFY_SHOP: SAMPLE_SHOP,
  SHOPIFY_ACCESS_TOKEN: 'shpat_benchtoken0123456789abcdef',
  SHOPIFY_API_KEY: 'benchapikey0123456789',
  SHOPIFY_API_SECRET: process.env.BENCH_WEBHOOK_SECRET,
};
const fake = await startFakeShopify({
  shops: [{ shop: SAMPLE_SHOP, name: 'Demo Mağaza', accessToken: ENV.SHOPIFY_ACCESS_TOKEN, orders: [SAMPLE_IDS.orderId] }],
});
const config = loadConfig({
  DATABASE_URL: `sqlite:${dbPath}`,
  LOG_LEVEL: 'silent',
  PORT: '0',
  ADMIN_TOKEN: 'bench-admin-token-0123456789',
  DISPATCH_INTERVAL_MS: '60000',
  ...ENV,
});
const env = shopifyFromEnv(ENV);
const server = await createServer(config, {
  adapters: [createShopifyAdapter({ ...(env ? { env } : {}), fetch: fake.fetch, notesIntervalMs: 600_000 })],
  sandbox: { deliveryDelayMs: 0 },
});
console.log((await server.start()).url);
process.on('SIGTERM', async () => {
  console.error(`shopify bench server: ${JSON.stringify(await server.notifier.queueCounts())}`);
  await server.close();
  await fake.close();
  process.exit(0);
});
