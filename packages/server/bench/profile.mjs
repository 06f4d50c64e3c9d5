// node bench/profile.mjs [idle|dispatching] [seconds] — one server under the accept bench's load with
// `node --cpu-prof`; the profile lands in $PROFILE_DIR (default ./profiles). Summarise it with
// `node bench/profile-summary.mjs <file.cpuprofile>`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const mode = process.argv[2] ?? 'idle';
const SECONDS = Number(process.argv[3] ?? 10);
const TOKEN = 'bench-admin-token-0123456789';
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const profiles = resolve(process.env.PROFILE_DIR ?? 'profiles');
mkdirSync(profiles, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'esemes-profile-'));

async function start(args, env = {}) {
  const child = spawn(process.execPath, args, { cwd: here('.'), env: { ...process.env, BENCH_TOKEN: TOKEN, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = await once(child.stdout, 'data');
  return { child, url: String(chunk).trim().split('\n')[0] };
}
async function stop(running) {
  const exited = once(running.child, 'exit');
  running.child.kill('SIGTERM');
  await exited;
}
const sandboxScript = `
  import { startSandbox } from '@esemes/sandbox';
  const sandbox = await startSandbox({ accounts: [{ user: 'bench', password: 'bench', numericCredits: 0, alphanumericCredits: 10000000, senders: ['DEMO'] }] });
  console.log(sandbox.url);
  process.on('SIGTERM', () => sandbox.close().then(() => process.exit(0)));
`;
const sandbox = await start(['--input-type=module', '-e', sandboxScript]);
const server = await start(['--cpu-prof', `--cpu-prof-dir=${profiles}`, here('./serve.mjs'), 'server', sandbox.url, join(dir, 'profile.db')], {
  ...(mode === 'idle' ? { BENCH_NO_DISPATCH: '1' } : {}),
});
let counter = 0;
const result = await autocannon({
  url: server.url,
  connections: 32,
  duration: SECONDS,
  requests: [
    {
      method: 'POST',
      path: '/api/v1/events',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      setupRequest: (request) => {
        counter += 1;
        return {
          ...request,
          body: JSON.stringify({
            type: 'order.created',
            idempotencyKey: `profile:${counter}:created`,
            store: { id: 'bench', name: 'Demo Mağaza', locale: 'tr', currency: 'TRY' },
            customer: { firstName: 'Ayşe', lastName: 'Yılmaz', phones: [`+90 532 ${String(1_000_000 + (counter % 9_000_000)).slice(-7)}`] },
            order: { id: String(counter), number: String(100_000 + counter), total: '249.90', currency: 'TRY' },
          }),
        };
      },
    },
  ],
});
await stop(server);
await stop(sandbox);
rmSync(dir, { recursive: true, force: true });
console.log(`${mode}: ${(result['2xx'] / SECONDS).toFixed(0)} accepted/s, non-2xx ${result.non2xx}; profile in ${profiles}`);
