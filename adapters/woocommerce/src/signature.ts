// WooCommerce webhook authentication: `X-WC-Webhook-Signature` is base64(HMAC-SHA256(raw body, secret)).
// The HMAC covers the exact bytes WooCommerce sent (wp_json_encode output), so verify before parsing.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type WooSignatureResult = { valid: true } | { valid: false; reason: 'missing_signature' | 'bad_signature' };

/** base64(HMAC-SHA256(rawBody, secret)), as WooCommerce computes it. */
export function signWooBody(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/**
 * Checks `X-WC-Webhook-Signature` against the raw body. Never throws.
 *
 * @example
 * const check = verifyWooSignature(rawBody, request.headers['x-wc-webhook-signature'], store.webhookSecret);
 * if (!check.valid) return reply.code(401).send({ error: check.reason });
 */
export function verifyWooSignature(rawBody: Buffer, signatureHeader: string | string[] | undefined, secret: string): WooSignatureResult {
  // A repeated header is ambiguous: only a single value is accepted.
  const header = Array.isArray(signatureHeader) ? (signatureHeader.length === 1 ? signatureHeader[0] : undefined) : signatureHeader;
  if (header === undefined || header.trim() === '') {
    return Array.isArray(signatureHeader) && signatureHeader.length > 1
      ? { valid: false, reason: 'bad_signature' }
      : { valid: false, reason: 'missing_signature' };
  }
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(header.trim(), 'base64');
  // Lengths are those of HMAC outputs, not of the secret, so this early exit leaks nothing about it.
  if (given.length !== expected.length) return { valid: false, reason: 'bad_signature' };
  // Base64 decoding is lenient (ignores junk characters); require the canonical encoding as well.
  if (given.toString('base64') !== header.trim()) return { valid: false, reason: 'bad_signature' };
  return timingSafeEqual(given, expected) ? { valid: true } : { valid: false, reason: 'bad_signature' };
}

/**
 * WooCommerce's activation ping: an unsigned form body that is exactly `webhook_id=<digits>`, sent when a
 * webhook is saved as active. The admin screen wants a 200 for it.
 */
export function isWooPing(contentType: string | undefined, rawBody: Buffer | string): boolean {
  // WordPress sets no Content-Type for the ping; libcurl then sends form-encoding. Accept absent, too.
  if (contentType !== undefined && contentType !== '') {
    const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/x-www-form-urlencoded') return false;
  }
  const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('latin1');
  return /^webhook_id=\d{1,20}$/.test(body);
}
