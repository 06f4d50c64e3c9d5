// npm run bench -w @esemes/notify — dispatch of queued messages to the sandbox: batched personalized
// requests (this engine) vs one request per message (how existing plugins send), in one run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createEsemesClient } from '@esemes/core';
import { createNotifier, openOutboxStore } from '../dist/index.js';

const BATCHED = Number(process.env.BENCH_MESSAGES ?? 100_000);
const SINGLE = Number(process.env.BENCH_SINGLE ?? 1_000);

// The sandbox runs in its own process, as the real provider would be elsewhere.
const sandboxScript = `
  import { startSandbox } from '@esemes/sandbox';
  const sandbox = await startSandbox({ accounts: [{ user: 'bench', password: 'bench', numericCredits: 0, alphanumericCredits: ${(BATCHED + SINGLE) * 2}, senders: ['DEMO'] }] });
  console.log(sandbox.url);
  process.on('SIGTERM', () => sandbox.close().then(() => process.exit(0)));
`;
const child = spawn(process.execPath, ['--input-type=module', '-e', sandboxScript], {
  cwd: new URL('.', import.meta.url),
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [chunk] = await once(child.stdout, 'data');
const baseUrl = String(chunk).trim();
const dir = mkdtempSync(join(tmpdir(), 'esemes-bench-'));

async function queue(store, count, label) {
  // One event carrying `count` messages: the bench measures dispatch, not acceptance.
  const now = Date.now();
  const messages = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    storeId: 'bench',
    eventType: 'order.created',
    messageKey: `${label}#${i}`,
    messageClass: 'transactional',
    recipient: `53${String(i).padStart(8, '0')}`,
    text: `Sayın Ayşe Yılmaz, ${100000 + i} numaralı siparişiniz alındı. Teşekkürler, Demo Mağaza`,
    sender: 'DEMO',
    language: 'tr',
    optOutLink: false,
    blacklist: null,
    parts: 1,
    orderId: String(i),
    cancelKey: null,
    notBefore: now,
    expiresAt: null,
  }));
  await store.accept(
    { eventId: randomUUID(), storeId: 'bench', idempotencyKey: label, type: 'order.created', payload: '{}', receivedAt: now },
    messages,
    [],
    now,
  );
}

async function run(label, count, batchSize) {
  const store = await openOutboxStore(`sqlite:${join(dir, `${label}.db`)}`);
  await store.migrate();
  await queue(store, count, label);
  const client = createEsemesClient({ user: 'bench', password: 'bench', baseUrl, timeoutMs: 120_000 });
  const notifier = createNotifier({ store, client, sender: 'DEMO', dispatch: { batchSize } });
  const start = process.hrtime.bigint();
  let sent = 0;
  while (sent < count) {
    await notifier.runOnce();
    // Sent, or already past sent: the report poller may have moved some on within the same pass.
    const counts = await store.countByStatus();
    sent = counts.sent + counts.delivered + counts.undelivered;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await store.close();
  return { count, seconds, perSecond: count / seconds };
}

/** What existing plugins do: one send call per message, as each order event arrives. */
async function runSingle(count) {
  const client = createEsemesClient({ user: 'bench', password: 'bench', baseUrl });
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    await client.send({
      sender: 'DEMO',
      to: `54${String(i).padStart(8, '0')}`,
      text: `Sayın Ayşe Yılmaz, ${100000 + i} numaralı siparişiniz alındı. Teşekkürler, Demo Mağaza`,
    });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { count, seconds, perSecond: count / seconds };
}

const origin = new URL(baseUrl).origin;
const setLatency = (ms) =>
  fetch(`${origin}/_sandbox/latency`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms }) });
// Loopback answers in well under a millisecond; a shop's server reaches the provider in tens of
// milliseconds. Both are measured, each side by side with its baseline.
const LATENCIES = [0, Number(process.env.BENCH_LATENCY_MS ?? 20)];
const rows = [];
for (const latency of LATENCIES) {
  await setLatency(latency);
  const single = await runSingle(latency === 0 ? SINGLE : Math.min(SINGLE, 200));
  const batched = await run(`batched-${latency}`, BATCHED, 100_000);
  rows.push(
    [`one request per message (baseline), ${latency} ms provider latency`, String(single.count), single.seconds.toFixed(2), single.perSecond.toFixed(0), '1.0'],
    [
      `batched personalized requests, ${latency} ms provider latency`,
      String(batched.count),
      batched.seconds.toFixed(2),
      batched.perSecond.toFixed(0),
      (batched.perSecond / single.perSecond).toFixed(1),
    ],
  );
}
child.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });

console.log(`\n@esemes/notify bench — dispatch of queued messages to the sandbox (own process), SQLite outbox (node ${process.version})\n`);
const header = ['case', 'messages', 'seconds', 'messages/s', '× baseline'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
console.log(
  `\ntarget: batched ≥ 50× the one-request-per-message rate. Baseline rates are measured on ${SINGLE.toLocaleString('en')} messages (200 with latency); batched on ${BATCHED.toLocaleString('en')}.`,
);
