import type { EventResult } from '@esemes/adapter-kit';
import type { CanonicalEventInput } from '@esemes/notify';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineGateway, type EngineGateway } from '../engine.js';
import { resolveOptions } from '../options.js';
import { orderEvents, shipmentEvent } from '../order-events.js';
import EsemesV1NotificationServiceDefault, {
  createEsemesV1NotificationService,
  EsemesV1NotificationService,
  FallbackNotificationService,
  toMedusaFulfillment,
  toMedusaOrder,
  v1Amount,
  type V1Container,
  type V1Fulfillment,
  type V1Order,
} from './notification-service.js';
import { EsemesV1Subscriber } from './subscriber.js';
import * as v1 from './index.js';

const OPTIONS = { storeName: 'Nur Butik', engine: { mode: 'embedded', databaseUrl: 'sqlite::memory:' } };
const NOW = Date.parse('2026-03-02T10:00:00Z');

function v1Order(overrides: Partial<V1Order> = {}): V1Order {
  return {
    id: 'order_01V1',
    display_id: 1042,
    email: 'ayse@example.com',
    currency_code: 'try',
    total: 24990,
    no_notification: false,
    cart_id: 'cart_01V1',
    customer_id: 'cus_01',
    items: [
      { title: 'Keten Gömlek', quantity: 2, total: 19990 },
      { title: 'Kemer', quantity: 1, total: 5000 },
    ],
    shipping_address: { phone: '0532 111 22 33', first_name: 'Ayşe', last_name: 'Yılmaz' },
    billing_address: { phone: '+90 533 444 55 66', first_name: 'Ayşe', last_name: 'Yılmaz' },
    customer: { id: 'cus_01', phone: null, first_name: 'Ayşe', last_name: 'Yılmaz' },
    fulfillments: [
      {
        id: 'ful_01',
        provider_id: 'manual',
        tracking_links: [{ tracking_number: 'YK123456789', url: 'https://kargo.example/t/YK123456789' }],
        tracking_numbers: [],
      },
      { id: 'ful_02', provider_id: 'aras_kargo', tracking_links: [], tracking_numbers: ['AR987654321'] },
      { id: 'ful_03', provider_id: 'manual', tracking_links: [], tracking_numbers: [] },
    ],
    shipping_methods: [{ shipping_option: { name: 'Yurtiçi Kargo' } }],
    ...overrides,
  };
}

/** A plain-object v1 container: orderService returns the fixture, and records how it was asked. */
function fakeContainer(order: V1Order | undefined = v1Order()) {
  const calls: Array<{ method: string; id: string; relations: string[] | undefined }> = [];
  const fulfillmentCalls: string[] = [];
  const container: V1Container = {
    orderService: {
      async retrieve(id, config) {
        calls.push({ method: 'retrieve', id, relations: config?.relations });
        if (order === undefined || id !== order.id) throw new Error(`Order with id ${id} was not found`);
        return order;
      },
      async retrieveWithTotals(id, config) {
        calls.push({ method: 'retrieveWithTotals', id, relations: config?.relations });
        if (order === undefined || id !== order.id) throw new Error(`Order with id ${id} was not found`);
        return order;
      },
    },
    fulfillmentService: {
      async retrieve(id) {
        fulfillmentCalls.push(id);
        if (id !== 'ful_99') throw new Error(`Fulfillment ${id} not found`);
        return { id, provider_id: 'mng', tracking_links: [{ tracking_number: 'MNG555', url: null }] } satisfies V1Fulfillment;
      },
    },
  };
  return { container, calls, fulfillmentCalls };
}

/** Records accepted events; re-accepting a key answers `duplicate`, as the engine does. */
function fakeGateway() {
  const accepted: CanonicalEventInput[] = [];
  const keys = new Set<string>();
  const gateway: EngineGateway = {
    mode: 'embedded',
    notifier: undefined,
    sandbox: undefined,
    async accept(event): Promise<EventResult> {
      const base = { type: event.type, idempotencyKey: event.idempotencyKey };
      if (keys.has(event.idempotencyKey)) return { ...base, status: 'duplicate', messageIds: [] };
      keys.add(event.idempotencyKey);
      accepted.push(event);
      return { ...base, status: 'accepted', messageIds: event.type === 'cart.closed' ? [] : [`msg_${accepted.length}`] };
    },
    close: async () => undefined,
  };
  return { gateway, accepted };
}

