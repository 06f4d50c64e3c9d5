import { afterEach, describe, expect, it } from 'vitest';
import { EventValidationError, MessageTooLongError, NoRecipientError, NotifierConfigError } from './errors.js';
import { createNotifier } from './notifier.js';
import { BACKENDS, cartAbandoned, harness, NOON, orderCreated, type EngineHarness } from './test-setup.js';

const open: EngineHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

describe.each(BACKENDS)('on %s', (backend) => {
  const setup = async (options: Omit<Parameters<typeof harness>[0] & object, 'backend'> = {}): Promise<EngineHarness> => {
    const h = await harness({ ...options, backend });
    open.push(h);
    return h;
  };

  describe('accepting events', () => {
    it('turns the README example into one queued SMS that the dispatcher sends once', async () => {
      const h = await setup();
      const outcome = await h.notifier.accept(orderCreated());
      expect(outcome).toMatchObject({ status: 'accepted', messageIds: [expect.any(String)], skipped: [] });
      const message = await h.notifier.getMessage(outcome.messageIds[0]!);
      expect(message).toMatchObject({
        status: 'queued',
        recipient: '5329998877',
        messageClass: 'transactional',
        optOutLink: false,
        blacklist: null,
        sender: 'DEMO',
        language: 'tr',
      });
      expect(message?.text).toContain('Demo Mağaza');
      expect(message?.text).toContain('Ayşe');
      await h.notifier.runOnce();
      await h.notifier.runOnce();
      expect(h.sandbox.inbox('5329998877')).toHaveLength(1);
      expect(h.sandbox.inbox('5329998877')[0]?.text).toBe(message?.text);
      expect(await h.notifier.getMessage(outcome.messageIds[0]!)).toMatchObject({ status: 'sent', reportId: expect.any(String) });
    });

    it('answers a repeat of the key with the original ids and sends nothing new', async () => {
      const h = await setup();
      const doc = orderCreated();
      const first = await h.notifier.accept(doc);
      await h.notifier.runOnce();
      const again = await h.notifier.accept({ ...doc, customer: { firstName: 'Başka', phones: ['05309998877'] } });
      expect(again).toEqual({ status: 'duplicate', eventId: first.eventId, messageIds: first.messageIds, skipped: [], cancelled: 0 });
      await h.notifier.runOnce();
      expect(h.sandbox.sends()).toHaveLength(1);
    });

    it('resolves 20 concurrent duplicates on two instances to one acceptance and one SMS', async () => {
      const h = await setup();
      const twin = await h.twin();
      const doc = orderCreated();
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? twin : h.notifier).accept(doc)));
      expect(outcomes.filter((o) => o.status === 'accepted')).toHaveLength(1);
      expect(new Set(outcomes.map((o) => o.messageIds.join()))).toHaveLength(1);
      await Promise.all([h.notifier.runOnce(), twin.runOnce()]);
      expect(h.sandbox.inbox('5329998877')).toHaveLength(1);
    });

    it('refuses invalid documents and unusable phones, storing nothing', async () => {
      const h = await setup();
      await expect(h.notifier.accept({ type: 'order.teleported' })).rejects.toBeInstanceOf(EventValidationError);
      const invalid = await h.notifier.accept(orderCreated({ order: { id: '1' } })).catch((e: unknown) => e as EventValidationError);
      expect(invalid).toBeInstanceOf(EventValidationError);
      expect((invalid as EventValidationError).issues.map((i) => i.path)).toEqual(['order.number', 'order.total']);
      const noPhone = await h.notifier
        .accept(orderCreated({ customer: { firstName: 'A', phones: ['0212 555 11 22', '+49 151 12345678'] } }))
        .catch((e: unknown) => e);
      expect(noPhone).toBeInstanceOf(NoRecipientError);
      expect(String((noPhone as Error).message)).not.toContain('2125551122');
      expect(await h.notifier.listMessages({})).toHaveLength(0);
    });

    it('uses the first valid phone in order of preference', async () => {
      const h = await setup();
      const { messageIds } = await h.notifier.accept(
        orderCreated({ customer: { firstName: 'Ali', phones: ['0212 555 11 22', 'abc', '0530 111 22 33', '0532 999 88 77'] } }),
      );
      expect((await h.notifier.getMessage(messageIds[0]!))?.recipient).toBe('5301112233');
    });

    it('merges a store\'s settings over the "*" defaults, and writes to the shop owner in the store\'s language', async () => {
      const h = await setup({ notifier: { stores: { '*': { adminPhones: ['05551112233'], sender: 'ESEMES' }, demo: { sender: 'MAGAZA' } } } });
      const admin = await h.notifier.accept({
        ...orderCreated(),
        type: 'admin.order.created',
        customer: { firstName: 'John', locale: 'en', phones: ['05329998877'] },
      });
      expect(await h.notifier.getMessage(admin.messageIds[0]!)).toMatchObject({ recipient: '5551112233', sender: 'MAGAZA', language: 'tr' });
    });

    it('sends admin.order.created to every admin number, from the event or the store settings', async () => {
      const h = await setup({ notifier: { stores: { demo: { adminPhones: ['05551112233'] } } } });
      const fromEvent = await h.notifier.accept({ ...orderCreated(), type: 'admin.order.created', adminPhones: ['05321112233', '0533 111 22 33'] });
      expect(fromEvent.messageIds).toHaveLength(2);
      const fromSettings = await h.notifier.accept({ ...orderCreated(), type: 'admin.order.created' });
      expect((await h.notifier.getMessage(fromSettings.messageIds[0]!))?.recipient).toBe('5551112233');
    });
  });

  describe('consent, quiet hours, time-to-live and cancellation', () => {
    it('sends commercial messages only with recorded consent, with the opt-out link and the own blacklist', async () => {
      const h = await setup();
      const without = await h.notifier.accept(cartAbandoned({ customer: { firstName: 'Ayşe', phones: ['05329998877'] } }));
      expect(without).toMatchObject({ status: 'accepted', messageIds: [], skipped: [{ role: 'customer', reason: expect.stringMatching(/consent/) }] });
      const withConsent = await h.notifier.accept(cartAbandoned());
      expect(await h.notifier.getMessage(withConsent.messageIds[0]!)).toMatchObject({ messageClass: 'commercial', optOutLink: true, blacklist: 'own' });
      await h.notifier.runOnce();
      const [received] = h.sandbox.inbox('5329998877');
      expect(received?.text).toMatch(/SMS Listemizden çıkmak için/);
      expect(h.sandbox.sends()).toHaveLength(1);
    });

    it('delays commercial messages in quiet hours (store time) and never drops them', async () => {
      const h = await setup();
      h.clock.now = Date.parse('2026-12-01T20:30:00Z'); // 23:30 in Istanbul
      const cart = await h.notifier.accept(cartAbandoned());
      const order = await h.notifier.accept(orderCreated());
      expect((await h.notifier.getMessage(cart.messageIds[0]!))?.notBefore).toBe(Date.parse('2026-12-02T06:00:00Z'));
      await h.notifier.runOnce();
      expect((await h.notifier.getMessage(order.messageIds[0]!))?.status).toBe('sent');
      expect((await h.notifier.getMessage(cart.messageIds[0]!))?.status).toBe('queued');
      h.clock.now = Date.parse('2026-12-02T06:00:00Z');
      await h.notifier.runOnce();
      expect((await h.notifier.getMessage(cart.messageIds[0]!))?.status).toBe('sent');
    });

    it('lets a store put transactional messages under quiet hours too', async () => {
      const h = await setup({ notifier: { stores: { demo: { transactionalQuietHours: true, quietHours: { start: '22:00', end: '08:00' } } } } });
      h.clock.now = Date.parse('2026-12-01T20:30:00Z');
      const order = await h.notifier.accept(orderCreated());
      expect((await h.notifier.getMessage(order.messageIds[0]!))?.notBefore).toBe(Date.parse('2026-12-02T05:00:00Z'));
    });

    it('cancels a message past its time-to-live instead of sending it', async () => {
      const h = await setup();
      h.clock.now = Date.parse('2026-12-01T20:30:00Z');
      const cart = await h.notifier.accept(cartAbandoned({ expiresAt: '2026-12-02T00:00:00Z' }));
      h.clock.now = Date.parse('2026-12-02T06:00:00Z');
      await h.notifier.runOnce();
      expect(await h.notifier.getMessage(cart.messageIds[0]!)).toMatchObject({ status: 'cancelled' });
      expect(h.sandbox.sends()).toHaveLength(0);
    });

    it('cancels the cart reminder when the order arrives (cancel keys)', async () => {
      const h = await setup();
      const cart = await h.notifier.accept(cartAbandoned({ notBefore: new Date(NOON + 3_600_000).toISOString() }));
      const cartId = (await h.notifier.getMessage(cart.messageIds[0]!))?.cancelKey;
      expect(cartId).toMatch(/^cart:demo:/);
      await h.notifier.accept(orderCreated({ cancels: [cartId] }));
      expect((await h.notifier.getMessage(cart.messageIds[0]!))?.status).toBe('cancelled');
      expect(await h.notifier.cancel(cartId!)).toBe(0);
      h.clock.now += 2 * 3_600_000;
      await h.notifier.runOnce();
      expect(h.sandbox.inbox('5329998877').filter((m) => /sepet|cart/i.test(m.text))).toHaveLength(0);
    });

    it('cancels the reminders of a cart with cart.closed, which sends nothing and needs no phone', async () => {
      const h = await setup();
      const later = new Date(NOON + 3_600_000).toISOString();
      const first = await h.notifier.accept(
        cartAbandoned({ notBefore: later, cart: { id: 'sepet-9', recoveryUrl: 'https://demo.example/cart/9', total: '10', reminder: 1 } }),
      );
      const second = await h.notifier.accept(
        cartAbandoned({ notBefore: later, cart: { id: 'sepet-9', recoveryUrl: 'https://demo.example/cart/9', total: '10', reminder: 2 } }),
      );
      const other = await h.notifier.accept(cartAbandoned({ notBefore: later }));
      const closed = { type: 'cart.closed', idempotencyKey: 'demo:cart:sepet-9:closed', store: { id: 'demo', name: 'Demo Mağaza' }, cart: { id: 'sepet-9' } };
      expect(await h.notifier.accept(closed)).toMatchObject({ status: 'accepted', messageIds: [], skipped: [], cancelled: 2 });
      expect(await h.notifier.accept(closed)).toMatchObject({ status: 'duplicate', messageIds: [], cancelled: 0 });
      for (const id of [...first.messageIds, ...second.messageIds]) expect((await h.notifier.getMessage(id))?.status).toBe('cancelled');
      expect((await h.notifier.getMessage(other.messageIds[0]!))?.status).toBe('queued');
      // The other store's cart with the same id is not touched.
      const elsewhere = await h.notifier.accept(
        cartAbandoned({
          notBefore: later,
          store: { id: 'shop2', name: 'Başka' },
          cart: { id: 'sepet-9', recoveryUrl: 'https://demo.example/cart/9', total: '10' },
        }),
      );
      await h.notifier.accept({ ...closed, idempotencyKey: 'demo:cart:sepet-9:closed-again' });
      expect((await h.notifier.getMessage(elsewhere.messageIds[0]!))?.status).toBe('queued');
      await expect(h.notifier.accept({ ...closed, idempotencyKey: 'x', cart: {} })).rejects.toBeInstanceOf(EventValidationError);
    });
  });

  describe('the part cap (maxParts) and transliteration', () => {
    const longLink = `https://demo.example/siparis/${'x'.repeat(400)}`;
    const statusChanged = (store: object = {}) =>
      orderCreated({
        type: 'order.status_changed',
        status: { canonical: 'processing', raw: 'processing' },
        store: { id: 'demo', name: 'Demo Mağaza', ...store },
        order: { id: '77', number: '77', total: '10', statusUrl: longLink },
      });

    it('refuses a message longer than maxParts (default 2) before storing anything, naming the cap and the length', async () => {
      const h = await setup();
      const error = await h.notifier.accept(statusChanged()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MessageTooLongError);
      expect(error).toMatchObject({ code: 'message_too_long', maxParts: 2, parts: 4, encoding: 'gsm7-turkish' });
      expect((error as Error).message).toMatch(/would be 4 SMS parts \(\d+ characters, gsm7-turkish\); this store allows at most 2 \(maxParts\)/);
      expect(await h.notifier.listMessages({})).toEqual([]);
      // Nothing was stored: the same key is new once the store allows it.
      await h.notifier.runOnce();
      expect(h.sandbox.sends()).toEqual([]);
    });

    it('sends it when the store allows more parts, counted as billed', async () => {
      const h = await setup({ notifier: { stores: { demo: { maxParts: 4 } } } });
      const outcome = await h.notifier.accept(statusChanged());
      const message = await h.notifier.getMessage(outcome.messageIds[0]!);
      expect(message?.parts).toBe(4);
      await h.notifier.runOnce();
      expect(h.sandbox.inbox('5329998877')[0]?.parts).toBe(4);
    });

    it('transliterates what has a Latin stand-in by default, and follows the store switch', async () => {
      const kazim = { customer: { firstName: 'Kâzım', phones: ['+90 532 999 88 77'] } };
      const h = await setup({ notifier: { stores: { keep: { transliterate: 'none' }, ascii: { transliterate: 'turkish' } } } });
      const latin = await h.notifier.getMessage((await h.notifier.accept(orderCreated(kazim))).messageIds[0]!);
      expect(latin?.text).toContain('Merhaba Kazım,');
      const kept = await h.notifier.getMessage(
        (await h.notifier.accept(orderCreated({ ...kazim, store: { id: 'keep', name: 'Demo Mağaza' } }))).messageIds[0]!,
      );
      expect(kept?.text).toContain('Merhaba Kâzım,');
      expect(kept?.parts).toBe(2);
      const ascii = await h.notifier.getMessage(
        (await h.notifier.accept(orderCreated({ ...kazim, store: { id: 'ascii', name: 'Demo Mağaza' } }))).messageIds[0]!,
      );
      expect(ascii?.text).toMatch(/^Demo Magaza: Merhaba Kazim, \d+ numarali siparisinizi aldik\./);
      expect(ascii?.parts).toBe(1);
    });

    it('refuses a bad maxParts or transliterate setting when built', () => {
      const base = { store: {} as never, client: {} as never, sender: 'DEMO' };
      const error = (() => {
        try {
          createNotifier({ ...base, stores: { a: { maxParts: 0 }, b: { maxParts: 11 }, c: { transliterate: 'greek' as never } } });
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(NotifierConfigError);
      expect((error as NotifierConfigError).problems).toEqual([
        'stores.a.maxParts must be an integer from 1 to 10',
        'stores.b.maxParts must be an integer from 1 to 10',
        'stores.c.transliterate must be latin, none or turkish',
      ]);
    });
  });

  describe('message.status', () => {
    it('names the platform, the event key, the role, the number and the text, so adapters never parse keys', async () => {
      const h = await setup();
      const outcome = await h.notifier.accept(
        orderCreated({ idempotencyKey: 'woo:shop:order:5:created#x', store: { id: 'shop:1', platform: 'woocommerce', name: 'Demo Mağaza' } }),
      );
      await h.notifier.runOnce();
      const sent = h.statuses.find((s) => s.messageId === outcome.messageIds[0]);
      const message = await h.notifier.getMessage(outcome.messageIds[0]!);
      expect(sent).toMatchObject({
        status: 'sent',
        storeId: 'shop:1',
        platform: 'woocommerce',
        idempotencyKey: 'woo:shop:order:5:created#x',
        role: 'customer',
        recipient: '5329998877',
        recipientMasked: '******8877',
        text: message?.text,
      });
      expect(message?.platform).toBe('woocommerce');
    });

    it('says custom for events that name no platform, and admin:<n> for the shop owner', async () => {
      const h = await setup();
      const outcome = await h.notifier.accept({ ...orderCreated(), type: 'admin.order.created', adminPhones: ['05321112233', '05334445566'] });
      await h.notifier.runOnce();
      const events = h.statuses.filter((s) => outcome.messageIds.includes(s.messageId));
      expect(events.map((e) => [e.platform, e.role]).sort()).toEqual([
        ['custom', 'admin:1'],
        ['custom', 'admin:2'],
      ]);
    });
  });
});
