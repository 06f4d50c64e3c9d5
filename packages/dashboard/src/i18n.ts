// Turkish and English: the browser's language first, a choice the shop owner made (a cookie) over it.
import type { DashboardText } from '@esemes/adapter-kit';
import { MESSAGES, type MessageKey } from './messages.js';

export type Language = 'tr' | 'en';
export const LANGUAGES: readonly Language[] = ['tr', 'en'];
export const LANGUAGE_COOKIE = 'esemes_lang';

/** The language to answer in: the cookie's when set, else the first of Accept-Language we speak, else Turkish. */
export function pickLanguage(acceptLanguage: string | undefined, cookie: string | undefined): Language {
  if (cookie === 'tr' || cookie === 'en') return cookie;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.tag !== '' && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    const base = tag.split('-')[0];
    if (base === 'tr' || base === 'en') return base;
  }
  return 'tr';
}

/** A message of the dashboard in `language`, with `{name}` placeholders filled. */
export function t(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  const entry = MESSAGES[key];
  const template = entry[language];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

/** A platform's text in `language`. */
export function textOf(text: DashboardText | undefined, language: Language): string {
  if (text === undefined) return '';
  return typeof text === 'string' ? text : text[language];
}