function service(options: Record<string, unknown> = OPTIONS, order?: V1Order) {
  const { container, calls, fulfillmentCalls } = fakeContainer(order);
  const { gateway, accepted } = fakeGateway();
  const instance = new EsemesV1NotificationService(container, options, { gateway, clock: () => NOW });
  return { instance, accepted, calls, fulfillmentCalls };
}

describe('v1 amounts', () => {
  it('converts minor units exactly, by the currency Medusa v1 keeps without decimals', () => {
    expect(v1Amount(24990, 'try')).toBe('249.90');
    expect(v1Amount(5, 'usd')).toBe('0.05');
    expect(v1Amount(-1250, 'EUR')).toBe('-12.50');
    expect(v1Amount(0, 'eur')).toBe('0.00');
    expect(v1Amount(1500, 'jpy')).toBe('1500');
    expect(v1Amount(null, 'try')).toBe('0');
    expect(v1Amount('19990', 'try')).toBe('199.90');
  });

  it('turns a v1 order into the v2 shape, with totals in the main unit', () => {
    const order = toMedusaOrder(v1Order());
    expect(order.total).toBe('249.90');
    expect(order.items?.map((item) => item?.total)).toEqual(['199.90', '50.00']);
    expect(order.cart).toEqual({ id: 'cart_01V1' });
    const jpy = toMedusaOrder(v1Order({ currency_code: 'jpy', total: 3000, items: [{ title: 'Çay', quantity: 1, total: 3000 }] }));
    expect(jpy.total).toBe('3000');
  });
});

