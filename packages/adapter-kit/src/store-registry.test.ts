import { afterEach, describe, expect, it } from 'vitest';
import { randomSecret } from './secrets.js';
import { createStoreRegistry, StoreRegistryError } from './store-registry.js';
import { testEngine, type TestEngine } from './test-engine.js';

interface Shop {
  id: string;
  url: string;
  apiKey: string;
  hookSecret: string;
  name?: string;
  settings: { notes?: boolean; adminPhones?: string[] };
}

let engine: TestEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

const registryOn = (state: TestEngine['notifier']['state']) =>
  createStoreRegistry<Shop, 'apiKey' | 'hookSecret'>({
    state,
    namespace: 'test:stores',
    platform: 'Test',
    secrets: { hookSecret: () => randomSecret(40), apiKey: null },
    reservedIds: ['connect'],
    validate: (store) => [
      ...(store.url ? [] : ['url is required']),
      ...(store.apiKey ? [] : ['apiKey is required']),
      ...(store.settings ? [] : ['settings is required']),
    ],
  });

describe('createStoreRegistry', () => {
  it('Should create a store, generating its secret once, and keep secrets and fields a change leaves out', async () => {
    engine = await testEngine();
    const stores = registryOn(engine.notifier.state);
    const { store, created } = await stores.upsert('shop1', () => ({ url: 'https://a.example', apiKey: 'k1', settings: {} }));
    expect(created).toBe(true);
    expect(store.hookSecret).toMatch(/^[A-Za-z0-9]{40}$/);
    const renamed = await stores.upsert('shop1', () => ({ name: 'Çiçek', apiKey: undefined }));
    expect(renamed).toEqual({ store: { ...store, name: 'Çiçek' }, created: false });
    const rekeyed = await stores.upsert('shop1', (existing) => ({ apiKey: 'k2', settings: { ...existing?.settings, notes: false } }));
    expect(rekeyed.store).toMatchObject({ apiKey: 'k2', hookSecret: store.hookSecret, name: 'Çiçek', settings: { notes: false } });
    expect(await stores.get('shop1')).toEqual(rekeyed.store);
    expect(stores.withoutSecrets(rekeyed.store)).toEqual({ id: 'shop1', url: 'https://a.example', name: 'Çiçek', settings: { notes: false } });
  });

  it('Should refuse bad and reserved ids and incomplete new stores, storing nothing', async () => {
    engine = await testEngine();
    const stores = registryOn(engine.notifier.state);
    for (const id of ['Shop', '-x', 'connect', 'a'.repeat(51), 'a b']) {
      await expect(stores.upsert(id, () => ({ url: 'https://a.example', apiKey: 'k', settings: {} }))).rejects.toMatchObject({ code: 'invalid_store_id' });
      expect(stores.isValidId(id)).toBe(false);
      expect(await stores.get(id)).toBeUndefined();
    }
    const incomplete = await stores.upsert('shop2', () => ({ url: 'https://b.example' })).catch((e: unknown) => e);
    expect(incomplete).toBeInstanceOf(StoreRegistryError);
    expect((incomplete as Error).message).toMatch(/apiKey is required; settings is required/);
    expect(await stores.list()).toEqual([]);
  });

  it('Should let two instances creating one store at once agree on one secret', async () => {
    engine = await testEngine({ shared: true });
    const twin = await engine.twin();
    const [a, b] = [registryOn(engine.notifier.state), registryOn(twin.state)];
    const results = await Promise.all([a, b, a, b].map((r, i) => r.upsert('shop1', () => ({ url: 'https://a.example', apiKey: `k${i}`, settings: {} }))));
    const stored = await a.get('shop1');
    expect(new Set(results.map((r) => r.store.hookSecret))).toEqual(new Set([stored?.hookSecret]));
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('Should list and delete', async () => {
    engine = await testEngine();
    const stores = registryOn(engine.notifier.state);
    for (const id of ['b', 'a']) await stores.upsert(id, () => ({ url: 'https://a.example', apiKey: 'k', settings: {} }));
    expect((await stores.list()).map((s) => s.id)).toEqual(['a', 'b']);
    expect(await stores.delete('a')).toBe(true);
    expect(await stores.delete('a')).toBe(false);
    expect(await stores.delete('Not Valid')).toBe(false);
    expect((await stores.list()).map((s) => s.id)).toEqual(['b']);
  });
});
