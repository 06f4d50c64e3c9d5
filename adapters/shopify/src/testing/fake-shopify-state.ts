// What the fake Shopify's endpoints share: the shops, the app, the tokens and codes it issued, the test
// controls, and the small HTTP answer type every handler returns (so the server logs one status per request).
import { randomBytes } from 'node:crypto';

/** An access token the Admin API accepts, as the fake issued (or was given) it. */
export interface FakeShopifyToken {
  shop: string;
  accessToken: string;
  /** The scopes it carries, in the order granted. */
  scope: string[];
  accessMode: 'offline' | 'online';
  /** `options` (given in `shops[].accessToken`), or the grant that issued it. */
  source: 'options' | 'authorization_code' | 'refresh_token';
  issuedAt: number;
  /** Epoch ms after which the Admin API refuses it; null for a non-expiring token. */
  expiresAt: number | null;
  /** Set for expiring offline tokens; replaced (and this one made unusable) when it is used. */
  refreshToken: string | null;
  refreshTokenExpiresAt: number | null;
  /** True once `uninstall()` removed the app from the shop. */
  revoked: boolean;
}

/** One visit to `/admin/oauth/authorize`, as the fake handled it. */
export interface FakeShopifyAuthorization {
  shop: string;
  clientId: string;
  requestedScope: string[];
  /** What the owner granted; empty when denied or refused. */
  grantedScope: string[];
  redirectUri: string;
  state: string | null;
  accessMode: 'offline' | 'online';
  /** `approved` (302 to redirect_uri with a code), `denied` (the owner cancelled), `refused` (400 page). */
  outcome: 'approved' | 'denied' | 'refused';
  /** The 400 page's text when refused. */
  error: string | null;
  /** Whether the code was exchanged for a token. */
  exchanged: boolean;
}

/** A webhook subscription as the shop holds it. */
export interface FakeWebhookSubscription {
  id: string;
  legacyResourceId: number;
  /** The Admin API's enum name, e.g. `ORDERS_CREATE`. */
  topic: string;
  uri: string;
  format: 'JSON' | 'XML';
  createdAt: string;
  /** The API version of the request that created it. */
  apiVersion: string;
}

/** What the shop owner does on Shopify's install page; change it between authorizations. */
export interface FakeShopifyOwner {
  decision: 'approve' | 'deny';
  /** Scopes to grant instead of those asked for (to grant less). */
  scopes?: string[];
}

export interface ShopState {
  shop: string;
  shopId: number;
  name: string;
  currencyCode: string;
  ianaTimezone: string;
  webhooks: Map<string, FakeWebhookSubscription>;
  /** Orders by numeric id, with their current note. */
  orders: Map<string, { note: string | null }>;
  bucket: { available: number; at: number };
}

export interface FakeShopifyState {
  shops: ReadonlyMap<string, ShopState>;
  app: { apiKey: string; apiSecret: string; redirectUris: readonly string[] | undefined; scopes: string } | undefined;
  clock: () => number;
  owner: FakeShopifyOwner;
  tokens: FakeShopifyToken[];
  authorizations: FakeShopifyAuthorization[];
  /** Authorization codes not yet exchanged, with the authorization they came from. */
  codes: Map<string, { authorization: FakeShopifyAuthorization; issuedAt: number }>;
  /** Order gid → every note written through orderUpdate, oldest first. */
  notes: Map<string, Array<string | null>>;
  limits: { bucketSize: number; restoreRatePerSecond: number; costs: { query: number; mutation: number; operations: Readonly<Record<string, number>> } };
  controls: { throttleNext: number; failNext: number; failStatus: number };
  nextId(): number;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function htmlReply(status: number, title: string, text: string, headers: Record<string, string> = {}): Reply {
  const body = `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(text)}</h1></body></html>\n`;
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers }, body };
}

export function redirectReply(location: string): Reply {
  return { status: 302, headers: { Location: location, 'Content-Type': 'text/html; charset=utf-8' }, body: '' };
}

/** Shopify's answer to a path it does not serve, or to an API version that does not exist. */
export const NOT_FOUND: Reply = jsonReply(404, { errors: 'Not Found' });

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export function splitScope(scope: string | null | undefined): string[] {
  return (scope ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** The live token of `shop` with this value: not revoked, not expired. */
export function liveToken(state: FakeShopifyState, shop: string, accessToken: string | undefined): FakeShopifyToken | undefined {
  if (accessToken === undefined || accessToken === '') return undefined;
  const now = state.clock();
  return state.tokens.find(
    (token) => token.shop === shop && token.accessToken === accessToken && !token.revoked && (token.expiresAt === null || now < token.expiresAt),
  );
}

/** Shopify reads a `write_` scope as including the matching `read_` one. */
export function hasScope(token: FakeShopifyToken, scope: string): boolean {
  return token.scope.includes(scope) || (scope.startsWith('read_') && token.scope.includes(`write_${scope.slice('read_'.length)}`));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