describe('EsemesV1NotificationService', () => {
  it('is the default export, named identifier esemes, recognised as a v1 notification provider', () => {
    expect(EsemesV1NotificationServiceDefault).toBe(EsemesV1NotificationService);
    expect(EsemesV1NotificationService.identifier).toBe('esemes');
    expect(v1.EsemesV1NotificationService).toBe(EsemesV1NotificationService);
    // medusa-interfaces cannot load beside Medusa v2 (it requires @medusajs/medusa/dist/utils).
    expect(EsemesV1NotificationService.baseSource).toBe('fallback');
    const { instance } = service();
    expect(FallbackNotificationService.isNotificationService(instance)).toBe(true);
    expect((instance as { getIdentifier(): string }).getIdentifier()).toBe('esemes');
  });

  it('order.placed → order.created (and cart.closed) with the keys and text fields v2 would build', async () => {
    const { instance, accepted, calls } = service({ ...OPTIONS, orderStatusUrl: 'https://shop.example/orders/{display_id}' });
    const result = await instance.sendNotification('order.placed', { id: 'order_01V1', no_notification: false }, undefined);

    expect(calls).toEqual([
      { method: 'retrieveWithTotals', id: 'order_01V1', relations: expect.arrayContaining(['items', 'shipping_address', 'fulfillments.tracking_links']) },
    ]);
    expect(accepted.map((event) => [event.type, event.idempotencyKey])).toEqual([
      ['order.created', 'medusa:medusa:order:order_01V1:placed'],
      ['cart.closed', 'medusa:medusa:cart:cart_01V1:closed'],
    ]);
    const created = accepted[0]!;
    expect(created.store).toMatchObject({ id: 'medusa', platform: 'medusa', name: 'Nur Butik', currency: 'TRY', locale: 'tr' });
    expect(created.customer).toMatchObject({ id: 'cus_01', firstName: 'Ayşe', lastName: 'Yılmaz', phones: ['0532 111 22 33', '+90 533 444 55 66'] });
    expect(created.type === 'order.created' && created.order).toEqual({
      id: 'order_01V1',
      number: '1042',
      total: '249.9',
      currency: 'TRY',
      items: [
        { name: 'Keten Gömlek', quantity: 2, total: '199.9' },
        { name: 'Kemer', quantity: 1, total: '50' },
      ],
      statusUrl: 'https://shop.example/orders/1042',
    });
    expect(result).toMatchObject({ to: '0532 111 22 33', status: 'accepted', data: { event: 'order.placed', order_id: 'order_01V1', display_id: '1042' } });
    expect(result.data.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);

    // Same events, same keys as the v2 plugin builds from the same order (converted).
    const options = resolveOptions({ ...OPTIONS, orderStatusUrl: 'https://shop.example/orders/{display_id}' });
    const v2 = orderEvents('placed', toMedusaOrder(v1Order()), options, undefined, new Date(NOW).toISOString());
    expect(accepted).toEqual(v2);
  });

  it('sends the shop owner an SMS too when adminPhones are set, even when the customer has no phone', async () => {
    const noPhones = v1Order({ shipping_address: { phone: '' }, billing_address: null, customer: { id: 'cus_01', phone: '  ' } });
    const { instance, accepted } = service({ ...OPTIONS, adminPhones: ['05321234567'] }, noPhones);
    const result = await instance.sendNotification('order.placed', { id: 'order_01V1' });
    expect(accepted.map((event) => event.type)).toEqual(['admin.order.created', 'cart.closed']);
    expect(result.status).toBe('skipped');
    expect(result.to).toBe('');
    expect(result.data.reason).toBe('the order has no phone number (looked in: shipping address, billing address, customer)');
  });

  it('no phone is a clear skip: nothing goes to the engine for the customer', async () => {
    const noPhones = v1Order({ cart_id: null, shipping_address: null, billing_address: { phone: null }, customer: null });
    const { instance, accepted } = service(OPTIONS, noPhones);
    const result = await instance.sendNotification('order.canceled', { id: 'order_01V1' });
    expect(accepted).toEqual([]);
    expect(result).toMatchObject({ to: '', status: 'skipped', data: { reason: expect.stringContaining('no phone number') } });
  });

  it('order.shipment_created → shipment.created with carrier and tracking from the fulfillment', async () => {
    const { instance, accepted } = service();
    const result = await instance.sendNotification('order.shipment_created', { id: 'order_01V1', fulfillment_id: 'ful_01', no_notification: false });
    expect(accepted).toHaveLength(1);
    const shipped = accepted[0]!;
    expect(shipped.type).toBe('shipment.created');
    expect(shipped.idempotencyKey).toBe('medusa:medusa:order:order_01V1:fulfillment:ful_01:shipped');
    expect(shipped.type === 'shipment.created' && shipped.shipment).toEqual({
      id: 'ful_01',
      carrier: 'Yurtiçi Kargo',
      trackingNumber: 'YK123456789',
      trackingUrl: 'https://kargo.example/t/YK123456789',
    });
    expect(result).toMatchObject({
      to: '0532 111 22 33',
      status: 'accepted',
      data: { fulfillment_id: 'ful_01', event_data: { id: 'order_01V1', fulfillment_id: 'ful_01' } },
    });

    const v2 = shipmentEvent(
      'shipped',
      toMedusaOrder(v1Order()),
      toMedusaFulfillment(v1Order().fulfillments![0]!, v1Order()),
      resolveOptions(OPTIONS),
      new Date(NOW).toISOString(),
    );
    expect(shipped).toEqual(v2);
  });

  it('takes tracking_numbers when there are no tracking links, and the provider id without a shipping option', async () => {
    const { instance, accepted } = service(OPTIONS, v1Order({ shipping_methods: [] }));
    await instance.sendNotification('order.shipment_created', { id: 'order_01V1', fulfillment_id: 'ful_02' });
    expect(accepted[0]!.type === 'shipment.created' && accepted[0]!.shipment).toMatchObject({ id: 'ful_02', carrier: 'aras', trackingNumber: 'AR987654321' });
  });

  it('loads a fulfillment the order does not carry from fulfillmentService', async () => {
    const { instance, accepted, fulfillmentCalls } = service();
    await instance.sendNotification('order.shipment_created', { id: 'order_01V1', fulfillment_id: 'ful_99' });
    expect(fulfillmentCalls).toEqual(['ful_99']);
    expect(accepted[0]!.type === 'shipment.created' && accepted[0]!.shipment).toMatchObject({ id: 'ful_99', trackingNumber: 'MNG555' });
  });

  it('a shipment without a tracking number sends nothing', async () => {
    const { instance, accepted } = service();
    const result = await instance.sendNotification('order.shipment_created', { id: 'order_01V1', fulfillment_id: 'ful_03' });
    expect(accepted).toEqual([]);
    expect(result).toMatchObject({ status: 'skipped', data: { reason: 'the fulfillment has no tracking number: nothing to track' } });
  });

  it('order.canceled → order.cancelled', async () => {
    const { instance, accepted } = service();
    const result = await instance.sendNotification('order.canceled', { id: 'order_01V1', no_notification: false });
    expect(accepted.map((event) => [event.type, event.idempotencyKey])).toEqual([['order.cancelled', 'medusa:medusa:order:order_01V1:canceled']]);
    expect(result.status).toBe('accepted');
  });

  it('honours no_notification on the event and on the order', async () => {
    const { instance, accepted, calls } = service();
    const fromEvent = await instance.sendNotification('order.placed', { id: 'order_01V1', no_notification: true });
    expect(fromEvent).toMatchObject({ to: '', status: 'skipped', data: { reason: 'no_notification is set' } });
    expect(calls).toEqual([]);
    expect(accepted).toEqual([]);

    const silent = service(OPTIONS, v1Order({ no_notification: true }));
    const shipped = await silent.instance.sendNotification('order.shipment_created', { id: 'order_01V1', fulfillment_id: 'ful_01' });
    expect(shipped.data.reason).toBe("the order's no_notification is set");
    expect(silent.accepted).toEqual([]);
    // Placed without notification: as in v2, only the cart's reminders end.
    const placed = await silent.instance.sendNotification('order.placed', { id: 'order_01V1' });
    expect(placed.status).toBe('skipped');
    expect(silent.accepted.map((event) => event.type)).toEqual(['cart.closed']);
  });

  it('an unknown event is a clear skip, and so is an event without an order id', async () => {
    const { instance, accepted, calls } = service();
    const unknown = await instance.sendNotification('order.refund_created', { id: 'order_01V1' });
    expect(unknown).toMatchObject({
      to: '',
      status: 'skipped',
      data: {
        event: 'order.refund_created',
        reason: 'esemes does not handle the event "order.refund_created" (it handles order.placed, order.shipment_created, order.canceled)',
      },
    });
    expect((await instance.sendNotification('order.placed', {})).data.reason).toBe('the event names no order');
    expect((await instance.sendNotification('order.shipment_created', { id: 'order_01V1' })).data.reason).toBe('the event names no fulfillment');
    expect(calls).toEqual([]);
    expect(accepted).toEqual([]);
  });

  it('a resend sends nothing twice: the same keys are duplicates', async () => {
    const { instance, accepted } = service();
    const first = await instance.sendNotification('order.shipment_created', { id: 'order_01V1', fulfillment_id: 'ful_01' });
    // v1 stores { to, data } as the Notification; resend gives the stored row back.
    const resent = await instance.resendNotification(
      { id: 'noti_1', event_name: 'order.shipment_created', resource_id: 'order_01V1', to: first.to, data: first.data },
      { to: '+905559998877' },
    );
    expect(accepted).toHaveLength(1);
    expect(resent).toMatchObject({ to: '0532 111 22 33', status: 'duplicate' });
    expect(resent.data.results.map((r) => [r.idempotencyKey, r.status])).toEqual([['medusa:medusa:order:order_01V1:fulfillment:ful_01:shipped', 'duplicate']]);

    // A second delivery of the same v1 event is a duplicate too.
    const again = await instance.sendNotification('order.placed', { id: 'order_01V1' });
    const twice = await instance.sendNotification('order.placed', { id: 'order_01V1' });
    expect(again.status).toBe('accepted');
    expect(twice.status).toBe('duplicate');
    expect(accepted.map((event) => event.type)).toEqual(['shipment.created', 'order.created', 'cart.closed']);

    // A resend of a row without stored event data falls back on resource_id.
    const bare = await instance.resendNotification({ event_name: 'order.placed', resource_id: 'order_01V1', data: null });
    expect(bare.status).toBe('duplicate');
  });

  it('propagates a failure to load the order (v1 logs it)', async () => {
    const { instance } = service();
    await expect(instance.sendNotification('order.placed', { id: 'order_gone' })).rejects.toThrow('not found');
  });

  it('uses retrieve when the order service has no retrieveWithTotals (older v1)', async () => {
    const order = v1Order();
    const relations: Array<string[] | undefined> = [];
    const container: V1Container = {
      orderService: {
        async retrieve(_id, config) {
          relations.push(config?.relations);
          return order;
        },
      },
    };
    const { gateway, accepted } = fakeGateway();
    const instance = new EsemesV1NotificationService(container, OPTIONS, { gateway });
    await instance.sendNotification('order.canceled', { id: 'order_01V1' });
    expect(relations).toHaveLength(1);
    expect(accepted).toHaveLength(1);
  });

  it('reports bad options when the first event comes (and a v1 container without orderService)', async () => {
    const { gateway } = fakeGateway();
    const bad = new EsemesV1NotificationService({}, { engine: { mode: 'embedded', databaseUrl: 'sqlite::memory:' } }, { gateway });
    await expect(bad.sendNotification('order.placed', { id: 'order_01V1' })).rejects.toThrow(/storeName/);
    const empty = new EsemesV1NotificationService({}, OPTIONS, { gateway });
    await expect(empty.sendNotification('order.placed', { id: 'order_01V1' })).rejects.toThrow('no orderService');
  });
});

