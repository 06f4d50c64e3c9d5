// SHOPIFY_* from the environment, validated once at start-up. Two ways to run, alone or together:
// (a) an app installed by OAuth (SHOPIFY_API_KEY, SHOPIFY_API_SECRET, SHOPIFY_ENCRYPTION_KEY), and
// (b) one shop's custom app (SHOPIFY_SHOP, SHOPIFY_ACCESS_TOKEN with the same key and secret).
// Every problem is reported in one error, so an operator fixes them in one go; values are never echoed.
import { AdapterConfigError } from '@esemes/adapter-kit';

/** SHOPIFY_* is incomplete or invalid; `variables` names each bad one. The server exits with code 2. */
export class ShopifyEnvError extends AdapterConfigError {
  override readonly name = 'ShopifyEnvError';
  constructor(problems: { variable: string; problem: string }[]) {
    super('Shopify', problems);
  }
}

/** What the app asks a shop for: orders (and their notes), customers' consent, fulfillments. */
export const DEFAULT_SCOPES: readonly string[] = Object.freeze(['read_orders', 'write_orders', 'read_customers', 'read_fulfillments']);

export interface ShopifyEnv {
  /** The app's client id and secret (the webhook HMAC key). */
  apiKey: string;
  apiSecret: string;
  scopes: string[];
  /** AES-256-GCM key for the shops' access tokens at rest (32 bytes); required for OAuth installs. */
  encryptionKey?: Buffer;
  /** The shop configured from the environment (a custom app's token). */
  shop?: { shop: string; accessToken: string; name?: string; adminPhones?: string[] };
}

const VARIABLES = ['SHOPIFY_SHOP', 'SHOPIFY_ACCESS_TOKEN', 'SHOPIFY_API_KEY', 'SHOPIFY_API_SECRET', 'SHOPIFY_ENCRYPTION_KEY', 'SHOPIFY_SCOPES'] as const;
/** `name.myshopify.com`: Shopify's own domain of a shop (never a custom domain). */
export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,59}\.myshopify\.com$/;
const TOKEN = /^shp[a-z]{2}_[A-Za-z0-9]{16,}$/;
const SCOPE = /^(read|write|unauthenticated_read|unauthenticated_write)_[a-z_]+$/;

function read(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** 32 bytes written as 64 hex digits or as base64 (44 characters). */
export function parseEncryptionKey(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return bytes.length === 32 ? bytes : undefined;
  }
  return undefined;
}

/**
 * Reads SHOPIFY_*. Returns undefined when none is set (the adapter then only explains how to set it up).
 * @example
 * const shopify = shopifyFromEnv(process.env); // throws ShopifyEnvError naming every bad variable
 */
export function shopifyFromEnv(env: Record<string, string | undefined>): ShopifyEnv | undefined {
  if (VARIABLES.every((name) => read(env, name) === undefined)) return undefined;
  const problems: { variable: string; problem: string }[] = [];
  const shop = read(env, 'SHOPIFY_SHOP')?.toLowerCase();
  const accessToken = read(env, 'SHOPIFY_ACCESS_TOKEN');
  const apiKey = read(env, 'SHOPIFY_API_KEY');
  const apiSecret = read(env, 'SHOPIFY_API_SECRET');
  const rawKey = read(env, 'SHOPIFY_ENCRYPTION_KEY');
  const oneShop = shop !== undefined || accessToken !== undefined;

  if (apiKey === undefined) problems.push({ variable: 'SHOPIFY_API_KEY', problem: "is missing (the app's client id)" });
  else if (!/^[A-Za-z0-9_-]{8,100}$/.test(apiKey))
    problems.push({ variable: 'SHOPIFY_API_KEY', problem: 'must be the 8–100 letters and digits of the client id' });
  if (apiSecret === undefined) problems.push({ variable: 'SHOPIFY_API_SECRET', problem: "is missing (the app's client secret, the webhook HMAC key)" });
  else if (apiSecret.length < 16 || apiSecret.length > 200 || /\s/.test(apiSecret)) {
    problems.push({ variable: 'SHOPIFY_API_SECRET', problem: 'must be the 16–200 characters of the client secret, without spaces' });
  }
  if (oneShop) {
    if (shop === undefined) problems.push({ variable: 'SHOPIFY_SHOP', problem: 'is missing (name.myshopify.com)' });
    else if (!SHOP_DOMAIN.test(shop)) problems.push({ variable: 'SHOPIFY_SHOP', problem: "must be the shop's name.myshopify.com domain" });
    if (accessToken === undefined)
      problems.push({ variable: 'SHOPIFY_ACCESS_TOKEN', problem: "is missing (the custom app's Admin API access token, shpat_…)" });
    else if (!TOKEN.test(accessToken)) problems.push({ variable: 'SHOPIFY_ACCESS_TOKEN', problem: 'must be an Admin API access token (shpat_…)' });
  }
  let encryptionKey: Buffer | undefined;
  if (rawKey !== undefined) {
    encryptionKey = parseEncryptionKey(rawKey);
    if (encryptionKey === undefined)
      problems.push({ variable: 'SHOPIFY_ENCRYPTION_KEY', problem: 'must be 32 bytes as 64 hex digits or base64 (`openssl rand -hex 32`)' });
  } else if (!oneShop) {
    problems.push({
      variable: 'SHOPIFY_ENCRYPTION_KEY',
      problem: 'is required for installs by OAuth (the shops’ access tokens are encrypted with it; `openssl rand -hex 32`)',
    });
  }
  const rawScopes = read(env, 'SHOPIFY_SCOPES');
  const scopes =
    rawScopes === undefined
      ? [...DEFAULT_SCOPES]
      : rawScopes
          .split(',')
          .map((scope) => scope.trim())
          .filter((scope) => scope !== '');
  if (rawScopes !== undefined && (scopes.length === 0 || !scopes.every((scope) => SCOPE.test(scope)))) {
    problems.push({ variable: 'SHOPIFY_SCOPES', problem: 'must be a comma-separated list of access scopes such as read_orders,write_orders' });
  }

  if (problems.length > 0 || apiKey === undefined || apiSecret === undefined) throw new ShopifyEnvError(problems);
  const config: ShopifyEnv = { apiKey, apiSecret, scopes };
  if (encryptionKey !== undefined) config.encryptionKey = encryptionKey;
  if (oneShop && shop !== undefined && accessToken !== undefined) {
    config.shop = { shop, accessToken };
    const name = read(env, 'SHOPIFY_STORE_NAME');
    if (name !== undefined) config.shop.name = name.slice(0, 100);
    const phones = (read(env, 'SHOPIFY_ADMIN_PHONES') ?? '')
      .split(',')
      .map((phone) => phone.trim())
      .filter((phone) => phone !== '');
    if (phones.length > 0) config.shop.adminPhones = phones;
  }
  return config;
}
