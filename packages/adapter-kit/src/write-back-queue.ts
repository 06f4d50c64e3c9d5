// A durable queue of writes back to a store (WooCommerce order notes, Shopify and Medusa updates): a store
// that is down for a while must not lose them, and one failing write must not hold up the others. Jobs live
// in the adapter's state with a due time; a runner claims each with a compare-and-set, so several server
// instances never perform the same job twice, and retries back off exponentially.
import type { StateRecord, StateStore } from '@esemes/notify';
import { SILENT_LOG, type AdapterLog } from './log.js';

/** `gone`: the target no longer exists (order deleted, store disconnected): drop the job. `down`: the whole target is unreachable or refuses us: retry later, and do not call it again for its other jobs in this run. `retry`: retry this job later. */
export type WriteBackFailure = 'gone' | 'down' | 'retry';

/** Throw it from `write` when the target is gone for good: the job is dropped, not retried. */
export class WriteBackGoneError extends Error {
  override name = 'WriteBackGoneError' as const;
  readonly code = 'write_back_gone' as const;
}

export interface WriteBackQueueOptions<J extends object> {
  state: StateStore;
  /** e.g. `woocommerce:notes`. */
  namespace: string;
  /** What the jobs are, for log lines: `woocommerce: order note`. */
  label: string;
  /** A stored job read back (JSON, with the queue's own `attempts` field); undefined when unreadable (it is dropped). */
  parse(value: Record<string, unknown>): J | undefined;
  /** Perform one job; throw to fail it. */
  write(job: J): Promise<void>;
  /** What a failure means (default `retry`; a WriteBackGoneError is always `gone`). */
  classify?(error: unknown): WriteBackFailure;
  /** The target a job writes to (a store id): jobs of a target that is `down` wait for the next run. */
  targetOf?(job: J): string;
  /** An error for logs, without secrets or phone numbers (default: its class name). */
  describe?(error: unknown): string;
  /** Fields naming a job in log lines (no phone numbers). */
  logFields?(job: J): object;
  clock?: () => number;
  logger?: Pick<AdapterLog, 'info' | 'warn'>;
  /** Attempts before a job is given up (default 8). */
  maxAttempts?: number;
  /** Delay after the first failure, doubled after each further one (default 30 s). */
  baseDelayMs?: number;
  /** The longest delay between attempts (default 6 h). */
  maxDelayMs?: number;
  /** How long a claimed job stays hidden: a runner that dies mid-write leaves it to another after this (default 5 min). */
  leaseMs?: number;
}

export interface WriteBackRun {
  written: number;
  retried: number;
  dropped: number;
}

export interface WriteBackQueue<J extends object> {
  /** Queue a job under `id`; a job already queued under that id is left as it is (returns false). */
  enqueue(id: string, job: J): Promise<boolean>;
  /** Perform up to `limit` (default 50) due jobs, oldest due first. */
  runDue(limit?: number): Promise<WriteBackRun>;
}

type Outcome = keyof WriteBackRun | 'skipped';

/**
 * @example
 * const notes = createWriteBackQueue<NoteJob>({ state, namespace: 'woocommerce:notes', label: 'woocommerce: order note',
 *   parse: (value) => NoteJob.safeParse(value).data, write: (job) => client(job.storeId).addOrderNote(job.orderId, job.note),
 *   classify: (error) => (isNotFound(error) ? 'gone' : 'retry') });
 * await notes.enqueue(`${messageId}:sent`, job);
 * await notes.runDue();
 */
export function createWriteBackQueue<J extends object>(options: WriteBackQueueOptions<J>): WriteBackQueue<J> {
  const { state, namespace, label, parse, write } = options;
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? SILENT_LOG;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 30_000;
  const maxDelayMs = options.maxDelayMs ?? 6 * 3_600_000;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const problems: string[] = [];
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) problems.push('maxAttempts must be a positive integer');
  if (!(baseDelayMs >= 0)) problems.push('baseDelayMs must be >= 0');
  if (!(maxDelayMs >= baseDelayMs)) problems.push('maxDelayMs must be >= baseDelayMs');
  if (!(leaseMs > 0)) problems.push('leaseMs must be > 0');
  if (problems.length > 0) throw new TypeError(`createWriteBackQueue: ${problems.join('; ')}`);
  const describe = options.describe ?? ((error: unknown) => (error instanceof Error ? error.name : 'unknown error'));
  const classify = (error: unknown): WriteBackFailure => (error instanceof WriteBackGoneError ? 'gone' : (options.classify?.(error) ?? 'retry'));
  const fieldsOf = (job: J): object => options.logFields?.(job) ?? {};

  async function runOne(record: StateRecord, now: number, downTargets: Map<string, unknown>): Promise<Outcome> {
    const stored = safeJson(record.value);
    const job = stored === undefined ? undefined : parse(stored);
    const attempts = typeof stored?.['attempts'] === 'number' && Number.isInteger(stored['attempts']) ? stored['attempts'] : 0;
    if (job === undefined) {
      await state.deleteState(namespace, record.key, record.version);
      logger.warn({ key: record.key }, `${label}: unreadable job dropped`);
      return 'dropped';
    }
    // Claim first (compare-and-set), so two runners never perform the same job.
    const claimed = await state.putState(namespace, record.key, record.value, { expectedVersion: record.version, dueAt: now + leaseMs }, now);
    if (!claimed) return 'skipped';
    const target = options.targetOf?.(job);
    try {
      // A target that failed as a whole in this run is not called again for each of its jobs.
      if (target !== undefined && downTargets.has(target)) throw downTargets.get(target);
      await write(job);
      await state.deleteState(namespace, record.key, claimed.version);
      return 'written';
    } catch (error) {
      const failure = classify(error);
      const reason = describe(error);
      if (failure === 'gone') {
        await state.deleteState(namespace, record.key, claimed.version);
        logger.info({ ...fieldsOf(job), reason }, `${label} dropped: its target is gone`);
        return 'dropped';
      }
      if (failure === 'down' && target !== undefined) downTargets.set(target, error);
      const tries = attempts + 1;
      if (tries >= maxAttempts) {
        await state.deleteState(namespace, record.key, claimed.version);
        logger.warn({ ...fieldsOf(job), attempts: tries, reason }, `${label} given up`);
        return 'dropped';
      }
      const delay = Math.min(baseDelayMs * 2 ** (tries - 1), maxDelayMs);
      const saved = await state.putState(
        namespace,
        record.key,
        JSON.stringify({ ...stored, attempts: tries }),
        { expectedVersion: claimed.version, dueAt: now + delay },
        now,
      );
      return saved ? 'retried' : 'skipped';
    }
  }

  return {
    async enqueue(id, job) {
      const now = clock();
      // expectedVersion null: a second enqueue of the same job changes nothing.
      const stored = await state.putState(namespace, id, JSON.stringify({ ...job, attempts: 0 }), { expectedVersion: null, dueAt: now }, now);
      return stored !== undefined;
    },
    async runDue(limit = 50) {
      const now = clock();
      const result: WriteBackRun = { written: 0, retried: 0, dropped: 0 };
      const due = await state.listState(namespace, { dueBefore: now, limit });
      const downTargets = new Map<string, unknown>();
      for (const record of due) {
        let outcome: Outcome;
        try {
          outcome = await runOne(record, now, downTargets);
        } catch (error) {
          // The state store itself failed: leave this job for the next run and go on.
          logger.warn({ key: record.key, reason: describe(error) }, `${label}: job failed`);
          outcome = 'skipped';
        }
        if (outcome !== 'skipped') result[outcome]++;
      }
      return result;
    },
  };
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
