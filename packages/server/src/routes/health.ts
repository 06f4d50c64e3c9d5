// Unauthenticated operations routes. GET /healthz: 200 `{ ok: true, mode }` while serving, 503 once
// shutdown has begun, so a load balancer stops sending traffic before the listener closes.
// GET /metrics: Prometheus text from this server's own registry (bind to a private interface or put it
// behind the proxy's access rules: it reveals volumes, never message content or numbers).
import type { FastifyPluginAsync } from 'fastify';
import { SERVER_VERSION } from '../version.js';
import type { ServerConfig } from '../config.js';
import type { RouteContext } from './context.js';

/** Where the API is documented (the package README, on npm). */
export const DOCS_URL = 'https://www.npmjs.com/package/@esemes/server';

/** What `GET /` answers a client that does not ask for HTML (a browser gets the dashboard). */
export function aboutServer(config: Pick<ServerConfig, 'mode'>): Record<string, unknown> {
  return {
    name: 'esemes server',
    version: SERVER_VERSION,
    mode: config.mode,
    links: { dashboard: '/ (a browser)', health: '/healthz', metrics: '/metrics', api: '/api/v1 (Authorization: Bearer <ADMIN_TOKEN>)', docs: DOCS_URL },
  };
}

export const healthRoutes: FastifyPluginAsync<Pick<RouteContext, 'config' | 'metrics' | 'isClosing'>> = async (app, { config, metrics, isClosing }) => {
  app.get('/healthz', async (_request, reply) => {
    if (isClosing()) return reply.code(503).send({ ok: false, mode: config.mode, closing: true });
    return { ok: true, mode: config.mode };
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
};
