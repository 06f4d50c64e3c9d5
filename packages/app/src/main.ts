// `npm start` / `esemes-server`: configuration from the environment, the built-in adapters, then run until
// a signal (exit 2: invalid configuration, 1: could not start, 0: closed gracefully).
import { run } from '@esemes/server';
import { builtInAdapters } from './builtin-adapters.js';

await run({
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  exit: (code) => process.exit(code),
  signals: process,
  adapters: builtInAdapters,
});
