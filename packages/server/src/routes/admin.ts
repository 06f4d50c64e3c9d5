// Operations: the provider balance, the engine's status (pause, queue), resuming a pause, cancellation by key.
import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from '../http-errors.js';
import type { RouteContext } from './context.js';

export const adminRoutes: FastifyPluginAsync<RouteContext> = async (app, { notifier, config }) => {
  app.get('/balance', async () => {
    const balance = await notifier.balance();
    return { numeric: balance.numeric, alphanumeric: balance.alphanumeric };
  });

  app.get('/status', async () => {
    const [pause, queue] = await Promise.all([notifier.pause(), notifier.queueCounts()]);
    return {
      mode: config.mode,
      sender: config.sender,
      paused: pause !== undefined,
      pause: pause ? { code: pause.code, reason: pause.reason, since: new Date(pause.since).toISOString() } : null,
      queue,
    };
  });

  // Lift a dispatch pause by hand, e.g. once a sender title is registered (a sender pause never lifts itself).
  app.post('/resume', async () => {
    const lifted = await notifier.resume();
    return { resumed: lifted !== undefined, pause: lifted ? { code: lifted.code, reason: lifted.reason, since: new Date(lifted.since).toISOString() } : null };
  });

  app.post('/cancel', async (request) => {
    const body = request.body as Record<string, unknown> | null;
    const cancelKey = typeof body === 'object' && body !== null && !Array.isArray(body) ? body['cancelKey'] : undefined;
    if (typeof cancelKey !== 'string' || cancelKey.trim() === '' || cancelKey.length > 300) {
      throw new HttpError(
        400,
        'invalid_request',
        'cancelKey is required: the key the events gave their messages (e.g. "cart:<store>:<cart id>"), at most 300 characters',
      );
    }
    return { cancelled: await notifier.cancel(cancelKey.trim()) };
  });
};
