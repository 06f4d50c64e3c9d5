// `npm run bench -- --json`: each package's bench adds its figures to bench-results.json at the root
// (one key per package, replaced on each run), so one file holds the last run of every table.
import { readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_RESULTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench-results.json');

/** Prints `rows` (arrays of strings) under `header` as a Markdown table with padded columns. */
export function printMarkdownTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

/** Whether this run was asked for JSON (`npm run bench -- --json`). */
export function wantsJson(argv = process.argv) {
  return argv.includes('--json');
}

/**
 * Record `figures` (plain JSON: rows of the printed table, ratios, targets and whether each is met) under
 * `packageName`, keeping the other packages' entries.
 */
export function writeBenchResults(packageName, figures, path = BENCH_RESULTS) {
  let all = {};
  try {
    all = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    all = {};
  }
  all[packageName] = {
    at: new Date().toISOString(),
    machine: { node: process.version, arch: arch(), cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30) },
    ...figures,
  };
  writeFileSync(path, JSON.stringify(all, null, 2) + '\n');
}
