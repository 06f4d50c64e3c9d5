// Every error the API answers has one shape: `{ error: { code, message, ...details } }`. This file maps
// Fastify's, the engine's and the templates' errors to it, so a route only throws.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { isEsemesError, isProviderError, isTransportError } from '@esemes/core';
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteIndex } from './route-index.js';

export interface ApiErrorBody {
  error: { code: string; message: string; [detail: string]: unknown };
}

/** Thrown by routes for an answer other than 2xx; the error handler sends it. */
export class HttpError extends Error {
  override readonly name = 'HttpError' as const;
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string, details: Record<string, unknown> = {}): FastifyReply {
  const body: ApiErrorBody = { error: { code, message, ...details } };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

interface Mapped {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  /** Seconds for `Retry-After` (a refusal that passes). */
  retryAfter?: number;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Map an error to its HTTP answer, by `code` (not `instanceof`, so errors from a duplicated install of
 * @esemes/notify, or a test's fake engine, map the same). Undefined: an unexpected error (500).
 */
export function mapError(error: unknown): Mapped | undefined {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message, details: error.details };
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'invalid_event': {
      const issues = (error as { issues?: unknown }).issues;
      return { status: 422, code, message, details: { issues: Array.isArray(issues) ? issues : [] } };
    }
    case 'no_recipient': {
      const reasons = (error as { reasons?: unknown }).reasons;
      return { status: 422, code, message, details: Array.isArray(reasons) ? { reasons } : {} };
    }
    case 'message_too_long': {
      // The message would be longer than the store allows: name the cap and what it would have cost.
      const { maxParts, parts, characters, encoding } = error as { maxParts?: unknown; parts?: unknown; characters?: unknown; encoding?: unknown };
      return { status: 422, code, message, details: { maxParts, parts, characters, encoding } };
    }
    case 'invalid_store_settings': {
      // Store settings the engine refuses: `problems` names every bad field; nothing was saved.
      const problems = (error as { problems?: unknown }).problems;
      return { status: 422, code, message, details: { problems: Array.isArray(problems) ? problems : [] } };
    }
    case 'template_variable':
    case 'template_syntax':
    case 'template_helper':
    case 'template_empty':
    case 'template_too_long':
    case 'template_output_too_long': {
      const { variable, line } = error as { variable?: unknown; line?: unknown };
      return { status: 422, code, message, details: { ...(typeof variable === 'string' ? { variable } : {}), ...(typeof line === 'number' ? { line } : {}) } };
    }
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        code: 'invalid_json',
        message: code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'The body is empty; send a JSON document' : 'The body is not valid JSON',
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'body_too_large', message: 'The body is larger than 1 MB' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', message: 'Send the body as Content-Type: application/json' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'invalid_body', message: 'The body does not match its Content-Length' };
    case 'FST_ERR_VALIDATION':
      return { status: 400, code: 'invalid_request', message };
    case 'store_unavailable':
    case 'store_closed':
    case 'accept_worker_failed': {
      // @esemes/notify's OutboxWriteError: the database refused the write (busy past its timeout, disk
      // full, read-only), the store is closing, or its writer thread stopped. It passes, so 503 and
      // Retry-After; sending the event again with the same idempotency key is safe either way (one that
      // was stored after all answers 200 duplicate). SQLite's own words stay in the log.
      if ((error as Error).name !== 'OutboxWriteError') break;
      const stored = (error as { stored?: unknown }).stored === 'unknown' ? 'unknown' : 'no';
      return {
        status: 503,
        code: 'store_unavailable',
        message: 'The event was not stored: the database is unavailable. Send it again later with the same idempotency key.',
        details: { stored },
        retryAfter: 1,
      };
    }
    default:
      break;
  }
  // @esemes/core's provider, transport and reply errors (balance): the upstream failed, not this server.
  if (isProviderError(error) || isTransportError(error) || (isEsemesError(error) && error.code === 'reply')) {
    return { status: 502, code: `provider_${error.code}`, message };
  }
  const status = (error as FastifyError | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, code: code ?? 'bad_request', message };
  return undefined;
}

/** Install the JSON error handler and the root not-found handler (405 where the path exists for other methods) on `app`. */
export function installErrorHandlers(app: FastifyInstance, routes: RouteIndex): void {
  app.setErrorHandler(async (error, request, reply) => {
    const mapped = mapError(error);
    if (mapped) {
      // A 503 is the database's trouble, not the client's: the operator needs its reason (SQLITE_FULL …).
      if (mapped.status === 503) {
        const sqliteCode = (error as { sqliteCode?: unknown }).sqliteCode;
        request.log.warn(
          { err: error, code: mapped.code, status: mapped.status, ...(typeof sqliteCode === 'string' ? { sqliteCode } : {}) },
          'request refused',
        );
      } else request.log.info({ code: mapped.code, status: mapped.status }, 'request refused');
      if (mapped.retryAfter !== undefined) reply.header('retry-after', String(mapped.retryAfter));
      return sendError(reply, mapped.status, mapped.code, mapped.message, mapped.details);
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 500, 'internal', 'Internal server error; the log has the details');
  });
  app.setNotFoundHandler(notFoundHandler(routes));
}

/**
 * 404 `not_found`, or 405 `method_not_allowed` with `Allow` when the path exists for other methods. The
 * answer never repeats the URL: it may carry a token or a phone number.
 */
export function notFoundHandler(routes: RouteIndex): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  return async (request, reply) => {
    const allowed = routes.methodsFor(request.url);
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      reply.header('allow', allowed.join(', '));
      return sendError(reply, 405, 'method_not_allowed', `${request.method} is not allowed on this path; it allows ${allowed.join(', ')}`);
    }
    return sendError(reply, 404, 'not_found', 'No such route');
  };
}