describe('the base class', () => {
  it('falls back to the local base class when medusa-interfaces cannot load', () => {
    const Service = createEsemesV1NotificationService(() => {
      throw new Error("Cannot find module '@medusajs/medusa/dist/utils'\nRequire stack: …");
    });
    expect(Service.baseSource).toBe('fallback');
    expect(Service.baseError).toBe("Cannot find module '@medusajs/medusa/dist/utils'");
    const instance = new Service({}, OPTIONS);
    expect(instance).toBeInstanceOf(FallbackNotificationService);
    expect(FallbackNotificationService.isNotificationService(instance)).toBe(true);
  });

  it("extends medusa-interfaces' NotificationService when it loads", () => {
    // The shape of medusa-interfaces' BaseNotificationService (babel output, run under Medusa v1).
    class BaseNotificationService {
      static _isNotificationService = true;
      static isNotificationService(obj: { constructor?: { _isNotificationService?: boolean } } | undefined) {
        return obj?.constructor?._isNotificationService === true;
      }
      decorators_: unknown[] = [];
      getIdentifier() {
        return (this.constructor as { identifier?: string }).identifier;
      }
    }
    const Service = createEsemesV1NotificationService(() => BaseNotificationService);
    expect(Service.baseSource).toBe('medusa-interfaces');
    expect(Service.baseError).toBeUndefined();
    const instance = new Service({}, OPTIONS);
    expect(instance).toBeInstanceOf(BaseNotificationService);
    expect(instance).not.toBeInstanceOf(FallbackNotificationService);
    // v1's registration check: isNotificationService(loaded.prototype).
    expect(BaseNotificationService.isNotificationService(Service.prototype)).toBe(true);
    expect(instance.getIdentifier?.()).toBe('esemes');
  });

  it('falls back when the module has no NotificationService class', () => {
    expect(createEsemesV1NotificationService(() => undefined).baseSource).toBe('fallback');
  });
});

