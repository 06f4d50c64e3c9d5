// The Fastify application: logger, limits, error shape, and which routes live where. server.ts owns the
// lifecycle (store, client, sandbox, engine); this file only composes HTTP.
import { createDashboard, type DashboardSandbox } from '@esemes/dashboard';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type onRequestAsyncHookHandler, type onRequestHookHandler } from 'fastify';
import { registerAdapters, type ServerAdapter } from './adapters.js';
import { requireBearer, requireBearerHook } from './auth.js';
import type { ServerConfig } from './config.js';
import { answerClientError, frameworkErrorOf, installErrorHandlers, notFoundHandler, sendError } from './http-errors.js';
import { loggerOptions } from './logging.js';
import { createRouteIndex, type RouteIndex } from './route-index.js';
import { adminRoutes } from './routes/admin.js';
import type { RouteContext } from './routes/context.js';
import { eventRoutes } from './routes/events.js';
import { aboutServer, healthRoutes } from './routes/health.js';
import { messageRoutes } from './routes/messages.js';
import { storeRoutes } from './routes/stores.js';
import { templateRoutes } from './routes/templates.js';

/** Largest request body: 1 MiB. Larger → 413 `body_too_large`, nothing read further, nothing stored. */
export const BODY_LIMIT = 1_048_576;
export const API_PREFIX = '/api/v1';
/** Longest path parameter (Fastify's default): longer → 414 `uri_too_long`. */
const MAX_PARAM_LENGTH = 100;

/** True for `/api/v1` and everything under it: no answer there says anything but 401 without the token. */
function isApiPath(url: string): boolean {
  return url === API_PREFIX || url.startsWith(`${API_PREFIX}/`) || url.startsWith(`${API_PREFIX}?`);
}

interface AppParts {
  routes: RouteIndex;
  requireAdmin: onRequestAsyncHookHandler;
  /** The same check as a callback hook, for /api/v1 (no promise per request). */
  requireAdminHook: onRequestHookHandler;
}
const parts = new WeakMap<FastifyInstance, AppParts>();

/** A Fastify instance with this server's logger (redaction, phone masking), limits and error answers, no routes yet. */
export function createApp(config: Pick<ServerConfig, 'logLevel' | 'adminToken'>, logStream?: NodeJS.WritableStream): FastifyInstance {
  const routes = createRouteIndex();
  const requireAdmin = requireBearer(config.adminToken);
  const app: FastifyInstance = Fastify({
    logger: loggerOptions({ level: config.logLevel, stream: logStream, routes }),
    // LOG_LEVEL=silent writes no line: no per-request child logger then (a pino child with redaction, ~1% of an event's cost).
    ...(config.logLevel === 'silent' ? { childLoggerFactory: (logger: FastifyBaseLogger) => logger } : {}),
    bodyLimit: BODY_LIMIT,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Fastify 5's default: idle keep-alive connections are closed by app.close(); requests in flight finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Fastify's own answers to these echo the path (which may carry a token): ours have the API's shape.
    frameworkErrors: (error, request, reply) => {
      void (async () => {
        if (isApiPath(request.url)) await requireAdmin.call(app, request, reply);
        if (reply.sent) return;
        const mapped = frameworkErrorOf(error, MAX_PARAM_LENGTH);
        request.log.info({ code: mapped.code, status: mapped.status }, 'request refused');
        sendError(reply, mapped.status, mapped.code, mapped.message);
      })().catch((failure: unknown) => {
        request.log.error({ err: failure }, 'request failed');
        if (!reply.sent) sendError(reply, 500, 'internal', 'Internal server error; the log has the details');
      });
    },
    clientErrorHandler: (error, socket) => answerClientError(app.log, error, socket),
  });
  app.addHook('onRoute', (route) => routes.add(route));
  parts.set(app, { routes, requireAdmin, requireAdminHook: requireBearerHook(config.adminToken) });
  return app;
}

function partsOf(app: FastifyInstance): AppParts {
  const found = parts.get(app);
  if (!found) throw new TypeError('registerRoutes: the app must come from createApp()');
  return found;
}

/**
 * Register every route: /healthz and /metrics without auth, the API under /api/v1 behind the bearer
 * token, each adapter under /adapters/<name> (or its prefix), then the shop owner's dashboard at `/`
 * (behind ADMIN_PASSWORD; with the adapters' panels; the sandbox's phones in sandbox mode).
 */
export async function registerRoutes(
  app: FastifyInstance,
  context: RouteContext,
  adapters: readonly ServerAdapter[],
  dashboard: { sandbox?: DashboardSandbox; clock?: () => number } = {},
): Promise<void> {
  const { routes, requireAdmin, requireAdminHook } = partsOf(app);
  installErrorHandlers(app, routes);
  // During shutdown, answers in flight close their connection, so keep-alive clients do not hold the
  // listener open (Fastify closes only the connections idle when close() starts).
  // A callback hook (no promise per answer): it runs on every request.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (context.isClosing()) reply.header('connection', 'close');
    done(null, payload);
  });
  await app.register(healthRoutes, context);
  await app.register(
    async (api) => {
      // The API's not-found handler runs behind this hook too: an unknown path under /api/v1 answers 401
      // without the token (nobody learns which routes exist), 404 or 405 with it.
      api.addHook('onRequest', requireAdminHook);
      api.setNotFoundHandler(notFoundHandler(routes));
      // JSON only: no route of the API takes a text body as a string (415 instead).
      api.removeContentTypeParser('text/plain');
      await api.register(eventRoutes, context);
      await api.register(messageRoutes, context);
      await api.register(templateRoutes, context);
      await api.register(storeRoutes, context);
      await api.register(adminRoutes, context);
    },
    { prefix: API_PREFIX },
  );
  const { mode, sender, publicUrl } = context.config;
  await registerAdapters(app, adapters, context.notifier, { mode, sender, publicUrl }, requireAdmin);
  const panels = adapters.flatMap((adapter) => (adapter.dashboard ? [adapter.dashboard()] : []));
  const { plugin } = createDashboard({
    notifier: context.notifier,
    mode,
    sender,
    password: context.config.adminPassword,
    publicUrl,
    panels: () => panels,
    about: () => aboutServer(context.config),
    ...(dashboard.sandbox ? { sandbox: dashboard.sandbox } : {}),
    ...(dashboard.clock ? { clock: dashboard.clock } : {}),
  });
  await app.register(plugin);
}
