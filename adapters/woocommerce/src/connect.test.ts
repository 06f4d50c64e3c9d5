import { describe, expect, it } from 'vitest';
import { testState } from '../test/state.js';
import { CONNECT_NAMESPACE, ConnectError, completeConnection, connectionReturnPage, startConnection } from './connect.js';

const NOW = Date.UTC(2025, 0, 1);
const base = {
  storeUrl: 'https://magaza.example.com/',
  returnUrl: 'https://esemes.example.com/webhooks/woocommerce/connect/return',
  callbackUrl: 'https://esemes.example.com/webhooks/woocommerce/connect/callback',
};
const keys = { key_id: 12, consumer_key: `ck_${'a1'.repeat(20)}`, consumer_secret: `cs_${'b2'.repeat(20)}`, key_permissions: 'read_write' };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectError);
    return (error as ConnectError).code;
  }
  throw new Error('expected a ConnectError');
}

describe('startConnection', () => {
  it('builds the authorize URL and stores a one-time nonce', async () => {
    const state = await testState();
    const started = await startConnection(state, base, NOW);
    expect(started.storeId).toBe('magaza-example-com');
    expect(started.nonce).toMatch(/^[A-Za-z0-9]{32}$/);
    const url = new URL(started.authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe('https://magaza.example.com/wc-auth/v1/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      app_name: 'esemes SMS',
      scope: 'read_write',
      user_id: started.nonce,
      return_url: base.returnUrl,
      callback_url: base.callbackUrl,
    });
    const record = await state.getState(CONNECT_NAMESPACE, started.nonce);
    expect(record?.dueAt).toBe(NOW + 3_600_000);
    expect(JSON.parse(record?.value ?? '{}')).toEqual({ storeId: 'magaza-example-com', storeUrl: 'https://magaza.example.com', createdAt: NOW });
  });

  it('keeps a sub-directory install and honours storeId, appName and ttl', async () => {
    const state = await testState();
    const started = await startConnection(state, { ...base, storeUrl: 'http://example.com/shop/', storeId: 'my-shop', appName: 'X & Y' }, NOW, 1000);
    expect(started.storeId).toBe('my-shop');
    expect(started.authorizeUrl.startsWith('http://example.com/shop/wc-auth/v1/authorize?app_name=X+%26+Y&')).toBe(true);
    expect((await state.getState(CONNECT_NAMESPACE, started.nonce))?.dueAt).toBe(NOW + 1000);
  });

  it('issues different nonces', async () => {
    const state = await testState();
    const a = await startConnection(state, base, NOW);
    const b = await startConnection(state, base, NOW);
    expect(a.nonce).not.toBe(b.nonce);
  });

  it.each(['ftp://example.com', 'https://user:pw@example.com', 'https://example.com/?a=1', 'https://example.com/#x', 'https://example.com?', 'not a url'])(
    'refuses store URL %s',
    async (storeUrl) => {
      expect(await codeOf(startConnection(await testState(), { ...base, storeUrl }, NOW))).toBe('invalid_store_url');
    },
  );

  it('requires an https callback URL', async () => {
    expect(await codeOf(startConnection(await testState(), { ...base, callbackUrl: 'http://esemes.example.com/cb' }, NOW))).toBe('callback_not_https');
    expect(await codeOf(startConnection(await testState(), { ...base, callbackUrl: 'nope' }, NOW))).toBe('callback_not_https');
  });

  it('validates the store id', async () => {
    expect(await codeOf(startConnection(await testState(), { ...base, storeId: 'Bad_Id' }, NOW))).toBe('invalid_store_id');
    expect(await codeOf(startConnection(await testState(), { ...base, storeId: '-x' }, NOW))).toBe('invalid_store_id');
    expect(await codeOf(startConnection(await testState(), { ...base, storeId: 'a'.repeat(51) }, NOW))).toBe('invalid_store_id');
    // Reserved: /webhooks/woocommerce/connect/… are the connection's own routes.
    expect(await codeOf(startConnection(await testState(), { ...base, storeId: 'connect' }, NOW))).toBe('invalid_store_id');
    const long = await startConnection(await testState(), { ...base, storeUrl: `https://${'a'.repeat(60)}.example.com` }, NOW);
    expect(long.storeId).toBe('a'.repeat(50));
  });
});

