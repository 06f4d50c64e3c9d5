// The provider's API over HTTP: POST only, the raw body as XML whatever the Content-Type, latency
// and injected faults first, then handleCall, then the reply in the configured charset.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_BASE_PATH, API_PATHS, type ApiPath } from './api-paths.js';
import type { FaultController } from './faults.js';
import { handleCall, type CallContext } from './handle-call.js';
import { encodeReply, replyContentType, type ReplyCharset } from './reply-encoding.js';
import type { RequestLogEntry } from './store.js';

/** Largest request body accepted: room for 100,000 personalized messages. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** What the API routes need from the sandbox. */
export interface ApiRouteContext extends CallContext {
  faults: FaultController;
  replyCharset: ReplyCharset;
  declareCharset: boolean;
  /** Aborted when the sandbox closes, to cut latency waits short. */
  closing: AbortSignal;
}

/** Ends the exchange without a reply: the client sees the connection drop. */
function drop(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket.destroy();
}

function answer(context: ApiRouteContext, path: ApiPath) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const entry: RequestLogEntry = {
      at: new Date(context.now()).toISOString(),
      path: API_BASE_PATH + path,
      user: null,
      status: 200,
      outcome: 'ERR',
      reply: null,
      reportId: null,
    };
    // `plain`: an HTTP error page, always declared UTF-8, not the API's configured charset.
    const respond = (status: number, type: 'text/plain' | 'text/xml', body: string, plain = false): void => {
      context.store.log({ ...entry, status });
      const charset = plain ? 'utf-8' : context.replyCharset;
      void reply
        .code(status)
        .header('content-type', replyContentType(type, charset, plain || context.declareCharset))
        .send(encodeReply(body, charset));
    };
    if (context.faults.latencyMs > 0) {
      try {
        await sleep(context.faults.latencyMs, undefined, { signal: context.closing });
      } catch {
        drop(request, reply); // the sandbox is closing
        return;
      }
    }
    const fault = context.faults.take(path);
    if (fault) entry.outcome = fault.kind;
    if (fault?.kind === 'drop-before-accept') {
      context.store.log({ ...entry, status: null });
      drop(request, reply);
      return;
    }
    if (fault?.kind === 'http-5xx') return respond(fault.status, 'text/plain', fault.text, true);
    if (fault?.kind === 'err') {
      entry.reply = fault.text;
      return respond(200, 'text/plain', fault.text);
    }
    const body = Buffer.isBuffer(request.body) ? request.body : undefined;
    const result = handleCall(path, body, request.headers['content-type'], context);
    Object.assign(entry, {
      user: result.user,
      reportId: result.reportId,
      reply: result.type === 'text/plain' ? result.body : null,
      outcome: fault?.kind ?? result.outcome,
    });
    if (fault?.kind === 'drop-after-accept') {
      context.store.log({ ...entry, status: null });
      drop(request, reply);
      return;
    }
    respond(200, result.type, result.body);
  };
}

/**
 * Registers every API path under `/api-v3/` on `app`, in its own scope so that its catch-all raw
 * body parser does not affect the JSON inspection routes.
 */
export async function registerApiRoutes(app: FastifyInstance, context: ApiRouteContext): Promise<void> {
  await app.register(async (api) => {
    api.removeAllContentTypeParsers();
    // Every Content-Type (and none): the body is raw XML bytes, decoded later by its declared charset.
    api.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_request, body, done) => {
      done(null, body);
    });
    api.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
      const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
      void reply.code(status).type('text/plain; charset=utf-8').send(`${status} ${error.message}`);
    });
    for (const path of Object.keys(API_PATHS) as ApiPath[]) {
      const url = API_BASE_PATH + path;
      api.post(url, { bodyLimit: MAX_BODY_BYTES }, answer(context, path));
      api.route({
        method: ['GET', 'PUT', 'PATCH', 'DELETE'],
        url,
        handler: async (_request, reply) => {
          void reply
            .code(405)
            .header('allow', 'POST')
            .type('text/plain; charset=utf-8')
            .send('405 Method Not Allowed: POST the XML document as the request body.');
        },
      });
    }
  });
}
