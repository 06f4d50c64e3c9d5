// WooCommerce's one-click app authorization (/wc-auth/v1/authorize). WooCommerce POSTs the new REST keys
// to our callback without any signature, so the echoed `user_id` is a one-time nonce we issued: only the
// store we sent to the authorize page can hand us keys, and only once.
import { normalizeStoreUrl, randomSecret, storeIdFromUrl, StoreUrlError } from '@esemes/adapter-kit';
import type { StateStore } from '@esemes/notify';
import { isWooStoreId } from './stores.js';

export const CONNECT_NAMESPACE = 'woocommerce:connect';

export type ConnectErrorCode =
  | 'invalid_store_url'
  | 'callback_not_https'
  | 'invalid_store_id'
  | 'malformed_callback'
  | 'unknown_connection'
  | 'expired_connection'
  | 'insufficient_permissions';

const STATUS: Record<ConnectErrorCode, number> = {
  invalid_store_url: 400,
  callback_not_https: 400,
  invalid_store_id: 400,
  malformed_callback: 400,
  unknown_connection: 404,
  expired_connection: 410,
  insufficient_permissions: 403,
};

export class ConnectError extends Error {
  override readonly name = 'ConnectError' as const;
  readonly code: ConnectErrorCode;
  /** The HTTP status to answer with. */
  readonly status: number;
  constructor(code: ConnectErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = STATUS[code];
  }
}

export interface StartConnectionOptions {
  storeUrl: string;
  storeId?: string;
  appName?: string;
  /** Where WooCommerce sends the merchant afterwards (`?success=1|0&user_id=…` appended). */
  returnUrl: string;
  /** Where WooCommerce POSTs the keys; must be https. */
  callbackUrl: string;
}

export interface StartedConnection {
  storeId: string;
  nonce: string;
  authorizeUrl: string;
}

export interface CompletedConnection {
  /** The connection's nonce (WooCommerce's `user_id`): the dashboard finds the outcome by it. */
  nonce: string;
  storeId: string;
  storeUrl: string;
  consumerKey: string;
  consumerSecret: string;
  keyId: number;
}

interface PendingConnection {
  storeId: string;
  storeUrl: string;
  createdAt: number;
}

/** The store's address as the kit normalizes it; a bad one is this flow's `invalid_store_url`. */
function storeUrlOf(input: string): string {
  try {
    return normalizeStoreUrl(input);
  } catch (error) {
    if (error instanceof StoreUrlError) throw new ConnectError('invalid_store_url', error.message);
    throw error;
  }
}

/** Issues a one-time nonce and the URL that sends the merchant to WooCommerce's approval screen. */
export async function startConnection(state: StateStore, options: StartConnectionOptions, now: number, ttlMs = 3_600_000): Promise<StartedConnection> {
  const storeUrl = storeUrlOf(options.storeUrl);
  // WooCommerce itself refuses a non-https callback_url, after the merchant already clicked: fail early.
  let callback: URL | undefined;
  try {
    callback = new URL(options.callbackUrl);
  } catch {
    callback = undefined;
  }
  if (callback?.protocol !== 'https:') throw new ConnectError('callback_not_https', 'The callback URL must be https (WooCommerce refuses others).');
  const storeId = options.storeId ?? storeIdFromUrl(storeUrl);
  if (!isWooStoreId(storeId))
    throw new ConnectError('invalid_store_id', 'The store id must be 1–50 of a-z, 0-9 and -, starting with a letter or digit, and not "connect".');

  const pending: PendingConnection = { storeId, storeUrl, createdAt: now };
  let nonce = randomSecret(32);
  // A collision of 32 alphanumerics is practically impossible; expectedVersion null still makes it safe.
  while ((await state.putState(CONNECT_NAMESPACE, nonce, JSON.stringify(pending), { expectedVersion: null, dueAt: now + ttlMs }, now)) === undefined) {
    nonce = randomSecret(32);
  }
  const params = new URLSearchParams({
    app_name: options.appName ?? 'esemes SMS',
    scope: 'read_write',
    user_id: nonce,
    return_url: options.returnUrl,
    callback_url: options.callbackUrl,
  });
  return { storeId, nonce, authorizeUrl: `${storeUrl}/wc-auth/v1/authorize?${params.toString()}` };
}

interface CallbackBody {
  key_id: number;
  user_id: string;
  consumer_key: string;
  consumer_secret: string;
  key_permissions: string;
}

function parseCallback(body: unknown): CallbackBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ConnectError('malformed_callback', 'The callback body is not a JSON object.');
  const b = body as Record<string, unknown>;
  const bad: string[] = [];
  if (typeof b.key_id !== 'number' || !Number.isSafeInteger(b.key_id) || b.key_id <= 0) bad.push('key_id');
  if (typeof b.user_id !== 'string' || b.user_id === '') bad.push('user_id');
  if (typeof b.consumer_key !== 'string' || !/^ck_[A-Za-z0-9]+$/.test(b.consumer_key)) bad.push('consumer_key');
  if (typeof b.consumer_secret !== 'string' || !/^cs_[A-Za-z0-9]+$/.test(b.consumer_secret)) bad.push('consumer_secret');
  if (typeof b.key_permissions !== 'string') bad.push('key_permissions');
  if (bad.length > 0) throw new ConnectError('malformed_callback', `The callback body has missing or invalid fields: ${bad.join(', ')}.`);
  return b as unknown as CallbackBody;
}

