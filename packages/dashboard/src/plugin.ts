// createDashboard: the shop owner's dashboard as a Fastify plugin the server registers at `/`. In its own
// encapsulated scope: cookies, sessions (in the engine's database), form bodies, CSRF protection and the
// login rate limit apply to the dashboard's routes only, never to the API or the platforms' webhooks.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { createContext, safeNext, type DashboardContext } from './context.js';
import { LANGUAGE_COOKIE } from './i18n.js';
import { resolveOptions, type DashboardOptions } from './options.js';
import { messageRoutes } from './routes/messages.js';
import { overviewRoutes } from './routes/overview.js';
import { phoneRoutes } from './routes/phones.js';
import { storeRoutes } from './routes/stores.js';
import { templateRoutes } from './routes/templates.js';
import { stateSessionStore, sweepSessions } from './session-store.js';
import { createViews } from './views.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A dashboard route anyone may open (the login page, the assets). */
    dashboardPublic?: boolean;
  }
}

export interface Dashboard {
  /** Register at the server's root: `await app.register(dashboard.plugin)`. */
  plugin: FastifyPluginAsync;
}

const SESSION_COOKIE = 'esemes_session';
const CONFIG_NAMESPACE = 'dashboard:config';
const require = createRequire(import.meta.url);

/**
 * Builds the dashboard; options are checked here, once.
 * @example
 * const dashboard = createDashboard({ notifier, mode: 'sandbox', sender: 'DEMO', password, publicUrl, panels: () => panels, about });
 * await app.register(dashboard.plugin);
 */
export function createDashboard(input: DashboardOptions): Dashboard {
  const options = resolveOptions(input);
  const views = createViews();
  const assets = {
    'app.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('../public/app.css', import.meta.url)) },
    'htmx.min.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(require.resolve('htmx.org/dist/htmx.min.js')) },
  } as const;
  // One password hash, compared in constant time with the hash of what was typed.
  const passwordHash = options.password === undefined ? undefined : createHash('sha256').update(options.password).digest();

  const plugin: FastifyPluginAsync = async (app) => {
    const state = options.notifier.state;
    const secret = await sessionSecret(state, options.clock());
    await app.register(fastifyCookie);
    await app.register(fastifySession, {
      secret,
      cookieName: SESSION_COOKIE,
      saveUninitialized: false,
      store: stateSessionStore(state, options.sessionMaxAgeMs, options.clock),
      cookie: {
        httpOnly: true,
        // Lax: the platform's approval page sends the shop owner back here with a top-level GET.
        sameSite: 'lax',
        secure: options.publicUrl?.startsWith('https://') === true ? 'auto' : false,
        path: '/',
        maxAge: options.sessionMaxAgeMs,
      },
    });
    await app.register(fastifyFormbody);
    await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session' });
    await app.register(fastifyRateLimit, { global: false });
    const context = createContext(options, views);

    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config?.dashboardPublic === true || request.session.loggedIn === true) return;
      if (request.headers['hx-request'] === 'true') return reply.code(401).header('hx-redirect', '/login').send();
      return reply
        .code(303)
        .header('location', `/login?next=${encodeURIComponent(request.url)}`)
        .send();
    });
    // Every state-changing request needs the session's CSRF token (a form field or the x-csrf-token header).
    app.addHook('preHandler', async (request, reply) => {
      if (request.method === 'GET' || request.method === 'HEAD') return;
      await new Promise<void>((resolve, reject) => app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve())));
    });
    app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => dashboardError(context, error, request, reply));

    for (const [name, asset] of Object.entries(assets)) {
      app.get(`/assets/${name}`, { config: { dashboardPublic: true } }, async (_request, reply) =>
        reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body),
      );
    }
    authRoutes(app, context, passwordHash);
    await overviewRoutes(app, context);
    await storeRoutes(app, context);
    await templateRoutes(app, context);
    await messageRoutes(app, context);
    await phoneRoutes(app, context);

    // Expired sessions would otherwise only go when their cookie comes back.
    const sweep = setInterval(() => void sweepSessions(state, options.clock()).catch(() => undefined), 10 * 60_000);
    sweep.unref();
    app.addHook('onClose', async () => clearInterval(sweep));
  };
  return { plugin };
}

