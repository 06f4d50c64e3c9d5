// Diagnostic: our app with an engine whose accept() answers at once (the HTTP stack's cost alone).
import { createServer, loadConfig } from '../dist/index.js';
const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', ADMIN_TOKEN: process.env.BENCH_TOKEN, LOG_LEVEL: 'silent', PORT: '0' });
const server = await createServer(config);
let n = 0;
server.notifier.accept = async () => ({ status: 'accepted', eventId: `e${++n}`, messageIds: [`m${n}`], skipped: [], cancelled: 0 });
console.log((await server.start()).url);
process.on('SIGTERM', () => process.exit(0));
