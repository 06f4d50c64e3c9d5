// node bench/profile-summary.mjs <file.cpuprofile> [top] — self time by function and by package, and
// total (inclusive) time of the functions that matter, as shares of the busy (non-idle) time.
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const self = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i += 1) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (deltas[i] ?? 0));
const where = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const short = url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, 'nm:')
    .replace(/.*\/(packages|adapters)\//, '$1/');
  return `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
};
const pkg = (node) => {
  const url = node.callFrame.url;
  if (!url) return node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const ours = /\/(packages|adapters)\/([^/]+)\//.exec(url);
  if (ours) return `@esemes/${ours[2]}`;
  if (url.startsWith('node:')) return 'node:internal';
  return url;
};
let total = 0;
let idle = 0;
const selfBy = new Map();
const pkgBy = new Map();
for (const [id, time] of self) {
  const node = byId.get(id);
  total += time;
  if (node.callFrame.functionName === '(idle)') idle += time;
  selfBy.set(where(node), (selfBy.get(where(node)) ?? 0) + time);
  pkgBy.set(pkg(node), (pkgBy.get(pkg(node)) ?? 0) + time);
}
// Inclusive: each sample counts once for every distinct function on its stack.
const inclusive = new Map();
for (const [id, time] of self) {
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const key = where(byId.get(at));
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + time);
  }
}
const busy = total - idle;
const pct = (t) => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${((100 * busy) / total).toFixed(0)}%)`);
console.log('\nself time by package (share of busy):');
for (const [name, time] of [...pkgBy].sort((a, b) => b[1] - a[1]).slice(0, 18)) if (name !== '(idle)') console.log(`  ${pct(time)}  ${name}`);
console.log('\nself time by function:');
for (const [name, time] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, top)) if (!name.startsWith('(idle)')) console.log(`  ${pct(time)}  ${name}`);
console.log('\ntotal time by function (ours and key entry points):');
for (const [name, time] of [...inclusive]
  .sort((a, b) => b[1] - a[1])
  .filter(([name]) => /packages\/|adapters\/|fastify|handlebars|zod|better-sqlite3|kysely|pino/.test(name))
  .slice(0, top * 2))
  console.log(`  ${pct(time)}  ${name}`);
