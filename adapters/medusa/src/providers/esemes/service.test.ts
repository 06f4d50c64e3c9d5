import { MedusaError } from '@medusajs/framework/utils';
import { afterEach, describe, expect, it } from 'vitest';
import { MedusaOptionsError } from '../../options.js';
import { closeRuntime, runtimeFor } from '../../runtime.js';
import { fakeMedusa, type FakeMedusa } from '../../test-medusa.js';
import { customEvent, EsemesNotificationProviderService } from './service.js';

const OPTIONS = { storeName: 'Nur Butik', engine: { mode: 'embedded', databaseUrl: 'sqlite::memory:' } };
const DEPS = { env: {}, sandbox: { outcomeWeights: { delivered: 1, notDelivered: 0, expired: 0 }, deliveryDelayMs: 0 }, dispatch: { intervalMs: 60_000 } };

const medusas: FakeMedusa[] = [];
afterEach(async () => {
  await Promise.all(medusas.splice(0).map((medusa) => closeRuntime(medusa.container)));
});

async function provider() {
  const medusa = fakeMedusa({ plugins: [{ resolve: '@esemes/medusa', options: OPTIONS }] });
  medusas.push(medusa);
  const runtime = await runtimeFor(medusa.container, undefined, DEPS);
  const service = new EsemesNotificationProviderService({}, { appContainer: () => medusa.container });
  return { medusa, runtime, service };
}

const ORDER_DATA = { order: { id: 'o1', number: '1001', total: '249.90', currency: 'TRY' }, customer: { firstName: 'Ayşe' } };

describe('EsemesNotificationProviderService', () => {
  it('is the `esemes` provider; its own options are optional and checked when given', () => {
    expect(EsemesNotificationProviderService.identifier).toBe('esemes');
    expect(() => EsemesNotificationProviderService.validateOptions({})).not.toThrow();
    expect(() => EsemesNotificationProviderService.validateOptions({ storeId: 'bad id' })).toThrow(MedusaOptionsError);
  });

  it('renders `template` with `data` through our templates, sends it at once and returns the provider’s report id', async () => {
    const { runtime, service } = await provider();
    const result = await service.send({ to: '+90 532 123 45 67', channel: 'sms', template: 'order.created', data: ORDER_DATA, id: 'noti_1' } as never);
    const inbox = runtime.gateway.sandbox!.inbox('5321234567');
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.text).toContain('Nur Butik');
    expect(inbox[0]!.text).toContain('1001');
    expect(result.id).toBe(inbox[0]!.reportId);
  });

  it('a repeat of a failed notification’s key (Medusa sends it again) is the same message, not a second SMS', async () => {
    const { runtime, service } = await provider();
    const notification = { to: '05321234567', channel: 'sms', template: 'order.created', data: ORDER_DATA, idempotency_key: 'order-1001-created' };
    const first = await service.send({ ...notification, id: 'noti_1' } as never);
    const second = await service.send({ ...notification, id: 'noti_2' } as never);
    expect(second.id).toBe(first.id);
    expect(runtime.gateway.sandbox!.inbox('5321234567')).toHaveLength(1);
  });

  it('sends `content.text` as written (message.custom)', async () => {
    const { runtime, service } = await provider();
    await service.send({
      to: '05321234567',
      channel: 'sms',
      template: '',
      content: { text: 'Mağazamız bugün 20.00 itibarıyla kapalı.' },
      id: 'noti_3',
    } as never);
    expect(runtime.gateway.sandbox!.inbox('5321234567')[0]!.text).toBe('Mağazamız bugün 20.00 itibarıyla kapalı.');
  });

  it('refuses, with a MedusaError saying why and nothing sent: an unknown template without text, a number that is not a Turkish mobile, an event missing its order', async () => {
    const { runtime, service } = await provider();
    await expect(service.send({ to: '05321234567', channel: 'sms', template: 'welcome-email', data: {}, id: 'n4' } as never)).rejects.toThrow(
      /template "welcome-email" is not one of/,
    );
    await expect(service.send({ to: '+49 30 1234567', channel: 'sms', template: 'order.created', data: ORDER_DATA, id: 'n5' } as never)).rejects.toThrow(
      MedusaError,
    );
    await expect(service.send({ to: '05321234567', channel: 'sms', template: 'order.created', data: {}, id: 'n6' } as never)).rejects.toThrow(
      /no SMS: .*order/,
    );
    await runtime.gateway.notifier!.runOnce();
    expect(runtime.gateway.sandbox!.inbox('5321234567')).toHaveLength(0);
  });

  it('keys by the idempotency key, else the notification id, else the content', () => {
    const runtime = { options: { storeId: 's', storeName: 'S', locale: 'tr', timeZone: 'Europe/Istanbul' } } as never;
    expect(customEvent({ to: '1', channel: 'sms', template: 'order.created', idempotency_key: 'k', id: 'n' }, runtime).idempotencyKey).toBe(
      'medusa:s:notification:k',
    );
    expect(customEvent({ to: '1', channel: 'sms', template: 'order.created', id: 'n' }, runtime).idempotencyKey).toBe('medusa:s:notification:n');
    const a = customEvent({ to: '1', channel: 'sms', template: 'order.created', data: { x: 1 } }, runtime).idempotencyKey;
    expect(customEvent({ to: '1', channel: 'sms', template: 'order.created', data: { x: 1 } }, runtime).idempotencyKey).toBe(a);
    expect(customEvent({ to: '1', channel: 'sms', template: 'order.created', data: { x: 2 } }, runtime).idempotencyKey).not.toBe(a);
  });
});
