// The server's lifecycle: open the outbox, build the esemes client (or start the sandbox in its place),
// build the engine, register the routes and adapters; start listening and the engine's loops; close it
// all in order.
import { createEsemesClient, type EsemesClient } from '@esemes/core';
import { createNotifier, openOutboxStore, type Notifier, type NotifierOptions, type OutboxStore } from '@esemes/notify';
import { DEFAULT_SANDBOX_ACCOUNT, startSandbox, type RunningSandbox, type SandboxOptions } from '@esemes/sandbox';
import type { FastifyInstance } from 'fastify';
import { checkAdapters, subscribeAdapters, type ServerAdapter } from './adapters.js';
import { createApp, registerRoutes } from './app.js';
import type { ServerConfig } from './config.js';
import { createMetrics, type ServerMetrics } from './metrics.js';

/** What tests and embedders may pass instead of the defaults. */
export interface ServerDeps {
  /** Platform adapters, registered under /adapters/<name>. */
  adapters?: readonly ServerAdapter[];
  /** The engine's clock (epoch ms); default Date.now. */
  clock?: () => number;
  /** An open outbox to use instead of opening DATABASE_URL. Migrated here, not closed by close(). */
  store?: OutboxStore;
  /** A ready esemes client (then no sandbox is started and the latency histogram sees only what it is given). */
  client?: EsemesClient;
  /** A fetch for the client the server builds to send with (tests); default the client's node:http transport. */
  fetch?: typeof globalThis.fetch;
  /** A whole engine to use instead of building one (no store, client or sandbox is opened). */
  notifier?: Notifier;
  /** Engine loop tuning (intervals, batch size …). */
  dispatch?: NotifierOptions['dispatch'];
  /** Folder of the default templates; default @esemes/templates. */
  templatesDir?: string;
  /** Options for the in-process sandbox of sandbox mode (e.g. `deliveryDelayMs`, `now`); its one account is the demo account with the configured senders. */
  sandbox?: Omit<SandboxOptions, 'port' | 'host' | 'accounts'>;
  /** Where the JSON log lines go; default stdout. */
  logStream?: NodeJS.WritableStream;
}

export interface EsemesServer {
  app: FastifyInstance;
  notifier: Notifier;
  config: ServerConfig;
  metrics: ServerMetrics;
  /** The in-process sandbox (sandbox mode), with its inbox and controls. */
  sandbox: RunningSandbox | undefined;
  /** Listen on HOST:PORT and start the engine's loops. */
  start(): Promise<{ url: string }>;
  /** Stop accepting (healthz 503), finish requests in flight, stop the engine (waits for in-flight sends), close the store and the sandbox. Idempotent. */
  close(): Promise<void>;
}

function sandboxSenders(config: ServerConfig): string[] {
  const fromStores = Object.values(config.stores ?? {}).flatMap((settings) => (settings.sender ? [settings.sender] : []));
  return [...new Set([...DEFAULT_SANDBOX_ACCOUNT.senders, config.sender, ...fromStores])];
}

/**
 * Build the server (async: it opens the database and, in sandbox mode, starts the sandbox). Nothing
 * listens and no message is sent until `start()`; `app.inject` works before it.
 * @example
 * const server = await createServer(loadConfig(process.env));
 * const { url } = await server.start();
 * process.once('SIGTERM', () => server.close());
 */
