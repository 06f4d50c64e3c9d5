// One way to read a store's address: from a shop owner's form, an environment variable or a platform.

export type StoreUrlProblem = 'not_a_url' | 'not_http' | 'credentials' | 'query_or_fragment';

/** The store URL is not usable; `problem` says why, the message says it for a person. */
export class StoreUrlError extends Error {
  override name = 'StoreUrlError' as const;
  readonly code = 'invalid_store_url' as const;
  readonly problem: StoreUrlProblem;
  constructor(problem: StoreUrlProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/**
 * http(s), no credentials, no query or fragment, no trailing slash; the host lower-cased (by URL).
 * Throws StoreUrlError.
 * @example
 * normalizeStoreUrl(' https://Magaza.example.com/shop/ ') // → 'https://magaza.example.com/shop'
 */
export function normalizeStoreUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new StoreUrlError('not_a_url', 'The store URL is not a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new StoreUrlError('not_http', 'The store URL must start with http:// or https://.');
  if (url.username !== '' || url.password !== '') throw new StoreUrlError('credentials', 'The store URL must not contain credentials.');
  // `new URL` drops an empty `?`/`#`, so look at the input as well.
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(input))
    throw new StoreUrlError('query_or_fragment', 'The store URL must not contain a query or fragment.');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** The host name of a URL, '' when it is not one (a store's default name). */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** `magaza.example.com` (from `https://magaza.example.com/x`) → `magaza-example-com`: a store id from its address. */
export function storeIdFromUrl(storeUrl: string): string {
  return hostOf(storeUrl)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 50)
    .replace(/-+$/, '');
}
