// npm run bench -w @esemes/core — prints a table (`-- --json` also writes bench-results.json at the root).
// Ratios are measured side by side in this one run: every round times each case once, in turn, and a
// case's ratio is the median of its per-round ratios to JSON.stringify, so a busy machine slows both sides.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { escapeXmlText } from '../dist/index.js';
import { PersonalizedPacketBuilder } from '../dist/xml-request.js';
import { normalizeTurkishMobile, normalizeWithLibphonenumber } from '../dist/phone.js';
import { printMarkdownTable, writeBenchResults } from '../../../scripts/bench-results.mjs';
import { makeMessages } from './messages.mjs';

const COUNT = 100_000;
const ROUNDS = 9;
const MILLION_RUNS = 3;
const json = process.argv.includes('--json');
const messages = makeMessages(COUNT);
const credentials = { user: 'bench', password: 'bench' };
const avgChars = Math.round(messages.reduce((n, m) => n + m.text.length, 0) / COUNT);
// The same numbers as people type them: +90 …, 0…, brackets, dashes, dots, 0090 ….
const FORMS = [
  (d) => `+90 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 8)} ${d.slice(8)}`,
  (d) => `0${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 8)} ${d.slice(8)}`,
  (d) => `(0${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
  (d) => `90${d}`,
  (d) => `0090${d}`,
  (d) => `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 8)}.${d.slice(8)}`,
];
const written = messages.map((m, i) => FORMS[i % FORMS.length](m.to));

const countOk = (normalize, list) => () => {
  let ok = 0;
  for (const n of list) if (normalize(n).ok) ok += 1;
  if (ok !== list.length) throw new Error(`only ${ok} of ${list.length} numbers accepted`);
  return String(ok);
};
const cases = {
  baseline: () => JSON.stringify(messages),
  build: () => {
    const builder = new PersonalizedPacketBuilder();
    for (const m of messages) builder.add(m.to, m.text);
    return builder.finish(credentials, 'DEMO', { tarih: '' });
  },
  escape: () => {
    let total = '';
    for (const m of messages) total += escapeXmlText(m.text);
    return total;
  },
  normalize: countOk(
    normalizeTurkishMobile,
    messages.map((m) => m.to),
  ),
  normalizeWritten: countOk(normalizeTurkishMobile, written),
  libphonenumber: countOk(
    normalizeWithLibphonenumber,
    messages.map((m) => m.to),
  ),
};

const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const heaps = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, fn] of Object.entries(cases)) {
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    const start = process.hrtime.bigint();
    const out = fn();
    // Flatten and encode the result the way fetch will: both sides pay the same UTF-8 pass.
    Buffer.byteLength(out, 'utf8');
    times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
    heaps[name].push(process.memoryUsage().heapUsed - before);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const stats = (name) => {
  const ratios = times[name].map((t, i) => t / times.baseline[i]);
  return {
    ms: median(times[name]),
    ratio: median(ratios),
    min: Math.min(...ratios),
    max: Math.max(...ratios),
    heap: median(heaps[name]),
    heapRatio: median(heaps[name]) / median(heaps.baseline),
  };
};

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const met = (ok) => (ok ? 'met' : 'MISSED');
const targets = [];
const rows = [];
const row = (label, name, target) => {
  const s = stats(name);
  const note = target === undefined ? '' : `target ≤ ${target.toFixed(2)}×: ${met(s.ratio <= target)}`;
  if (target !== undefined) targets.push({ name: label, target: `≤ ${target}× JSON.stringify`, value: Number(s.ratio.toFixed(3)), met: s.ratio <= target });
  rows.push({
    case: label,
    ms: Number(s.ms.toFixed(1)),
    ratio: Number(s.ratio.toFixed(3)),
    spread: [Number(s.min.toFixed(3)), Number(s.max.toFixed(3))],
    heapMB: Number(mb(s.heap)),
  });
  return [label, s.ms.toFixed(1), s.ratio.toFixed(2), `${s.min.toFixed(2)}–${s.max.toFixed(2)}`, mb(s.heap), s.heapRatio.toFixed(2), note];
};
const table = [
  row('JSON.stringify (baseline)', 'baseline'),
  row('personalized body (escape + XML)', 'build', 1.2),
  row('  of which escaping the texts', 'escape'),
  row('normalize 100,000 numbers (5XXXXXXXXX)', 'normalize', 0.5),
  row('normalize 100,000 written-out numbers', 'normalizeWritten', 0.5),
  row('  the same through libphonenumber (before)', 'libphonenumber'),
];

console.log(
  `\n@esemes/core bench — ${COUNT.toLocaleString('en')} personalized messages, ~${avgChars} characters of Turkish text each, median of ${ROUNDS} interleaved rounds (node ${process.version})\n`,
);
printMarkdownTable(['case', 'ms', 'time ×', 'spread ×', 'heap MB', 'heap ×', 'note'], table);

// The 1,000,000-recipient send runs in a fresh process each time so its peak RSS is its own; `--floor` is the
// same process without the send (1,000,000 input strings, one balance call made), the RSS any send starts from.
const millionScript = fileURLToPath(new URL('./send-million.mjs', import.meta.url));
function million(...args) {
  const child = spawnSync(process.execPath, [millionScript, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) {
    console.error(child.stdout, child.stderr);
    process.exit(1);
  }
  return JSON.parse(child.stdout.trim().split('\n').pop());
}
const floor = million('--floor');
const runs = Array.from({ length: MILLION_RUNS }, () => million());
const seconds = median(runs.map((r) => r.seconds));
const peak = median(runs.map((r) => r.peakRss));
const range = (values, format) => `${format(Math.min(...values))}–${format(Math.max(...values))}`;
console.log(`\n1,000,000-recipient send() to the sandbox (sandbox in its own process; client process measured; median of ${MILLION_RUNS} runs)\n`);
printMarkdownTable(
  ['case', 'seconds', 'spread s', 'packets', 'peak RSS MB', 'spread MB', 'note'],
  [
    [
      'send 1,000,000 numbers',
      seconds.toFixed(2),
      range(
        runs.map((r) => r.seconds),
        (s) => s.toFixed(2),
      ),
      String(runs[0].packets),
      mb(peak),
      range(
        runs.map((r) => r.peakRss),
        mb,
      ),
      `target ≤ 6 s: ${met(seconds <= 6)}; ≤ 160 MB: ${met(peak <= 160 * 1024 * 1024)}`,
    ],
    ['floor: input + client, no send', '', '', '', mb(floor.peakRss), '', `the send's own share: ${mb(peak - floor.peakRss)} MB`],
  ],
);
targets.push({ name: 'send 1,000,000 numbers: seconds', target: '≤ 6', value: Number(seconds.toFixed(2)), met: seconds <= 6 });
targets.push({ name: 'send 1,000,000 numbers: peak RSS MB', target: '≤ 160', value: Number(mb(peak)), met: peak <= 160 * 1024 * 1024 });
rows.push({
  case: 'send 1,000,000 numbers',
  seconds: Number(seconds.toFixed(2)),
  secondsRuns: runs.map((r) => Number(r.seconds.toFixed(2))),
  peakRssMB: Number(mb(peak)),
  peakRssRunsMB: runs.map((r) => Number(mb(r.peakRss))),
  floorRssMB: Number(mb(floor.peakRss)),
  packets: runs[0].packets,
});

if (json) writeBenchResults('@esemes/core', { command: 'npm run bench -w @esemes/core -- --json', rows, targets });
