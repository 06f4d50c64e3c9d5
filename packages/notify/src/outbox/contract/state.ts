// Contract: adapters' durable state (versioned entries, compare-and-set, due times).
import { T0, type Harness } from './harness.js';

export function registerStateTests(h: Harness): void {
  const { t } = h;

  t.describe('adapter state', () => {
    t.it('writes, reads, overwrites and deletes an entry, counting versions', async () => {
      const store = await h.store();
      t.expect(await store.getState('woo:orders', 'a')).toBeUndefined();
      t.expect(await store.putState('woo:orders', 'a', '{"status":"pending"}', {}, T0)).toEqual({
        key: 'a',
        value: '{"status":"pending"}',
        version: 1,
        dueAt: null,
        updatedAt: T0,
      });
      t.expect(await store.putState('woo:orders', 'a', '{"status":"processing"}', { dueAt: T0 + 5 }, T0 + 1)).toEqual({
        key: 'a',
        value: '{"status":"processing"}',
        version: 2,
        dueAt: T0 + 5,
        updatedAt: T0 + 1,
      });
      t.expect((await store.getState('woo:orders', 'a'))?.version).toBe(2);
      t.expect(await store.getState('other', 'a')).toBeUndefined();
      t.expect(await store.deleteState('woo:orders', 'a')).toBe(true);
      t.expect(await store.deleteState('woo:orders', 'a')).toBe(false);
    });

    t.it('compare-and-set: only if absent, only at the expected version', async () => {
      const store = await h.store();
      t.expect((await store.putState('ns', 'k', 'one', { expectedVersion: null }, T0))?.version).toBe(1);
      t.expect(await store.putState('ns', 'k', 'two', { expectedVersion: null }, T0)).toBeUndefined();
      t.expect(await store.putState('ns', 'k', 'two', { expectedVersion: 7 }, T0)).toBeUndefined();
      t.expect((await store.putState('ns', 'k', 'two', { expectedVersion: 1 }, T0))?.value).toBe('two');
      t.expect(await store.putState('ns', 'k', 'three', { expectedVersion: 1 }, T0)).toBeUndefined();
      t.expect(await store.deleteState('ns', 'k', 1)).toBe(false);
      t.expect(await store.deleteState('ns', 'k', 2)).toBe(true);
      t.expect(await store.putState('ns', 'absent', 'x', { expectedVersion: 1 }, T0)).toBeUndefined();
    });

    t.it('20 concurrent compare-and-sets on one version: exactly one wins', async () => {
      const store = await h.store();
      const second = h.shared ? await h.store() : store;
      await store.putState('ns', 'race', '0', {}, T0);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? store : second).putState('ns', 'race', String(i), { expectedVersion: 1 }, T0)),
      );
      t.expect(results.filter((result) => result !== undefined)).toHaveLength(1);
      const inserts = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? store : second).putState('ns', 'new', String(i), { expectedVersion: null }, T0)),
      );
      t.expect(inserts.filter((result) => result !== undefined)).toHaveLength(1);
    });

    t.it('lists by prefix in key order, and due entries by due time', async () => {
      const store = await h.store();
      for (const [key, dueAt] of [
        ['b:2', T0 + 30],
        ['a:1', null],
        ['b:1', T0 + 10],
        ['b:3', T0 + 99],
        ['c%_', T0 + 20],
      ] as const)
        await store.putState('ns', key, key, { dueAt }, T0);
      await store.putState('other', 'b:9', 'x', { dueAt: T0 }, T0);
      t.expect((await store.listState('ns', { prefix: 'b:' })).map((r) => r.key)).toEqual(['b:1', 'b:2', 'b:3']);
      t.expect((await store.listState('ns', { prefix: 'c%' })).map((r) => r.key)).toEqual(['c%_']);
      t.expect((await store.listState('ns', { dueBefore: T0 + 30 })).map((r) => r.key)).toEqual(['b:1', 'c%_', 'b:2']);
      t.expect((await store.listState('ns', { dueBefore: T0 + 30, limit: 1 })).map((r) => r.key)).toEqual(['b:1']);
      t.expect(await store.listState('ns')).toHaveLength(5);
    });

    t.it('deleteStatePrefix deletes the keys of one namespace that start with the prefix, taken literally', async () => {
      const store = await h.store();
      for (const key of ['shop1:a', 'shop1:b', 'shop10:a', 'shop%:x', 'other']) await store.putState('ns', key, key, {}, T0);
      await store.putState('elsewhere', 'shop1:a', 'kept', {}, T0);
      t.expect(await store.deleteStatePrefix('ns', 'shop1:')).toBe(2);
      t.expect((await store.listState('ns')).map((r) => r.key)).toEqual(['other', 'shop%:x', 'shop10:a']);
      t.expect(await store.deleteStatePrefix('ns', 'shop%')).toBe(1);
      t.expect(await store.deleteStatePrefix('ns', 'nothing')).toBe(0);
      t.expect((await store.listState('ns')).map((r) => r.key)).toEqual(['other', 'shop10:a']);
      t.expect((await store.getState('elsewhere', 'shop1:a'))?.value).toBe('kept');
      // An empty prefix would clear the whole namespace: refused, nothing deleted.
      const refusal = await store.deleteStatePrefix('ns', '').then(
        () => undefined,
        (error: unknown) => error,
      );
      t.expect(refusal instanceof TypeError).toBe(true);
      t.expect(String((refusal as Error).message)).toContain('keyPrefix');
      t.expect(await store.listState('ns')).toHaveLength(2);
    });

    t.it(
      'deleteStatePrefix deletes more entries than one batch (5,001)',
      async () => {
        const store = await h.store();
        const keys = Array.from({ length: 5_001 }, (_, i) => `big:${String(i).padStart(5, '0')}`);
        for (let start = 0; start < keys.length; start += 200)
          await Promise.all(keys.slice(start, start + 200).map((key) => store.putState('ns', key, '{}', {}, T0)));
        await store.putState('ns', 'bigger', '{}', {}, T0);
        t.expect(await store.deleteStatePrefix('ns', 'big:')).toBe(5_001);
        t.expect((await store.listState('ns')).map((r) => r.key)).toEqual(['bigger']);
      },
      h.timeout,
    );
  });
}
