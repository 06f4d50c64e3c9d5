// Every 5 minutes: carts idle past `abandonedCarts.idleMinutes` get their reminders queued (the kit's
// reminders: keyed per cart, so a cart seen again adds nothing, and an order for it cancels them).
import type { MedusaContainer } from '@medusajs/framework/types';
import { runtimeFor, type MedusaContainerLike } from '../runtime.js';

export default async function esemesAbandonedCarts(container: MedusaContainer): Promise<void> {
  const runtime = await runtimeFor(container as unknown as MedusaContainerLike);
  const { carts, results } = await runtime.scanAbandonedCarts();
  const queued = results.filter((result) => result.status === 'accepted').length;
  if (queued > 0) container.resolve('logger').info(`esemes: ${queued} cart reminders queued for ${carts} idle carts`);
}

export const config = { name: 'esemes-abandoned-carts', schedule: '*/5 * * * *' };
