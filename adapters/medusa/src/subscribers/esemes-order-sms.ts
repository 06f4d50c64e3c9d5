// The plugin's subscriber: every Medusa event that can mean an SMS goes to the runtime, which loads
// what it needs with query.graph and hands canonical events to the engine. A failure to store the
// event is thrown, so Medusa's event bus sees the subscriber fail (and retries it where it can).
import type { SubscriberArgs, SubscriberConfig } from '@medusajs/framework';
import { MEDUSA_EVENTS, runtimeFor, type MedusaContainerLike, type MedusaEventName } from '../runtime.js';

export default async function esemesOrderSms({ event, container, pluginOptions }: SubscriberArgs<Record<string, unknown>>): Promise<void> {
  const runtime = await runtimeFor(container as unknown as MedusaContainerLike, pluginOptions);
  const handled = await runtime.handle(event.name as MedusaEventName, event.data ?? {});
  const logger = container.resolve('logger');
  const summary = handled.results.map((result) => `${result.type} ${result.status}${result.reason ? ` (${result.reason})` : ''}`).join(', ');
  logger.info(`esemes: ${event.name}: ${handled.note ?? (summary || 'nothing to send')}`);
}

export const config: SubscriberConfig = {
  event: [...MEDUSA_EVENTS],
  context: { subscriberId: 'esemes-order-sms' },
};
