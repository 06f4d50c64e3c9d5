// Every route's URL pattern, kept for what Fastify's router does not tell: which methods a path allows
// when the request's own method matched nothing (405 rather than 404), and which segments of a path hold
// secrets (a route's `config.secretParams`, or a parameter named like a secret), so that the logged URL
// of any request, matched or not, shows `[redacted]` in their place. Filled by an onRoute hook.
import type { RouteOptions } from 'fastify';
import { SECRET_KEY } from './logging.js';

/** One path segment of a route pattern: literal text, one or more parameters (`:id`, `:from-:to`), or the rest (`*`). */
type Segment = { kind: 'static'; text: string } | { kind: 'param'; names: string[] } | { kind: 'rest' };

interface Entry {
  methods: string[];
  segments: Segment[];
  /** Positions of the segments that hold a secret (for `rest`, that and every later one). */
  secret: Set<number>;
  secretQuery: Set<string>;
}

/** What redaction a path needs: the secret segment positions and the secret query parameters. */
export interface PathSecrets {
  segments: ReadonlySet<number>;
  query: ReadonlySet<string>;
}

const NO_SECRETS: PathSecrets = { segments: new Set(), query: new Set() };
// find-my-way's parameter syntax: `:name`, optionally followed by a `(regexp)`; `::` is a literal colon.
const PARAM = /(?<!:):([A-Za-z0-9_$-]+?)(?=\(|[^A-Za-z0-9_$]|$)/g;

/** Parse a Fastify URL pattern into segments. */
export function parsePattern(pattern: string): Segment[] {
  return pattern.split('/').map((part): Segment => {
    if (part === '*') return { kind: 'rest' };
    const names = [...part.replace(/\(.*?\)/g, '').matchAll(PARAM)].map((match) => match[1] as string);
    return names.length > 0 ? { kind: 'param', names } : { kind: 'static', text: part.replaceAll('::', ':') };
  });
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * True when the path's segments fit the pattern's (parameter constraints are not checked); with `prefix`,
 * when its first segments do (`/hook/:key/extra` still shows where `:key` is).
 */
function fits(segments: readonly Segment[], parts: readonly string[], prefix = false): boolean {
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === 'rest') return parts.length >= index;
    const part = parts[index];
    if (part === undefined) return false;
    if (segment.kind === 'static' ? decode(part) !== segment.text : part === '') return false;
  }
  return prefix ? parts.length >= segments.length : parts.length === segments.length;
}

function stringList(value: unknown, what: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === ''))
    throw new TypeError(`${what} must be an array of parameter names (got ${JSON.stringify(value)})`);
  return value as string[];
}

/** The secret segment positions of a pattern: parameters the route declares secret or named like a secret. */
function secretPositions(segments: readonly Segment[], declared: readonly string[]): Set<number> {
  const positions = new Set<number>();
  for (const [index, segment] of segments.entries()) {
    const names = segment.kind === 'param' ? segment.names : segment.kind === 'rest' ? ['*'] : [];
    if (names.some((name) => declared.includes(name) || SECRET_KEY.test(name))) positions.add(index);
  }
  return positions;
}

export interface RouteIndex {
  /** Record a route (the onRoute hook). Throws a TypeError for a `config.secretParams` naming no parameter of its URL. */
  add(route: Pick<RouteOptions, 'method' | 'url' | 'config'>): void;
  /** The methods of the routes whose pattern fits `path` (HEAD wherever GET), sorted; empty when none does. */
  methodsFor(path: string): string[];
  /** The secrets of a request's path: by the pattern of the route it matched (`routeUrl`), else by every pattern its start fits. */
  secretsOf(path: string, routeUrl?: string): PathSecrets;
}

/** The path part of a request URL (no query), split into segments. */
export function pathSegments(url: string): string[] {
  const at = url.indexOf('?');
  return (at === -1 ? url : url.slice(0, at)).split('/');
}

export function createRouteIndex(): RouteIndex {
  const entries: Entry[] = [];
  const byPattern = new Map<string, Entry>();

  const fitting = (path: string, prefix = false): Entry[] => {
    const parts = pathSegments(path);
    return entries.filter((entry) => fits(entry.segments, parts, prefix));
  };

  return {
    add(route) {
      const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((method) => String(method).toUpperCase());
      const config = (route.config ?? {}) as { secretParams?: unknown; secretQuery?: unknown };
      const where = `route ${methods.join(',')} ${route.url}`;
      const segments = parsePattern(route.url);
      const declared = stringList(config.secretParams, `${where}: config.secretParams`);
      const params = segments.flatMap((segment) => (segment.kind === 'param' ? segment.names : segment.kind === 'rest' ? ['*'] : []));
      const unknown = declared.filter((name) => !params.includes(name));
      if (unknown.length > 0)
        throw new TypeError(
          `${where}: config.secretParams names ${unknown.map((name) => JSON.stringify(name)).join(', ')}, not a parameter of the URL (parameters: ${params.join(', ') || 'none'})`,
        );
      const secretQuery = new Set(stringList(config.secretQuery, `${where}: config.secretQuery`));
      const known = byPattern.get(route.url);
      if (known) {
        // Another method on the same pattern (HEAD for GET, or a route of its own): one entry, secrets merged.
        known.methods = [...new Set([...known.methods, ...methods])];
        for (const position of secretPositions(segments, declared)) known.secret.add(position);
        for (const name of secretQuery) known.secretQuery.add(name);
        return;
      }
      const entry: Entry = { methods, segments, secret: secretPositions(segments, declared), secretQuery };
      entries.push(entry);
      byPattern.set(route.url, entry);
    },

    methodsFor(path) {
      const methods = new Set(fitting(path).flatMap((entry) => entry.methods));
      if (methods.has('GET')) methods.add('HEAD');
      return [...methods].sort();
    },

    secretsOf(path, routeUrl) {
      const matched = routeUrl === undefined ? undefined : byPattern.get(routeUrl);
      // Unmatched (a 404, a 405, a parameter too long): every pattern the path starts like may say where a secret is.
      const relevant = matched ? [matched] : fitting(path, true);
      if (relevant.every((entry) => entry.secret.size === 0 && entry.secretQuery.size === 0)) return NO_SECRETS;
      const count = pathSegments(path).length;
      const segments = new Set<number>();
      const query = new Set<string>();
      for (const entry of relevant) {
        const rest = entry.segments.findIndex((segment) => segment.kind === 'rest');
        for (const position of entry.secret) {
          // A secret `*` covers every segment from its position on.
          if (position === rest) for (let index = position; index < count; index += 1) segments.add(index);
          else segments.add(position);
        }
        for (const name of entry.secretQuery) query.add(name);
      }
      return { segments, query };
    },
  };
}
