// Webhook deliveries made the way Shopify makes them: the raw UTF-8 JSON bytes (non-ASCII characters as
// they are, not \u-escaped), X-Shopify-* headers, and the HMAC over exactly those bytes, so a handler that
// re-serializes the body, or reads it as Latin-1, fails here as it would in production.
import { createHmac, randomUUID } from 'node:crypto';

/** Shopify's delivery agent. */
export const SHOPIFY_USER_AGENT = 'Shopify-Captain-Hook';
/** The API version deliveries are serialized with unless told otherwise. */
export const DEFAULT_WEBHOOK_API_VERSION = '2026-07';

/** `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body bytes, keyed with the app's client secret. */
export function signShopifyWebhook(rawBody: string | Uint8Array, secret: string): string {
  const bytes = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return createHmac('sha256', secret).update(bytes).digest('base64');
}

export interface ShopifyDeliveryOptions {
  /** As the header carries it: `orders/create`, `customers/redact`, … */
  topic: string;
  /** The shop's myshopify domain. */
  shop: string;
  /** Serialized with JSON.stringify (UTF-8, non-ASCII kept). Give this or `rawBody`. */
  payload?: unknown;
  /** The exact bytes to send (a string is sent as UTF-8). */
  rawBody?: string | Uint8Array;
  /** The app's client secret, which Shopify signs with. */
  secret: string;
  /** `X-Shopify-Webhook-Id`, unique per delivery (retries keep it). Default: a random UUID. */
  webhookId?: string;
  /** `X-Shopify-Event-Id`, shared by the deliveries of one event. Default: a random UUID. */
  eventId?: string;
  /** `X-Shopify-Triggered-At`. Default: now. */
  triggeredAt?: string | Date;
  /** `X-Shopify-API-Version`. Default {@link DEFAULT_WEBHOOK_API_VERSION}. */
  apiVersion?: string;
  /** Send no X-Shopify-Hmac-Sha256. */
  omitHmac?: boolean;
  /** Sign with a wrong secret. */
  badHmac?: boolean;
  /** Extra headers, or replacements (a value of `null` removes the header). */
  headers?: Record<string, string | null>;
  /** Default: the global fetch (the receiver is a local test server). */
  fetch?: typeof globalThis.fetch;
}

export interface ShopifyDeliveryResult {
  status: number;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: unknown;
  /** The headers that were sent, as sent. */
  sent: Record<string, string>;
}

/**
 * POSTs a webhook to `url` as Shopify does.
 *
 * @example
 * ```ts
 * const { status } = await deliverShopifyWebhook(`${server}/webhooks/shopify`, {
 *   topic: 'orders/create', shop: 'demo-magaza.myshopify.com', payload: shopifyOrder(), secret: 'app-secret',
 * });
 * ```
 */
export async function deliverShopifyWebhook(url: string, options: ShopifyDeliveryOptions): Promise<ShopifyDeliveryResult> {
  if ((options.payload === undefined) === (options.rawBody === undefined))
    throw new TypeError('deliverShopifyWebhook: give exactly one of payload and rawBody');
  const json = options.rawBody === undefined ? JSON.stringify(options.payload) : undefined;
  if (options.rawBody === undefined && json === undefined) throw new TypeError('deliverShopifyWebhook: payload is not JSON-serializable');
  const body = toBytes(options.rawBody ?? json!);
  const triggeredAt = options.triggeredAt ?? new Date();
  const sent: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': SHOPIFY_USER_AGENT,
    'x-shopify-topic': options.topic,
    'x-shopify-shop-domain': options.shop,
    'x-shopify-api-version': options.apiVersion ?? DEFAULT_WEBHOOK_API_VERSION,
    'x-shopify-webhook-id': options.webhookId ?? randomUUID(),
    'x-shopify-event-id': options.eventId ?? randomUUID(),
    'x-shopify-triggered-at': typeof triggeredAt === 'string' ? triggeredAt : triggeredAt.toISOString(),
  };
  if (options.omitHmac !== true)
    sent['x-shopify-hmac-sha256'] = signShopifyWebhook(body, options.badHmac === true ? `${options.secret}-wrong` : options.secret);
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete sent[name.toLowerCase()];
    else sent[name.toLowerCase()] = value;
  }
  const response = await (options.fetch ?? fetch)(url, { method: 'POST', headers: sent, body, redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  if (text !== '' && (response.headers.get('content-type') ?? '').includes('json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, body: parsed, sent };
}

function toBytes(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}
