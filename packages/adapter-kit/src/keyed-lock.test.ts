import { describe, expect, it } from 'vitest';
import { createKeyedLock } from './keyed-lock.js';

describe('createKeyedLock', () => {
  it('Should run work of one key one at a time, in order, and other keys alongside', async () => {
    const lock = createKeyedLock();
    const log: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = lock.run('a', async () => {
      log.push('a1 start');
      await gate;
      log.push('a1 end');
    });
    const second = lock.run('a', async () => void log.push('a2'));
    const other = lock.run('b', async () => void log.push('b1'));
    await other;
    expect(log).toEqual(['a1 start', 'b1']);
    release();
    await Promise.all([first, second]);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });

  it('Should go on with the next work of a key after one fails', async () => {
    const lock = createKeyedLock();
    const failed = lock.run('a', async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    await expect(lock.run('a', async () => 42)).resolves.toBe(42);
  });
});
