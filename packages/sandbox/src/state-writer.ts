// Writes the sandbox's state file after changes: `stateSaveDelayMs` after a change, once for every change
// made meanwhile (a burst of sends is one write), always to a temporary file renamed over the old one, so
// a crash leaves either the old file or the new one, never half of one. Closing writes what is pending.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { serializeState, type StateSnapshot } from './state-file.js';

let temporaryCount = 0;

/** Writes `text` to `file` through a temporary file in the same folder and a rename (atomic on one file system). */
async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}-${++temporaryCount}.tmp`;
  try {
    // 0600: the file holds phone numbers and message texts.
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync(); // on disk before the rename makes it the state
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Writes the state to its file after changes, batched: the first change schedules a write `delayMs`
 * later; changes until then (or during the write) ride along in it (or in the next one). A background
 * write that fails is reported to `onWarning` and tried again after the next change; `close()` writes
 * what is pending and rejects when it cannot.
 */
export class StateFileWriter {
  readonly #file: string;
  readonly #delayMs: number;
  readonly #snapshot: () => StateSnapshot;
  readonly #onWarning: (message: string) => void;
  #dirty = false;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;

  constructor(file: string, delayMs: number, snapshot: () => StateSnapshot, onWarning: (message: string) => void) {
    this.#file = file;
    this.#delayMs = delayMs;
    this.#snapshot = snapshot;
    this.#onWarning = onWarning;
  }

  /** Notes a change; the file is written within `delayMs` (plus the time of a write in progress). */
  changed(): void {
    this.#dirty = true;
    this.#schedule();
  }

  /** Writes what is pending and stops scheduling writes. Rejects when the file cannot be written. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#writing?.catch(() => undefined);
    if (this.#dirty) await this.#write();
  }

  #schedule(): void {
    if (this.#closed || this.#timer !== undefined || this.#writing !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#writeInBackground();
    }, this.#delayMs);
    this.#timer.unref(); // a pending write never keeps the process alive; close() writes it
  }

  async #writeInBackground(): Promise<void> {
    try {
      await this.#write();
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      this.#onWarning(`esemes sandbox: cannot save its state to ${this.#file} (${reason}); trying again after the next change and on close`);
      return;
    }
    if (this.#dirty) this.#schedule(); // changes made while writing
  }

  #write(): Promise<void> {
    this.#dirty = false;
    const text = serializeState(this.#snapshot());
    const writing = writeAtomically(this.#file, text)
      .catch((error: unknown) => {
        this.#dirty = true;
        throw error;
      })
      .finally(() => {
        this.#writing = undefined;
      });
    this.#writing = writing;
    return writing;
  }
}
