// The fake's app authorization endpoint, /wc-auth/v1/<route>, as WooCommerce's includes/class-wc-auth.php
// and templates/auth/form-grant-access.php behave for a shop manager who is logged in: the approval page,
// then on Approve a new REST key POSTed to callback_url (server to server) and a redirect to return_url.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { wpJsonEncode } from './woo-delivery.js';

export type FakeKeyPermissions = 'read' | 'write' | 'read_write';

/** A REST API key the fake accepts, as WooCommerce stores it in `woocommerce_api_keys`. */
export interface FakeApiKey {
  key_id: number;
  description: string;
  permissions: FakeKeyPermissions;
  consumer_key: string;
  consumer_secret: string;
  /** The key's last 7 characters, as WooCommerce's key list shows it. */
  truncated_key: string;
}

/** One Approve, as the fake saw it: the key it created and what became of the callback. */
export interface FakeAuthorization {
  appName: string;
  /** The `user_id` parameter, as sent back in the callback and appended to return_url. */
  userId: string;
  scope: FakeKeyPermissions;
  keyId: number;
  /** callback_url as given (the public one, before `reach`). */
  callbackUrl: string;
  /** The callback's HTTP status, or null when it could not be made. */
  callbackStatus: number | null;
  /** `approved` when the callback answered 200 (key kept), else `callback_failed` (key deleted). */
  outcome: 'approved' | 'callback_failed';
}

/** What the endpoint needs from the fake. */
export interface WcAuthContext {
  /** Public origin → reachable origin (the reverse proxy the tests cannot run). */
  reach: ReadonlyMap<string, string>;
  apiKeys: Map<number, FakeApiKey>;
  authorizations: FakeAuthorization[];
  /** The Approve forms' `wc_auth_nonce` values this fake issued. */
  nonces: Set<string>;
  nextKeyId(): number;
}

const SCOPES: Record<FakeKeyPermissions, { label: string; permissions: string[] }> = {
  read: { label: 'Read', permissions: ['View coupons', 'View customers', 'View orders and sales reports', 'View products'] },
  write: { label: 'Write', permissions: ['Create webhooks', 'Create coupons', 'Create customers', 'Create orders', 'Create products'] },
  read_write: {
    label: 'Read/Write',
    permissions: [
      'Create webhooks',
      'View and manage coupons',
      'View and manage customers',
      'View and manage orders and sales reports',
      'View and manage products',
    ],
  },
};
const PARAMS = ['app_name', 'user_id', 'return_url', 'callback_url', 'scope'] as const;
type AuthData = Record<(typeof PARAMS)[number], string>;
/** WooCommerce's post_consumer_data waits this long for the callback. */
const CALLBACK_TIMEOUT_MS = 60_000;

/** wp_die's message: the request is refused with 401 and an "Error: …." page. */
class AuthDenied extends Error {}

/** Maps `url`'s origin through `reach` (paths, queries and fragments kept). */
export function reachUrl(reach: ReadonlyMap<string, string>, url: string): string {
  const parsed = new URL(url);
  const to = reach.get(parsed.origin);
  return to === undefined ? parsed.href : to + parsed.href.slice(parsed.origin.length);
}

/** Handles GET /wc-auth/v<version>/<route>; `url` is the request's parsed URL. */
export async function handleWcAuth(req: IncomingMessage, res: ServerResponse, url: URL, context: WcAuthContext): Promise<void> {
  const match = /^\/wc-auth\/v([1-9]\d*)\/(.*)$/.exec(url.pathname);
  if (!match || match[1] !== '1') return sendHtml(res, 404, page('Page not found', '<h1>Page not found</h1>'));
  const route = match[2]!.replace(/\/+$/, '').toLowerCase();
  let created: FakeApiKey | undefined;
  try {
    const data = validate(url.searchParams);
    if (route === 'login') return redirect(res, buildUrl(data, 'authorize')); // the fake's user is logged in
    if (route === 'authorize') return sendHtml(res, 200, grantAccessPage(data, context, issueNonce(context)));
    if (route !== 'access_granted') throw new AuthDenied('You do not have permission to access this page');
    const nonce = url.searchParams.get('wc_auth_nonce');
    if (nonce === null || !context.nonces.has(nonce)) throw new AuthDenied('Invalid nonce verification');

    const scope = data.scope as FakeKeyPermissions;
    created = createKey(context, data.app_name, scope);
    const consumerData = {
      key_id: created.key_id,
      user_id: data.user_id,
      consumer_key: created.consumer_key,
      consumer_secret: created.consumer_secret,
      key_permissions: created.permissions,
    };
    const record: FakeAuthorization = {
      appName: data.app_name,
      userId: data.user_id,
      scope,
      keyId: created.key_id,
      callbackUrl: formattedUrl(data.callback_url),
      callbackStatus: null,
      outcome: 'callback_failed',
    };
    context.authorizations.push(record);
    record.callbackStatus = await postConsumerData(context.reach, wpJsonEncode(consumerData), record.callbackUrl);
    if (record.callbackStatus !== 200) throw new AuthDenied('An error occurred in the request and at the time were unable to send the consumer data');
    record.outcome = 'approved';
    created = undefined; // kept
    return redirect(res, reachUrl(context.reach, addQueryArg(formattedUrl(data.return_url), { success: '1', user_id: wcClean(data.user_id) })));
  } catch (error) {
    if (created) context.apiKeys.delete(created.key_id); // maybe_delete_key
    const message = error instanceof Error ? error.message : String(error);
    return sendHtml(res, 401, page('Access denied', `<div class="wp-die-message">Error: ${esc(message)}.</div>`));
  }
}

