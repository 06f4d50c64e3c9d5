// The pages: Handlebars files in ../views (escaping on: every value is text, never markup), one layout,
// partials for what several pages share. Compiled once, when the dashboard is built.
import { readdirSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { t, type Language } from './i18n.js';
import { MESSAGES, type MessageKey } from './messages.js';

const VIEWS = new URL('../views/', import.meta.url);

/** What every page gets besides its own data. */
export interface PageFrame {
  language: Language;
  /** The page's `<title>` and heading. */
  title: string;
  /** Which navigation entry is current. */
  nav: 'overview' | 'stores' | 'templates' | 'messages' | 'phones' | 'login' | 'none';
  csrfToken?: string;
  loggedIn: boolean;
  sandbox: boolean;
  /** The path of this page, for the language switch to come back to. */
  path: string;
  /** A notice at the top: what just happened. */
  flash?: { kind: 'ok' | 'error'; text: string; link?: { href: string; text: string } };
  timeZone: string;
}

export interface Views {
  /** A whole page: the layout around `page` (a file in views/). */
  page(page: string, frame: PageFrame, data: Record<string, unknown>): string;
  /** A fragment (an htmx answer): one file of views/partials, no layout. */
  fragment(partial: string, frame: Pick<PageFrame, 'language' | 'timeZone'> & Partial<PageFrame>, data: Record<string, unknown>): string;
}

export function createViews(): Views {
  const hb = Handlebars.create();
  // Helper names never equal a field name of the pages' data: Handlebars would call the helper for `{{status}}`.
  const language = (options: Handlebars.HelperOptions): Language => (options.data?.root as { frame?: PageFrame } | undefined)?.frame?.language ?? 'tr';
  const timeZone = (options: Handlebars.HelperOptions): string =>
    (options.data?.root as { frame?: PageFrame } | undefined)?.frame?.timeZone ?? 'Europe/Istanbul';
  hb.registerHelper('t', function (this: unknown, key: MessageKey, options: Handlebars.HelperOptions) {
    return t(language(options), key, options.hash as Record<string, string | number>);
  });
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // A value inside a URL's query or path (the HTML escaping of {{…}} applies on top).
  hb.registerHelper('enc', (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? encodeURIComponent(String(value)) : ''));
  hb.registerHelper('encodingName', (encoding: string, options: Handlebars.HelperOptions) =>
    t(language(options), `templates.encoding.${encoding}` as MessageKey),
  );
  hb.registerHelper('not', (a: unknown) => !a);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('statusName', (status: string, options: Handlebars.HelperOptions) => t(language(options), `status.${status}` as MessageKey));
  hb.registerHelper('eventName', (type: string, options: Handlebars.HelperOptions) => {
    const key = `event.${type}` as MessageKey;
    return Object.hasOwn(MESSAGES, key) ? t(language(options), key) : type;
  });
  hb.registerHelper('datetime', (value: unknown, options: Handlebars.HelperOptions) => formatTime(value, language(options), timeZone(options)));
  hb.registerHelper('formatNumber', (value: unknown, options: Handlebars.HelperOptions) =>
    typeof value === 'number' ? new Intl.NumberFormat(language(options) === 'tr' ? 'tr-TR' : 'en-GB').format(value) : '',
  );

  // Sources kept apart: Handlebars replaces a registered partial by its compiled form once a page used it.
  const partialSources = new Map<string, string>();
  for (const file of readdirSync(new URL('partials/', VIEWS))) {
    if (!file.endsWith('.hbs')) continue;
    const source = readFileSync(new URL(`partials/${file}`, VIEWS), 'utf8');
    partialSources.set(file.slice(0, -4), source);
    hb.registerPartial(file.slice(0, -4), source);
  }
  const pages = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of readdirSync(VIEWS)) {
    if (file.endsWith('.hbs')) pages.set(file.slice(0, -4), hb.compile(readFileSync(new URL(file, VIEWS), 'utf8'), { strict: false }));
  }
  const layout = pages.get('layout');
  if (!layout) throw new Error('dashboard: views/layout.hbs is missing');
  const partials = new Map<string, Handlebars.TemplateDelegate>();
  const compiledPartial = (name: string): Handlebars.TemplateDelegate => {
    let compiled = partials.get(name);
    if (!compiled) {
      const source = partialSources.get(name);
      if (source === undefined) throw new Error(`dashboard: views/partials/${name}.hbs is missing`);
      compiled = hb.compile(source);
      partials.set(name, compiled);
    }
    return compiled;
  };

  return {
    page(name, frame, data) {
      const page = pages.get(name);
      if (!page) throw new Error(`dashboard: views/${name}.hbs is missing`);
      const root = { ...data, frame };
      return layout({ ...root, body: new hb.SafeString(page(root)) });
    },
    fragment(name, frame, data) {
      return compiledPartial(name)({ ...data, frame });
    },
  };
}

/** An instant as the shop owner reads it: `26.11.2026 14:05` (tr), `26/11/2026, 14:05` (en), in the store time zone. */
export function formatTime(value: unknown, language: Language, timeZone: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  return new Intl.DateTimeFormat(language === 'tr' ? 'tr-TR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone }).format(value);
}
