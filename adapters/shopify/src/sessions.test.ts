import { Session } from '@shopify/shopify-api';
import { describe, expect, it } from 'vitest';
import { testState } from '../test/state.js';
import { createShopSessionStorage, decryptToken, encryptToken, offlineSessionId, SESSIONS_NAMESPACE, SessionDecryptError } from './sessions.js';

const KEY = Buffer.alloc(32, 1);
const TOKEN = 'shpat_0123456789abcdef0123456789abcdef';

describe('shop sessions', () => {
  it('Should store the access token encrypted and give the session back whole', async () => {
    const state = await testState();
    const sessions = createShopSessionStorage(state, KEY);
    const id = offlineSessionId('demo-magaza.myshopify.com');
    await sessions.storeSession(
      new Session({ id, shop: 'demo-magaza.myshopify.com', state: 'nonce', isOnline: false, accessToken: TOKEN, scope: 'read_orders,write_orders' }),
    );
    const [row] = await state.listState(SESSIONS_NAMESPACE);
    expect(row?.value).not.toContain(TOKEN);
    expect(row?.value).not.toContain('0123456789abcdef');
    const loaded = await sessions.loadSession(id);
    expect(loaded).toBeInstanceOf(Session);
    expect(loaded).toMatchObject({ id, shop: 'demo-magaza.myshopify.com', isOnline: false, accessToken: TOKEN, scope: 'read_orders,write_orders' });
    expect((await sessions.findSessionsByShop('demo-magaza.myshopify.com')).map((session) => session.id)).toEqual([id]);
    await sessions.deleteSession(id);
    expect(await sessions.loadSession(id)).toBeUndefined();
  });

  it('Should refuse a token sealed under another key, or moved to another session, with a typed error', async () => {
    const sealed = encryptToken(KEY, 'offline_a.myshopify.com', TOKEN);
    expect(decryptToken(KEY, 'offline_a.myshopify.com', sealed)).toBe(TOKEN);
    expect(() => decryptToken(Buffer.alloc(32, 2), 'offline_a.myshopify.com', sealed)).toThrow(SessionDecryptError);
    expect(() => decryptToken(KEY, 'offline_b.myshopify.com', sealed)).toThrow(SessionDecryptError);
    expect(() => decryptToken(KEY, 'offline_a.myshopify.com', 'plain')).toThrow(SessionDecryptError);
    expect(() => createShopSessionStorage(undefined as never, Buffer.alloc(16))).toThrow(TypeError);
  });
});
