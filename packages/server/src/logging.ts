// Logger options for Fastify's pino: JSON lines with secrets redacted and phone numbers cut to their
// last 4 digits. Request bodies are never logged (Fastify logs method, URL and status only; the URL's
// query string is masked here too, since GET /api/v1/messages?phone=… carries a number, and so are the
// path segments a route declares secret, since a webhook URL can carry its token).
import { maskPhone } from '@esemes/core';
import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from './config.js';
import type { PathSecrets, RouteIndex } from './route-index.js';

const REDACTED = '[redacted]';

/** Keys (and route parameters) whose value is a secret, wherever they appear in a logged object or URL. */
export const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|sifre/i;
/** Keys whose value is a phone number (or a list of them). */
const PHONE_KEY = /^(phone|phones|recipient|recipients|to|number|numbers|msisdn|mobile|adminPhones)$/i;
/**
 * A run of at least 10 digits, possibly with a leading `+` and up to two separators (space . - ( ) /)
 * between groups, not glued to letters or digits: `+90 532 999 88 77`, `0532-999-8877`, `5329998877`.
 */
const PHONE_IN_TEXT = /(?<![\w+])\+?\(?\d(?:[ .\-()/]{0,2}\d){9,}\)?(?!\w)/g;

/** Keep the last 4 digits of a phone number (core's maskPhone): `+90 532 999 88 77` → `********8877`. */
function maskValue(input: unknown): string {
  return maskPhone(String(input));
}

/** Mask every phone-looking run of digits in free text. */
export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (match) => maskPhone(match));
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A copy of `value` with secrets redacted and phone numbers masked; class instances other than Error are left alone. */
export function scrub(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return maskPhonesInText(value);
  if (typeof value !== 'object' || value === null || depth > 8) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) {
    const error = value as Error & { code?: unknown };
    return {
      type: error.name,
      message: maskPhonesInText(error.message),
      ...(error.code !== undefined ? { code: error.code } : {}),
      ...(error.stack !== undefined ? { stack: maskPhonesInText(error.stack) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1, seen));
  if (!isPlain(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEY.test(key) && item !== undefined && item !== null && item !== '') out[key] = REDACTED;
    else if (PHONE_KEY.test(key) && (typeof item === 'string' || typeof item === 'number')) out[key] = maskValue(item);
    else if (PHONE_KEY.test(key) && Array.isArray(item))
      out[key] = item.map((entry) => (typeof entry === 'string' || typeof entry === 'number' ? maskValue(entry) : scrub(entry, depth + 1, seen)));
    else out[key] = scrub(item, depth + 1, seen);
  }
  return out;
}

/** Mask phones in one path segment, also a %-encoded one (`%2B90%20532%20999%2088%2077`). */
function maskPhonesInSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return maskPhonesInText(segment);
  }
  const masked = maskPhonesInText(decoded);
  return masked === decoded ? segment : encodeURIComponent(masked);
}

/**
 * The URL as logged: the path segments at `secrets.segments` redacted, phones masked in the others (also
 * %-encoded), phones masked in every query value, secret-named ones (and `secrets.query`) redacted.
 */
export function safeUrl(url: string, secrets?: PathSecrets): string {
  const at = url.indexOf('?');
  let path = at === -1 ? url : url.slice(0, at);
  // Per segment (a %-encoded number, a secret), then across them (`0532/999/88/77`).
  if (path.includes('%') || (secrets && secrets.segments.size > 0))
    path = path
      .split('/')
      .map((segment, index) => (secrets?.segments.has(index) ? REDACTED : maskPhonesInSegment(segment)))
      .join('/');
  path = maskPhonesInText(path);
  if (at === -1) return path;
  const query = new URLSearchParams(url.slice(at + 1));
  const parts: string[] = [];
  for (const [key, item] of query) {
    const shown = SECRET_KEY.test(key) || secrets?.query.has(key) ? REDACTED : PHONE_KEY.test(key) ? maskValue(item) : maskPhonesInText(item);
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(shown)}`);
  }
  return `${path}?${parts.join('&')}`;
}

/** What the `req` serializer receives: Fastify's request (with the options of the route it matched, if any). */
interface RequestLike {
  method: string;
  url: string;
  ip: string;
  routeOptions?: { url?: string | undefined };
}

/**
 * Paths pino's own `redact` censors (belt and braces: `scrub` already handles any key named like a secret).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'password',
  'token',
  'adminToken',
  'esemesPassword',
  '*.password',
  '*.token',
  '*.adminToken',
  '*.esemesPassword',
  '*.authorization',
];

export interface LoggingOptions {
  level: LogLevel;
  /** Where the JSON lines go; default stdout. Tests pass a stream to read them. */
  stream?: NodeJS.WritableStream | undefined;
  /** The app's routes: which path segments are secret, also for a request that matched no route. */
  routes?: RouteIndex | undefined;
}

/** Options for `Fastify({ logger })`. */
export function loggerOptions(options: LoggingOptions): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: {
      // Fastify logs the request once, at 'incoming request', after routing: routeOptions.url is the
      // pattern of the route it matched (undefined for a 404), whose secret parameters the index knows.
      req: (req: RequestLike) => ({
        method: req.method,
        url: safeUrl(req.url, options.routes?.secretsOf(req.url, req.routeOptions?.url)),
        remoteAddress: req.ip,
      }),
    },
    formatters: {
      log: (object: Record<string, unknown>) => scrub(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args: unknown[], method: (...args: unknown[]) => void) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? maskPhonesInText(arg) : arg)),
        );
      },
    },
    ...(options.stream ? { stream: options.stream as never } : {}),
  };
}
