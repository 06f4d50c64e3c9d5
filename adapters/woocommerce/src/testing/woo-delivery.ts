// Test helper: delivers webhooks byte-for-byte the way WooCommerce does, so handlers are tested against
// real-shaped requests (wp_json_encode body, X-WC headers, HMAC over those exact bytes).
import { createHash, createHmac } from 'node:crypto';

export const WOO_USER_AGENT = 'WooCommerce/9.0 Hookshot (WordPress/6.6)';

/**
 * JSON as PHP's `wp_json_encode` writes it: every non-ASCII character as `\uXXXX` (astral characters as
 * two escapes, one per UTF-16 unit) and `/` as `\/`. JSON.stringify of the same value gives other bytes.
 */
export function wpJsonEncode(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('wpJsonEncode: value is not JSON-serializable');
  // JSON.stringify already escapes control characters; only non-ASCII and '/' remain. '/' never occurs
  // outside strings in JSON, so replacing it everywhere is safe.
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\//g, '\\/');
}

export interface WooDeliveryOptions {
  secret?: string;
  topic?: string;
  webhookId?: number;
  /** Send no X-WC-Webhook-Signature header. */
  omitSignature?: boolean;
  /** Sign with a wrong secret. */
  badSignature?: boolean;
  /** X-WC-Webhook-Source; default `http://shop.example.test/`. */
  source?: string;
}

export interface WooDeliveryResult {
  status: number;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: unknown;
}

async function readAnswer(response: Response): Promise<WooDeliveryResult> {
  const text = await response.text();
  let body: unknown = text;
  if (text !== '' && (response.headers.get('content-type') ?? '').includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: response.status, body };
}

/** POSTs `payload` to `url` like WooCommerce's WC_Webhook::deliver. */
export async function deliverWooWebhook(url: string, payload: unknown, options: WooDeliveryOptions = {}): Promise<WooDeliveryResult> {
  const topic = options.topic ?? 'order.updated';
  const webhookId = options.webhookId ?? 1;
  const [resource = '', event = ''] = topic.split('.');
  // WooCommerce trims the encoded body before signing and sending it.
  const body = wpJsonEncode(payload).trim();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': WOO_USER_AGENT,
    'x-wc-webhook-source': options.source ?? 'http://shop.example.test/',
    'x-wc-webhook-topic': topic,
    'x-wc-webhook-resource': resource,
    'x-wc-webhook-event': event,
    'x-wc-webhook-id': String(webhookId),
    // wp_hash(id . time()): the same within one second, so deliberately not unique.
    'x-wc-webhook-delivery-id': createHash('md5')
      .update(`${webhookId}${Math.floor(Date.now() / 1000)}`)
      .digest('hex'),
  };
  if (options.omitSignature !== true) {
    const key = options.badSignature === true ? `${options.secret ?? ''}-wrong` : (options.secret ?? '');
    headers['x-wc-webhook-signature'] = createHmac('sha256', key).update(body, 'utf8').digest('base64');
  }
  const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual' });
  return readAnswer(response);
}

/** The unsigned activation ping WooCommerce sends when a webhook is saved as active. */
export async function deliverWooPing(url: string, webhookId: number): Promise<WooDeliveryResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': WOO_USER_AGENT },
    body: `webhook_id=${webhookId}`,
    redirect: 'manual',
  });
  return readAnswer(response);
}
