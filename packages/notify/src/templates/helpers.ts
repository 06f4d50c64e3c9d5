// The helpers of the template environment. None of them throws: a missing or odd value renders as '' or as itself.
import { segments } from '@esemes/core';
import type { HelperDelegate, HelperOptions } from 'handlebars';
import type { OrderStatus } from '../events/schema.js';
import type { TemplateLanguage } from './types.js';
import { fitHelper, fitPartsHelper } from './fit-parts.js';
import { cut } from './text.js';

/** What the helpers read from the render context (`@root`). */
interface Root {
  store?: { locale?: string; currency?: string; timeZone?: string };
  language?: TemplateLanguage;
}

const STATUS_LABELS: Readonly<Record<TemplateLanguage, Readonly<Record<OrderStatus, string>>>> = {
  tr: {
    pending_payment: 'Ödeme bekleniyor',
    processing: 'Hazırlanıyor',
    on_hold: 'Beklemede',
    completed: 'Tamamlandı',
    cancelled: 'İptal edildi',
    refunded: 'İade edildi',
    failed: 'Ödeme başarısız',
    returned: 'İade teslim alındı',
  },
  en: {
    pending_payment: 'Awaiting payment',
    processing: 'Processing',
    on_hold: 'On hold',
    completed: 'Completed',
    cancelled: 'Cancelled',
    refunded: 'Refunded',
    failed: 'Payment failed',
    returned: 'Return received',
  },
};

const DATE_STYLES = new Set(['full', 'long', 'medium', 'short']);

/** Building an Intl formatter costs ~50 µs, formatting with one ~1 µs: each template service keeps the few its shops use. */
type FormatterCache = <T extends object>(key: string, create: () => T) => T;

function formatterCache(limit = 256): FormatterCache {
  const formatters = new Map<string, object>();
  return <T extends object>(key: string, create: () => T): T => {
    let format = formatters.get(key) as T | undefined;
    if (!format) {
      format = create();
      if (formatters.size >= limit) formatters.clear();
      formatters.set(key, format);
    }
    return format;
  };
}

/** The names of every helper (see helper-specs.ts for how each is called). */
export const HELPER_NAMES: readonly string[] = ['money', 'date', 'datetime', 'truncate', 'upper', 'lower', 'statusLabel', 'eq', 'fit', 'fitParts'];

/**
 * Every helper, by name, for one template service: the Intl formatters they build are cached in the
 * returned set, not in the module, so two services never share (or evict) each other's.
 */
export function createHelpers(): Readonly<Record<string, HelperDelegate>> {
  const cached = formatterCache();
  return {
    money: (value: unknown, options: HelperOptions) => money(value, options, cached),
    date: (value: unknown, options: HelperOptions) => formatDate(value, options, false, cached),
    datetime: (value: unknown, options: HelperOptions) => formatDate(value, options, true, cached),
    truncate,
    upper: (value: unknown, options: HelperOptions) => text(value).toLocaleUpperCase(caseLocale(options)),
    lower: (value: unknown, options: HelperOptions) => text(value).toLocaleLowerCase(caseLocale(options)),
    statusLabel,
    eq: (a: unknown, b: unknown) => a === b || (a != null && b != null && String(a) === String(b)),
    fit: fitHelper,
    fitParts: fitPartsHelper,
  };
}

/**
 * `{{money order.total}}`: the amount in the store's currency (or `currency=`), formatted for the store's
 * locale. A symbol outside GSM-7 (₺) would turn the SMS into UCS-2 (70 characters a part), so it becomes
 * the local abbreviation: `1.249,90 TL` (tr), `TRY 1,249.90` (en). `display="symbol"` keeps Intl's symbol.
 */
function money(value: unknown, options: HelperOptions, cached: FormatterCache): string {
  if (value === undefined || value === null || value === '') return '';
  const amount = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(amount)) return text(value);
  const root = rootOf(options);
  const wanted = typeof options.hash['currency'] === 'string' ? options.hash['currency'].trim().toUpperCase() : '';
  const currency = /^[A-Z]{3}$/.test(wanted) ? wanted : (root.store?.currency ?? 'TRY');
  const locale = formatLocale(root);
  let format: MoneyFormat;
  try {
    format = cached(`money|${locale}|${currency}`, () => moneyFormat(locale, currency));
  } catch {
    return `${amount} ${currency}`;
  }
  if (options.hash['display'] === 'symbol' || format.symbolFitsGsm) return gsmSpaces(format.withSymbol.format(amount));
  const code = currency === 'TRY' ? 'TL' : currency;
  const number = format.plain.format(amount);
  return gsmSpaces(locale.startsWith('tr') ? `${number} ${code}` : `${code} ${number}`);
}

