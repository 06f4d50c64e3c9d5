// An adapter's work outside requests (writing back to stores, retrying a registration), tied to the
// server's lifecycle: nothing starts before the server is ready, nothing new starts once it closes, and
// close() waits for the runs in flight. Timers never keep the process alive on their own.
import type { AdapterLog } from './log.js';

export interface BackgroundTasks {
  /** Run `task` now and then again `intervalMs` after each run ends (never two runs at once). */
  every(intervalMs: number, name: string, task: () => Promise<unknown>): void;
  /** Run `task` once after `delayMs`. */
  after(delayMs: number, name: string, task: () => Promise<unknown>): void;
  /** Stop scheduling and wait for the runs in flight. Idempotent. */
  close(): Promise<void>;
}

/**
 * @example
 * const background = createBackgroundTasks(app.log);
 * app.addHook('onReady', async () => background.every(10_000, 'order notes', () => notes.runDue()));
 * app.addHook('onClose', () => background.close());
 */
export function createBackgroundTasks(log: Pick<AdapterLog, 'warn'>): BackgroundTasks {
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let closing = false;

  const schedule = (delayMs: number, run: () => void): void => {
    if (closing) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closing) run();
    }, delayMs);
    timer.unref();
    timers.add(timer);
  };
  const start = (name: string, task: () => Promise<unknown>, then?: () => void): void => {
    const run: Promise<unknown> = Promise.resolve()
      .then(task)
      .catch((error: unknown) => log.warn({ err: error, task: name }, `${name} failed`))
      .finally(() => {
        running.delete(run);
        then?.();
      });
    running.add(run);
  };

  return {
    every(intervalMs, name, task) {
      const loop = (): void => start(name, task, () => schedule(intervalMs, loop));
      if (!closing) loop();
    },
    after(delayMs, name, task) {
      schedule(delayMs, () => start(name, task));
    },
    async close() {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running]);
    },
  };
}
