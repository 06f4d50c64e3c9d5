// Loading platform adapters. An adapter (WooCommerce, Shopify, Medusa, a shop's own …) is the kit's
// ServerAdapter: a Fastify plugin the server registers under /adapters/<name> (or its own prefix), plus an
// optional listener for message status changes so it can write back to the store. The contract lives in
// @esemes/adapter-kit; the server knows no adapter by name.
import type { AdapterConfig, ServerAdapter } from '@esemes/adapter-kit';
import type { MessageStatusEvent, Notifier } from '@esemes/notify';
import type { FastifyBaseLogger, FastifyInstance, onRequestAsyncHookHandler } from 'fastify';

export type { AdapterConfig, AdapterPluginOptions, ServerAdapter } from '@esemes/adapter-kit';

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/;
const PREFIX = /^(?:|(?:\/[a-z0-9][a-z0-9._-]*)+)$/;

/** Check names once, when the server is built: valid and unique. Throws TypeError naming every problem. */
export function checkAdapters(adapters: readonly ServerAdapter[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [index, adapter] of adapters.entries()) {
    if (!adapter || typeof adapter !== 'object') problems.push(`adapters[${index}] must be an object`);
    else if (typeof adapter.name !== 'string' || !NAME.test(adapter.name))
      problems.push(`adapters[${index}].name must be lower-case letters, digits and dashes (got ${JSON.stringify(adapter.name)})`);
    else if (seen.has(adapter.name)) problems.push(`adapters[${index}].name ${JSON.stringify(adapter.name)} is used twice`);
    else seen.add(adapter.name);
    if (adapter && typeof adapter.plugin !== 'function') problems.push(`adapters[${index}].plugin must be a Fastify plugin (an async function)`);
    if (adapter && adapter.prefix !== undefined && (typeof adapter.prefix !== 'string' || !PREFIX.test(adapter.prefix)))
      problems.push(`adapters[${index}].prefix must be '' or a path such as '/webhooks' (got ${JSON.stringify(adapter.prefix)})`);
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
    const failed = (event: MessageStatusEvent, error: unknown): void =>
      log.warn({ adapter: adapter.name, messageId: event.messageId, err: error }, 'adapter onMessageStatus failed');
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
