import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createRouteIndex, parsePattern } from './route-index.js';
import { testServer } from './test-server.js';

function index() {
  const routes = createRouteIndex();
  routes.add({ method: 'POST', url: '/webhooks/shop/:storeId', config: {} });
  routes.add({ method: 'POST', url: '/webhooks/shop/:storeId/cart/:key', config: { secretParams: ['key'] } });
  routes.add({ method: 'GET', url: '/webhooks/shop/connect/return', config: { secretQuery: ['nonce'] } });
  routes.add({ method: ['PUT', 'DELETE'], url: '/api/v1/stores/:storeId', config: {} });
  routes.add({ method: 'GET', url: '/reset/:token', config: {} });
  routes.add({ method: 'GET', url: '/files/*', config: { secretParams: ['*'] } });
  return routes;
}

describe('parsePattern', () => {
  it('Should read literal segments, parameters (with regexps, several per segment) and the rest', () => {
    expect(parsePattern('/a/:id(^\\d+)/:from-:to/x::y/*')).toEqual([
      { kind: 'static', text: '' },
      { kind: 'static', text: 'a' },
      { kind: 'param', names: ['id'] },
      { kind: 'param', names: ['from', 'to'] },
      { kind: 'static', text: 'x:y' },
      { kind: 'rest' },
    ]);
  });
});

describe('createRouteIndex', () => {
  it('Should give the methods of every pattern a path fits, with HEAD wherever GET', () => {
    const routes = index();
    expect(routes.methodsFor('/webhooks/shop/demo')).toEqual(['POST']);
    expect(routes.methodsFor('/webhooks/shop/connect/return?x=1')).toEqual(['GET', 'HEAD']);
    expect(routes.methodsFor('/api/v1/stores/demo')).toEqual(['DELETE', 'PUT']);
    expect(routes.methodsFor('/nowhere')).toEqual([]);
    expect(routes.methodsFor('/webhooks/shop/demo/')).toEqual([]);
  });

  it('Should find the secret segments by the matched route, or by every pattern an unmatched path fits', () => {
    const routes = index();
    const secrets = (path: string, routeUrl?: string) => {
      const found = routes.secretsOf(path, routeUrl);
      return { segments: [...found.segments].sort(), query: [...found.query] };
    };
    expect(secrets('/webhooks/shop/demo/cart/s3cr3t', '/webhooks/shop/:storeId/cart/:key')).toEqual({ segments: [5], query: [] });
    // The same path with another method matched no route: the pattern still says where the secret is.
    expect(secrets('/webhooks/shop/demo/cart/s3cr3t')).toEqual({ segments: [5], query: [] });
    // A path that only starts like a route's (a trailing slash, more segments) still has its secret there.
    expect(secrets('/webhooks/shop/demo/cart/s3cr3t/')).toEqual({ segments: [5], query: [] });
    expect(secrets('/webhooks/shop/demo/cart/s3cr3t/more')).toEqual({ segments: [5], query: [] });
    expect(secrets('/reset/abc')).toEqual({ segments: [2], query: [] });
    expect(secrets('/files/a/b/c')).toEqual({ segments: [2, 3, 4], query: [] });
    expect(secrets('/webhooks/shop/connect/return?nonce=1')).toEqual({ segments: [], query: ['nonce'] });
    expect(secrets('/webhooks/shop/demo')).toEqual({ segments: [], query: [] });
  });

  it('Should refuse, when the route is registered, secretParams naming no parameter of its URL or not a list of names', () => {
    const routes = createRouteIndex();
    expect(() => routes.add({ method: 'POST', url: '/hook/:storeId/:key', config: { secretParams: ['kye'] } })).toThrow(
      new TypeError('route POST /hook/:storeId/:key: config.secretParams names "kye", not a parameter of the URL (parameters: storeId, key)'),
    );
    expect(() => routes.add({ method: 'POST', url: '/hook/:key', config: { secretParams: 'key' as never } })).toThrow(/must be an array of parameter names/);
    expect(() => routes.add({ method: 'GET', url: '/hook', config: { secretQuery: [''] } })).toThrow(/secretQuery must be an array/);
  });
});

describe('a route declaring secretParams through an adapter', () => {
  it('Should stop createServer when a name is not a parameter of the route', async () => {
    const typo = { name: 'typo', plugin: async (app: FastifyInstance) => void app.post('/hook/:key', { config: { secretParams: ['kye'] } }, async () => 'ok') };
    await expect(testServer({}, { adapters: [typo] })).rejects.toThrow(/config\.secretParams names "kye", not a parameter of the URL \(parameters: key\)/);
  });
});
