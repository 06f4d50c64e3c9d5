// POST /api/v1/events: the generic way in for any platform without an adapter.
import type { FastifyPluginAsync } from 'fastify';
import type { RouteContext } from './context.js';

/**
 * 202 `{ status: 'accepted', eventId, messageIds, skipped }` for a new idempotency key, 200 with the
 * original ids for a repeat. Validation (422), JSON (400), size (413) and token (401) errors store nothing:
 * the engine validates before its one accepting transaction.
 */
export const eventRoutes: FastifyPluginAsync<RouteContext> = async (app, { notifier, metrics }) => {
  app.post('/events', async (request, reply) => {
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
