// The `npm start` / `esemes-server` entry: configuration from the environment, then run until a signal.
import { run } from './run.js';

await run({
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  exit: (code) => process.exit(code),
  signals: process,
});
