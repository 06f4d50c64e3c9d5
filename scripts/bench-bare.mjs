// The baseline of the HTTP benches: `node scripts/bench-bare.mjs <path>` — a bare Fastify app (no logger,
// default JSON parsing) answering POST <path> with 202 `{ status: 'accepted' }`; prints its URL.
import Fastify from 'fastify';

const path = process.argv[2] ?? '/api/v1/events';
const bare = Fastify({ logger: false });
bare.post(path, async (_request, reply) => reply.code(202).send({ status: 'accepted' }));
console.log(await bare.listen({ port: 0, host: '127.0.0.1' }));
process.on('SIGTERM', () => bare.close().then(() => process.exit(0)));
