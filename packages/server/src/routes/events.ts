// POST /api/v1/events: the generic way in for any platform without an adapter.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { HttpError } from '../http-errors.js';
import type { RouteContext } from './context.js';

const JSON_TYPE = /^application\/json[ \t]*(;|$)/i;

/** 415 before the body is read unless it is declared JSON: a text or form body, or none at all, is not an event. */
function requireJson(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  // A callback hook, not an async one: this runs on every event, and a promise per request is measurable there.
  if (JSON_TYPE.test(request.headers['content-type'] ?? '')) done();
  else done(new HttpError(415, 'unsupported_media_type', 'Send the body as Content-Type: application/json'));
}

/** What POST /events answers, serialized by this schema (fast-json-stringify) instead of JSON.stringify. */
const ACCEPTED_SCHEMA = {
  type: 'object',
  required: ['status', 'eventId', 'messageIds', 'skipped'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['accepted', 'duplicate'] },
    eventId: { type: 'string' },
    messageIds: { type: 'array', items: { type: 'string' } },
    skipped: {
      type: 'array',
      items: {
        type: 'object',
        required: ['role', 'reason'],
        additionalProperties: false,
        properties: { role: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
} as const;

/**
 * 202 `{ status: 'accepted', eventId, messageIds, skipped }` for a new idempotency key, 200 with the
 * original ids for a repeat. Validation (422), JSON (400), size (413), media type (415) and token (401) errors store nothing:
 * the engine validates before its one accepting transaction.
 */
export const eventRoutes: FastifyPluginAsync<RouteContext> = async (app, { notifier, metrics }) => {
  app.post('/events', { onRequest: requireJson, schema: { response: { 200: ACCEPTED_SCHEMA, 202: ACCEPTED_SCHEMA } } }, async (request, reply) => {
    const outcome = await notifier.accept(request.body);
    metrics.countEvent(outcome.status);
    request.log.info({ eventId: outcome.eventId, status: outcome.status, messages: outcome.messageIds.length }, 'event');
    return reply.code(outcome.status === 'accepted' ? 202 : 200).send({
      status: outcome.status,
      eventId: outcome.eventId,
      messageIds: outcome.messageIds,
      skipped: outcome.skipped,
    });
  });
};
