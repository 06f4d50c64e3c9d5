// One process of the accept bench: `node serve.mjs server <sandbox url> <db path>` (or `bare`); prints its URL.
// BENCH_NO_DISPATCH=1: the dispatcher runs once at start, then waits a minute (acceptance alone).
import Fastify from 'fastify';
import { createServer, loadConfig } from '../dist/index.js';

const [kind, sandboxUrl, dbPath] = process.argv.slice(2);
let close;
if (kind === 'bare') {
  const bare = Fastify({ logger: false });
  bare.post('/api/v1/events', async (_request, reply) => reply.code(202).send({ status: 'accepted' }));
  console.log(await bare.listen({ port: 0, host: '127.0.0.1' }));
  close = () => bare.close();
} else {
  // Live mode against a sandbox in another process, as a deployment talks to the real provider.
  const config = loadConfig({
    DATABASE_URL: `sqlite:${dbPath}`,
    ADMIN_TOKEN: process.env.BENCH_TOKEN,
    LOG_LEVEL: 'silent',
    PORT: '0',
    ESEMES_USER: 'bench',
    ESEMES_PASSWORD: 'bench',
    ESEMES_BASE_URL: sandboxUrl,
    ESEMES_SENDER: 'DEMO',
    ...(process.env.BENCH_NO_DISPATCH ? { DISPATCH_INTERVAL_MS: '60000' } : {}),
  });
  const server = await createServer(config);
  console.log((await server.start()).url);
  close = async () => {
    console.error(JSON.stringify(await server.notifier.queueCounts()));
    await server.close();
  };
}
process.on('SIGTERM', () => close().then(() => process.exit(0)));
