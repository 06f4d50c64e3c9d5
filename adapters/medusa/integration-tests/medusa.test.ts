// The plugin inside a real Medusa 2.21 application on a real PostgreSQL, booted by Medusa's own
// medusaIntegrationTestRunner from the built plugin (`npx medusa plugin:build` first): the sms
// notification provider, the order subscriber and the write-back of each SMS's status to the order.
// The engine runs embedded in sandbox mode (integration-tests/app/medusa-config.js), so each SMS is
// read back from the in-process sandbox's inbox. Skipped without ESEMES_TEST_POSTGRES_URL
// (`eval "$(bash .ci/postgres.sh)"`).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EsemesRuntime, MedusaContainerLike } from '../src/index.js';

const POSTGRES_URL = process.env['ESEMES_TEST_POSTGRES_URL'];
const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), 'app');
const DB_NAME = `esemes-medusa-it-${process.pid}`;

// Medusa's test utils read the server from DB_* when first loaded, so these are set before the import.
// `localhost`, not 127.0.0.1: the runner turns SSL on for any database URL without "localhost" in it.
if (POSTGRES_URL !== undefined) {
  const url = new URL(POSTGRES_URL);
  process.env['DB_HOST'] = url.hostname === '127.0.0.1' ? 'localhost' : url.hostname;
  process.env['DB_PORT'] = url.port || '5432';
  process.env['DB_USERNAME'] = decodeURIComponent(url.username) || 'postgres';
  process.env['DB_PASSWORD'] = decodeURIComponent(url.password);
  // The runner's database (its getDatabaseURL, not exported): Medusa's (the config reads DATABASE_URL) and the engine's (the plugin's default).
  url.hostname = process.env['DB_HOST'];
  url.pathname = `/${DB_NAME}`;
  process.env['DATABASE_URL'] = url.toString();
}

// The runner was written for jest's globals.
if (POSTGRES_URL !== undefined) Object.assign(globalThis, { describe, it, beforeAll, afterAll, beforeEach, afterEach });

// Loaded only when the suite runs: Medusa's framework, its test runner and the built plugin (.medusa/server).
const loaded =
  POSTGRES_URL === undefined
    ? undefined
    : {
        testUtils: await import('@medusajs/test-utils'),
        Modules: (await import('@medusajs/framework/utils')).Modules,
        closeRuntime: (await import('@esemes/medusa')).closeRuntime,
      };

