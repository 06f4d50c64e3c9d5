#!/usr/bin/env node
import { run } from './program.js';

// A closed pipe (`esemes reports | head -1`) is not an error; let the command finish quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

process.exitCode = await run(process.argv);
