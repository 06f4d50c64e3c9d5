// npm run bench -w @esemes/core — prints a table. Ratios are measured side by side in this one run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { escapeXmlText } from '../dist/index.js';
import { PersonalizedPacketBuilder } from '../dist/xml-request.js';
import { normalizeTurkishMobile } from '../dist/phone.js';
import { makeMessages } from './messages.mjs';

const COUNT = 100_000;
const ROUNDS = 7;
const messages = makeMessages(COUNT);
const credentials = { user: 'bench', password: 'bench' };
const avgChars = Math.round(messages.reduce((n, m) => n + m.text.length, 0) / COUNT);

function measure(fn) {
  const times = [];
  const heaps = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    const start = process.hrtime.bigint();
    const out = fn();
    // Flatten and encode the result the way fetch will: both sides pay the same UTF-8 pass.
    Buffer.byteLength(out, 'utf8');
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    heaps.push(process.memoryUsage().heapUsed - before);
  }
  times.sort((a, b) => a - b);
  heaps.sort((a, b) => a - b);
  return { ms: times[ROUNDS >> 1], heap: heaps[ROUNDS >> 1] };
}

const baseline = measure(() => JSON.stringify(messages));
const build = measure(() => {
  const builder = new PersonalizedPacketBuilder();
  for (const m of messages) builder.add(m.to, m.text);
  return builder.finish(credentials, 'DEMO', { tarih: '' });
});
const escapeOnly = measure(() => {
  let total = '';
  for (const m of messages) total += escapeXmlText(m.text);
  return total;
});
const normalize = measure(() => {
  let ok = 0;
  for (const m of messages) if (normalizeTurkishMobile(m.to).ok) ok += 1;
  return String(ok);
});

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const rows = [
  ['JSON.stringify (baseline)', baseline.ms.toFixed(1), '1.00', mb(baseline.heap), '1.00', ''],
  [
    'personalized body (escape + XML)',
    build.ms.toFixed(1),
    (build.ms / baseline.ms).toFixed(2),
    mb(build.heap),
    (build.heap / baseline.heap).toFixed(2),
    'target ≤ 2.00× time',
  ],
  [
    '  of which escaping the texts',
    escapeOnly.ms.toFixed(1),
    (escapeOnly.ms / baseline.ms).toFixed(2),
    mb(escapeOnly.heap),
    (escapeOnly.heap / baseline.heap).toFixed(2),
    '',
  ],
  ['normalize 100,000 numbers', normalize.ms.toFixed(1), (normalize.ms / baseline.ms).toFixed(2), mb(normalize.heap), '', 'libphonenumber-js, before building'],
];

console.log(
  `\n@esemes/core bench — ${COUNT.toLocaleString('en')} personalized messages, ~${avgChars} characters of Turkish text each, median of ${ROUNDS} (node ${process.version})\n`,
);
printTable(['case', 'ms', 'time ×', 'heap MB', 'heap ×', 'note'], rows);

// The 1,000,000-recipient send runs in a fresh process so its peak RSS is its own.
const child = spawnSync(process.execPath, [fileURLToPath(new URL('./send-million.mjs', import.meta.url))], { encoding: 'utf8', maxBuffer: 1 << 20 });
if (child.status !== 0) {
  console.error(child.stdout, child.stderr);
  process.exit(1);
}
const million = JSON.parse(child.stdout.trim().split('\n').pop());
console.log(`\n1,000,000-recipient send() to the sandbox (sandbox in its own process; client process measured)\n`);
printTable(
  ['case', 'seconds', 'packets', 'peak RSS MB', 'idle RSS MB', 'note'],
  [
    [
      'send 1,000,000 numbers',
      million.seconds.toFixed(2),
      String(million.packets),
      mb(million.peakRss),
      mb(million.idleRss),
      `target < 256 MB peak RSS: ${million.peakRss < 256 * 1024 * 1024 ? 'met' : 'MISSED'}`,
    ],
  ],
);

function printTable(header, body) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of body) console.log(line(row));
}
