#!/usr/bin/env node
// The file npm links as the `esemes-server` command (and what `npm start` runs); it runs the built
// dist/main.js. It is committed, unlike dist/, because npm skips a bin whose file is missing at install time.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main.js', import.meta.url);
if (existsSync(entry)) {
  await import(entry.href);
} else {
  process.stderr.write('esemes-server: the server is not built. From the repository root run:\n  npx turbo run build --filter=@esemes/app...\n');
  process.exitCode = 1;
}
