import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { templatesDir as defaultTemplatesDir } from '@esemes/templates';
import { createTemplateService } from '../templates/index.js';
import { buildMessages, maskedRecipients, renderSettingsOf } from './build-messages.js';
import { NotifierConfigError } from './errors.js';
import type { EngineContext } from './context.js';
import { dispatchOnce } from './dispatch.js';
import { pollReportsOnce } from './poll-reports.js';
import { createPrivacyService } from './privacy.js';
import { reconcileOnce } from './reconcile.js';
import { messageStats } from './stats.js';
import { createStoreSettingsService } from './store-settings.js';
import { storeSettingsProblems } from './store-settings-check.js';
import type { AcceptOutcome, Notifier, NotifierEvents, NotifierOptions } from './types.js';

const SILENT = { info() {}, warn() {}, error() {} };

function checkOptions(options: NotifierOptions): string[] {
  const problems: string[] = [];
  if (!options || typeof options !== 'object') return ['options must be an object'];
  if (!options.store) problems.push('store is required (openOutboxStore(DATABASE_URL))');
  if (!options.client) problems.push('client is required (createEsemesClient(…))');
  if (typeof options.sender !== 'string' || !/^[\x20-\x7e]{1,11}$/.test(options.sender)) problems.push('sender must be 1–11 ASCII characters (ESEMES_SENDER)');
  const batch = options.dispatch?.batchSize;
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 1 || batch > 100_000))
    problems.push('dispatch.batchSize must be an integer from 1 to 100,000');
  const concurrency = options.dispatch?.concurrency;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16))
    problems.push('dispatch.concurrency must be an integer from 1 to 16');
  const stores: unknown = options.stores;
  if (stores !== undefined && (typeof stores !== 'object' || stores === null || Array.isArray(stores)))
    problems.push('stores must be an object of settings by store id ("*" for every store)');
  else for (const [storeId, settings] of Object.entries(options.stores ?? {})) problems.push(...storeSettingsProblems(settings, `stores.${storeId}`));
  const cacheMs = options.storeSettingsCacheMs;
  if (cacheMs !== undefined && (typeof cacheMs !== 'number' || !Number.isFinite(cacheMs) || cacheMs < 0))
    problems.push('storeSettingsCacheMs must be a number of milliseconds ≥ 0');
  return problems;
}

/**
 * Build the notification engine. Options are checked once, here.
 * @example
 * const store = await openOutboxStore('sqlite:./data/esemes.db'); await store.migrate();
 * const notifier = createNotifier({ store, client: createEsemesClient({ user, password }), sender: 'MAGAZA' });
 * notifier.start();
 * await notifier.accept({ type: 'order.created', idempotencyKey: 'demo:1001:created', … });
 */
