// Fault injection: a queue of faults, each for the next N calls (optionally only some paths),
// plus a latency before every API answer. Faults never touch the inspection routes.
import { API_PATHS, toApiPath, type ApiPath } from './api-paths.js';
import { SandboxConfigError } from './errors.js';

/** What an injected fault does to a call. */
export type FaultKind = 'drop-before-accept' | 'drop-after-accept' | 'http-5xx' | 'err';

/** A fault to inject, as `sandbox.faults.inject()` and `POST /_sandbox/faults` take it. */
export interface FaultSpec {
  kind: FaultKind;
  /** How many matching calls it hits; default 1. */
  times?: number;
  /** Only calls on these paths (`'xml_api.php'` or `'/api-v3/xml_api.php'`); default every API path. */
  paths?: readonly string[];
  /** `http-5xx` only: the status, 500…599; default 503. */
  status?: number;
  /** `err`: the reply (as given when it starts with `ERR`, after any BOM or whitespace; else prefixed with `ERR|`); `http-5xx`: the body. */
  text?: string;
}

/** A fault that hits the current call. */
export interface ActiveFault {
  kind: FaultKind;
  status: number;
  text: string;
}

/** A queued fault, as `faults.pending()` shows it. */
export interface PendingFault extends ActiveFault {
  remaining: number;
  paths: ApiPath[] | null;
}

/** Default `err` reply: an error text the core does not know, so it must keep the raw text. */
export const DEFAULT_FAULT_ERR_TEXT = 'ERR|Sistem hatası, lütfen daha sonra tekrar deneyiniz';

const KINDS: readonly FaultKind[] = ['drop-before-accept', 'drop-after-accept', 'http-5xx', 'err'];
const FIELDS = new Set(['kind', 'times', 'paths', 'status', 'text']);

function validate(spec: unknown): PendingFault {
  const problems: string[] = [];
  if (typeof spec !== 'object' || spec === null) throw new SandboxConfigError(['a fault must be an object'], 'fault');
  const s = spec as Record<string, unknown>;
  for (const key of Object.keys(s)) if (!FIELDS.has(key)) problems.push(`${key} is not a fault field`);
  const kind = s.kind as FaultKind;
  if (!KINDS.includes(kind)) problems.push(`kind must be one of ${KINDS.join(', ')}`);
  const times = s.times ?? 1;
  if (typeof times !== 'number' || !Number.isSafeInteger(times) || times < 1) problems.push('times must be an integer >= 1');
  let paths: ApiPath[] | null = null;
  if (s.paths !== undefined) {
    if (!Array.isArray(s.paths) || s.paths.length === 0) problems.push('paths must be a non-empty array of API paths');
    else {
      const resolved = s.paths.map((p: unknown) => (typeof p === 'string' ? toApiPath(p) : undefined));
      if (resolved.some((p) => p === undefined)) problems.push(`paths must name API paths (${Object.keys(API_PATHS).join(', ')})`);
      else paths = resolved as ApiPath[];
    }
  }
  const status = s.status ?? 503;
  if (s.status !== undefined && kind !== 'http-5xx') problems.push('status applies to http-5xx only');
  else if (typeof status !== 'number' || !Number.isInteger(status) || status < 500 || status > 599) {
    problems.push('status must be an integer 500…599');
  }
  if (s.text !== undefined && (typeof s.text !== 'string' || s.text === '')) problems.push('text must be a non-empty string');
  else if (s.text !== undefined && kind !== 'err' && kind !== 'http-5xx') problems.push('text applies to err and http-5xx only');
  if (problems.length > 0) throw new SandboxConfigError(problems, 'fault');
  const given = s.text as string | undefined;
  const text =
    kind === 'err'
      ? given === undefined
        ? DEFAULT_FAULT_ERR_TEXT
        : /^[\s\uFEFF]*ERR/.test(given) // verbatim (`ERR …`, `ERR:…`, bare `ERR`, a BOM first), to test clients on every form
          ? given
          : `ERR|${given}`
      : (given ?? (status === 500 ? 'Internal Server Error' : 'Service Unavailable'));
  return { kind, remaining: times as number, paths, status: status as number, text };
}

/**
 * The fault controls of one sandbox.
 *
 * @example
 * ```ts
 * sandbox.faults.inject({ kind: 'drop-after-accept', paths: ['xml_api.php'] });
 * sandbox.faults.setLatency(1500);
 * sandbox.faults.clear();
 * ```
 */
export class FaultController {
  #queue: PendingFault[] = [];
  #latencyMs = 0;

  /** Queues a fault for the next `times` matching calls; throws a SandboxConfigError when invalid. */
  inject(spec: FaultSpec): void {
    this.#queue.push(validate(spec));
  }

  /** Milliseconds to wait before answering every API call (0 = none). */
  setLatency(ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new SandboxConfigError(['latency must be a finite number of milliseconds >= 0'], 'latency');
    }
    this.#latencyMs = ms;
  }

  /** The current latency in milliseconds. */
  get latencyMs(): number {
    return this.#latencyMs;
  }

  /** Removes every queued fault and sets the latency back to 0. */
  clear(): void {
    this.#queue = [];
    this.#latencyMs = 0;
  }

  /** The queued faults, oldest first (copies). */
  pending(): PendingFault[] {
    return this.#queue.map((fault) => ({ ...fault, paths: fault.paths && [...fault.paths] }));
  }

  /** The fault that hits a call on `path`, if any; counts it down. */
  take(path: ApiPath): ActiveFault | undefined {
    const index = this.#queue.findIndex((fault) => fault.paths === null || fault.paths.includes(path));
    const fault = this.#queue[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#queue.splice(index, 1);
    return { kind: fault.kind, status: fault.status, text: fault.text };
  }
}
