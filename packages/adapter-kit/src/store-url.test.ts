import { describe, expect, it } from 'vitest';
import { hostOf, normalizeStoreUrl, storeIdFromUrl, StoreUrlError } from './store-url.js';

describe('normalizeStoreUrl', () => {
  it('Should keep http(s), the path, and drop the trailing slash', () => {
    expect(normalizeStoreUrl(' https://Magaza.Example.com/shop/ ')).toBe('https://magaza.example.com/shop');
    expect(normalizeStoreUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
  });

  it.each([
    ['magaza.example.com', 'not_a_url'],
    ['ftp://magaza.example.com', 'not_http'],
    ['https://user:pass@magaza.example.com', 'credentials'],
    ['https://magaza.example.com/?x=1', 'query_or_fragment'],
    ['https://magaza.example.com/?', 'query_or_fragment'],
    ['https://magaza.example.com/#top', 'query_or_fragment'],
  ])('Should refuse %s (%s) with a StoreUrlError', (input, problem) => {
    const error = (() => {
      try {
        normalizeStoreUrl(input);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StoreUrlError);
    expect(error).toMatchObject({ code: 'invalid_store_url', problem });
    expect((error as Error).message).not.toContain('pass');
  });
});

describe('hostOf and storeIdFromUrl', () => {
  it('Should derive a host and a URL-safe id', () => {
    expect(hostOf('https://magaza.example.com/x')).toBe('magaza.example.com');
    expect(hostOf('nope')).toBe('');
    expect(storeIdFromUrl('https://Çiçek-Dünyası.example.com')).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    expect(storeIdFromUrl('https://magaza.example.com/x')).toBe('magaza-example-com');
    expect(storeIdFromUrl(`https://${'a'.repeat(60)}.example.com`)).toHaveLength(50);
  });
});
