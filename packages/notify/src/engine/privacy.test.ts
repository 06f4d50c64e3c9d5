import { createEsemesClient, maskPhone, normalizeTurkishMobile, type EsemesClient } from '@esemes/core';
import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED_RECIPIENT } from '../outbox/redacted.js';
import { createNotifier } from './notifier.js';
import { BACKENDS, harness, NOON, orderCreated, type EngineHarness } from './test-setup.js';
import type { Notifier } from './types.js';

const open: EngineHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

const OTHER_STORE = { id: 'other', name: 'Öteki Mağaza', locale: 'tr', currency: 'TRY' };
/** Another customer of the demo store. */
const ali = () => orderCreated({ customer: { firstName: 'Ali', phones: ['05301112233'] } });

describe('the redaction marker', () => {
  it('cannot pass for a phone number, and masks to nothing', () => {
    expect(normalizeTurkishMobile(REDACTED_RECIPIENT).ok).toBe(false);
    expect(maskPhone(REDACTED_RECIPIENT)).toBe('');
    expect(maskPhone(REDACTED_RECIPIENT, { style: 'national' })).toBe('');
  });
});

describe.each(BACKENDS)('privacy on %s', (backend) => {
  const setup = async (options: Omit<Parameters<typeof harness>[0] & object, 'backend'> = {}): Promise<EngineHarness> => {
    const h = await harness({ ...options, backend });
    open.push(h);
    return h;
  };

  it("customerData lists a customer's messages by any form of their number or by order id, with their events", async () => {
    const h = await setup();
    const mine = await h.notifier.accept(orderCreated());
    const byOrder = await h.notifier.accept(ali());
    await h.notifier.accept(ali());
    await h.notifier.accept(orderCreated({ store: OTHER_STORE }));
    const orderId = (await h.notifier.getMessage(byOrder.messageIds[0]!))?.orderId;
    // Numbers in any format (those that are not Turkish mobiles ignored), order ids as Shopify sends them.
    const data = await h.notifier.privacy.customerData({
      storeId: ' demo ',
      recipients: ['0532 999 88 77', 'not a phone', '+49 151 12345678'],
      orderIds: [Number(orderId)],
    });
    expect(data.messages.map((message) => message.id).sort()).toEqual([...mine.messageIds, ...byOrder.messageIds].sort());
    expect(data.messages.find((message) => message.id === mine.messageIds[0])).toMatchObject({
      createdAt: NOON,
      eventType: 'order.created',
      status: 'queued',
      recipient: '5329998877',
      text: expect.stringContaining('Ayşe'),
    });
    expect(data.events.map((event) => event.id).sort()).toEqual([mine.eventId, byOrder.eventId].sort());
    expect(data.events[0]).toMatchObject({ type: 'order.created', receivedAt: NOON, idempotencyKey: expect.stringMatching(/^demo:/) });
    expect(data.truncated).toBe(false);
    expect(await h.notifier.privacy.customerData({ storeId: 'demo', recipients: ['0212 555 11 22'] })).toEqual({ messages: [], events: [], truncated: false });
  });

  it('redactCustomer: the queued message is cancelled and never sent; a redelivered event is a duplicate and sends nothing', async () => {
    const h = await setup();
    const doc = orderCreated();
    const outcome = await h.notifier.accept(doc);
    const other = await h.notifier.accept(ali());
    expect(await h.notifier.privacy.redactCustomer({ storeId: 'demo', recipients: ['+90 532 999 88 77'] })).toEqual({
      cancelled: 1,
      messagesRedacted: 1,
      eventsRedacted: 1,
    });
    expect(await h.notifier.getMessage(outcome.messageIds[0]!)).toMatchObject({
      status: 'cancelled',
      errorCode: 'redacted',
      recipient: REDACTED_RECIPIENT,
      text: '',
    });
    expect(await h.notifier.accept(doc)).toEqual({ status: 'duplicate', eventId: outcome.eventId, messageIds: outcome.messageIds, skipped: [], cancelled: 0 });
    await h.notifier.runOnce();
    await h.notifier.runOnce();
    expect(h.sandbox.inbox('5329998877')).toEqual([]);
    expect(h.sandbox.sends()).toHaveLength(1);
    expect((await h.notifier.getMessage(other.messageIds[0]!))?.status).toBe('sent');
    // A cancellation is not published (as with cancel()).
    expect(h.statuses.map((status) => status.messageId)).toEqual(other.messageIds);
  });

  it('a redacted sent message still reaches its final state through the report poller, published without number or text', async () => {
    const h = await setup();
    // The sandbox reports 05000000001 not delivered, the others delivered: the outcome shows which number it was matched to.
    const redacted = await h.notifier.accept(orderCreated({ customer: { firstName: 'Ayşe', phones: ['05000000001'] } }));
    const kept = await h.notifier.accept(orderCreated());
    await h.notifier.runOnce();
    const [first, second] = await Promise.all([redacted, kept].map((o) => h.notifier.getMessage(o.messageIds[0]!)));
    expect([first?.status, first?.reportId]).toEqual(['sent', second?.reportId]);
    expect(await h.notifier.privacy.redactCustomer({ storeId: 'demo', recipients: ['05000000001'] })).toEqual({
      cancelled: 0,
      messagesRedacted: 1,
      eventsRedacted: 1,
    });
    h.clock.now += 3_000;
    await h.notifier.runOnce();
    expect(await h.notifier.getMessage(redacted.messageIds[0]!)).toMatchObject({
      status: 'undelivered',
      providerStatus: 'NOT_DELIVERED',
      recipient: REDACTED_RECIPIENT,
      text: '',
    });
    expect(await h.notifier.getMessage(kept.messageIds[0]!)).toMatchObject({ status: 'delivered', recipient: '5329998877' });
    const published = h.statuses.find((status) => status.messageId === redacted.messageIds[0] && status.status === 'undelivered');
    expect(published).toMatchObject({ recipient: REDACTED_RECIPIENT, recipientMasked: REDACTED_RECIPIENT, text: '', previousStatus: 'sent' });
    expect(JSON.stringify(published)).not.toContain('5000000001');
    expect(await h.notifier.listMessages({ status: 'sent' })).toEqual([]);
  });

  it('a redacted message whose send is unknown is never sent again: no trace can match it, so it ends cancelled', async () => {
    const h = await setup();
    const { messageIds } = await h.notifier.accept(orderCreated());
    h.sandbox.faults.inject({ kind: 'drop-before-accept' });
    await h.notifier.runOnce();
    expect((await h.notifier.getMessage(messageIds[0]!))?.status).toBe('unknown');
    await h.notifier.privacy.redactCustomer({ storeId: 'demo', recipients: ['05329998877'] });
    h.clock.now += 61_000;
    await h.notifier.runOnce();
    await h.notifier.runOnce();
    expect(await h.notifier.getMessage(messageIds[0]!)).toMatchObject({ status: 'cancelled', errorCode: 'redacted', recipient: REDACTED_RECIPIENT });
    expect(h.sandbox.sends()).toHaveLength(0);
  });

  it('a message redacted while its request is in flight and refused for credit is cancelled, not queued again', async () => {
    const h = await setup();
    h.sandbox.setCredits('demo', { alphanumeric: 0 });
    const real = createEsemesClient({ user: 'demo', password: 'demo', baseUrl: h.sandbox.url, retries: 0, now: () => new Date(h.clock.now) });
    const engine: { notifier?: Notifier } = {};
    // The customers/redact webhook arrives while the dispatcher's request is at the provider.
    const client: EsemesClient = {
      ...real,
      async sendPersonalized(options) {
        await engine.notifier?.privacy.redactCustomer({ storeId: 'demo', recipients: ['05329998877'] });
        return real.sendPersonalized(options);
      },
    };
    const notifier = createNotifier({ store: h.store, client, sender: 'DEMO', clock: () => h.clock.now, dispatch: { pauseProbeMs: 1_000 } });
    engine.notifier = notifier;
    const mine = await notifier.accept(orderCreated());
    const theirs = await notifier.accept(ali());
    await notifier.runOnce();
    expect(await notifier.pause()).toMatchObject({ code: 'credit' });
    expect(await notifier.getMessage(mine.messageIds[0]!)).toMatchObject({ status: 'cancelled', errorCode: 'redacted', recipient: REDACTED_RECIPIENT });
    expect((await notifier.getMessage(theirs.messageIds[0]!))?.status).toBe('queued');
    h.sandbox.setCredits('demo', { alphanumeric: 100 });
    h.clock.now += 5_000;
    await notifier.runOnce();
    await notifier.runOnce();
    expect(h.sandbox.inbox('5329998877')).toEqual([]);
    expect(h.sandbox.inbox('5301112233')).toHaveLength(1);
  });

  it("purgeStore deletes the store's messages, events, template overrides and saved settings, and leaves the other stores intact", async () => {
    const h = await setup();
    await h.notifier.templates.put('demo', 'order.created', 'tr', '{{store.name}}: {{order.number}} alındı.');
    await h.notifier.templates.put('other', 'order.created', 'tr', '{{store.name}}: {{order.number}} geldi.');
    await h.notifier.storeSettings.put('demo', { maxParts: 3 });
    await h.notifier.storeSettings.put('other', { maxParts: 4 });
    const overridden = /^Demo Mağaza: \d+ alındı\.$/;
    const first = await h.notifier.accept(orderCreated());
    expect((await h.notifier.getMessage(first.messageIds[0]!))?.text).toMatch(overridden);
    await h.notifier.runOnce();
    await h.notifier.accept(orderCreated());
    const theirs = await h.notifier.accept(orderCreated({ store: OTHER_STORE }));
    expect(await h.notifier.privacy.purgeStore('demo')).toEqual({ messages: 2, events: 2, templateOverrides: 1, storeSettings: 1 });
    expect(await h.notifier.listMessages({ storeId: 'demo' })).toEqual([]);
    expect(await h.notifier.storeIds()).toEqual(['other']);
    expect(await h.notifier.storeSettings.saved('demo')).toBeUndefined();
    expect(await h.notifier.storeSettings.get('demo')).toEqual({});
    expect((await h.notifier.storeSettings.saved('other'))?.settings).toEqual({ maxParts: 4 });
    expect((await h.notifier.templates.get('demo', 'order.created', 'tr')).source).toBe('default');
    expect((await h.notifier.templates.get('other', 'order.created', 'tr')).source).toBe('override');
    await h.notifier.runOnce();
    expect(await h.notifier.getMessage(theirs.messageIds[0]!)).toMatchObject({ status: 'sent', text: expect.stringContaining('geldi') });
    expect(h.sandbox.sends()).toHaveLength(2);
    // The template cache of this instance forgot the override at once.
    const later = await h.notifier.accept(orderCreated());
    expect((await h.notifier.getMessage(later.messageIds[0]!))?.text).not.toMatch(overridden);
    expect(await h.notifier.privacy.purgeStore('demo')).toEqual({ messages: 1, events: 1, templateOverrides: 0, storeSettings: 0 });
    expect(await h.notifier.privacy.purgeStore('demo')).toEqual({ messages: 0, events: 0, templateOverrides: 0, storeSettings: 0 });
  });

  it("cancelOpen cancels the queued messages of one store, leaves the other stores' alone, and publishes nothing (as cancel())", async () => {
    const h = await setup();
    const sent = await h.notifier.accept(orderCreated());
    await h.notifier.runOnce();
    const queued = [await h.notifier.accept(orderCreated()), await h.notifier.accept(ali())].flatMap((outcome) => outcome.messageIds);
    const theirs = await h.notifier.accept(orderCreated({ store: OTHER_STORE }));
    const published = h.statuses.length;
    expect(await h.notifier.privacy.cancelOpen({ storeId: 'demo' })).toBe(2);
    for (const id of queued) expect(await h.notifier.getMessage(id)).toMatchObject({ status: 'cancelled', errorCode: 'cancelled', finalAt: h.clock.now });
    expect((await h.notifier.getMessage(sent.messageIds[0]!))?.status).toBe('sent');
    expect(h.statuses).toHaveLength(published);
    await h.notifier.runOnce();
    expect((await h.notifier.getMessage(theirs.messageIds[0]!))?.status).toBe('sent');
    expect(h.sandbox.sends()).toHaveLength(2);
    expect(await h.notifier.privacy.cancelOpen({ storeId: 'demo' })).toBe(0);
  });

  it("state.deleteStatePrefix forgets one shop's keys of a namespace", async () => {
    const h = await setup();
    for (const key of ['shop1.myshopify.com:1', 'shop1.myshopify.com:2', 'shop10.myshopify.com:1'])
      await h.notifier.state.putState('shopify:orders', key, '{}', {}, NOON);
    expect(await h.notifier.state.deleteStatePrefix('shopify:orders', 'shop1.myshopify.com:')).toBe(2);
    expect((await h.notifier.state.listState('shopify:orders')).map((record) => record.key)).toEqual(['shop10.myshopify.com:1']);
  });
});
