// The contract between the esemes server and a platform adapter. The server imports it from here, and so
// does every adapter: one definition, no structural copies. An adapter is a Fastify plugin plus an optional
// listener for message status changes (to write back to the store).
import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { MessageStatusEvent, Notifier } from '@esemes/notify';
import type { DashboardPanel } from './dashboard.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Path parameters of this route whose values are secrets (a token in a webhook URL): the server's log
     * shows `[redacted]` in their place, also for a request to this path with another method. Each must name
     * a parameter of the route's URL (checked when the route is registered). Parameters named like a secret
     * (`token`, `secret`, `password`, `apiKey` …) are redacted without it.
     * @example app.post('/hook/:storeId/:key', { config: { secretParams: ['key'] } }, handler)
     */
    secretParams?: readonly string[];
    /** Query-string parameters of this route whose values are secrets (a nonce in a return URL): logged as `[redacted]`. */
    secretQuery?: readonly string[];
  }
}

/** `sandbox`: no credentials, an in-process stand-in for the provider; `live`: real SMS. */
export type ServerMode = 'sandbox' | 'live';

/** What an adapter learns of the server's configuration (no secrets). */
export interface AdapterConfig {
  mode: ServerMode;
  /** The default sender title. */
  sender: string;
  /** PUBLIC_URL, when set: where platforms reach this server. */
  publicUrl: string | undefined;
  /** Where this adapter's routes are reachable from outside: `<PUBLIC_URL><prefix>`; undefined without PUBLIC_URL. */
  adapterUrl: string | undefined;
}

/** Options the server passes to an adapter's plugin. */
export interface AdapterPluginOptions {
  /** The engine: `accept`, `templates`, `state` (durable key/value state), `getMessage` … */
  notifier: Notifier;
  config: AdapterConfig;
  /** The API's bearer-token check (ADMIN_TOKEN), for an adapter's own admin routes: `{ onRequest: requireAdmin }`. */
  requireAdmin: onRequestAsyncHookHandler;
}

/**
 * A platform adapter, as the server loads it.
 * @example
 * const opencart: ServerAdapter = {
 *   name: 'opencart',
 *   plugin: async (app, { notifier }) => { app.post('/webhook', async (request) => notifier.accept(toCanonical(request.body))) },
 *   onMessageStatus: (event) => (event.platform === 'opencart' ? writeBack(event) : undefined),
 * };
 * await createServer(config, { adapters: [opencart] }); // POST /adapters/opencart/webhook
 */
export interface ServerAdapter {
  /** Lower-case letters, digits and dashes; the routes live under `/adapters/<name>` unless `prefix` says otherwise. */
  name: string;
  /**
   * Where the plugin's routes are mounted: default `/adapters/<name>`; `''` mounts them at the root, for an
   * adapter whose platform-facing URLs are fixed (e.g. `/webhooks/woocommerce/:storeId`).
   */
  prefix?: string;
  plugin: FastifyPluginAsync<AdapterPluginOptions>;
  /**
   * Called for every `message.status` of the engine, every platform's: compare `event.platform` with your
   * own. Errors are logged by the server, never thrown into the engine.
   */
  onMessageStatus?(event: MessageStatusEvent): Promise<void> | void;
  /**
   * The adapter's panel in the shop owner's dashboard (its stores, connecting one, their settings). Called
   * once the plugin is registered, so it may use what the plugin built.
   */
  dashboard?(): DashboardPanel;
}

/** An adapter's configuration from the environment is incomplete or invalid. The server exits with code 2. */
export class AdapterConfigError extends Error {
  override name = 'AdapterConfigError';
  readonly code = 'config' as const;
  /** The environment variables that are missing or invalid. */
  readonly variables: readonly string[];
  constructor(what: string, problems: ReadonlyArray<{ variable: string; problem: string }>) {
    super(`${what} configuration is incomplete: ${problems.map((p) => `${p.variable} ${p.problem}`).join('; ')}.`);
    this.variables = problems.map((p) => p.variable);
  }
}

/** True for an {@link AdapterConfigError}, also one from another copy of this package (by name and code). */
export function isAdapterConfigError(error: unknown): error is AdapterConfigError {
  if (error instanceof AdapterConfigError) return true;
  const candidate = error as { code?: unknown; variables?: unknown } | null;
  return error instanceof Error && candidate?.code === 'config' && Array.isArray(candidate.variables);
}
