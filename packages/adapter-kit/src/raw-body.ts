// Webhook signatures (WooCommerce's, Shopify's HMACs) cover the exact bytes the platform sent, so the
// routes that verify them must see the raw body, not re-serialized JSON.
import type { FastifyInstance } from 'fastify';

/** Largest webhook body by default: 1 MiB (platforms' order bodies are far smaller). */
export const WEBHOOK_BODY_LIMIT = 1_048_576;

/**
 * Make every body of this (encapsulated) Fastify scope a Buffer of the bytes as sent, whatever the
 * content type; larger than `limit` → 413 before it is read further.
 * @example
 * await app.register(async (scope) => { acceptRawBodies(scope); scope.post('/webhooks/x', handler); });
 */
export function acceptRawBodies(scope: FastifyInstance, limit = WEBHOOK_BODY_LIMIT): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) => done(null, body));
}

/** The raw body of a request in such a scope (empty when there was none). */
export function rawBodyOf(request: { body: unknown }): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/** One value of a header that may repeat (the first). */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
