// @ts-check
// The worker thread of SQLite acceptance (see sqlite-accept-thread.ts): its own connection to the outbox
// file, with the store's pragmas, running the group commit of sqlite-accept-writer.js, so the commit's
// CPU time leaves the server's main thread. One request at a time: `{ data, count }` in, the flat
// outcomes out once committed ('ready' first, once the database is open); `{ close: true }` closes the
// connection and ends the thread.
import { parentPort, workerData } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';
import { createAcceptWriter } from './sqlite-accept-writer.js';

/** @type {{ path: string, pragmas: readonly string[] }} */
const { path, pragmas } = workerData;
const port = parentPort;
if (!port) throw new Error('sqlite-accept-worker.js runs as a worker thread only');

// A failure here (file gone, not a database) ends the thread with an 'error' the store reports.
const database = new Sqlite(path, { fileMustExist: true });
for (const pragma of pragmas) database.pragma(pragma);
const writer = createAcceptWriter(database);
// From here on, a batch lost with the thread may have been stored.
port.postMessage('ready');

port.on('message', (/** @type {{ data: unknown[], count: number } | { close: true } | { hold: Int32Array }} */ request) => {
  if ('hold' in request) {
    // Tests (AcceptThread.hold): wait, interruptibly, until released.
    Atomics.wait(request.hold, 0, 0);
    return;
  }
  if ('close' in request) {
    database.close();
    port.close();
    return;
  }
  port.postMessage(writer.write(request.data, request.count));
});
