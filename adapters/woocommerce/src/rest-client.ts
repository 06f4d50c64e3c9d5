// A small, typed client for the few WooCommerce REST calls the adapter makes (webhooks, order notes,
// one order), over `@woocommerce/woocommerce-rest-api`, which signs http requests with OAuth 1.0a query
// parameters and sends https ones with Basic auth. Every failure becomes a WooRestError.
import WooCommerceRestApiModule from '@woocommerce/woocommerce-rest-api';
import { z } from 'zod';
import type { WooOrder } from './types.js';

/** `auth`: 401/403; `not_found`: 404; `unreachable`: no answer (network, DNS, timeout); `http`: anything else. */
export type WooRestErrorCode = 'auth' | 'not_found' | 'unreachable' | 'http';

/** A failed WooCommerce REST call. The message names the method, the path and WooCommerce's error, never the keys. */
export class WooRestError extends Error {
  override name = 'WooRestError' as const;
  readonly code: WooRestErrorCode;
  /** The HTTP status, when the store answered. */
  readonly status?: number;
  /** WooCommerce's own error code from the JSON body, e.g. `woocommerce_rest_cannot_view`. */
  readonly wooCode?: string;
  constructor(code: WooRestErrorCode, message: string, details: { status?: number; wooCode?: string } = {}) {
    super(message);
    this.code = code;
    if (details.status !== undefined) this.status = details.status;
    if (details.wooCode !== undefined) this.wooCode = details.wooCode;
  }
}

export function isWooRestError(error: unknown): error is WooRestError {
  return error instanceof WooRestError || (error instanceof Error && error.name === 'WooRestError');
}

/** The fields of a `wc/v3` webhook we use. `secret` is never returned by WooCommerce. */
export interface WooWebhook {
  id: number;
  name: string;
  status: string;
  topic: string;
  delivery_url: string;
}

export interface NewWooWebhook {
  name: string;
  topic: string;
  delivery_url: string;
  secret: string;
}

export interface WooWebhookPatch {
  name?: string;
  topic?: string;
  delivery_url?: string;
  secret?: string;
  status?: 'active' | 'paused' | 'disabled';
}

export interface WooOrderNote {
  id: number;
  note: string;
  customer_note: boolean;
}

export interface WooRestClient {
  /** Every webhook of the store, all pages. */
  listWebhooks(): Promise<WooWebhook[]>;
  /** WooCommerce always creates it `active`. */
  createWebhook(webhook: NewWooWebhook): Promise<WooWebhook>;
  updateWebhook(id: number, patch: WooWebhookPatch): Promise<WooWebhook>;
  /** Deletes for good (`force=true`; WooCommerce cannot trash webhooks). */
  deleteWebhook(id: number): Promise<void>;
  /** A private note (never e-mailed to the customer). */
  addOrderNote(orderId: number, note: string): Promise<WooOrderNote>;
  getOrder(id: number): Promise<WooOrder>;
}

export interface WooStoreCredentials {
  url: string;
  consumerKey: string;
  consumerSecret: string;
}

export interface WooRestClientOptions {
  /** Per request; default 15 000 ms. */
  timeoutMs?: number;
}

const PER_PAGE = 100;
// A store with more webhooks than this is broken; stop rather than loop on a bad X-WP-TotalPages.
const MAX_PAGES = 50;

const WebhookSchema = z.object({
  id: z.number(),
  name: z.string(),
  status: z.string(),
  topic: z.string(),
  delivery_url: z.string(),
});
const NoteSchema = z.object({ id: z.number(), note: z.string(), customer_note: z.boolean() });
const OrderSchema = z.looseObject({ id: z.number() });

interface AxiosLikeResponse {
  data: unknown;
  headers: Record<string, unknown>;
}

type ApiInstance = {
  get(endpoint: string, params?: object): Promise<AxiosLikeResponse>;
  post(endpoint: string, data: object, params?: object): Promise<AxiosLikeResponse>;
  put(endpoint: string, data: object, params?: object): Promise<AxiosLikeResponse>;
  delete(endpoint: string, params?: object): Promise<AxiosLikeResponse>;
};

// The package is CommonJS without `exports`: native ESM sees `module.exports`, whose `.default` is the
// class; a bundler may hand over the class itself.
const moduleValue: unknown = WooCommerceRestApiModule;
const WooCommerceRestApi = (typeof moduleValue === 'function' ? moduleValue : (moduleValue as { default: unknown }).default) as new (
  options: Record<string, unknown>,
) => ApiInstance;