describe('completeConnection', () => {
  it('returns the keys once; a second callback is unknown', async () => {
    const state = await testState();
    const { nonce } = await startConnection(state, base, NOW);
    const body = { ...keys, user_id: nonce };
    expect(await completeConnection(state, body, NOW + 1000)).toEqual({
      nonce,
      storeId: 'magaza-example-com',
      storeUrl: 'https://magaza.example.com',
      consumerKey: keys.consumer_key,
      consumerSecret: keys.consumer_secret,
      keyId: 12,
    });
    expect(await codeOf(completeConnection(state, body, NOW + 2000))).toBe('unknown_connection');
  });

  it('lets exactly one of two concurrent callbacks succeed', async () => {
    const state = await testState();
    const { nonce } = await startConnection(state, base, NOW);
    const body = { ...keys, user_id: nonce };
    const results = await Promise.allSettled([completeConnection(state, body, NOW), completeConnection(state, body, NOW)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect((rejected?.reason as ConnectError).code).toBe('unknown_connection');
    expect((rejected?.reason as ConnectError).status).toBe(404);
  });

  it('refuses an unknown nonce', async () => {
    expect(await codeOf(completeConnection(await testState(), { ...keys, user_id: 'x'.repeat(32) }, NOW))).toBe('unknown_connection');
  });

  it('refuses and forgets an expired nonce', async () => {
    const state = await testState();
    const { nonce } = await startConnection(state, base, NOW, 1000);
    const error = await completeConnection(state, { ...keys, user_id: nonce }, NOW + 1001).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'expired_connection', status: 410 });
    expect(await state.getState(CONNECT_NAMESPACE, nonce)).toBeUndefined();
    expect(await codeOf(completeConnection(state, { ...keys, user_id: nonce }, NOW + 1001))).toBe('unknown_connection');
  });

  it('refuses keys without read_write and consumes the nonce', async () => {
    const state = await testState();
    const { nonce } = await startConnection(state, base, NOW);
    const error = await completeConnection(state, { ...keys, user_id: nonce, key_permissions: 'read' }, NOW).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'insufficient_permissions', status: 403 });
    expect(await state.getState(CONNECT_NAMESPACE, nonce)).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'key_id=1'],
    ['an array', [keys]],
    ['key_id as string', { ...keys, key_id: '12', user_id: 'n' }],
    ['no user_id', { ...keys }],
    ['bad consumer_key prefix', { ...keys, user_id: 'n', consumer_key: 'xx_123' }],
    ['bad consumer_secret prefix', { ...keys, user_id: 'n', consumer_secret: 'ck_123' }],
    ['no key_permissions', { key_id: 1, user_id: 'n', consumer_key: 'ck_1', consumer_secret: 'cs_1' }],
  ])('refuses a malformed body: %s', async (_label, body) => {
    const error = await completeConnection(await testState(), body, NOW).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'malformed_callback', status: 400 });
    expect(String((error as Error).message)).not.toContain('cs_');
  });

  it('does not consume the nonce on a malformed body', async () => {
    const state = await testState();
    const { nonce } = await startConnection(state, base, NOW);
    await completeConnection(state, { ...keys, user_id: nonce, key_id: 'x' }, NOW).catch(() => undefined);
    expect(await completeConnection(state, { ...keys, user_id: nonce }, NOW)).toMatchObject({ keyId: 12 });
  });
});

describe('connectionReturnPage', () => {
  it('shows success in Turkish and English', () => {
    const page = connectionReturnPage({ success: '1', user_id: 'abc' });
    expect(page.status).toBe(200);
    expect(page.html).toContain('Mağazanız bağlandı');
    expect(page.html).toContain('Your store is connected');
  });

  it('shows failure otherwise and escapes what it echoes', () => {
    const page = connectionReturnPage({ success: '0', user_id: '<script>x' });
    expect(page.html).toContain('Bağlantı kurulmadı');
    expect(page.html).toContain('The store was not connected');
    expect(page.html).not.toContain('<script>');
    expect(page.html).toContain('&#60;script&#62;');
    expect(connectionReturnPage({}).html).toContain('Bağlantı kurulmadı');
  });
});
