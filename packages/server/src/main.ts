// The bare server's entry (`node dist/main.js`): the events API without platform adapters. What `npm start`
// runs, with the built-in adapters, is @esemes/app's esemes-server.
import { run } from './run.js';

await run({
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  exit: (code) => process.exit(code),
  signals: process,
});
