// Logger options for Fastify's pino: JSON lines with secrets redacted and phone numbers cut to their
// last 4 digits. Request bodies are never logged (Fastify logs method, URL and status only; the URL's
// query string is masked here too, since GET /api/v1/messages?phone=… carries a number).
import { maskPhone } from '@esemes/core';
import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from './config.js';

const REDACTED = '[redacted]';

/** Keys whose value is a secret, wherever they appear in a logged object. */
const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|sifre/i;
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

/** The URL as logged: phones masked in the path, every query value masked, secret-named ones redacted. */
export function safeUrl(url: string): string {
  const at = url.indexOf('?');
  const path = maskPhonesInText(at === -1 ? url : url.slice(0, at));
  if (at === -1) return path;
  const query = new URLSearchParams(url.slice(at + 1));
  const parts: string[] = [];
  for (const [key, item] of query) {
    const shown = SECRET_KEY.test(key) ? REDACTED : PHONE_KEY.test(key) ? maskValue(item) : maskPhonesInText(item);
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(shown)}`);
  }
  return `${path}?${parts.join('&')}`;
}

interface RequestLike {
  method: string;
  url: string;
  ip: string;
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
}

/** Options for `Fastify({ logger })`. */
export function loggerOptions(options: LoggingOptions): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: {
      req: (req: RequestLike) => ({ method: req.method, url: safeUrl(req.url), remoteAddress: req.ip }),
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