/** Fastify's `frameworkErrors` (a URL it cannot decode, a path parameter over `maxParamLength`), mapped without the URL. */
export function frameworkErrorOf(error: FastifyError, maxParamLength: number): Mapped {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return { status: 400, code: 'bad_url', message: 'The URL is not valid (a malformed %-escape?)' };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { status: 414, code: 'uri_too_long', message: `A path segment is longer than ${maxParamLength} characters` };
    default:
      return { status: 500, code: 'internal', message: 'Internal server error; the log has the details' };
  }
}

/** An error of Node's HTTP parser, as the server's 'clientError' event gives it. */
interface ParserError extends Error {
  code?: string | undefined;
  /** The bytes Node's HTTP parser was reading when it failed (a Buffer). */
  rawPacket?: unknown;
  bytesParsed?: number | undefined;
}

/** What Node's HTTP parser errors are answered with: status, code, message. */
export function clientErrorOf(error: ParserError): Mapped {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, code: 'request_timeout', message: 'The request took too long to arrive' };
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    // The request line counts toward Node's header limit: overflowing before its first CRLF means the URL is too long.
    const raw = Buffer.isBuffer(error.rawPacket) ? error.rawPacket : Buffer.alloc(0);
    const seen = raw.subarray(0, error.bytesParsed ?? raw.length).toString('latin1');
    if (/^[A-Z]+ /.test(seen) && !seen.includes('\r\n')) return { status: 414, code: 'uri_too_long', message: 'The URL is too long' };
    return { status: 431, code: 'headers_too_large', message: 'The request headers are too large' };
  }
  return { status: 400, code: 'bad_request', message: 'The request is not valid HTTP' };
}

/**
 * For Fastify's `clientErrorHandler`: Node's HTTP parser failed before there was a request (URL or headers
 * over the limit, malformed HTTP). Answers on the raw socket in the API's error shape, then closes it.
 * Logged at debug without the bytes received (they hold the URL and the Authorization header).
 */
export function answerClientError(log: FastifyBaseLogger, error: ParserError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const mapped = clientErrorOf(error);
  log.debug({ code: error.code, status: mapped.status }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify({ error: { code: mapped.code, message: mapped.message } } satisfies ApiErrorBody);
    socket.write(
      `HTTP/1.1 ${mapped.status} ${STATUS_CODES[mapped.status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
