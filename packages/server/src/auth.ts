// Bearer-token check for /api/v1. It runs as an onRequest hook, before the body is read, so a caller
// without the token cannot make the server parse (or store) anything.
import { hash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { sendError } from './http-errors.js';

function digest(value: string): Buffer {
  // The one-shot hash() costs a fraction of createHash() (this runs on every API request).
  return hash('sha256', value, 'buffer');
}

/**
 * Compare two secrets in constant time. Both sides are hashed first, so neither the content nor the
 * length of the expected token leaks through timing.
 */
export function safeEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/**
 * An onRequest hook answering 401 (with `WWW-Authenticate: Bearer`) unless the request carries `token`.
 * @example
 * app.addHook('onRequest', requireBearer(config.adminToken))
 */
export function requireBearer(token: string): onRequestAsyncHookHandler {
  if (token.length === 0) throw new TypeError('requireBearer: the token must not be empty');
  const expected = digest(token);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const given = bearerToken(request.headers.authorization);
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return;
    const missing = given === undefined;
    reply.header('www-authenticate', missing ? 'Bearer realm="esemes"' : 'Bearer realm="esemes", error="invalid_token"');
    return sendError(reply, 401, 'unauthorized', missing ? 'Authorization: Bearer <ADMIN_TOKEN> is required' : 'The bearer token is not valid');
  };
}
