// Every error the API answers has one shape: `{ error: { code, message, ...details } }`. This file maps
// Fastify's, the engine's and the templates' errors to it, so a route only throws.
import { isEsemesError, isProviderError, isTransportError } from '@esemes/core';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

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
    case 'template_variable':
    case 'template_syntax':
    case 'template_helper':
    case 'template_empty':
    case 'template_too_long': {
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

/** Install the JSON error and not-found handlers on `app`. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    const mapped = mapError(error);
    if (mapped) {
      request.log.info({ code: mapped.code, status: mapped.status }, 'request refused');
      return sendError(reply, mapped.status, mapped.code, mapped.message, mapped.details);
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 500, 'internal', 'Internal server error; the log has the details');
  });
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    return sendError(reply, 404, 'not_found', `No route ${request.method} ${path}`);
  });
}
