// Where the plugin's events go: an engine embedded in the Medusa process (its outbox on the shop's own
// PostgreSQL, `esemes_*` tables, dispatch loops in this process; an in-process sandbox when no esemes
// account is set), or a separate esemes server reached over its events API. Both accept one canonical
// event at a time and answer with the kit's EventResult: a refusal (no phone, no consent) is a result,
// a failure to store the event is thrown, so the subscriber fails and Medusa can retry it.
import { acceptEvent, type AdapterLog, type EventResult } from '@esemes/adapter-kit';
import { createEsemesClient } from '@esemes/core';
import { createNotifier, openOutboxStore, type CanonicalEventInput, type Notifier, type OutboxStore } from '@esemes/notify';
import { DEFAULT_SANDBOX_ACCOUNT, startSandbox, type RunningSandbox, type SandboxOptions } from '@esemes/sandbox';
import type { ResolvedOptions } from './options.js';

/** The sender title of sandbox mode when none is configured. */
export const SANDBOX_SENDER = 'ESEMES';

/** The remote esemes server failed or refused the plugin (not a refusal of one event). */
export class EsemesServerError extends Error {
  override readonly name = 'EsemesServerError';
  readonly code = 'esemes_server' as const;
  constructor(
    message: string,
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface EngineGateway {
  readonly mode: 'embedded' | 'remote';
  /** Accept one canonical event: `accepted`, `duplicate`, `skipped` or `invalid`; throws when it could not be stored. */
  accept(event: CanonicalEventInput): Promise<EventResult>;
  /** The embedded engine (undefined in remote mode). */
  readonly notifier: Notifier | undefined;
  /** The in-process sandbox of sandbox mode (its inbox shows what was "sent"). */
  readonly sandbox: RunningSandbox | undefined;
  /** Stop the loops (waiting for sends in flight), close the database and the sandbox. Idempotent. */
  close(): Promise<void>;
}

export interface EngineDeps {
  fetch?: typeof globalThis.fetch;
  clock?: () => number;
  logger?: AdapterLog;
  /** Options of the in-process sandbox (tests pass `outcomeWeights`, `deliveryDelayMs`). */
  sandbox?: Omit<SandboxOptions, 'port' | 'host' | 'accounts'>;
  /** Engine loop timing (tests shorten `firstPollMs`). */
  dispatch?: Parameters<typeof createNotifier>[0]['dispatch'];
}

/** Build and start the gateway the options ask for. */
export async function createEngineGateway(options: ResolvedOptions, deps: EngineDeps = {}): Promise<EngineGateway> {
  return options.engine.mode === 'remote' ? createRemoteGateway(options.engine, deps) : createEmbeddedGateway(options, deps);
}

async function createEmbeddedGateway(options: ResolvedOptions, deps: EngineDeps): Promise<EngineGateway> {
  if (options.engine.mode !== 'embedded') throw new TypeError('embedded options expected');
  const engine = options.engine;
  const cleanups: Array<() => Promise<void>> = [];
  let sandbox: RunningSandbox | undefined;
  try {
    const sender = engine.sender ?? SANDBOX_SENDER;
    let client;
    if (engine.esemes === undefined) {
      // Report ids from the clock: the database outlives this in-process sandbox (as in the server's sandbox mode).
      sandbox = await startSandbox({
        firstReportId: (Date.now() - Date.UTC(2020, 0, 1)) * 100,
        ...engine.sandbox,
        ...deps.sandbox,
        port: 0,
        host: '127.0.0.1',
        accounts: [{ ...DEFAULT_SANDBOX_ACCOUNT, senders: [sender] }],
      });
      const running = sandbox;
      cleanups.push(() => running.close());
      client = createEsemesClient({
        user: DEFAULT_SANDBOX_ACCOUNT.user,
        password: DEFAULT_SANDBOX_ACCOUNT.password,
        baseUrl: sandbox.url,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
    } else {
      client = createEsemesClient({
        user: engine.esemes.user,
        password: engine.esemes.password,
        ...(engine.esemes.baseUrl !== undefined ? { baseUrl: engine.esemes.baseUrl } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
    }
    const store: OutboxStore = await openOutboxStore(engine.databaseUrl!, { poolSize: 4 });
    cleanups.unshift(() => store.close());
    await store.migrate();
    const notifier = createNotifier({
      store,
      client,
      sender,
      stores: { [options.storeId]: { ...(options.adminPhones.length > 0 ? { adminPhones: options.adminPhones } : {}) } },
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(deps.dispatch ? { dispatch: deps.dispatch } : {}),
    });
    notifier.start();
    let closing: Promise<void> | undefined;
    return {
      mode: 'embedded',
      notifier,
      sandbox,
      accept: (event) => acceptEvent(notifier, event, deps.logger),
      close() {
        closing ??= (async () => {
          await notifier.stop();
          for (const cleanup of cleanups) await cleanup();
        })();
        return closing;
      },
    };
  } catch (error) {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    throw error;
  }
}

interface ServerReply {
  status?: string;
  messageIds?: string[];
  skipped?: Array<{ reason?: string }>;
  /** The server's error shape: `{ error: { code, message, ...details } }`. */
  error?: { code?: string; message?: string };
}

function createRemoteGateway(engine: Extract<ResolvedOptions['engine'], { mode: 'remote' }>, deps: EngineDeps): EngineGateway {
  const fetchFn = deps.fetch ?? globalThis.fetch;
  const url = `${engine.serverUrl}/api/v1/events`;
  return {
    mode: 'remote',
    notifier: undefined,
    sandbox: undefined,
    async accept(event) {
      const base = { type: event.type, idempotencyKey: event.idempotencyKey };
      let response: Response;
      try {
        response = await fetchFn(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${engine.apiToken}` },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        throw new EsemesServerError(`the esemes server at ${engine.serverUrl} did not answer`, undefined, { cause: error });
      }
      const reply = (await response.json().catch(() => ({}))) as ServerReply;
      if (response.status === 202 || response.status === 200) {
        const messageIds = Array.isArray(reply.messageIds) ? reply.messageIds : [];
        if (event.type === 'cart.closed') return { ...base, status: reply.status === 'duplicate' ? 'duplicate' : 'accepted', messageIds: [] };
        if (reply.status === 'accepted' && messageIds.length === 0) {
          const reason = (reply.skipped ?? [])
            .map((skip) => skip.reason ?? '')
            .filter(Boolean)
            .join('; ');
          return { ...base, status: 'skipped', messageIds: [], reason: reason || 'no message' };
        }
        return { ...base, status: reply.status === 'duplicate' ? 'duplicate' : 'accepted', messageIds };
      }
      // 422: the server refused this event (no valid phone, too long, out of bounds): a result, not a failure.
      if (response.status === 422) {
        const reason = reply.error?.message ?? 'refused by the server';
        return { ...base, status: reply.error?.code === 'no_recipient' ? 'skipped' : 'invalid', messageIds: [], reason };
      }
      const code = reply.error?.code;
      throw new EsemesServerError(`the esemes server answered ${response.status}${code ? ` (${code})` : ''}`, response.status);
    },
    close: async () => undefined,
  };
}
