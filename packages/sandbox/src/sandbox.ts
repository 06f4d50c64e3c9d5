// Builds a sandbox (Fastify app + its own state) and starts it on a port.
import Fastify, { type FastifyInstance } from 'fastify';
import { API_BASE_PATH } from './api-paths.js';
import { FaultController } from './faults.js';
import { resolveOptions, type ResolvedOptions, type SandboxOptions } from './options.js';
import { registerApiRoutes } from './routes-api.js';
import { registerInspectRoutes } from './routes-inspect.js';
import { createControls, type SandboxControls } from './sandbox-controls.js';
import { loadStateFile } from './state-file.js';
import { StateFileWriter } from './state-writer.js';
import { SandboxStore } from './store.js';

/** A built, not yet listening sandbox: the Fastify instance plus its controls. */
export interface SandboxApp extends SandboxControls {
  app: FastifyInstance;
  /** The options with defaults filled in. */
  options: ResolvedOptions;
}

/** A running sandbox. */
export interface RunningSandbox extends SandboxControls {
  /** Base URL of the API, e.g. `http://127.0.0.1:41234/api-v3/`. */
  url: string;
  /** `http://host:port`, for the `/_sandbox/` routes. */
  origin: string;
  port: number;
  /**
   * Stops listening and closes every connection, keep-alive ones included; then writes the pending
   * changes of `stateFile` (rejects when that write fails).
   */
  close(): Promise<void>;
}

/**
 * Builds a sandbox without listening: validates `options` once (throws SandboxConfigError naming
 * every bad option), loads `stateFile` when given and present (throws SandboxStateError when it is not
 * a valid state), and returns the Fastify instance with this sandbox's own state and controls.
 * `app.close()` writes the state file's pending changes.
 *
 * @example
 * ```ts
 * const { app, inbox } = await createSandboxApp({ seed: 7 });
 * await app.listen({ port: 8080 });
 * ```
 */
export async function createSandboxApp(options: SandboxOptions = {}): Promise<SandboxApp> {
  const resolved = resolveOptions(options);
  const saved = resolved.stateFile === undefined ? undefined : await loadStateFile(resolved.stateFile);
  const app = Fastify({
    logger: resolved.logger,
    forceCloseConnections: true, // close() also ends keep-alive connections, so the process can exit
  });
  let writer: StateFileWriter | undefined;
  const store = new SandboxStore(resolved, () => writer?.changed());
  if (saved) store.restore(saved);
  if (resolved.stateFile !== undefined) {
    writer = new StateFileWriter(resolved.stateFile, resolved.stateSaveDelayMs, () => store.snapshot(), resolved.onWarning);
    const closingWriter = writer;
    // After the listener has stopped, so no call changes the state behind the last write.
    app.addHook('onClose', async () => closingWriter.close());
  }
  const faults = new FaultController();
  const model = {
    seed: resolved.seed,
    deliveryDelayMs: resolved.deliveryDelayMs,
    outcomeWeights: resolved.outcomeWeights,
  };
  const users = resolved.accounts.map((account) => account.user);
  const controls = createControls(store, faults, model, resolved.now, users);
  const closing = new AbortController();
  app.addHook('preClose', async () => closing.abort());
  app.setNotFoundHandler(async (_request, reply) =>
    reply.code(404).type('text/plain; charset=utf-8').send(`404 Not Found: the API lives under ${API_BASE_PATH}, see GET /`),
  );
  await registerApiRoutes(app, {
    store,
    model,
    now: resolved.now,
    faults,
    replyCharset: resolved.replyCharset,
    declareCharset: resolved.declareCharset,
    closing: closing.signal,
  });
  await registerInspectRoutes(app, controls);
  return { app, options: resolved, ...controls };
}

/**
 * Starts a sandbox on `options.port` (default 0: a free port) and `options.host` (default
 * 127.0.0.1). Two sandboxes in one process share nothing.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox();
 * const reply = await fetch(sandbox.url + 'xml_bakiye.php', {
 *   method: 'POST',
 *   body: '<RAPOR><oturum><kullanici>demo</kullanici><sifre>demo</sifre></oturum></RAPOR>',
 * });
 * console.log(await reply.text()); // numerik(1000)\nalphanumeric(100000)
 * await sandbox.close();
 * ```
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const { app, options: resolved, ...controls } = await createSandboxApp(options);
  await app.listen({ port: resolved.port, host: resolved.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : resolved.port;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const origin = `http://${host}:${port}`;
  return {
    ...controls,
    url: origin + API_BASE_PATH,
    origin,
    port,
    close: async () => {
      await app.close();
    },
  };
}
