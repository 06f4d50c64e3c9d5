// One send() of 1,000,000 recipients to a sandbox running in another process; prints one JSON line
// with the time and this process's peak RSS (the sandbox's memory is not ours to count).
// `--floor`: the same process, the same 1,000,000 input strings and the client's transport loaded (one balance
// call), but no send: the RSS any send starts from, so that the send's own share can be told apart.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createEsemesClient } from '../dist/index.js';

const COUNT = 1_000_000;
const sandboxScript = `
  import { startSandbox } from '@esemes/sandbox';
  const sandbox = await startSandbox({ accounts: [{ user: 'bench', password: 'bench', numericCredits: 0, alphanumericCredits: ${COUNT * 2}, senders: ['DEMO'] }] });
  console.log(sandbox.url);
  process.on('SIGTERM', () => sandbox.close().then(() => process.exit(0)));
`;
const child = spawn(process.execPath, ['--input-type=module', '-e', sandboxScript], {
  cwd: new URL('.', import.meta.url),
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [chunk] = await once(child.stdout, 'data');
const url = String(chunk).trim();

const idleRss = process.memoryUsage.rss();
let peakRss = idleRss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 10);

const numbers = Array.from({ length: COUNT }, (_, i) => `5${String(300000000 + i)}`);
const client = createEsemesClient({ user: 'bench', password: 'bench', baseUrl: url, timeoutMs: 120_000 });
const floor = process.argv.includes('--floor');
const start = process.hrtime.bigint();
const result = floor
  ? { accepted: numbers, packets: [await client.balance()] }
  : await client.send({ sender: 'DEMO', text: 'Kampanya: tüm ürünlerde %20 indirim, bu hafta sonuna kadar geçerli. Demo Mağaza', to: numbers });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
child.kill('SIGTERM');
if (result.accepted.length !== COUNT) throw new Error(`accepted ${result.accepted.length} of ${COUNT}`);
console.log(JSON.stringify({ seconds, packets: result.packets.length, peakRss, idleRss }));
