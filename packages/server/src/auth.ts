// Bearer-token check for /api/v1. It runs as an onRequest hook, before the body is read, so a caller
// without the token cannot make the server parse (or store) anything.
import { hash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler, onRequestHookHandler } from 'fastify';
import { sendError } from './http-errors.js';

function digest(value: string): Buffer {
  // The one-shot hash() costs a fraction of createHash() (this runs on every API request).
  return hash('sha256', value, 'buffer');
}

/** Spellings of a valid Authorization header remembered (`Bearer x`, `bearer x`, extra spaces …). */
const MAX_ACCEPTED_HEADERS = 8;

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

/** True when the request carries `token`; else answers 401 (with `WWW-Authenticate: Bearer`) and returns false. */
type BearerCheck = (request: FastifyRequest, reply: FastifyReply) => boolean;

function bearerCheck(token: string): BearerCheck {
  if (token.length === 0) throw new TypeError('requireBearer: the token must not be empty');
  const expected = digest(token);
  // Authorization headers already found valid (one token: one or two spellings of the header), so that the
  // API's every request does not hash it again. Only valid headers are kept: a miss costs what it did
  // before, and a hit tells the caller nothing a 2xx would not (the lookup compares whole strings).
  const accepted = new Set<string>();
  return (request, reply) => {
    const header = request.headers.authorization;
    if (header !== undefined && accepted.has(header)) return true;
    const given = bearerToken(header);
    if (given !== undefined && timingSafeEqual(digest(given), expected)) {
      if (accepted.size < MAX_ACCEPTED_HEADERS) accepted.add(header as string);
      return true;
    }
    const missing = given === undefined;
    reply.header('www-authenticate', missing ? 'Bearer realm="esemes"' : 'Bearer realm="esemes", error="invalid_token"');
    sendError(reply, 401, 'unauthorized', missing ? 'Authorization: Bearer <ADMIN_TOKEN> is required' : 'The bearer token is not valid');
    return false;
  };
}

/**
 * An onRequest hook answering 401 (with `WWW-Authenticate: Bearer`) unless the request carries `token`.
 * @example
 * app.addHook('onRequest', requireBearer(config.adminToken))
 */
export function requireBearer(token: string): onRequestAsyncHookHandler {
  const check = bearerCheck(token);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!check(request, reply)) return reply;
  };
}

/**
 * {@link requireBearer} as a callback hook, for the API's own routes: no promise per request. After a 401
 * it does not call `done` (Fastify's way for a hook that answered).
 */
export function requireBearerHook(token: string): onRequestHookHandler {
  const check = bearerCheck(token);
  return (request, reply, done) => {
    if (check(request, reply)) done();
  };
}
