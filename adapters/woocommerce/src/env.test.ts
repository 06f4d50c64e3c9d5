import { describe, expect, it } from 'vitest';
import { WooEnvError, wooStoreFromEnv } from './env.js';

const KEY = `ck_${'0a'.repeat(20)}`;
const SECRET = `cs_${'9f'.repeat(20)}`;
const HOOK = 'Xy7Qm2Lp9Rt4Vw8Zk3Nb6Hc1';

function errorOf(env: Record<string, string | undefined>): WooEnvError {
  try {
    wooStoreFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(WooEnvError);
    return error as WooEnvError;
  }
  throw new Error('expected a WooEnvError');
}

describe('wooStoreFromEnv', () => {
  it('returns undefined when nothing is set', () => {
    expect(wooStoreFromEnv({})).toBeUndefined();
    expect(wooStoreFromEnv({ WOOCOMMERCE_URL: '', WOOCOMMERCE_STORE_NAME: 'Mağaza', PATH: '/bin' })).toBeUndefined();
  });

  it('reads a complete configuration', () => {
    expect(
      wooStoreFromEnv({
        WOOCOMMERCE_URL: 'https://magaza.example.com/',
        WOOCOMMERCE_CONSUMER_KEY: KEY,
        WOOCOMMERCE_CONSUMER_SECRET: SECRET,
        WOOCOMMERCE_WEBHOOK_SECRET: HOOK,
        WOOCOMMERCE_STORE_NAME: 'Mağaza',
        WOOCOMMERCE_ADMIN_PHONES: '+905321112233, 05559998877 ,',
      }),
    ).toEqual({
      id: 'default',
      url: 'https://magaza.example.com',
      consumerKey: KEY,
      consumerSecret: SECRET,
      webhookSecret: HOOK,
      name: 'Mağaza',
      adminPhones: ['+905321112233', '05559998877'],
    });
  });

  it('leaves optional values out', () => {
    const store = wooStoreFromEnv({ WOOCOMMERCE_URL: 'http://shop.test/wp', WOOCOMMERCE_CONSUMER_KEY: KEY, WOOCOMMERCE_CONSUMER_SECRET: SECRET });
    expect(store).toEqual({ id: 'default', url: 'http://shop.test/wp', consumerKey: KEY, consumerSecret: SECRET });
  });

  it('names every missing variable in one error', () => {
    const error = errorOf({ WOOCOMMERCE_WEBHOOK_SECRET: HOOK });
    expect(error.code).toBe('config');
    expect(error.variables).toEqual(['WOOCOMMERCE_URL', 'WOOCOMMERCE_CONSUMER_KEY', 'WOOCOMMERCE_CONSUMER_SECRET']);
    for (const name of error.variables) expect(error.message).toContain(name);
    expect(error.message).not.toContain(HOOK);
  });

  it('names every invalid variable without echoing secret values', () => {
    const badSecret = 'sekret&amp;with<html>chars-1234567890';
    const badKey = 'key_abcdef1234567890';
    const badConsumerSecret = 'secret_abcdef1234567890';
    const error = errorOf({
      WOOCOMMERCE_URL: 'https://admin:hunter2@magaza.example.com',
      WOOCOMMERCE_CONSUMER_KEY: badKey,
      WOOCOMMERCE_CONSUMER_SECRET: badConsumerSecret,
      WOOCOMMERCE_WEBHOOK_SECRET: badSecret,
    });
    expect(error.variables).toEqual(['WOOCOMMERCE_URL', 'WOOCOMMERCE_CONSUMER_KEY', 'WOOCOMMERCE_CONSUMER_SECRET', 'WOOCOMMERCE_WEBHOOK_SECRET']);
    for (const value of [badSecret, badKey, badConsumerSecret, 'hunter2', 'abcdef']) expect(error.message).not.toContain(value);
  });

  it.each(['ftp://magaza.example.com', 'magaza.example.com', 'https://magaza.example.com/?x=1'])('refuses WOOCOMMERCE_URL %s', (url) => {
    expect(errorOf({ WOOCOMMERCE_URL: url, WOOCOMMERCE_CONSUMER_KEY: KEY, WOOCOMMERCE_CONSUMER_SECRET: SECRET }).variables).toEqual(['WOOCOMMERCE_URL']);
  });

  it.each(['short1234', 'a'.repeat(101), 'with-dash-1234567890abc'])('refuses WOOCOMMERCE_WEBHOOK_SECRET %s', (secret) => {
    const error = errorOf({
      WOOCOMMERCE_URL: 'https://x.test',
      WOOCOMMERCE_CONSUMER_KEY: KEY,
      WOOCOMMERCE_CONSUMER_SECRET: SECRET,
      WOOCOMMERCE_WEBHOOK_SECRET: secret,
    });
    expect(error.variables).toEqual(['WOOCOMMERCE_WEBHOOK_SECRET']);
    expect(error.message).not.toContain(secret);
  });
});
