#!/usr/bin/env node
// The file npm links as the `esemes` command; it runs the built CLI in dist/. It is committed, unlike
// dist/, because npm skips a bin whose file is missing at install time: with a bin in dist/, a fresh
// `npm ci` would link nothing and `npx esemes` would fetch an unrelated "esemes" package from the
// registry. In this monorepo, a first run before any build builds the CLI once (turbo).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/bin.js', import.meta.url);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const turbo = fileURLToPath(new URL('../../../node_modules/.bin/turbo', import.meta.url));

if (!existsSync(entry) && existsSync(`${root}turbo.json`) && existsSync(turbo)) {
  process.stderr.write('esemes: building the CLI first (once)…\n');
  // The build's own output goes to stderr, so stdout stays clean for --json.
  spawnSync(turbo, ['run', 'build', '--filter=@esemes/cli...', '--output-logs=errors-only'], { cwd: root, stdio: ['ignore', 2, 2] });
}
if (existsSync(entry)) {
  await import(entry.href);
} else {
  process.stderr.write('esemes: the CLI is not built. From the repository root run:\n  npx turbo run build --filter=@esemes/cli...\n');
  process.exitCode = 1;
}
