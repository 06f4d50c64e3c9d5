// What every dashboard route shares: the options, the views, and how to answer with a page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LANGUAGE_COOKIE, pickLanguage, t, type Language } from './i18n.js';
import type { MessageKey } from './messages.js';
import type { ResolvedOptions } from './options.js';
import type { PageFrame, Views } from './views.js';

/** A notice shown once on the next page, with an optional link (e.g. to the message just queued). */
export interface Flash {
  kind: 'ok' | 'error';
  text: string;
  link?: { href: string; text: string };
}

declare module 'fastify' {
  interface Session {
    loggedIn?: boolean;
    /** What just happened, shown once on the next page (post, redirect, get). */
    flash?: Flash;
  }
}

export interface DashboardContext {
  options: ResolvedOptions;
  views: Views;
  languageOf(request: FastifyRequest): Language;
  /** Answer with a page: the layout, the navigation, the session's flash (consumed) and the CSRF token. */
  page(
    request: FastifyRequest,
    reply: FastifyReply,
    page: string,
    frame: { title: string; nav: PageFrame['nav'] },
    data?: Record<string, unknown>,
    status?: number,
  ): FastifyReply;
  /** Keep a notice for the next page and redirect there (303: the browser GETs it). */
  redirect(
    request: FastifyRequest,
    reply: FastifyReply,
    to: string,
    flash?: { kind: 'ok' | 'error'; key: MessageKey; values?: Record<string, string | number> } | Flash,
  ): FastifyReply;
  /** A text in the request's language. */
  text(request: FastifyRequest, key: MessageKey, values?: Record<string, string | number>): string;
}

export function createContext(options: ResolvedOptions, views: Views): DashboardContext {
  const languageOf = (request: FastifyRequest): Language => pickLanguage(request.headers['accept-language'], request.cookies?.[LANGUAGE_COOKIE]);
  return {
    options,
    views,
    languageOf,
    text: (request, key, values) => t(languageOf(request), key, values),
    page(request, reply, page, frame, data = {}, status = 200) {
      const flash = request.session?.flash;
      if (flash) delete request.session.flash;
      const html = views.page(
        page,
        {
          language: languageOf(request),
          title: frame.title,
          nav: frame.nav,
          csrfToken: reply.generateCsrf(),
          loggedIn: request.session?.loggedIn === true,
          sandbox: options.mode === 'sandbox',
          path: request.url,
          ...(flash ? { flash } : {}),
          timeZone: options.timeZone,
        },
        data,
      );
      return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
    },
    redirect(request, reply, to, flash) {
      if (flash) request.session.flash = 'text' in flash ? flash : { kind: flash.kind, text: t(languageOf(request), flash.key, flash.values) };
      return reply.code(303).header('location', to).send();
    },
  };
}

/** A local path to come back to after logging in (never another site). */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && !value.startsWith('/login') ? value : '/';
}
