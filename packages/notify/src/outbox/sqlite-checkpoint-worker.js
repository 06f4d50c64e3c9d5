// @ts-check
// The worker thread that checkpoints the outbox's SQLite WAL (see sqlite-checkpointer.ts): a connection of
// its own that copies committed pages from the WAL into the database file and fsyncs both, so that work
// runs beside the server's main thread rather than inside one of its commits. PASSIVE checkpoints never
// wait for or block a writer. It passes often while pages are being committed and backs off when idle.
// Its one message in: 'close'.
import { parentPort, workerData } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';

/** @type {{ path: string, activeMs: number, idleMs: number }} */
const { path, activeMs, idleMs } = workerData;
const port = parentPort;
if (!port) throw new Error('sqlite-checkpoint-worker.js runs as a worker thread only');

// A failure here (file gone, not a database) ends the thread with an 'error' the store handles.
const database = new Sqlite(path, { fileMustExist: true });
// Never sleep on a lock: a checkpoint that cannot run now runs at the next pass.
database.pragma('busy_timeout = 0');
/** @type {import('better-sqlite3').Statement<[], { busy: number, log: number, checkpointed: number }>} */
const checkpoint = database.prepare('pragma wal_checkpoint(PASSIVE)');

/** @type {NodeJS.Timeout | undefined} */
let timer;
let delay = activeMs;
let lastLog = -1;

function tick() {
  let log = lastLog;
  try {
    log = checkpoint.get()?.log ?? lastLog;
  } catch {
    // Refused (another connection is checkpointing, or the file is busy): the next pass copies it.
  }
  // While frames keep coming, pass often (each pass then copies little); idle, back off.
  delay = log !== lastLog ? activeMs : Math.min(delay * 2, idleMs);
  lastLog = log;
  timer = setTimeout(tick, delay);
}

port.on('message', () => {
  clearTimeout(timer);
  database.close();
  port.close();
});

timer = setTimeout(tick, delay);
