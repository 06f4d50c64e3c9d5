// message.custom through the notifier: the caller's text goes through the same outbox and checks as any event.
import { afterEach, describe, expect, it } from 'vitest';
import { EventValidationError, MessageTooLongError } from './errors.js';
import { BACKENDS, harness, NOON, type EngineHarness } from './test-setup.js';

const open: EngineHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

const BODY = 'Demo Mağaza: Merhaba Ayşe, 1001 numaralı siparişinizdeki ürün yarın depomuza gelecek; siparişiniz cuma kargoda.';

function customMessage(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message.custom',
    idempotencyKey: 'demo:medusa:noti_01',
    store: { id: 'demo', name: 'Demo Mağaza', locale: 'tr', currency: 'TRY' },
    customer: { firstName: 'Ayşe', phones: ['+90 532 999 88 77'] },
    body: BODY,
    order: { id: 'order_01', number: '1001', total: '249.90' },
    ...overrides,
  };
}

describe.each(BACKENDS)('message.custom on %s', (backend) => {
  const setup = async (options: Omit<Parameters<typeof harness>[0] & object, 'backend'> = {}): Promise<EngineHarness> => {
    const h = await harness({ ...options, backend });
    open.push(h);
    return h;
  };

  it('queues one transactional message whose text is the body, and sends it once', async () => {
    const h = await setup();
    const outcome = await h.notifier.accept(customMessage());
    expect(outcome).toMatchObject({ status: 'accepted', messageIds: [expect.any(String)], skipped: [] });
    const message = await h.notifier.getMessage(outcome.messageIds[0]!);
    expect(message).toMatchObject({
      status: 'queued',
      eventType: 'message.custom',
      messageClass: 'transactional',
      recipient: '5329998877',
      text: BODY,
      parts: 1,
      optOutLink: false,
      orderNumber: '1001',
      notBefore: NOON,
    });
    expect(await h.notifier.listMessages({})).toHaveLength(1);
    await h.notifier.runOnce();
    expect(h.sandbox.inbox('5329998877').map((sms) => sms.text)).toEqual([BODY]);
  });

  it('answers a repeat of the idempotencyKey as a duplicate and creates nothing', async () => {
    const h = await setup();
    const first = await h.notifier.accept(customMessage());
    await h.notifier.runOnce();
    const again = await h.notifier.accept(customMessage({ body: 'Başka bir metin.' }));
    expect(again).toEqual({ status: 'duplicate', eventId: first.eventId, messageIds: first.messageIds, skipped: [], cancelled: 0 });
    expect(await h.notifier.listMessages({})).toHaveLength(1);
    await h.notifier.runOnce();
    expect(h.sandbox.sends()).toHaveLength(1);
  });

  it('refuses an invalid body and a text longer than maxParts, storing nothing', async () => {
    const h = await setup();
    await expect(h.notifier.accept(customMessage({ body: '' }))).rejects.toBeInstanceOf(EventValidationError);
    await expect(h.notifier.accept(customMessage({ body: 'a'.repeat(1001) }))).rejects.toBeInstanceOf(EventValidationError);
    const error = await h.notifier.accept(customMessage({ body: 'a'.repeat(1000) })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MessageTooLongError);
    expect(error).toMatchObject({ code: 'message_too_long', maxParts: 2, parts: 7, characters: 1000 });
    expect(await h.notifier.listMessages({})).toEqual([]);
  });

  it('sends a long text when the store allows its parts', async () => {
    const h = await setup({ notifier: { stores: { demo: { maxParts: 7 } } } });
    const outcome = await h.notifier.accept(customMessage({ body: 'a'.repeat(1000) }));
    expect(await h.notifier.getMessage(outcome.messageIds[0]!)).toMatchObject({ parts: 7, text: 'a'.repeat(1000) });
  });

  it('waits out quiet hours when the store applies them to transactional messages, and honours notBefore', async () => {
    const h = await setup({ notifier: { stores: { demo: { quietHours: { start: '11:00', end: '13:00' }, transactionalQuietHours: true } } } });
    const quiet = await h.notifier.getMessage((await h.notifier.accept(customMessage())).messageIds[0]!);
    // NOON is 12:00 in Istanbul: inside 11:00–13:00, so not before 13:00 (10:00Z).
    expect(quiet?.notBefore).toBe(Date.parse('2026-12-01T10:00:00Z'));
    const plain = await setup();
    const later = Date.parse('2026-12-02T08:00:00Z');
    const delayed = await plain.notifier.accept(customMessage({ idempotencyKey: 'demo:medusa:noti_02', notBefore: new Date(later).toISOString() }));
    expect((await plain.notifier.getMessage(delayed.messageIds[0]!))?.notBefore).toBe(later);
  });

  it('is skipped when the store turned message.custom off', async () => {
    const h = await setup({ notifier: { stores: { demo: { disabledEvents: ['message.custom'] } } } });
    expect(await h.notifier.accept(customMessage())).toMatchObject({
      status: 'accepted',
      messageIds: [],
      skipped: [{ role: 'all', reason: 'the store turned off SMS for message.custom' }],
    });
  });
});
