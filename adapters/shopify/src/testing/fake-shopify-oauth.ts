// The fake's OAuth authorization code grant, as a shop owner who is logged in and approves (or cancels):
// GET /admin/oauth/authorize → 302 to redirect_uri with code, hmac, host, shop, state, timestamp; and
// POST /admin/oauth/access_token, which trades a code (once) or a refresh token for an access token.
import { createHmac } from 'node:crypto';
import {
  htmlReply,
  jsonReply,
  randomHex,
  redirectReply,
  splitScope,
  type FakeShopifyAuthorization,
  type FakeShopifyState,
  type FakeShopifyToken,
  type Reply,
  type ShopState,
} from './fake-shopify-state.js';

/** Expiring offline tokens live one hour (Shopify's changelog, December 2025). */
const EXPIRING_TTL_S = 3600;
/** How long a refresh token lives: 90 days. */
const REFRESH_TTL_S = 90 * 24 * 3600;
/** Online (per-user) tokens live a day, less a second, as Shopify answers. */
const ONLINE_TTL_S = 86_399;
const CODE_NOT_FOUND = { error: 'invalid_request', error_description: 'The authorization code was not found or was already used' };

/**
 * The `hmac` Shopify puts on a redirect to the app: hex HMAC-SHA256, keyed with the app's secret, over
 * every other query parameter (`hmac` and `signature` left out) sorted by name and joined `k=v&k=v`,
 * each pair URL-encoded as URLSearchParams writes it (which is how @shopify/shopify-api checks it; the
 * values Shopify sends, hex, digits, domains and unpadded base64, need no encoding either way).
 */
export function shopifyQueryHmac(params: URLSearchParams | Record<string, string>, secret: string): string {
  const entries = params instanceof URLSearchParams ? [...params] : Object.entries(params);
  const signed = entries.filter(([key]) => key !== 'hmac' && key !== 'signature').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha256', secret).update(new URLSearchParams(signed).toString()).digest('hex');
}

/** GET /admin/oauth/authorize for `shop`. */
export function handleAuthorize(state: FakeShopifyState, shop: ShopState, query: URLSearchParams): Reply {
  const clientId = query.get('client_id') ?? '';
  const redirectUri = query.get('redirect_uri') ?? '';
  const accessMode = query.getAll('grant_options[]').includes('per-user') ? 'online' : 'offline';
  const authorization: FakeShopifyAuthorization = {
    shop: shop.shop,
    clientId,
    requestedScope: query.has('scope') ? splitScope(query.get('scope')) : splitScope(state.app?.scopes),
    grantedScope: [],
    redirectUri,
    state: query.get('state'),
    accessMode,
    outcome: 'refused',
    error: null,
    exchanged: false,
  };
  state.authorizations.push(authorization);
  const refuse = (error: string): Reply => {
    authorization.error = error;
    return htmlReply(400, 'Oauth error', error);
  };
  if (state.app === undefined || clientId !== state.app.apiKey)
    return refuse(`Oauth error invalid_request: Could not find Shopify API application with api_key ${clientId}`);
  if (redirectUri === '') return refuse('Oauth error invalid_request: The redirect_uri is missing');
  if (!allowedRedirect(redirectUri, state.app.redirectUris)) return refuse('Oauth error invalid_request: The redirect_uri is not whitelisted');

  if (state.owner.decision === 'deny') {
    // Cancelling Shopify's install page leaves the owner in the admin's app list: the app hears nothing.
    authorization.outcome = 'denied';
    return redirectReply(`https://${shop.shop}/admin/apps`);
  }
  authorization.outcome = 'approved';
  authorization.grantedScope = [...(state.owner.scopes ?? authorization.requestedScope)];
  const code = randomHex(16);
  state.codes.set(code, { authorization, issuedAt: state.clock() });
  const target = new URL(redirectUri);
  target.searchParams.set('code', code);
  // The admin's host: base64 of "<shop>/admin", without padding, as Shopify's docs show it.
  target.searchParams.set('host', Buffer.from(`${shop.shop}/admin`).toString('base64').replace(/=+$/, ''));
  target.searchParams.set('shop', shop.shop);
  if (authorization.state !== null) target.searchParams.set('state', authorization.state);
  target.searchParams.set('timestamp', String(Math.floor(state.clock() / 1000)));
  target.searchParams.set('hmac', shopifyQueryHmac(target.searchParams, state.app.apiSecret));
  target.searchParams.sort();
  return redirectReply(target.href);
}

