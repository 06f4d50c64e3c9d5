// Unauthenticated operations routes. GET /: what this is and where to go (JSON, or a small page for a
// browser), until the dashboard takes `/`. GET /healthz: 200 `{ ok: true, mode }` while serving, 503 once
// shutdown has begun, so a load balancer stops sending traffic before the listener closes.
// GET /metrics: Prometheus text from this server's own registry (bind to a private interface or put it
// behind the proxy's access rules: it reveals volumes, never message content or numbers).
import type { FastifyPluginAsync } from 'fastify';
import { SERVER_VERSION } from '../version.js';
import type { RouteContext } from './context.js';

/** Where the API is documented (the package README, on npm). */
export const DOCS_URL = 'https://www.npmjs.com/package/@esemes/server';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const healthRoutes: FastifyPluginAsync<Pick<RouteContext, 'config' | 'metrics' | 'isClosing'>> = async (app, { config, metrics, isClosing }) => {
  app.get('/', async (request, reply) => {
    const about = {
      name: 'esemes server',
      version: SERVER_VERSION,
      mode: config.mode,
      links: { health: '/healthz', metrics: '/metrics', api: '/api/v1 (Authorization: Bearer <ADMIN_TOKEN>)', docs: DOCS_URL },
    };
    // A browser asks for HTML first; scripts and curl get JSON.
    if (!/^text\/html/.test(request.headers.accept ?? '')) return about;
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>esemes server</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .2rem}</style></head>
<body><h1>esemes server ${escapeHtml(SERVER_VERSION)}</h1><p>Running in <strong>${escapeHtml(config.mode)} mode</strong>.</p>
<ul><li><a href="/healthz">/healthz</a></li><li><a href="/metrics">/metrics</a></li><li><code>/api/v1</code> with <code>Authorization: Bearer &lt;ADMIN_TOKEN&gt;</code></li><li><a href="${DOCS_URL}">API documentation</a></li></ul></body></html>
`;
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get('/healthz', async (_request, reply) => {
    if (isClosing()) return reply.code(503).send({ ok: false, mode: config.mode, closing: true });
    return { ok: true, mode: config.mode };
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
};
