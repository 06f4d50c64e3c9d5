// The shops' offline sessions (access tokens) in the server's own database, through the adapter state,
// the access token encrypted at rest with AES-256-GCM under SHOPIFY_ENCRYPTION_KEY: a copy of the
// database alone does not give anyone a shop's Admin API. The same interface as Shopify's session
// storages (@shopify/shopify-app-session-storage), so the library's Session objects go in and come out.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { StateStore } from '@esemes/notify';
import { Session } from '@shopify/shopify-api';

export const SESSIONS_NAMESPACE = 'shopify:sessions';
const FORMAT = 'v1';

/** A stored token that cannot be decrypted (another key, or a changed record): the shop must install again. */
export class SessionDecryptError extends Error {
  override readonly name = 'SessionDecryptError' as const;
  readonly code = 'session_undecryptable' as const;
}

/** The session storage interface of Shopify's libraries. */
export interface ShopSessionStorage {
  storeSession(session: Session): Promise<boolean>;
  loadSession(id: string): Promise<Session | undefined>;
  deleteSession(id: string): Promise<boolean>;
  deleteSessions(ids: string[]): Promise<boolean>;
  findSessionsByShop(shop: string): Promise<Session[]>;
}

/** `v1.<iv>.<tag>.<ciphertext>` (base64url), the session id as associated data: a token moved to another session fails. */
export function encryptToken(key: Buffer, sessionId: string, token: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(sessionId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

export function decryptToken(key: Buffer, sessionId: string, sealed: string): string {
  const [format, iv, tag, ciphertext] = sealed.split('.');
  if (format !== FORMAT || !iv || !tag || ciphertext === undefined) throw new SessionDecryptError('the stored access token is not in a known format');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(sessionId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SessionDecryptError('the stored access token cannot be decrypted with SHOPIFY_ENCRYPTION_KEY (was the key changed?)');
  }
}

interface StoredSession {
  id: string;
  shop: string;
  state: string;
  isOnline: boolean;
  scope?: string;
  expires?: number;
  /** Sealed with {@link encryptToken}. */
  accessToken?: string;
  /** An expiring offline token's refresh token, sealed too (associated data `<id>:refresh`). */
  refreshToken?: string;
  refreshTokenExpires?: number;
}

/**
 * @example
 * const sessions = createShopSessionStorage(notifier.state, key);
 * await sessions.storeSession(new Session({ id: 'offline_x.myshopify.com', shop: 'x.myshopify.com', state: '', isOnline: false, accessToken }));
 */
export function createShopSessionStorage(state: StateStore, key: Buffer, clock: () => number = Date.now): ShopSessionStorage {
  if (!Buffer.isBuffer(key) || key.length !== 32) throw new TypeError('createShopSessionStorage: the key must be 32 bytes');
  const revive = (value: string): Session => {
    const stored = JSON.parse(value) as StoredSession;
    return new Session({
      id: stored.id,
      shop: stored.shop,
      state: stored.state,
      isOnline: stored.isOnline,
      ...(stored.scope !== undefined ? { scope: stored.scope } : {}),
      ...(stored.expires !== undefined ? { expires: new Date(stored.expires) } : {}),
      ...(stored.accessToken !== undefined ? { accessToken: decryptToken(key, stored.id, stored.accessToken) } : {}),
      ...(stored.refreshToken !== undefined ? { refreshToken: decryptToken(key, `${stored.id}:refresh`, stored.refreshToken) } : {}),
      ...(stored.refreshTokenExpires !== undefined ? { refreshTokenExpires: new Date(stored.refreshTokenExpires) } : {}),
    });
  };
  return {
    async storeSession(session) {
      const stored: StoredSession = { id: session.id, shop: session.shop, state: session.state, isOnline: session.isOnline };
      if (session.scope) stored.scope = session.scope;
      if (session.expires) stored.expires = session.expires.getTime();
      if (session.accessToken) stored.accessToken = encryptToken(key, session.id, session.accessToken);
      if (session.refreshToken) stored.refreshToken = encryptToken(key, `${session.id}:refresh`, session.refreshToken);
      if (session.refreshTokenExpires) stored.refreshTokenExpires = session.refreshTokenExpires.getTime();
      await state.putState(SESSIONS_NAMESPACE, session.id, JSON.stringify(stored), {}, clock());
      return true;
    },
    async loadSession(id) {
      const record = await state.getState(SESSIONS_NAMESPACE, id);
      return record ? revive(record.value) : undefined;
    },
    async deleteSession(id) {
      await state.deleteState(SESSIONS_NAMESPACE, id);
      return true;
    },
    async deleteSessions(ids) {
      for (const id of ids) await state.deleteState(SESSIONS_NAMESPACE, id);
      return true;
    },
    async findSessionsByShop(shop) {
      const sessions: Session[] = [];
      for (const prefix of [`offline_${shop}`, `${shop}_`]) {
        for (const record of await state.listState(SESSIONS_NAMESPACE, { prefix, limit: 1000 })) sessions.push(revive(record.value));
      }
      return sessions;
    },
  };
}

/** The id of a shop's offline session, as Shopify's libraries name it. */
export const offlineSessionId = (shop: string): string => `offline_${shop}`;