describe('EsemesV1Subscriber', () => {
  it('subscribes the esemes provider to the three order events', () => {
    const subscribed: Array<[string, string]> = [];
    new EsemesV1Subscriber({ notificationService: { subscribe: (event, provider) => subscribed.push([event, provider]) } }, OPTIONS);
    expect(subscribed).toEqual([
      ['order.placed', 'esemes'],
      ['order.shipment_created', 'esemes'],
      ['order.canceled', 'esemes'],
    ]);
  });
});

describe('against the embedded engine (sqlite, sandbox)', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('queues one SMS per event and answers duplicate on a resend', async () => {
    const { container } = fakeContainer();
    const instance = new EsemesV1NotificationService(container, OPTIONS, {
      engine: { sandbox: { outcomeWeights: { delivered: 1, notDelivered: 0, expired: 0 } } },
    });
    close = () => instance.close();
    const placed = await instance.sendNotification('order.placed', { id: 'order_01V1' });
    expect(placed.status).toBe('accepted');
    expect(placed.data.results.find((r) => r.type === 'order.created')?.messageIds).toHaveLength(1);
    const resent = await instance.resendNotification({ event_name: 'order.placed', resource_id: 'order_01V1', data: placed.data });
    expect(resent.status).toBe('duplicate');
    expect(resent.data.results.every((r) => r.messageIds.length === 0 || r.status === 'duplicate')).toBe(true);
    const shipped = await instance.sendNotification('order.shipment_created', { id: 'order_01V1', fulfillment_id: 'ful_01' });
    expect(shipped.status).toBe('accepted');
  });

  it('works with a gateway built by createEngineGateway and injected', async () => {
    const gateway = await createEngineGateway(resolveOptions({ storeName: 'Test', engine: { mode: 'embedded', databaseUrl: 'sqlite::memory:' } }), {
      sandbox: { outcomeWeights: { delivered: 1, notDelivered: 0, expired: 0 } },
    });
    close = () => gateway.close();
    const { container } = fakeContainer(v1Order({ shipping_address: { phone: 'not a phone' }, billing_address: null, customer: null }));
    const instance = new EsemesV1NotificationService(
      container,
      { storeName: 'Test', engine: { mode: 'embedded', databaseUrl: 'sqlite::memory:' } },
      { gateway },
    );
    // A number the engine cannot use: the engine's skip comes back as the result.
    const result = await instance.sendNotification('order.canceled', { id: 'order_01V1' });
    expect(result.status).toBe('skipped');
    expect(result.to).toBe('not a phone');
    expect(result.data.reason).toBeTruthy();
  });
});