function authRoutes(app: FastifyInstance, context: DashboardContext, passwordHash: Buffer | undefined): void {
  const { options } = context;
  app.get('/login', { config: { dashboardPublic: true } }, async (request, reply) => {
    if (request.session.loggedIn === true) return reply.code(303).header('location', '/').send();
    const next = safeNext((request.query as Record<string, unknown>)['next']);
    return context.page(request, reply, 'login', { title: context.text(request, 'login.title'), nav: 'login' }, { next, disabled: passwordHash === undefined });
  });

  app.post(
    '/login',
    {
      config: {
        dashboardPublic: true,
        rateLimit: {
          max: options.loginAttempts.max,
          timeWindow: options.loginAttempts.windowMs,
          errorResponseBuilder: () => Object.assign(new Error('too many login attempts'), { statusCode: 429, code: 'login_rate_limited' }),
        },
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const next = safeNext(body['next']);
      const typed = typeof body['password'] === 'string' ? body['password'] : '';
      if (passwordHash === undefined || !timingSafeEqual(createHash('sha256').update(typed).digest(), passwordHash)) {
        request.log.warn({ ip: request.ip }, 'dashboard: wrong password');
        return context.page(
          request,
          reply,
          'login',
          { title: context.text(request, 'login.title'), nav: 'login' },
          { next, disabled: passwordHash === undefined, error: true },
          401,
        );
      }
      // A new session id at login: a session fixed before it cannot be taken over.
      await request.session.regenerate();
      request.session.loggedIn = true;
      return reply.code(303).header('location', next).send();
    },
  );

  app.post('/logout', async (request, reply) => {
    await request.session.destroy();
    return reply.code(303).header('location', '/login?out=1').send();
  });

  app.get('/lang', { config: { dashboardPublic: true } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const to = query['to'] === 'en' ? 'en' : 'tr';
    return reply
      .setCookie(LANGUAGE_COOKIE, to, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 86_400 })
      .code(303)
      .header('location', safeNext(query['back']))
      .send();
  });
}

async function dashboardError(
  context: DashboardContext,
  error: Error & { statusCode?: number; code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const language = context.languageOf(request);
  if (error.code === 'login_rate_limited') {
    return context.page(request, reply, 'login', { title: context.text(request, 'login.title'), nav: 'login' }, { next: '/', limited: true }, 429);
  }
  if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
    return context.page(
      request,
      reply,
      'error',
      { title: context.text(request, 'login.title'), nav: 'none' },
      { message: context.text(request, 'csrf.refused') },
      403,
    );
  }
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) request.log.error({ err: error }, 'dashboard: request failed');
  const message =
    status === 404
      ? context.text(request, 'error.notFound')
      : language === 'tr'
        ? 'Bir hata oluştu; ayrıntılar sunucu kaydında.'
        : 'Something went wrong; the server log has the details.';
  return context.page(request, reply, 'error', { title: message, nav: 'none' }, { message }, status);
}

/** The key that signs session cookies: made once and kept in the database, so every instance shares it. */
async function sessionSecret(state: DashboardContextState, now: number): Promise<string> {
  const existing = await state.getState(CONFIG_NAMESPACE, 'session-secret');
  if (existing) return existing.value;
  const fresh = randomBytes(48).toString('base64url');
  const stored = await state.putState(CONFIG_NAMESPACE, 'session-secret', fresh, { expectedVersion: null }, now);
  if (stored) return stored.value;
  // Another instance made it first.
  const winner = await state.getState(CONFIG_NAMESPACE, 'session-secret');
  if (!winner) throw new Error('dashboard: the session secret could not be stored');
  return winner.value;
}

type DashboardContextState = DashboardContext['options']['notifier']['state'];
