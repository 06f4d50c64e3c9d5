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
  /**
   * How long what became of a job (written, dropped, given up) is kept for {@link WriteBackQueue.history}, so
   * the dashboard can show it (default 30 days; 0 keeps nothing).
   */
  historyMs?: number;
}

/** What became of a job, as {@link WriteBackQueue.history} lists it. */
export interface WriteBackHistoryEntry {
  id: string;
  outcome: 'written' | 'dropped' | 'given_up';
  at: number;
  /** Why it was dropped or given up (the queue's `describe`: no secrets or numbers). */
  reason?: string;
  attempts: number;
}

/** A job still waiting, as {@link WriteBackQueue.pending} lists it. */
export interface WriteBackPendingEntry {
  id: string;
  /** Failed attempts so far. */
  attempts: number;
  /** When it is tried next (epoch ms). */
  dueAt: number | null;
}

export interface WriteBackRun {
  written: number;
  retried: number;
  dropped: number;
}

export interface WriteBackQueue<J extends object> {
  /** Queue a job under `id`; a job already queued under that id is left as it is (returns false). */
  enqueue(id: string, job: J): Promise<boolean>;
  /** Perform up to `limit` (default 50) due jobs, oldest due first; history past its time is swept too. */
  runDue(limit?: number): Promise<WriteBackRun>;
  /** What became of the jobs whose id starts with `idPrefix` (at most 100), by id. */
  history(idPrefix: string): Promise<WriteBackHistoryEntry[]>;
  /** The jobs still waiting whose id starts with `idPrefix` (at most 100), by id. */
  pending(idPrefix: string): Promise<WriteBackPendingEntry[]>;
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
  const historyMs = options.historyMs ?? 30 * 86_400_000;
  const historyNamespace = `${namespace}:history`;
  const problems: string[] = [];
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) problems.push('maxAttempts must be a positive integer');
  if (!(baseDelayMs >= 0)) problems.push('baseDelayMs must be >= 0');
  if (!(maxDelayMs >= baseDelayMs)) problems.push('maxDelayMs must be >= baseDelayMs');
  if (!(leaseMs > 0)) problems.push('leaseMs must be > 0');
  if (!Number.isInteger(historyMs) || historyMs < 0) problems.push('historyMs must be an integer >= 0');
  if (problems.length > 0) throw new TypeError(`createWriteBackQueue: ${problems.join('; ')}`);
  const describe = options.describe ?? ((error: unknown) => (error instanceof Error ? error.name : 'unknown error'));
  const classify = (error: unknown): WriteBackFailure => (error instanceof WriteBackGoneError ? 'gone' : (options.classify?.(error) ?? 'retry'));
  const fieldsOf = (job: J): object => options.logFields?.(job) ?? {};

  /** Keep what became of a job; never fails the run (the job's own outcome is what counts). */
  async function remember(id: string, entry: Omit<WriteBackHistoryEntry, 'id'>, now: number): Promise<void> {
    if (historyMs === 0) return;
    await state.putState(historyNamespace, id, JSON.stringify(entry), { dueAt: now + historyMs }, now).catch(() => undefined);
  }

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
      await remember(record.key, { outcome: 'written', at: clock(), attempts: attempts + 1 }, now);
      return 'written';
    } catch (error) {
      const failure = classify(error);
      const reason = describe(error);
      if (failure === 'gone') {
        await state.deleteState(namespace, record.key, claimed.version);
        await remember(record.key, { outcome: 'dropped', at: clock(), reason, attempts: attempts + 1 }, now);
        logger.info({ ...fieldsOf(job), reason }, `${label} dropped: its target is gone`);
        return 'dropped';
      }
      if (failure === 'down' && target !== undefined) downTargets.set(target, error);
      const tries = attempts + 1;
      if (tries >= maxAttempts) {
        await state.deleteState(namespace, record.key, claimed.version);
        await remember(record.key, { outcome: 'given_up', at: clock(), reason, attempts: tries }, now);
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
      if (historyMs > 0) {
        for (const old of await state.listState(historyNamespace, { dueBefore: now, limit })) {
          await state.deleteState(historyNamespace, old.key, old.version).catch(() => false);
        }
      }
      return result;
    },
    async history(idPrefix) {
      const records = await state.listState(historyNamespace, { prefix: idPrefix, limit: 100 });
      return records.flatMap((record) => {
        const entry = safeJson(record.value);
        const outcome = entry?.['outcome'];
        if (outcome !== 'written' && outcome !== 'dropped' && outcome !== 'given_up') return [];
        return [
          {
            id: record.key,
            outcome,
            at: typeof entry?.['at'] === 'number' ? entry['at'] : record.updatedAt,
            ...(typeof entry?.['reason'] === 'string' ? { reason: entry['reason'] } : {}),
            attempts: typeof entry?.['attempts'] === 'number' ? entry['attempts'] : 1,
          },
        ];
      });
    },
    async pending(idPrefix) {
      const records = await state.listState(namespace, { prefix: idPrefix, limit: 100 });
      return records.map((record) => {
        const stored = safeJson(record.value);
        return { id: record.key, attempts: typeof stored?.['attempts'] === 'number' ? stored['attempts'] : 0, dueAt: record.dueAt };
      });
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