export function createNotifier(options: NotifierOptions): Notifier {
  const problems = checkOptions(options);
  if (problems.length > 0) throw new NotifierConfigError(problems);
  const emitter = new EventEmitter();
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? SILENT;
  const safeEmit = (name: keyof NotifierEvents, payload: unknown): void => {
    for (const listener of emitter.listeners(name)) {
      try {
        (listener as (value: unknown) => void)(payload);
      } catch (error) {
        logger.error({ event: name, error: (error as Error).message }, 'a notifier listener failed');
      }
    }
  };
  // `'*'`, then the store's own entry, then what was saved for it: every read of settings goes through here.
  const storeSettings = createStoreSettingsService({
    state: options.store,
    ...(options.stores !== undefined ? { base: options.stores } : {}),
    now: clock,
    cacheMs: options.storeSettingsCacheMs ?? 5000,
    logger,
  });
  const templates = createTemplateService({
    overrides: options.store,
    templatesDir: options.templatesDir ?? defaultTemplatesDir,
    now: clock,
    settingsFor: async (storeId) => renderSettingsOf(await storeSettings.get(storeId ?? '')),
  });
  const d = options.dispatch ?? {};
  const context: EngineContext = {
    store: options.store,
    client: options.client,
    clock,
    logger,
    workerId: options.workerId ?? `notifier-${randomUUID().slice(0, 8)}`,
    intervalMs: d.intervalMs ?? 250,
    batchSize: d.batchSize ?? 10_000,
    concurrency: d.concurrency ?? 2,
    leaseMs: d.leaseMs ?? 60_000,
    reconcileGraceMs: d.reconcileGraceMs ?? 120_000,
    firstPollMs: d.firstPollMs ?? 5_000,
    pollForMs: d.pollForMs ?? 72 * 3_600_000,
    pauseProbeMs: d.pauseProbeMs ?? 30_000,
    // A listener that throws (an adapter's write-back) must never break the dispatcher that emits.
    emitStatus: (event) => safeEmit('message.status', event),
    wantsStatus: () => emitter.listenerCount('message.status') > 0,
    emitAlert: (alert) => safeEmit('alert', alert),
  };
  let nextProbeAt = 0;
  /** A paused account is probed now and then; a balance call that works (with credit) resumes dispatch. */
  async function probePause(): Promise<boolean> {
    const pause = await context.store.getPause();
    if (!pause) return false;
    const now = clock();
    if (now < nextProbeAt) return true;
    nextProbeAt = now + context.pauseProbeMs;
    try {
      const balance = await context.client.balance();
      // A title made only of digits spends numeric credits, any other title alphanumeric ones.
      const credits =
        pause.sender && /^\d+$/.test(pause.sender)
          ? balance.numeric
          : pause.sender
            ? balance.alphanumeric
            : Math.max(balance.numeric ?? 0, balance.alphanumeric ?? 0);
      if (pause.code === 'credit' && (credits ?? 0) <= 0) return true;
      if (pause.code === 'sender') return true; // a sender title needs a person: resumed by hand or on restart
      await context.store.setPause(undefined);
      context.emitAlert({ code: 'resumed', message: `dispatch resumed (was paused: ${pause.reason})`, at: clock() });
      logger.info({ code: pause.code }, 'esemes dispatch resumed');
      return false;
    } catch {
      return true;
    }
  }

  /** One pass of each loop; true when dispatch left full batches due (the loop then goes on at once). */
  async function runPass(keepGoing?: () => boolean): Promise<boolean> {
    const dispatched = (await probePause()) ? undefined : await dispatchOnce(context, keepGoing);
    await reconcileOnce(context);
    try {
      await pollReportsOnce(context);
    } catch (error) {
      logger.warn({ error: (error as Error).message }, 'report polling failed');
    }
    return dispatched?.more ?? false;
  }
  const runOnce = async (): Promise<void> => {
    await runPass();
  };

  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  const loop = (): void => {
    if (!running) return;
    let more = false;
    inFlight = runPass(() => running)
      .then((left) => {
        more = left;
      })
      .catch((error: unknown) => logger.error({ error: (error as Error).message }, 'notifier loop failed; continuing'))
      .finally(() => {
        inFlight = undefined;
        // A backlog is worked off pass after pass without the interval's pause.
        if (running) timer = setTimeout(loop, more ? 0 : context.intervalMs);
      });
  };

  return {
    templates,
    storeSettings,
    stats: (statsOptions = {}) => messageStats(context.store, statsOptions, clock),
    storeIds: (idsOptions = {}) => context.store.storeIds(idsOptions.limit),
    // A narrow view: adapters get the state methods, not the outbox.
    state: {
      getState: (namespace, key) => options.store.getState(namespace, key),
      putState: (namespace, key, value, putOptions, now) => options.store.putState(namespace, key, value, putOptions, now),
      deleteState: (namespace, key, expectedVersion) => options.store.deleteState(namespace, key, expectedVersion),
      listState: (namespace, listOptions) => options.store.listState(namespace, listOptions),
      deleteStatePrefix: (namespace, keyPrefix) => options.store.deleteStatePrefix(namespace, keyPrefix),
    },
    privacy: createPrivacyService({ store: options.store, storeSettings, templates, now: clock, logger }),
    async accept(input: unknown): Promise<AcceptOutcome> {
      const built = await buildMessages(input, {
        settingsFor: (storeId) => storeSettings.get(storeId),
        defaultSender: options.sender,
        templates,
        now: clock(),
      });
      const result = await context.store.accept(built.record, built.messages, built.cancels, clock());
      if (result.status === 'accepted')
        logger.info({ eventId: result.eventId, type: built.event.type, to: maskedRecipients(built.messages) }, 'event accepted');
      return result.status === 'accepted'
        ? { status: 'accepted', eventId: result.eventId, messageIds: result.messageIds, skipped: built.skipped, cancelled: result.cancelled }
        : { status: 'duplicate', eventId: result.eventId, messageIds: result.messageIds, skipped: [], cancelled: 0 };
    },
    cancel: (cancelKey) => context.store.cancelByKey(cancelKey, 'cancelled by key', clock()),
    getMessage: (id) => context.store.getMessage(id),
    listMessages: (filter) => context.store.listMessages(filter),
    balance: () => context.client.balance(),
    queueCounts: () => context.store.countByStatus(),
    pause: () => context.store.getPause(),
    async resume() {
      const pause = await context.store.getPause();
      if (!pause) return undefined;
      await context.store.setPause(undefined);
      nextProbeAt = 0;
      context.emitAlert({ code: 'resumed', message: `dispatch resumed by hand (was paused: ${pause.reason})`, at: clock() });
      logger.info({ code: pause.code }, 'esemes dispatch resumed by hand');
      return pause;
    },
    on<K extends keyof NotifierEvents>(event: K, listener: NotifierEvents[K]) {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    start() {
      if (running) return;
      running = true;
      // A sender-title pause needs a person to fix the configuration; a (re)start is that moment.
      inFlight = context.store
        .getPause()
        .then(async (pause) => {
          if (pause?.code === 'sender') {
            await context.store.setPause(undefined);
            logger.info({ reason: pause.reason }, 'sender pause cleared at start');
          }
        })
        .catch(() => undefined)
        .finally(() => {
          inFlight = undefined;
          loop();
        });
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
    runOnce,
  };
}