interface MoneyFormat {
  withSymbol: Intl.NumberFormat;
  /** The same digits without the currency. */
  plain: Intl.NumberFormat;
  /** False when the symbol (₺, €) would make the SMS UCS-2. */
  symbolFitsGsm: boolean;
}

function moneyFormat(locale: string, currency: string): MoneyFormat {
  const withSymbol = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const symbol = withSymbol.formatToParts(1).find((p) => p.type === 'currency')?.value ?? currency;
  const { minimumFractionDigits, maximumFractionDigits } = withSymbol.resolvedOptions();
  return {
    withSymbol,
    plain: new Intl.NumberFormat(locale, { minimumFractionDigits, maximumFractionDigits }),
    symbolFitsGsm: segments(symbol).encoding !== 'ucs2',
  };
}

/** `{{date occurredAt}}` (`style`: short (default), medium, long, full); `{{datetime occurredAt}}` adds the time. */
function formatDate(value: unknown, options: HelperOptions, withTime: boolean, cached: FormatterCache): string {
  if (value === undefined || value === null || value === '') return '';
  const when = value instanceof Date ? value : new Date(typeof value === 'number' ? value : String(value));
  if (Number.isNaN(when.getTime())) return text(value);
  const root = rootOf(options);
  const style = typeof options.hash['style'] === 'string' && DATE_STYLES.has(options.hash['style']) ? (options.hash['style'] as 'short') : 'short';
  const timeZone = root.store?.timeZone ?? 'Europe/Istanbul';
  try {
    const locale = formatLocale(root);
    const format = cached(
      `date|${locale}|${style}|${withTime}|${timeZone}`,
      () => new Intl.DateTimeFormat(locale, { dateStyle: style, ...(withTime ? { timeStyle: 'short' } : {}), timeZone }),
    );
    return gsmSpaces(format.format(when));
  } catch {
    return when.toISOString();
  }
}

/** `{{truncate customer.firstName 20}}`: at most 20 characters (code points), ending `...` when cut (`ellipsis=` to change). */
function truncate(value: unknown, length: unknown, options: HelperOptions): string {
  const ellipsis = typeof options.hash['ellipsis'] === 'string' ? options.hash['ellipsis'] : '...';
  return cut(text(value), Number(length), ellipsis);
}

/** `{{statusLabel status.canonical}}`: "Hazırlanıyor" (tr), "Processing" (en); an unknown status as itself. */
function statusLabel(value: unknown, options: HelperOptions): string {
  const labels = STATUS_LABELS[rootOf(options).language === 'en' ? 'en' : 'tr'];
  const key = text(value);
  return Object.hasOwn(labels, key) ? labels[key as OrderStatus] : key;
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function rootOf(options: HelperOptions): Root {
  const root: unknown = (options?.data as { root?: unknown } | undefined)?.root;
  return typeof root === 'object' && root !== null ? (root as Root) : {};
}

/**
 * The store's locale when it speaks the template's language and names a region (`en-US`, `tr_TR`), else
 * tr-TR / en-GB (a bare `en` would mean US dates, 11/26/25, which Turkish stores rarely want).
 */
export function formatLocale(root: Root): string {
  const language = root.language === 'en' ? 'en' : 'tr';
  const store = root.store?.locale?.replace(/_/g, '-');
  if (store && store.includes('-') && store.toLowerCase().split('-')[0] === language) {
    try {
      return Intl.getCanonicalLocales(store)[0] ?? store;
    } catch {
      // not a BCP 47 tag: fall through
    }
  }
  return language === 'tr' ? 'tr-TR' : 'en-GB';
}

function caseLocale(options: HelperOptions): string {
  const wanted = options.hash['locale'];
  if (typeof wanted === 'string') {
    try {
      return Intl.getCanonicalLocales(wanted)[0] ?? 'tr';
    } catch {
      return 'tr';
    }
  }
  return rootOf(options).language === 'en' ? 'en' : 'tr';
}

/** Intl puts no-break and narrow spaces (U+00A0, U+202F) and U+2212 minus in its output: none is GSM-7. */
function gsmSpaces(value: string): string {
  return value.replace(/[\u00a0\u2007\u2009\u202f]/g, ' ').replace(/\u2212/g, '-');
}