/** Poll `probe` until it returns a value other than undefined; a generous bound, never a timing claim. */
async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, boundMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > boundMs) throw new Error(`timed out after ${boundMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface NotificationModuleLike {
  createNotifications(data: Record<string, unknown>): Promise<{ id: string; status: string; external_id: string | null } | undefined>;
}
interface OrderModuleLike {
  createOrders(data: Record<string, unknown>): Promise<{ id: string; display_id: number }>;
  retrieveOrder(id: string, config?: { select?: string[] }): Promise<{ id: string; metadata: Record<string, unknown> | null }>;
}
interface EventBusLike {
  emit(data: { name: string; data: Record<string, unknown> }): Promise<void>;
}

describe.skipIf(POSTGRES_URL === undefined)('@esemes/medusa in a real Medusa application', () => {
  if (loaded === undefined) return;
  const { testUtils, Modules, closeRuntime } = loaded;
  testUtils.medusaIntegrationTestRunner({
    cwd: APP_DIR,
    dbName: DB_NAME,
    testSuite: ({ getContainer }) => {
      const container = () => getContainer() as unknown as MedusaContainerLike;
      const runtime = async (): Promise<EsemesRuntime> => {
        const registered = container().hasRegistration?.('esemesRuntime')
          ? await container().resolve<Promise<EsemesRuntime | undefined>>('esemesRuntime')
          : undefined;
        if (registered === undefined) throw new Error('the esemes runtime was not built');
        return registered;
      };
      const inbox = async (number: string) => (await runtime()).gateway.sandbox!.inbox(number);

      // The runner restores the database before each test (every connection to it is ended), and drops it
      // at the end: the runtime (its pool, loops and sandbox) is closed after each test, built anew by the next.
      afterEach(async () => {
        await closeRuntime(container());
      });

      it('sends through the sms notification provider, once per idempotency key', async () => {
        const notifications = container().resolve<NotificationModuleLike>(Modules.NOTIFICATION);
        const request = {
          to: '+905321234567',
          channel: 'sms',
          template: 'order.created',
          data: { order: { id: 'o1', number: '1001', total: '249.90', currency: 'TRY' }, customer: { firstName: 'Ayşe' } },
          idempotency_key: 'k1',
        };
        const notification = await notifications.createNotifications(request);
        expect(notification?.status).toBe('success');
        expect(notification?.external_id).toEqual(expect.any(String));
        expect(notification?.external_id).not.toBe('');

        const [message, ...more] = await until('the SMS in the sandbox inbox', async () => {
          const messages = await inbox('5321234567');
          return messages.length > 0 ? messages : undefined;
        });
        expect(more).toEqual([]);
        expect(message!.text).toMatch(/Test Ma[gğ]aza/);
        expect(message!.text).toContain('1001');
        // The provider returns the sandbox's report id (sent at once by the embedded engine).
        expect(message!.reportId).toBe(notification!.external_id);

        // The same idempotency key: Medusa finds the successful notification and calls no provider.
        await notifications.createNotifications(request);
        await sleep(2_000);
        expect(await inbox('5321234567')).toHaveLength(1);
      });

      it('sends the order SMS on order.placed once, and writes its delivery to the order metadata', async () => {
        const orders = container().resolve<OrderModuleLike>(Modules.ORDER);
        const order = await orders.createOrders({
          currency_code: 'try',
          email: 'ayse@example.com',
          shipping_address: {
            first_name: 'Ayşe',
            last_name: 'Yılmaz',
            phone: '+905329876543',
            address_1: 'Bağdat Cad. 1',
            city: 'İstanbul',
            country_code: 'tr',
          },
          items: [{ title: 'Yün Kazak', quantity: 2, unit_price: 124.95 }],
        });
        expect(order.display_id).toEqual(expect.any(Number));

        const eventBus = container().resolve<EventBusLike>(Modules.EVENT_BUS);
        await eventBus.emit({ name: 'order.placed', data: { id: order.id } });
        // The subscriber builds the runtime on this first event; until then there is none to ask.
        const [message] = await until('the order SMS in the sandbox inbox', async () => {
          if (!container().hasRegistration?.('esemesRuntime')) return undefined;
          const built = await container().resolve<Promise<EsemesRuntime | undefined>>('esemesRuntime');
          const messages = built?.gateway.sandbox?.inbox('5329876543') ?? [];
          return messages.length > 0 ? messages : undefined;
        });
        expect(message!.text).toMatch(/Test Ma[gğ]aza/);
        expect(message!.text).toContain(String(order.display_id));

        // order.placed again (a redelivered event): the engine answers with the first message, no second SMS.
        await eventBus.emit({ name: 'order.placed', data: { id: order.id } });
        await sleep(3_000);
        expect(await inbox('5329876543')).toHaveLength(1);

        // The sandbox reports the SMS delivered (~2 s), the engine's first report poll comes ~5 s after the
        // send, and the write-back then records it on the order.
        const entry = await until('a delivered entry in metadata.esemes_sms', async () => {
          const { metadata } = await orders.retrieveOrder(order.id, { select: ['id', 'metadata'] });
          const entries = (metadata?.['esemes_sms'] ?? {}) as Record<string, { status?: string; event?: string; note?: string }>;
          return Object.values(entries).find((value) => value.status === 'delivered');
        });
        expect(entry.event).toBe('order.created');
        expect(entry.note).toEqual(expect.any(String));
      });
    },
  });
});
