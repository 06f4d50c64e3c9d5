// Inspection and control over HTTP, as JSON under /_sandbox/. No authentication: the sandbox is
// for local development and tests only and must never face a network you do not control.
import type { FastifyInstance } from 'fastify';
import { API_BASE_PATH, API_PATHS } from './api-paths.js';
import { isSandboxConfigError } from './errors.js';
import type { SandboxControls } from './sandbox-controls.js';

const HOME = (controls: SandboxControls): string =>
  [
    'esemes sandbox: a local stand-in for the esemes XML SMS API (for development and tests only).',
    '',
    `API (POST the XML document as the body): ${Object.keys(API_PATHS)
      .map((p) => API_BASE_PATH + p)
      .join(', ')}`,
    `Default account: user "demo", password "demo" (when no accounts are configured). Accounts: ${controls.users().join(', ')}`,
    'Inspection (JSON, no auth, local only): GET /_sandbox/health, /_sandbox/phones, /_sandbox/inbox/:number, /_sandbox/sends,',
    '  /_sandbox/requests, /_sandbox/accounts/:user, /_sandbox/faults; POST /_sandbox/faults, /_sandbox/latency,',
    '  /_sandbox/reset; DELETE /_sandbox/faults.',
    '',
  ].join('\n');

function problem(error: unknown): { error: string; problems: readonly string[] } {
  if (isSandboxConfigError(error)) return { error: error.message, problems: error.problems };
  return { error: 'invalid request', problems: [] };
}

/** Registers `GET /` and the `/_sandbox/` routes on `app`. */
export async function registerInspectRoutes(app: FastifyInstance, controls: SandboxControls): Promise<void> {
  app.get('/', async (_request, reply) => reply.type('text/plain; charset=utf-8').send(HOME(controls)));
  app.get('/_sandbox/health', async () => ({ ok: true, sends: controls.sends().length, users: controls.users() }));
  app.get<{ Params: { number: string } }>('/_sandbox/inbox/:number', async (request) => controls.inbox(request.params.number));
  app.get<{ Querystring: { limit?: string } }>('/_sandbox/phones', async (request, reply) => {
    const { limit } = request.query;
    try {
      return controls.phones(limit === undefined ? {} : { limit: /^\d{1,9}$/.test(limit) ? Number(limit) : NaN });
    } catch (error) {
      return reply.code(400).send(problem(error));
    }
  });
  app.get('/_sandbox/sends', async () => controls.sends());
  app.get('/_sandbox/requests', async () => controls.requests());
  app.get<{ Params: { user: string } }>('/_sandbox/accounts/:user', async (request, reply) => {
    const account = controls.account(request.params.user);
    return account ?? reply.code(404).send({ error: 'no such account' });
  });
  app.post<{ Params: { user: string }; Body: { numeric?: number; alphanumeric?: number } }>('/_sandbox/accounts/:user/credits', async (request, reply) => {
    try {
      const account = controls.setCredits(request.params.user, request.body ?? {});
      return account ?? reply.code(404).send({ error: 'no such account' });
    } catch (error) {
      return reply.code(400).send(problem(error));
    }
  });
  app.get('/_sandbox/faults', async () => ({ latencyMs: controls.faults.latencyMs, pending: controls.faults.pending() }));
  app.post('/_sandbox/faults', async (request, reply) => {
    try {
      controls.faults.inject(request.body as never);
    } catch (error) {
      return reply.code(400).send(problem(error));
    }
    return reply.code(201).send({ pending: controls.faults.pending() });
  });
  app.delete('/_sandbox/faults', async () => {
    controls.faults.clear();
    return { cleared: true };
  });
  app.post('/_sandbox/latency', async (request, reply) => {
    const ms = (request.body as { ms?: unknown } | undefined)?.ms;
    try {
      controls.faults.setLatency(ms as number);
    } catch (error) {
      return reply.code(400).send(problem(error));
    }
    return { latencyMs: controls.faults.latencyMs };
  });
  app.post('/_sandbox/reset', async () => {
    controls.reset();
    return { reset: true };
  });
}
