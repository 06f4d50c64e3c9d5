// The HTTP benches' shared method (packages/server's accept bench, the adapters' webhook benches): every
// server in a process of its own, autocannon in the bench's process, the cases taken in turn round after
// round (the machine's drift then hits every case alike), each case's rate the median of its rounds and
// its ratio taken against the baseline of the same round.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { printMarkdownTable } from './bench-results.mjs';

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

/** Start `node <args>` (cwd `cwd`) and wait for the URL it prints first. */
export async function startProcess(args, { cwd, env = {} } = {}) {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`node ${args.join(' ')} exited (${code}) before printing its URL`);
  });
  const [chunk] = await Promise.race([once(child.stdout, 'data'), exited]);
  exited.catch(() => undefined);
  return { child, url: String(chunk).trim().split('\n')[0] };
}

export async function stopProcess(running) {
  if (running.child.exitCode !== null) return;
  const exited = once(running.child, 'exit');
  running.child.kill('SIGTERM');
  await exited;
}

/**
 * Load `url` for SECONDS with CONNECTIONS connections; `request()` gives each request's
 * `{ method, path, headers, body }` (so bodies can be unique and signed).
 */
export function load(url, request) {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ setupRequest: (defaults) => ({ ...defaults, ...request() }) }],
  });
}

const rate = (result) => result['2xx'] / SECONDS;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Run `cases` (`{ name, start(round) → running, stop?(running), request() }`, the first one the baseline)
 * ROUNDS times, in turn. Returns the table rows (strings, as printed) and the figures (numbers, for JSON).
 */
export async function runRounds(cases) {
  const results = cases.map(() => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [i, one] of cases.entries()) {
      const running = await one.start(round);
      try {
        results[i].push(await load(running.url, one.request));
      } finally {
        await (one.stop ?? stopProcess)(running);
      }
    }
  }
  const figures = cases.map((one, i) => {
    const ratios = results[i].map((result, round) => rate(result) / rate(results[0][round]));
    return {
      case: one.name,
      perSecond: Math.round(median(results[i].map(rate))),
      p50Ms: median(results[i].map((r) => r.latency.p50)),
      p99Ms: median(results[i].map((r) => r.latency.p99)),
      non2xx: results[i].reduce((sum, r) => sum + r.non2xx, 0),
      ratio: Number(median(ratios).toFixed(3)),
      ratioMin: Number(Math.min(...ratios).toFixed(3)),
      ratioMax: Number(Math.max(...ratios).toFixed(3)),
      rounds: ratios.map((r) => Number(r.toFixed(3))),
    };
  });
  return figures;
}

/** Print `figures` as a Markdown table under `title`; `unit` names the rate column. */
export function printTable(title, figures, unit = 'accepted/s') {
  const header = ['case', unit, 'p50 ms', 'p99 ms', 'non-2xx', '× baseline', 'rounds (min–max)'];
  const rows = figures.map((f) => [
    f.case,
    String(f.perSecond),
    String(f.p50Ms),
    String(f.p99Ms),
    String(f.non2xx),
    f.ratio.toFixed(2),
    `${f.ratioMin.toFixed(2)}–${f.ratioMax.toFixed(2)}`,
  ]);
  console.log(
    `\n${title} — ${ROUNDS} rounds × ${CONNECTIONS} connections × ${SECONDS} s per case, medians; autocannon in its own process, node ${process.version}\n`,
  );
  printMarkdownTable(header, rows);
}
