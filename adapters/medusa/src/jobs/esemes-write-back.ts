// Every minute: statuses the write-back could not store at once (the database was busy, the order was
// locked) are retried; the same run also starts the engine after a restart, so messages queued before
// it are sent even when no new event arrives.
import type { MedusaContainer } from '@medusajs/framework/types';
import { runtimeFor, type MedusaContainerLike } from '../runtime.js';

export default async function esemesWriteBack(container: MedusaContainer): Promise<void> {
  const runtime = await runtimeFor(container as unknown as MedusaContainerLike);
  await runtime.runWriteBack();
}

export const config = { name: 'esemes-write-back', schedule: '* * * * *' };
