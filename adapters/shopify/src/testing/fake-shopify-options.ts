// The fake's options, checked once when it starts (every problem in one TypeError) and turned into its state.
import type { FakeShopifyOwner, FakeShopifyState, FakeShopifyToken, ShopState } from './fake-shopify-state.js';
import { splitScope } from './fake-shopify-state.js';

export interface FakeShopifyShopOptions {
  /** The shop's myshopify domain, e.g. `demo-magaza.myshopify.com`. */
  shop: string;
  /** Default: the domain's handle. */
  name?: string;
  /** Default `TRY`. */
  currencyCode?: string;
  /** Default `Europe/Istanbul`. */
  ianaTimezone?: string;
  /** The numeric id in the shop's gid. Default 60123456780 + the shop's position (1, 2, …). */
  shopId?: number;
  /** A non-expiring offline token the Admin API accepts from the start (a custom app, or one shop from the environment). */
  accessToken?: string;
  /** That token's scopes, comma-separated. Default {@link DEFAULT_SCOPE}. */
  scope?: string;
  /** Orders the Admin API knows (numeric ids), with their notes. */
  orders?: ReadonlyArray<number | string | { id: number | string; note?: string | null }>;
}

export interface FakeShopifyOptions {
  shops: FakeShopifyShopOptions[];
  /** The app that installs with OAuth: its client id (API key) and secret. Without it, every authorization is refused. */
  app?: {
    apiKey: string;
    apiSecret: string;
    /** Allowed redirection URLs (origin and path must match one). Default: any http(s) URL. */
    redirectUris?: string[];
    /** Scopes granted when the authorize request names none (the app's configured scopes). */
    scopes?: string;
  };
  /** Default `{ decision: 'approve' }`; `fake.owner` changes it later. */
  owner?: FakeShopifyOwner;
  /** Epoch ms: the bucket's refill, tokens' expiry, the redirect's `timestamp`. Default `Date.now`. */
  clock?: () => number;
  /** The bucket's size in cost points. Default 2000. */
  bucketSize?: number;
  /** Points the bucket regains per second. Default 100 (Shopify's standard plans). */
  restoreRatePerSecond?: number;
  /** Fixed cost per operation: default 10 for queries and for mutations; `operations` by name wins. */
  costs?: { query?: number; mutation?: number; operations?: Record<string, number> };
}

/** Scopes of a token given in the options. */
export const DEFAULT_SCOPE = 'read_orders,write_orders,read_customers,read_fulfillments,read_checkouts';
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export function resolveOptions(options: FakeShopifyOptions): FakeShopifyState {
  const problems: string[] = [];
  const problem = (text: string) => problems.push(text);
  if (typeof options !== 'object' || options === null) throw new TypeError('Invalid fake Shopify options: expected an object');
  const clock = options.clock ?? Date.now;
  if (typeof clock !== 'function') problem('clock must be a function returning epoch milliseconds');
  const positive = (value: unknown, name: string, fallback: number, zero = false): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!zero && value === 0))
      problem(`${name} must be a ${zero ? 'non-negative' : 'positive'} number`);
    return value as number;
  };
  const bucketSize = positive(options.bucketSize, 'bucketSize', 2000);
  const restoreRatePerSecond = positive(options.restoreRatePerSecond, 'restoreRatePerSecond', 100);
  const costs = {
    query: positive(options.costs?.query, 'costs.query', 10, true),
    mutation: positive(options.costs?.mutation, 'costs.mutation', 10, true),
    operations: Object.fromEntries(
      Object.entries(options.costs?.operations ?? {}).map(([name, cost]) => [name, positive(cost, `costs.operations.${name}`, 10, true)]),
    ),
  };
  for (const [name, cost] of [['costs.query', costs.query], ['costs.mutation', costs.mutation], ...Object.entries(costs.operations)] as Array<
    [string, number]
  >) {
    // A cost above the bucket would be throttled forever.
    if (cost > bucketSize) problem(`${name} (${cost}) exceeds bucketSize (${bucketSize})`);
  }

  const app = options.app;
  if (app !== undefined) {
    if (typeof app.apiKey !== 'string' || app.apiKey === '') problem('app.apiKey must be a non-empty string');
    if (typeof app.apiSecret !== 'string' || app.apiSecret === '') problem('app.apiSecret must be a non-empty string');
    for (const uri of app.redirectUris ?? []) if (!URL.canParse(uri)) problem(`app.redirectUris: ${JSON.stringify(uri)} is not an absolute URL`);
  }
  const owner = options.owner ?? { decision: 'approve' };
  if (owner.decision !== 'approve' && owner.decision !== 'deny') problem(`owner.decision must be 'approve' or 'deny'`);

  if (!Array.isArray(options.shops) || options.shops.length === 0) problem('shops must list at least one shop');
  const shops = new Map<string, ShopState>();
  const tokens: FakeShopifyToken[] = [];
  const now = typeof clock === 'function' ? clock() : 0;
  for (const [index, input] of (Array.isArray(options.shops) ? options.shops : []).entries()) {
    const domain = typeof input?.shop === 'string' ? input.shop : '';
    if (!SHOP_DOMAIN.test(domain)) {
      problem(`shops[${index}].shop: ${JSON.stringify(input?.shop)} is not a <handle>.myshopify.com domain`);
      continue;
    }
    if (shops.has(domain)) {
      problem(`shops[${index}].shop: ${domain} is listed twice`);
      continue;
    }
    if (input.accessToken !== undefined && (typeof input.accessToken !== 'string' || input.accessToken === ''))
      problem(`shops[${index}].accessToken must be a non-empty string`);
    const orders = new Map<string, { note: string | null }>();
    for (const order of input.orders ?? []) {
      const id = String(typeof order === 'object' ? order.id : order);
      if (!/^\d+$/.test(id)) problem(`shops[${index}].orders: ${JSON.stringify(id)} is not a numeric order id`);
      orders.set(id, { note: typeof order === 'object' ? (order.note ?? null) : null });
    }
    shops.set(domain, {
      shop: domain,
      shopId: input.shopId ?? 60_123_456_780 + index + 1,
      name: input.name ?? domain.slice(0, -'.myshopify.com'.length),
      currencyCode: input.currencyCode ?? 'TRY',
      ianaTimezone: input.ianaTimezone ?? 'Europe/Istanbul',
      webhooks: new Map(),
      orders,
      bucket: { available: bucketSize, at: now },
    });
    if (typeof input.accessToken === 'string' && input.accessToken !== '') {
      tokens.push({
        shop: domain,
        accessToken: input.accessToken,
        scope: splitScope(input.scope ?? DEFAULT_SCOPE),
        accessMode: 'offline',
        source: 'options',
        issuedAt: now,
        expiresAt: null,
        refreshToken: null,
        refreshTokenExpiresAt: null,
        revoked: false,
      });
    }
  }
  if (problems.length > 0) throw new TypeError(`Invalid fake Shopify options: ${problems.join('; ')}`);

  let lastId = 1_300_000_000;
  return {
    shops,
    app: app === undefined ? undefined : { apiKey: app.apiKey, apiSecret: app.apiSecret, redirectUris: app.redirectUris, scopes: app.scopes ?? '' },
    clock,
    owner,
    tokens,
    authorizations: [],
    codes: new Map(),
    notes: new Map(),
    limits: { bucketSize, restoreRatePerSecond, costs },
    controls: { throttleNext: 0, failNext: 0, failStatus: 500 },
    nextId: () => ++lastId,
  };
}
