// The Fastify application: logger, limits, error shape, and which routes live where. server.ts owns the
// lifecycle (store, client, sandbox, engine); this file only composes HTTP.
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAdapters, type ServerAdapter } from './adapters.js';
import { requireBearer } from './auth.js';
import type { ServerConfig } from './config.js';
import { installErrorHandlers } from './http-errors.js';
import { loggerOptions } from './logging.js';
import { adminRoutes } from './routes/admin.js';
import type { RouteContext } from './routes/context.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { messageRoutes } from './routes/messages.js';
import { templateRoutes } from './routes/templates.js';

/** Largest request body: 1 MiB. Larger → 413 `body_too_large`, nothing read further, nothing stored. */
export const BODY_LIMIT = 1_048_576;
export const API_PREFIX = '/api/v1';

/** A Fastify instance with this server's logger (redaction, phone masking) and limits, no routes yet. */
export function createApp(config: Pick<ServerConfig, 'logLevel'>, logStream?: NodeJS.WritableStream): FastifyInstance {
  return Fastify({
    logger: loggerOptions({ level: config.logLevel, stream: logStream }),
    bodyLimit: BODY_LIMIT,
    // Fastify 5's default: idle keep-alive connections are closed by app.close(); requests in flight finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
}

/**
 * Register every route: /healthz and /metrics without auth, the API under /api/v1 behind the bearer
 * token, then each adapter under /adapters/<name>.
 */
export async function registerRoutes(app: FastifyInstance, context: RouteContext, adapters: readonly ServerAdapter[]): Promise<void> {
  installErrorHandlers(app);
  // During shutdown, answers in flight close their connection, so keep-alive clients do not hold the
  // listener open (Fastify closes only the connections idle when close() starts).
  app.addHook('onSend', async (_request, reply, payload) => {
    if (context.isClosing()) reply.header('connection', 'close');
    return payload;
  });
  await app.register(healthRoutes, context);
  await app.register(
    async (api) => {
      api.addHook('onRequest', requireBearer(context.config.adminToken));
      await api.register(eventRoutes, context);
      await api.register(messageRoutes, context);
      await api.register(templateRoutes, context);
      await api.register(adminRoutes, context);
    },
    { prefix: API_PREFIX },
  );
  const { mode, sender, publicUrl } = context.config;
  await registerAdapters(app, adapters, context.notifier, { mode, sender, publicUrl }, requireBearer(context.config.adminToken));
}
