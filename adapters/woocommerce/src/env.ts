// The single store configured from environment variables (id `default`), validated once at start-up.
// Every problem is reported in one error so an operator fixes them in one go; values are never echoed.
import { AdapterConfigError, normalizeStoreUrl } from '@esemes/adapter-kit';

/** WOOCOMMERCE_* is incomplete or invalid; `variables` names each bad one. The server exits with code 2. */
export class WooEnvError extends AdapterConfigError {
  override readonly name = 'WooEnvError';
  constructor(problems: { variable: string; problem: string }[]) {
    super('WooCommerce', problems);
  }
}

export interface WooEnvStore {
  id: 'default';
  /** No trailing slash. */
  url: string;
  consumerKey: string;
  consumerSecret: string;
  webhookSecret?: string;
  name?: string;
  adminPhones?: string[];
}

const TRIGGERS = ['WOOCOMMERCE_URL', 'WOOCOMMERCE_CONSUMER_KEY', 'WOOCOMMERCE_CONSUMER_SECRET', 'WOOCOMMERCE_WEBHOOK_SECRET'] as const;

function read(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** http(s) without credentials, query or fragment (the kit's rule); undefined when it is not one. */
function storeUrl(value: string): string | undefined {
  try {
    return normalizeStoreUrl(value);
  } catch {
    return undefined;
  }
}

/**
 * Reads WOOCOMMERCE_* variables. Returns undefined when the store is not configured at all.
 *
 * @example
 * const store = wooStoreFromEnv(process.env); // throws WooEnvError listing every bad variable
 */
export function wooStoreFromEnv(env: Record<string, string | undefined>): WooEnvStore | undefined {
  if (TRIGGERS.every((name) => read(env, name) === undefined)) return undefined;
  const problems: { variable: string; problem: string }[] = [];

  const rawUrl = read(env, 'WOOCOMMERCE_URL');
  const url = rawUrl === undefined ? undefined : storeUrl(rawUrl);
  if (rawUrl === undefined) problems.push({ variable: 'WOOCOMMERCE_URL', problem: 'is missing' });
  else if (url === undefined) problems.push({ variable: 'WOOCOMMERCE_URL', problem: 'must be an http(s) URL without credentials, query or fragment' });

  const consumerKey = read(env, 'WOOCOMMERCE_CONSUMER_KEY');
  if (consumerKey === undefined) problems.push({ variable: 'WOOCOMMERCE_CONSUMER_KEY', problem: 'is missing' });
  else if (!/^ck_[A-Za-z0-9]+$/.test(consumerKey)) problems.push({ variable: 'WOOCOMMERCE_CONSUMER_KEY', problem: 'must start with ck_' });

  const consumerSecret = read(env, 'WOOCOMMERCE_CONSUMER_SECRET');
  if (consumerSecret === undefined) problems.push({ variable: 'WOOCOMMERCE_CONSUMER_SECRET', problem: 'is missing' });
  else if (!/^cs_[A-Za-z0-9]+$/.test(consumerSecret)) problems.push({ variable: 'WOOCOMMERCE_CONSUMER_SECRET', problem: 'must start with cs_' });

  // WooCommerce HMACs with the HTML-unescaped secret, so `&amp;` etc. would sign with other bytes than
  // we hold: only alphanumeric secrets are unambiguous.
  const webhookSecret = read(env, 'WOOCOMMERCE_WEBHOOK_SECRET');
  if (webhookSecret !== undefined && !/^[A-Za-z0-9]{20,100}$/.test(webhookSecret)) {
    problems.push({ variable: 'WOOCOMMERCE_WEBHOOK_SECRET', problem: 'must be 20–100 letters and digits' });
  }

  if (problems.length > 0 || url === undefined || consumerKey === undefined || consumerSecret === undefined) throw new WooEnvError(problems);

  const store: WooEnvStore = { id: 'default', url, consumerKey, consumerSecret };
  if (webhookSecret !== undefined) store.webhookSecret = webhookSecret;
  const name = read(env, 'WOOCOMMERCE_STORE_NAME');
  if (name !== undefined) store.name = name;
  const phones = (read(env, 'WOOCOMMERCE_ADMIN_PHONES') ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (phones.length > 0) store.adminPhones = phones;
  return store;
}