/**
 * @example
 * const client = createWooRestClient({ url: 'https://shop.example.com', consumerKey, consumerSecret });
 * await client.addOrderNote(123, 'SMS sent to 0532***8877: …');
 */
export function createWooRestClient(store: WooStoreCredentials, options: WooRestClientOptions = {}): WooRestClient {
  const missing = (['url', 'consumerKey', 'consumerSecret'] as const).filter((key) => !store[key]);
  if (missing.length > 0) throw new TypeError(`createWooRestClient: missing ${missing.join(', ')}`);
  const api = new WooCommerceRestApi({
    url: store.url,
    consumerKey: store.consumerKey,
    consumerSecret: store.consumerSecret,
    version: 'wc/v3',
    timeout: options.timeoutMs ?? 15_000,
  });
  const secrets = [store.consumerKey, store.consumerSecret];

  async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, run: () => Promise<AxiosLikeResponse>): Promise<AxiosLikeResponse> {
    try {
      return await run();
    } catch (error) {
      throw toWooRestError(method, path, error, secrets);
    }
  }

  function parse<T>(schema: z.ZodType<T>, method: string, path: string, data: unknown): T {
    const result = schema.safeParse(data);
    if (!result.success) throw new WooRestError('http', `WooCommerce ${method} ${path}: unexpected response body`);
    return result.data;
  }

  return {
    async listWebhooks() {
      const all: WooWebhook[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const res = await call('GET', 'webhooks', () => api.get('webhooks', { page, per_page: PER_PAGE }));
        const items = parse(z.array(WebhookSchema), 'GET', 'webhooks', res.data);
        all.push(...items);
        const totalPages = Number(res.headers['x-wp-totalpages']);
        // Without the header, a short page is the last one.
        const done = Number.isFinite(totalPages) && totalPages > 0 ? page >= totalPages : items.length < PER_PAGE;
        if (done || items.length === 0) break;
      }
      return all;
    },
    async createWebhook(webhook) {
      const res = await call('POST', 'webhooks', () => api.post('webhooks', { ...webhook }));
      return parse(WebhookSchema, 'POST', 'webhooks', res.data);
    },
    async updateWebhook(id, patch) {
      const path = `webhooks/${id}`;
      const res = await call('PUT', path, () => api.put(path, { ...patch }));
      return parse(WebhookSchema, 'PUT', path, res.data);
    },
    async deleteWebhook(id) {
      const path = `webhooks/${id}`;
      await call('DELETE', path, () => api.delete(path, { force: true }));
    },
    async addOrderNote(orderId, note) {
      const path = `orders/${orderId}/notes`;
      // customer_note true would e-mail the customer; these notes are for the shop only.
      const res = await call('POST', path, () => api.post(path, { note, customer_note: false }));
      return parse(NoteSchema, 'POST', path, res.data);
    },
    async getOrder(id) {
      const path = `orders/${id}`;
      const res = await call('GET', path, () => api.get(path));
      // Only the id is checked here; readers of the order handle missing fields themselves.
      return parse(OrderSchema, 'GET', path, res.data) as unknown as WooOrder;
    },
  };
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/** Axios errors carry the request config (with the Basic auth password): keep only what is safe. */
function toWooRestError(method: string, path: string, error: unknown, secrets: readonly string[]): WooRestError {
  const err = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    response?: { status?: unknown; data?: unknown };
  };
  const where = `WooCommerce ${method} ${path}`;
  const status = typeof err.response?.status === 'number' ? err.response.status : undefined;
  if (status === undefined) {
    const code = typeof err.code === 'string' ? err.code : 'network error';
    const what = TIMEOUT_CODES.has(code) ? `timed out (${code})` : `unreachable (${code})`;
    return new WooRestError('unreachable', `${where}: ${what}`);
  }
  const body = err.response?.data;
  let wooCode: string | undefined;
  let wooMessage: string | undefined;
  if (typeof body === 'object' && body !== null) {
    const { code, message } = body as { code?: unknown; message?: unknown };
    if (typeof code === 'string') wooCode = redact(code, secrets).slice(0, 100);
    if (typeof message === 'string') wooMessage = redact(message, secrets).slice(0, 300);
  }
  const code: WooRestErrorCode = status === 401 || status === 403 ? 'auth' : status === 404 ? 'not_found' : 'http';
  const detail = [wooCode, wooMessage].filter(Boolean).join(': ');
  const message = `${where} failed with HTTP ${status}${detail ? ` (${detail})` : ''}`;
  return new WooRestError(code, message, wooCode === undefined ? { status } : { status, wooCode });
}

// WooCommerce does not echo keys today; this keeps it that way if a plugin ever does.
function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}
