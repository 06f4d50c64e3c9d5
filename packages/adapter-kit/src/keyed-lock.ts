// Serializes work per key inside one process: platforms deliver several saves of one order at once, and
// deciding from the stored state is only sound one delivery at a time. Other server instances are kept
// apart by the compare-and-set on the state itself (see order-tracker.ts).

/** Runs work for one key at a time, in the order it was asked for. */
export interface KeyedLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/**
 * A lock per key; keys nobody waits for take no memory.
 * @example
 * const lock = createKeyedLock();
 * await lock.run(`${storeId}:${orderId}`, () => processDelivery());
 */
export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, work) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(work, work);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