function parsePending(value: string): PendingConnection | undefined {
  try {
    const p = JSON.parse(value) as Partial<PendingConnection>;
    if (typeof p.storeId === 'string' && typeof p.storeUrl === 'string' && typeof p.createdAt === 'number') {
      return { storeId: p.storeId, storeUrl: p.storeUrl, createdAt: p.createdAt };
    }
  } catch {
    // fall through: treated like an unknown connection
  }
  return undefined;
}

/**
 * Handles WooCommerce's POST to the callback URL. Answer 200 on success: WooCommerce deletes the new key
 * on any other status. Each nonce is consumed at most once, even under concurrent callbacks.
 */
export async function completeConnection(state: StateStore, body: unknown, now: number): Promise<CompletedConnection> {
  const callback = parseCallback(body);
  const record = await state.getState(CONNECT_NAMESPACE, callback.user_id);
  if (record === undefined) throw new ConnectError('unknown_connection', 'No pending connection for this callback (unknown or already used).');
  if (record.dueAt !== null && record.dueAt < now) {
    await state.deleteState(CONNECT_NAMESPACE, callback.user_id, record.version);
    throw new ConnectError('expired_connection', 'The connection request expired; start again from the esemes side.');
  }
  // Deleting that exact version is the claim: of two concurrent callbacks only one deletes it.
  const claimed = await state.deleteState(CONNECT_NAMESPACE, callback.user_id, record.version);
  if (!claimed) throw new ConnectError('unknown_connection', 'No pending connection for this callback (unknown or already used).');
  const pending = parsePending(record.value);
  if (pending === undefined) throw new ConnectError('unknown_connection', 'The pending connection record is unreadable.');
  if (callback.key_permissions !== 'read_write') {
    throw new ConnectError('insufficient_permissions', `The key was granted '${callback.key_permissions.slice(0, 20)}' access; read_write is needed.`);
  }
  return {
    nonce: callback.user_id,
    storeId: pending.storeId,
    storeUrl: pending.storeUrl,
    consumerKey: callback.consumer_key,
    consumerSecret: callback.consumer_secret,
    keyId: callback.key_id,
  };
}

/** Which store a completed connection saved, kept an hour for the page the merchant returns to. */
export const CONNECTED_NAMESPACE = 'woocommerce:connected';

export async function recordConnected(state: StateStore, nonce: string, storeId: string, now: number, ttlMs = 3_600_000): Promise<void> {
  await state.putState(CONNECTED_NAMESPACE, nonce, JSON.stringify({ storeId, at: now }), { dueAt: now + ttlMs }, now);
}

/** The store a connection's callback saved, or undefined (none arrived, or it is older than an hour). */
export async function connectedStoreOf(state: StateStore, nonce: string, now: number): Promise<{ storeId: string; at: number } | undefined> {
  if (nonce === '' || nonce.length > 100) return undefined;
  const record = await state.getState(CONNECTED_NAMESPACE, nonce);
  if (!record || (record.dueAt !== null && record.dueAt < now)) return undefined;
  try {
    const value = JSON.parse(record.value) as { storeId?: unknown; at?: unknown };
    return typeof value.storeId === 'string' && typeof value.at === 'number' ? { storeId: value.storeId, at: value.at } : undefined;
  } catch {
    return undefined;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page WooCommerce's return_url shows the merchant (`?success=1|0&user_id=…`). */
export function connectionReturnPage(query: Record<string, unknown>): { status: 200; html: string } {
  const ok = query.success === '1' || query.success === 1;
  const [tr, en] = ok ? ['Mağazanız bağlandı', 'Your store is connected'] : ['Bağlantı kurulmadı', 'The store was not connected'];
  const [trHint, enHint] = ok
    ? ['Bu pencereyi kapatabilirsiniz.', 'You can close this window.']
    : ['İzin verilmedi ya da istek zaman aşımına uğradı. Lütfen tekrar deneyin.', 'Access was denied or the request expired. Please try again.'];
  // Only a prefix of the nonce: enough to match support requests, useless as a callback token.
  const ref = typeof query.user_id === 'string' && query.user_id !== '' ? `<p class="ref">Ref: ${escapeHtml(query.user_id.slice(0, 8))}</p>` : '';
  const html = `<!doctype html>
<html lang="tr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(tr)} / ${escapeHtml(en)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}.ref{color:#777;font-size:.8rem}</style>
</head><body>
<h1>${escapeHtml(tr)}</h1><p>${escapeHtml(trHint)}</p>
<h1 lang="en">${escapeHtml(en)}</h1><p lang="en">${escapeHtml(enHint)}</p>
${ref}</body></html>
`;
  return { status: 200, html };
}