export async function createServer(config: ServerConfig, deps: ServerDeps = {}): Promise<EsemesServer> {
  const adapters = deps.adapters ?? [];
  checkAdapters(adapters);
  const metrics = createMetrics();
  const app = createApp(config, deps.logStream);
  const cleanups: Array<() => Promise<void>> = [];
  let sandbox: RunningSandbox | undefined;
  let notifier: Notifier;

  try {
    if (deps.notifier) notifier = deps.notifier;
    else {
      let client = deps.client;
      if (!client) {
        // Provider calls go over the client's own node:http transport (a caller's fetch only when a test hands
        // one in), timed into the metrics by onExchange. Measured side by side while dispatching, Node's fetch
        // cost the server 8-13% of the events it accepts a second.
        const transport = { onExchange: metrics.timeExchange, ...(deps.fetch ? { fetch: deps.fetch } : {}) };
        if (config.mode === 'sandbox') {
          // The database outlives this in-process sandbox: start its report ids from the clock (100 per
          // millisecond since 2020) so a restart never reuses an id the outbox already recorded.
          const firstReportId = (Date.now() - Date.UTC(2020, 0, 1)) * 100;
          // With a database file its state (inbox, sends, reports, credits) lives in a file beside it, so after
          // a restart the engine still gets the reports of messages sent before; a corrupt file stops the start.
          sandbox = await startSandbox({
            firstReportId,
            ...(config.sandboxStateFile !== undefined ? { stateFile: config.sandboxStateFile } : {}),
            onWarning: (message) => app.log.warn({ code: 'ESEMES_SANDBOX_STATE' }, message),
            ...deps.sandbox,
            port: 0,
            host: '127.0.0.1',
            accounts: [{ ...DEFAULT_SANDBOX_ACCOUNT, senders: sandboxSenders(config) }],
          });
          const running = sandbox;
          cleanups.push(() => running.close());
          client = createEsemesClient({
            user: DEFAULT_SANDBOX_ACCOUNT.user,
            password: DEFAULT_SANDBOX_ACCOUNT.password,
            baseUrl: sandbox.url,
            ...transport,
          });
        } else {
          client = createEsemesClient({
            user: config.esemesUser ?? '',
            password: config.esemesPassword ?? '',
            ...(config.esemesBaseUrl !== undefined ? { baseUrl: config.esemesBaseUrl } : {}),
            ...transport,
            onWarning: (message) => app.log.warn({ code: 'ESEMES_PLAIN_HTTP' }, message),
          });
        }
      }
      let store = deps.store;
      if (!store) {
        const opened = await openOutboxStore(config.databaseUrl);
        cleanups.unshift(() => opened.close());
        store = opened;
      }
      await store.migrate();
      notifier = createNotifier({
        store,
        client,
        sender: config.sender,
        logger: app.log.child({ component: 'notifier' }),
        ...(config.stores !== undefined ? { stores: config.stores } : {}),
        ...(deps.clock !== undefined ? { clock: deps.clock } : {}),
        dispatch: { ...config.dispatch, ...deps.dispatch },
        ...(deps.templatesDir !== undefined ? { templatesDir: deps.templatesDir } : {}),
      });
    }
  } catch (error) {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    throw error;
  }

  const engine = notifier;
  let closing = false;
  let started = false;
  const detachMetrics = metrics.attach(engine);
  const subscription = subscribeAdapters(engine, adapters, app.log);
  const offAlert = engine.on('alert', (alert) => {
    if (alert.code === 'resumed') app.log.info({ alert: alert.code }, alert.message);
    else app.log.error({ alert: alert.code }, alert.message);
    // Sandbox mode: a sender title saved while running (the dashboard, the stores API) is registered with
    // the in-process sandbox, as the shop owner would register it with esemes, and sending resumes.
    if (alert.code === 'sender' && sandbox) {
      const running = sandbox;
      void (async () => {
        const pause = await engine.pause();
        const user = DEFAULT_SANDBOX_ACCOUNT.user;
        // A title the sandbox already has was refused for another reason (an injected fault): that pause stays.
        if (!pause?.sender || running.account(user)?.senders.includes(pause.sender) !== false) return;
        if (!running.registerSender(user, pause.sender)) return;
        app.log.warn({ sender: pause.sender }, 'SANDBOX MODE: sender title registered with the sandbox; the real provider needs it registered with esemes');
        await engine.resume();
      })().catch((error: unknown) => app.log.error({ err: error }, 'sandbox: registering a sender title failed'));
    }
  });

  try {
    await registerRoutes(app, { notifier: engine, config, metrics, isClosing: () => closing }, adapters, {
      ...(sandbox ? { sandbox } : {}),
      ...(deps.clock !== undefined ? { clock: deps.clock } : {}),
    });
  } catch (error) {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    throw error;
  }

  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    closing = true;
    const errors: unknown[] = [];
    const step = async (what: string, run: () => Promise<unknown> | unknown): Promise<void> => {
      try {
        await run();
      } catch (error) {
        errors.push(error);
        app.log.error({ err: error }, `shutdown: ${what} failed`);
      }
    };
    // A send whose outcome is recorded from now on (sent or failed, out of `sending`) was finished during
    // shutdown: engine.stop() waits for the pass in flight, and this counts what that pass completed.
    let sendsFinished = 0;
    const offCount = engine.on('message.status', (event) => {
      if (event.previousStatus === 'sending') sendsFinished += 1;
    });
    if (started && config.shutdownDelayMs > 0) await new Promise((done) => setTimeout(done, config.shutdownDelayMs));
    app.log.info('shutting down: no new requests; finishing those in flight');
    await step('closing HTTP', () => app.close());
    await step('stopping the engine', () => engine.stop());
    offCount();
    subscription.off();
    offAlert();
    detachMetrics();
    await step('adapter listeners', () => subscription.drain());
    for (const cleanup of cleanups) await step('closing the store or sandbox', cleanup);
    // The last line of every shutdown, also one with a failed step (logged above, and thrown below).
    app.log.info({ sendsFinished, ...(errors.length > 0 ? { failedSteps: errors.length } : {}) }, 'esemes server stopped');
    if (errors.length > 0) throw errors[0];
  };

  return {
    app,
    notifier: engine,
    config,
    metrics,
    sandbox,
    async start() {
      if (closing) throw new Error('the server is closed; create a new one');
      const url = await app.listen({ port: config.port, host: config.host });
      started = true;
      engine.start();
      if (sandbox) app.log.warn({ provider: sandbox.url }, 'SANDBOX MODE: no SMS leaves this machine');
      app.log.info({ url, mode: config.mode }, 'esemes server listening');
      return { url };
    },
    close() {
      closed ??= close();
      return closed;
    },
  };
}