/** POST /admin/oauth/access_token for `shop`; `body` is the raw request body. */
export function handleAccessToken(state: FakeShopifyState, shop: ShopState, contentType: string, body: string): Reply {
  const fields = parseBody(contentType, body);
  const app = state.app;
  if (app === undefined || fields.client_id !== app.apiKey || fields.client_secret !== app.apiSecret) {
    return jsonReply(400, {
      error: 'invalid_client',
      error_description: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
    });
  }
  const grantType = fields.grant_type ?? 'authorization_code';
  if (grantType === 'refresh_token') return refresh(state, shop, fields.refresh_token);
  if (grantType !== 'authorization_code')
    return jsonReply(400, { error: 'unsupported_grant_type', error_description: `The fake Shopify does not grant ${grantType}` });

  const entry = fields.code === undefined ? undefined : state.codes.get(fields.code);
  if (entry === undefined || entry.authorization.shop !== shop.shop) return jsonReply(400, CODE_NOT_FOUND);
  state.codes.delete(fields.code!);
  entry.authorization.exchanged = true;
  const { authorization } = entry;
  const expiring = authorization.accessMode === 'offline' && ['1', 'true'].includes(String(fields.expiring ?? '0'));
  return jsonReply(200, issue(state, shop, authorization.grantedScope, authorization.accessMode, 'authorization_code', expiring));
}

function refresh(state: FakeShopifyState, shop: ShopState, refreshToken: string | undefined): Reply {
  const now = state.clock();
  const old = state.tokens.find(
    (token) =>
      refreshToken !== undefined &&
      token.refreshToken === refreshToken &&
      token.shop === shop.shop &&
      !token.revoked &&
      now < (token.refreshTokenExpiresAt ?? 0),
  );
  if (old === undefined) return jsonReply(400, { error: 'invalid_grant', error_description: 'The refresh token is invalid, expired or was already used' });
  // Shopify replaces the refresh token each time it is used: the old one cannot be used again.
  old.refreshToken = null;
  old.refreshTokenExpiresAt = null;
  return jsonReply(200, issue(state, shop, old.scope, 'offline', 'refresh_token', true));
}

function issue(
  state: FakeShopifyState,
  shop: ShopState,
  scope: string[],
  accessMode: 'offline' | 'online',
  source: FakeShopifyToken['source'],
  expiring: boolean,
) {
  const now = state.clock();
  const ttl = accessMode === 'online' ? ONLINE_TTL_S : expiring ? EXPIRING_TTL_S : null;
  const token: FakeShopifyToken = {
    shop: shop.shop,
    accessToken: `shpat_${randomHex(16)}`,
    scope: [...scope],
    accessMode,
    source,
    issuedAt: now,
    expiresAt: ttl === null ? null : now + ttl * 1000,
    refreshToken: expiring ? `shprt_${randomHex(16)}` : null,
    refreshTokenExpiresAt: expiring ? now + REFRESH_TTL_S * 1000 : null,
    revoked: false,
  };
  state.tokens.push(token);
  const answer: Record<string, unknown> = { access_token: token.accessToken, scope: scope.join(',') };
  if (ttl !== null) answer.expires_in = ttl;
  if (token.refreshToken !== null) Object.assign(answer, { refresh_token: token.refreshToken, refresh_token_expires_in: REFRESH_TTL_S });
  if (accessMode === 'online') {
    answer.associated_user_scope = scope.join(',');
    answer.associated_user = {
      id: 902_541_635,
      first_name: 'Ayşe',
      last_name: 'Yılmaz',
      email: 'ayse.yilmaz@example.com',
      email_verified: true,
      account_owner: true,
      locale: 'tr',
      collaborator: false,
    };
  }
  return answer;
}

/** Exact origin and path of an allowed redirection URL (when the app lists them), else any http(s) URL. */
function allowedRedirect(redirectUri: string, allowed: readonly string[] | undefined): boolean {
  if (!URL.canParse(redirectUri)) return false;
  const url = new URL(redirectUri);
  if (!/^https?:$/.test(url.protocol)) return false;
  return (
    allowed === undefined || allowed.some((entry) => URL.canParse(entry) && new URL(entry).origin === url.origin && new URL(entry).pathname === url.pathname)
  );
}

/** The token request's fields: JSON (what @shopify/shopify-api sends) or a form. */
function parseBody(contentType: string, body: string): Record<string, string | undefined> {
  const fields: Record<string, string | undefined> = {};
  if (!contentType.includes('application/x-www-form-urlencoded')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        for (const [key, value] of Object.entries(parsed)) if (value !== null && value !== undefined) fields[key] = String(value);
        return fields;
      }
    } catch {
      // not JSON: read it as a form below
    }
  }
  for (const [key, value] of new URLSearchParams(body)) fields[key] = value;
  return fields;
}
