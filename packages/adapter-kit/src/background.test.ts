import { describe, expect, it } from 'vitest';
import { createBackgroundTasks } from './background.js';

describe('createBackgroundTasks', () => {
  it('Should run a task at once and again after each run, never twice at once, and log failures', async () => {
    const warnings: object[] = [];
    const tasks = createBackgroundTasks({ warn: (obj) => void warnings.push(obj) });
    let runs = 0;
    let concurrent = 0;
    let most = 0;
    tasks.every(1, 'loop', async () => {
      concurrent += 1;
      most = Math.max(most, concurrent);
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
      concurrent -= 1;
      if (runs === 2) throw new Error('boom');
    });
    await expect.poll(() => runs, { timeout: 60_000 }).toBeGreaterThanOrEqual(4);
    await tasks.close();
    const after = runs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runs).toBe(after);
    expect(most).toBe(1);
    expect(warnings).toEqual([expect.objectContaining({ task: 'loop' })]);
  });

  it('Should wait for a run in flight at close, and start nothing after', async () => {
    const tasks = createBackgroundTasks({ warn: () => {} });
    let finished = false;
    let release: () => void = () => {};
    tasks.every(60_000, 'slow', () => new Promise<void>((resolve) => (release = () => ((finished = true), resolve()))));
    let later = false;
    tasks.after(60_000, 'later', async () => void (later = true));
    await new Promise((resolve) => setImmediate(resolve));
    const closing = tasks.close();
    release();
    await closing;
    expect(finished).toBe(true);
    expect(later).toBe(false);
    tasks.every(1, 'after close', async () => void (later = true));
    tasks.after(1, 'after close', async () => void (later = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(later).toBe(false);
  });
});
