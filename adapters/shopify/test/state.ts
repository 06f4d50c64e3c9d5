// The real adapter state for tests: an outbox store on an in-memory SQLite database (notify's StateStore,
// with its versions, compare-and-set and due times), closed after each test.
import { openOutboxStore, type OutboxStore } from '@esemes/notify';
import { afterEach } from 'vitest';

const open: OutboxStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});

/** A migrated in-memory outbox; its StateStore methods are the adapter state. */
export async function testState(): Promise<OutboxStore> {
  const store = await openOutboxStore('sqlite::memory:');
  await store.migrate();
  open.push(store);
  return store;
}
