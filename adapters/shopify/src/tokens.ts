// Shopify's token endpoint: the authorization code of an install exchanged for an expiring offline token
// (one hour, with a refresh token; required of public apps from 2027), and that token refreshed before it
// runs out. Shopify replaces the refresh token at every use, so a refresh is done by one server instance
// at a time (a lease) and saved before the new token is used.
import { Session } from '@shopify/shopify-api';

const TIMEOUT_MS = 15_000;

/** The token endpoint refused or could not be reached. */
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError' as const;
  readonly code = 'token_request_failed' as const;
  /** HTTP status when Shopify answered. */
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

interface TokenAnswer {
  access_token?: unknown;
  scope?: unknown;
  expires_in?: unknown;
  refresh_token?: unknown;
  refresh_token_expires_in?: unknown;
}

async function postTokenRequest(fetch: typeof globalThis.fetch, shop: string, body: Record<string, string>): Promise<TokenAnswer> {
  let answer: Response;
  try {
    answer = await fetch(`https://${shop}/admin/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new TokenRequestError(`Shopify's token endpoint could not be reached (${error instanceof Error ? error.name : 'error'})`);
  }
  const payload = (await answer.json().catch(() => ({}))) as TokenAnswer & { error?: unknown };
  if (!answer.ok)
    throw new TokenRequestError(
      `Shopify refused the token request (${answer.status}${typeof payload.error === 'string' ? `: ${payload.error.slice(0, 60)}` : ''})`,
      answer.status,
    );
  return payload;
}

/** The session of a token answer, times from `now`. */
function sessionOf(shop: string, id: string, state: string, answer: TokenAnswer, now: number): Session {
  if (typeof answer.access_token !== 'string' || answer.access_token === '') throw new TokenRequestError('Shopify gave no access token');
  const expiresIn = typeof answer.expires_in === 'number' ? answer.expires_in : undefined;
  const refreshIn = typeof answer.refresh_token_expires_in === 'number' ? answer.refresh_token_expires_in : undefined;
  return new Session({
    id,
    shop,
    state,
    isOnline: false,
    accessToken: answer.access_token,
    scope: typeof answer.scope === 'string' ? answer.scope : '',
    ...(expiresIn !== undefined ? { expires: new Date(now + expiresIn * 1000) } : {}),
    ...(typeof answer.refresh_token === 'string' ? { refreshToken: answer.refresh_token } : {}),
    ...(refreshIn !== undefined ? { refreshTokenExpires: new Date(now + refreshIn * 1000) } : {}),
  });
}

export interface TokenClientOptions {
  apiKey: string;
  apiSecret: string;
  fetch: typeof globalThis.fetch;
}

/** The install's code → an expiring offline token. */
export async function exchangeCode(
  options: TokenClientOptions,
  shop: string,
  code: string,
  session: { id: string; state: string },
  now: number,
): Promise<Session> {
  const answer = await postTokenRequest(options.fetch, shop, { client_id: options.apiKey, client_secret: options.apiSecret, code, expiring: '1' });
  return sessionOf(shop, session.id, session.state, answer, now);
}

/** A new access token (and refresh token) from the session's refresh token. */
export async function refreshSession(options: TokenClientOptions, session: Session, now: number): Promise<Session> {
  if (!session.refreshToken) throw new TokenRequestError('the session has no refresh token: install the app again');
  const answer = await postTokenRequest(options.fetch, session.shop, {
    client_id: options.apiKey,
    client_secret: options.apiSecret,
    refresh_token: session.refreshToken,
    grant_type: 'refresh_token',
  });
  return sessionOf(session.shop, session.id, session.state, answer, now);
}
