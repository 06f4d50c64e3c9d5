// The `fetch` the fake hands to the code under test: https://<known shop>/… goes to the fake on loopback
// (same method, path, query, headers and body); any other URL is refused with a TypeError, the way fetch
// reports a network failure, so a test cannot reach a real shop, Shopify, or anything else.

/** Names the shop a request is for, as the Host header would (fetch may not set Host). */
export const SHOP_HEADER = 'x-fake-shopify-shop';
/** Headers that belong to one connection, not to the request. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'content-length'];
const REDIRECTS = [301, 302, 303, 307, 308];
const NULL_BODY = [101, 204, 205, 304];
const MAX_REDIRECTS = 20;

interface Outgoing {
  url: URL;
  method: string;
  headers: Headers;
  body: ArrayBuffer | null;
  signal: AbortSignal;
}

export function createFakeFetch(origin: string, shops: ReadonlyMap<string, unknown>): typeof globalThis.fetch {
  async function once({ url, method, headers, body, signal }: Outgoing): Promise<Response> {
    const shop = url.hostname.toLowerCase();
    if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || !shops.has(shop)) {
      // The path only: a query string may hold codes or secrets.
      throw new TypeError(
        `fake Shopify fetch: refused ${method} ${url.protocol}//${url.host}${url.pathname}: it serves only https://<shop>/ for ${[...shops.keys()].join(', ')}, and nothing else leaves this machine`,
      );
    }
    const forwarded = new Headers(headers);
    for (const name of HOP_BY_HOP) forwarded.delete(name);
    forwarded.set(SHOP_HEADER, shop);
    const answer = await fetch(`${origin}${url.pathname}${url.search}`, { method, headers: forwarded, body, redirect: 'manual', signal });
    const content = NULL_BODY.includes(answer.status) ? null : await answer.arrayBuffer();
    return new Response(content, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
  }

  return async function fakeFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const outgoing: Outgoing = {
      url: new URL(request.url),
      method: request.method,
      headers: request.headers,
      body: request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer(),
      signal: request.signal,
    };
    for (let hops = 0; ; hops += 1) {
      const response = await once(outgoing);
      const location = response.headers.get('location');
      if (!REDIRECTS.includes(response.status) || location === null || request.redirect === 'manual') return response;
      if (request.redirect === 'error') throw new TypeError(`fake Shopify fetch: redirected (${response.status}) with redirect: 'error'`);
      if (hops >= MAX_REDIRECTS) throw new TypeError('fake Shopify fetch: too many redirects');
      // As fetch follows: 303, and 301/302 after a POST, become a GET without a body.
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && outgoing.method === 'POST')) {
        outgoing.method = 'GET';
        outgoing.body = null;
      }
      outgoing.url = new URL(location, outgoing.url);
    }
  };
}