/** A nonce for the Approve form; like WordPress's (valid for a day), it may be used more than once. */
function issueNonce(context: WcAuthContext): string {
  const nonce = randomBytes(5).toString('hex');
  context.nonces.add(nonce);
  return nonce;
}

/** make_validation(): every parameter present, a known scope, URLs valid, callback_url https. */
function validate(query: URLSearchParams): AuthData {
  const data = {} as AuthData;
  for (const param of PARAMS) {
    const value = query.get(param);
    if (value === null || value === '' || value === '0') throw new AuthDenied(`Missing parameter ${param}`); // PHP's empty()
    data[param] = value;
  }
  if (!(data.scope in SCOPES)) throw new AuthDenied(`Invalid scope ${wcClean(data.scope)}`);
  for (const param of ['return_url', 'callback_url'] as const) {
    const formatted = formattedUrl(data[param]);
    if (!isValidUrl(formatted)) throw new AuthDenied(`The ${formatted} is not a valid URL`);
  }
  if (!formattedUrl(data.callback_url).toLowerCase().startsWith('https://')) throw new AuthDenied('The callback_url needs to be over SSL');
  return data;
}

function createKey(context: WcAuthContext, appName: string, scope: FakeKeyPermissions): FakeApiKey {
  const consumerKey = `ck_${randomBytes(20).toString('hex')}`; // wc_rand_hash(): 40 hex digits
  const key: FakeApiKey = {
    key_id: context.nextKeyId(),
    description: `${wcClean(appName).slice(0, 170)} - API (${new Date().toISOString().slice(0, 19).replace('T', ' ')})`,
    permissions: scope,
    consumer_key: consumerKey,
    consumer_secret: `cs_${randomBytes(20).toString('hex')}`,
    truncated_key: consumerKey.slice(-7),
  };
  context.apiKeys.set(key.key_id, key);
  return key;
}

/** post_consumer_data(): the status of the callback POST; throws what wp_safe_remote_post's WP_Error says. */
async function postConsumerData(reach: ReadonlyMap<string, string>, body: string, callbackUrl: string): Promise<number> {
  const target = new URL(reachUrl(reach, callbackUrl));
  if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(target.hostname)) {
    throw new AuthDenied(`the fake WooCommerce posts only to this machine; map ${new URL(callbackUrl).origin} to a loopback origin in its reach option`);
  }
  try {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json;charset=UTF-8' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    throw new AuthDenied(`cURL error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function grantAccessPage(data: AuthData, context: WcAuthContext, nonce: string): string {
  const scope = SCOPES[data.scope as FakeKeyPermissions];
  const appName = wcClean(data.app_name);
  const approve = { ...data, return_url: formattedUrl(data.return_url), callback_url: formattedUrl(data.callback_url), wc_auth_nonce: nonce };
  const deny = new URL(reachUrl(context.reach, addQueryArg(formattedUrl(data.return_url), { success: '0', user_id: wcClean(data.user_id) })));
  const hidden = (pairs: Iterable<[string, string]>): string =>
    [...pairs].map(([name, value]) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`).join('');
  const body = `<h1>${esc(appName)} would like to connect to your store</h1>
<p>This will give &quot;<strong>${esc(appName)}</strong>&quot; <strong>${esc(scope.label)}</strong> access which will allow it to:</p>
<ul class="wc-auth-permissions">${scope.permissions.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>
<div class="wc-auth-logged-in-as"><p>Logged in as admin</p></div>
<div class="wc-auth-actions">
<form method="get" action="/wc-auth/v1/access_granted">${hidden(Object.entries(approve))}<button type="submit" class="button button-primary wc-auth-approve">Approve</button></form>
<form method="get" action="${esc(deny.origin + deny.pathname)}">${hidden(deny.searchParams)}<button type="submit" class="button wc-auth-deny">Deny</button></form>
</div>`;
  return page(`${appName} would like to connect to your store`, body);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex, nofollow">
<link rel="icon" href="data:,"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:700px;margin:2em auto;padding:1em 2em;background:#fff;color:#444}form{display:inline}.button{margin-right:.5em}</style>
</head><body class="wc-auth">
${body}
</body></html>
`;
}

function buildUrl(data: AuthData, endpoint: string): string {
  const params = new URLSearchParams({
    app_name: wcClean(data.app_name),
    user_id: wcClean(data.user_id),
    return_url: formattedUrl(data.return_url),
    callback_url: formattedUrl(data.callback_url),
    scope: wcClean(data.scope),
  });
  return `/wc-auth/v1/${endpoint}?${params.toString()}`;
}

/** get_formatted_url(): PHP's urldecode once more, and https:// when no scheme is given. */
function formattedUrl(value: string): string {
  const decoded = phpUrldecode(value);
  return decoded.includes('://') ? decoded : `https://${decoded}`;
}

function phpUrldecode(value: string): string {
  return value.replace(/\+/g, ' ').replace(/(%[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/** Close to PHP's FILTER_VALIDATE_URL: a scheme, a host, no spaces. */
function isValidUrl(value: string): boolean {
  if (/\s/.test(value) || !URL.canParse(value)) return false;
  return new URL(value).host !== '';
}

/** add_query_arg(): sets each key (replacing one already there), keeping the rest. */
function addQueryArg(url: string, args: Record<string, string>): string {
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(args)) parsed.searchParams.set(key, value);
  return parsed.href;
}

/** wc_clean() (sanitize_text_field) for the values this endpoint cleans: no tags, no line breaks, trimmed. */
function wcClean(value: string): string {
  return value
    .replace(/<[^>]*>/g, '')
    .replace(/[\r\n\t ]+/g, ' ')
    .trim();
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location, 'Content-Type': 'text/html; charset=UTF-8' });
  res.end();
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=UTF-8' });
  res.end(html);
}
