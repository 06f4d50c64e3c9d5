import { describe, expect, it } from 'vitest';
import { DEFAULT_SCOPES, parseEncryptionKey, shopifyFromEnv, ShopifyEnvError } from './env.js';

const KEY = 'a'.repeat(64);
const SHOP = {
  SHOPIFY_SHOP: 'demo-magaza.myshopify.com',
  SHOPIFY_ACCESS_TOKEN: 'shpat_0123456789abcdef0123',
  SHOPIFY_API_KEY: 'apikey0123456789',
  SHOPIFY_API_SECRET: 'shpss_secret0123456789',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    shopifyFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ShopifyEnvError);
    expect((error as ShopifyEnvError).code).toBe('config');
    return [...(error as ShopifyEnvError).variables];
  }
  throw new Error('expected a ShopifyEnvError');
}

describe('shopifyFromEnv', () => {
  it('Should be off when no SHOPIFY_* is set', () => {
    expect(shopifyFromEnv({})).toBeUndefined();
    expect(shopifyFromEnv({ SHOPIFY_SHOP: '  ' })).toBeUndefined();
  });

  it('Should read one shop from the four variables (no encryption key needed), with its name and numbers', () => {
    expect(shopifyFromEnv({ ...SHOP, SHOPIFY_STORE_NAME: 'Demo Mağaza', SHOPIFY_ADMIN_PHONES: '0532 111 22 33, 0533 444 55 66' })).toEqual({
      apiKey: SHOP.SHOPIFY_API_KEY,
      apiSecret: SHOP.SHOPIFY_API_SECRET,
      scopes: [...DEFAULT_SCOPES],
      shop: {
        shop: 'demo-magaza.myshopify.com',
        accessToken: SHOP.SHOPIFY_ACCESS_TOKEN,
        name: 'Demo Mağaza',
        adminPhones: ['0532 111 22 33', '0533 444 55 66'],
      },
    });
  });

  it('Should read an OAuth app (key, secret, encryption key) with its scopes', () => {
    const env = shopifyFromEnv({
      SHOPIFY_API_KEY: SHOP.SHOPIFY_API_KEY,
      SHOPIFY_API_SECRET: SHOP.SHOPIFY_API_SECRET,
      SHOPIFY_ENCRYPTION_KEY: KEY,
      SHOPIFY_SCOPES: 'read_orders, write_orders',
    });
    expect(env?.scopes).toEqual(['read_orders', 'write_orders']);
    expect(env?.encryptionKey?.length).toBe(32);
    expect(env?.shop).toBeUndefined();
  });

  it('Should name every missing or bad variable of a partial set, never a value', () => {
    expect(problemsOf({ SHOPIFY_SHOP: 'demo-magaza.myshopify.com' })).toEqual(['SHOPIFY_API_KEY', 'SHOPIFY_API_SECRET', 'SHOPIFY_ACCESS_TOKEN']);
    expect(problemsOf({ ...SHOP, SHOPIFY_SHOP: 'www.magaza.com.tr', SHOPIFY_ACCESS_TOKEN: 'not-a-token' })).toEqual(['SHOPIFY_SHOP', 'SHOPIFY_ACCESS_TOKEN']);
    expect(problemsOf({ SHOPIFY_API_KEY: SHOP.SHOPIFY_API_KEY, SHOPIFY_API_SECRET: SHOP.SHOPIFY_API_SECRET })).toEqual(['SHOPIFY_ENCRYPTION_KEY']);
    expect(problemsOf({ ...SHOP, SHOPIFY_ENCRYPTION_KEY: 'short', SHOPIFY_SCOPES: 'orders' })).toEqual(['SHOPIFY_ENCRYPTION_KEY', 'SHOPIFY_SCOPES']);
    try {
      shopifyFromEnv({ ...SHOP, SHOPIFY_ACCESS_TOKEN: 'shpat_Gizli!' });
    } catch (error) {
      expect((error as Error).message).not.toContain('Gizli');
      expect((error as Error).message).toContain('SHOPIFY_ACCESS_TOKEN must be an Admin API access token');
    }
  });

  it('Should take the encryption key as 64 hex digits or as base64 of 32 bytes', () => {
    expect(parseEncryptionKey(KEY)?.length).toBe(32);
    expect(parseEncryptionKey(Buffer.alloc(32, 7).toString('base64'))?.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(parseEncryptionKey(Buffer.alloc(16).toString('base64'))).toBeUndefined();
    expect(parseEncryptionKey('x'.repeat(64))).toBeUndefined();
  });
});
