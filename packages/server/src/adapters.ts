// The adapter plugin interface. A platform adapter (WooCommerce, Shopify, Medusa …) is a Fastify plugin
// the server registers under /adapters/<name>, plus an optional listener for message status changes so
// it can write back to the store. The server knows adapters only through this interface.
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { MessageStatusEvent, Notifier } from '@esemes/notify';
import type { ServerMode } from './config.js';

/** What an adapter learns of the server's configuration (no secrets). */
export interface AdapterConfig {
  mode: ServerMode;
  /** The default sender title. */
  sender: string;
  /** PUBLIC_URL, when set. */
  publicUrl: string | undefined;
  /** Where this adapter's routes are reachable from outside: `<PUBLIC_URL><prefix>`; undefined without PUBLIC_URL. */
  adapterUrl: string | undefined;
}

/** Options the server passes to an adapter's plugin. */
export interface AdapterPluginOptions {
  notifier: Notifier;
  config: AdapterConfig;
  /** The API's bearer-token check (ADMIN_TOKEN), for an adapter's own admin routes: `{ onRequest: requireAdmin }`. */
  requireAdmin: onRequestAsyncHookHandler;
}

/**
 * A platform adapter.
 * @example
 * const woo: ServerAdapter = {
 *   name: 'woocommerce',
 *   plugin: async (app, { notifier }) => { app.post('/webhook', async (request) => notifier.accept(toCanonical(request.body))) },
 *   onMessageStatus: (event) => writeOrderNote(event),
 * };
 * await createServer(config, { adapters: [woo] }); // POST /adapters/woocommerce/webhook
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
  /** Called for every `message.status` of the notifier. Errors are logged, never thrown into the engine. */
  onMessageStatus?(event: MessageStatusEvent): Promise<void> | void;
}

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/;
const PREFIX = /^(?:|(?:\/[a-z0-9][a-z0-9._-]*)+)$/;

/** Check names once, when the server is built: valid and unique. Throws TypeError naming every problem. */
export function checkAdapters(adapters: readonly ServerAdapter[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [index, adapter] of adapters.entries()) {
    if (!adapter || typeof adapter !== 'object') problems.push(`adapters[${index}] must be an object`);
    else if (typeof adapter.name !== 'string' || !NAME.test(adapter.name)) problems.push(`adapters[${index}].name must be lower-case letters, digits and dashes (got ${JSON.stringify(adapter.name)})`);
    else if (seen.has(adapter.name)) problems.push(`adapters[${index}].name ${JSON.stringify(adapter.name)} is used twice`);
    else seen.add(adapter.name);
    if (adapter && typeof adapter.plugin !== 'function') problems.push(`adapters[${index}].plugin must be a Fastify plugin (an async function)`);
    if (adapter && adapter.prefix !== undefined && (typeof adapter.prefix !== 'string' || !PREFIX.test(adapter.prefix))) problems.push(`adapters[${index}].prefix must be '' or a path such as '/webhooks' (got ${JSON.stringify(adapter.prefix)})`);
  }
  if (problems.length > 0) throw new TypeError(`Invalid adapters: ${problems.join('; ')}`);
}

/** Register every adapter's plugin under its prefix (default `/adapters/<name>`), each in its own encapsulated context. */
export async function registerAdapters(
  app: FastifyInstance,
  adapters: readonly ServerAdapter[],
  notifier: Notifier,
  base: Omit<AdapterConfig, 'adapterUrl'>,
  requireAdmin: onRequestAsyncHookHandler,
): Promise<void> {
  for (const adapter of adapters) {
    const prefix = adapter.prefix ?? `/adapters/${adapter.name}`;
    const root = base.publicUrl === undefined ? undefined : base.publicUrl.replace(/\/+$/, '');
    const adapterUrl = root === undefined ? undefined : `${root}${prefix}`;
    await app.register(adapter.plugin, { prefix, notifier, config: { ...base, adapterUrl }, requireAdmin });
  }
}

export interface AdapterSubscription {
  /** Stop listening. */
  off(): void;
  /** Wait for the listeners still running. */
  drain(): Promise<void>;
}

/** Subscribe each adapter's `onMessageStatus` to the notifier. A listener that throws or rejects is logged and forgotten. */
export function subscribeAdapters(notifier: Notifier, adapters: readonly ServerAdapter[], log: FastifyBaseLogger): AdapterSubscription {
  const pending = new Set<Promise<void>>();
  const offs: Array<() => void> = [];
  for (const adapter of adapters) {
    const listener = adapter.onMessageStatus;
    if (!listener) continue;
    const failed = (event: MessageStatusEvent, error: unknown): void => log.warn({ adapter: adapter.name, messageId: event.messageId, err: error }, 'adapter onMessageStatus failed');
    offs.push(
      notifier.on('message.status', (event) => {
        let result: Promise<void> | void;
        try {
          result = listener.call(adapter, event);
        } catch (error) {
          failed(event, error);
          return;
        }
        if (result && typeof (result as Promise<void>).then === 'function') {
          const running: Promise<void> = Promise.resolve(result)
            .catch((error: unknown) => failed(event, error))
            .finally(() => pending.delete(running));
          pending.add(running);
        }
      }),
    );
  }
  return {
    off: () => offs.splice(0).forEach((off) => off()),
    drain: async () => {
      await Promise.allSettled([...pending]);
    },
  };
}
