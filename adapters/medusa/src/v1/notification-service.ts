// The legacy Medusa v1 entry: a notification provider (`noti_esemes`) that turns v1's order.placed,
// order.shipment_created and order.canceled into the same canonical events, with the same idempotency keys,
// as the v2 plugin (order-events.ts), and hands them to an engine gateway built lazily from the same options.
//
// v1 loads it from the package root: services/esemes.js default-exports this class, v1 constructs it as
// `new Service(cradle, pluginOptions)`, registers it as a notification provider because
// `prototype.constructor._isNotificationService` is true, and calls sendNotification for every event a
// subscriber (subscriber.ts) subscribed it to.
import { createRequire } from 'node:module';
import type { AdapterLog, EventResult } from '@esemes/adapter-kit';
import type { CanonicalEventInput } from '@esemes/notify';
import { createEngineGateway, type EngineDeps, type EngineGateway } from '../engine.js';
import { resolveOptions, type ResolvedOptions } from '../options.js';
import { orderEvents, shipmentEvent, type MedusaFulfillment, type MedusaOrder } from '../order-events.js';
import { adaptMedusaLogger } from '../runtime.js';

/** The provider id v1 knows it by (`noti_esemes`, `notificationService.subscribe(event, 'esemes')`). */
export const V1_IDENTIFIER = 'esemes';

/** The v1 events the service handles. */
export const V1_EVENTS = ['order.placed', 'order.shipment_created', 'order.canceled'] as const;
export type V1EventName = (typeof V1_EVENTS)[number];

/** The relations each order is loaded with. */
export const V1_ORDER_RELATIONS: readonly string[] = Object.freeze([
  'items',
  'shipping_address',
  'billing_address',
  'customer',
  'fulfillments',
  'fulfillments.tracking_links',
  'shipping_methods',
  'shipping_methods.shipping_option',
]);

// ---------------------------------------------------------------------------------------------------
// The base class.
//
// medusa-interfaces 1.3.10 (the v1 plugin interface) is CommonJS that, on load, requires
// `@babel/runtime/helpers/*` and `@medusajs/medusa/dist/utils` (Medusa v1's internals: base-service.js
// imports buildQuery/validateId from there). It therefore loads only inside a Medusa v1 app; beside
// Medusa v2 (whose package.json `exports` hides dist/utils), in tests and in a plain install it throws
// MODULE_NOT_FOUND / ERR_PACKAGE_PATH_NOT_EXPORTED. So it is required lazily, in a try/catch, and when it
// cannot load a minimal local base class with the same shape stands in: v1 recognises a notification
// provider only by the static `_isNotificationService` flag (`isNotificationService(loaded.prototype)`
// reads `prototype.constructor._isNotificationService`), which the fallback sets too, so v1 would
// register the service either way; the service itself needs nothing else from the base.
// ---------------------------------------------------------------------------------------------------

/** What the service uses of a notification base class. */
export interface NotificationBaseInstance {
  getIdentifier?(): string | undefined;
}
export type NotificationBaseClass = new () => NotificationBaseInstance;

/** Where the base class came from. */
export type NotificationBaseSource = 'medusa-interfaces' | 'fallback';

/** Returns medusa-interfaces' NotificationService class; throws when it cannot load. */
export type NotificationBaseLoader = () => unknown;

/** The stand-in for medusa-interfaces' NotificationService (`BaseNotificationService`) when it cannot load. */
export class FallbackNotificationService implements NotificationBaseInstance {
  static readonly _isNotificationService = true;
  /** Medusa v1's check: the object's constructor carries the `_isNotificationService` flag. */
  static isNotificationService(obj: unknown): boolean {
    return (obj as { constructor?: { _isNotificationService?: unknown } } | null | undefined)?.constructor?._isNotificationService === true;
  }
  getIdentifier(): string | undefined {
    return (this.constructor as { identifier?: string }).identifier;
  }
  /** BaseService's no-op default (v1 may call it on any service). */
  withTransaction(): this {
    return this;
  }
}

/** The default loader: `require('medusa-interfaces').NotificationService`, resolved from this file. */
export const loadMedusaInterfaces: NotificationBaseLoader = () => createRequire(import.meta.url)('medusa-interfaces').NotificationService;

/** medusa-interfaces' class when `load` gives one, else the fallback; `error` says why it fell back. */
export function notificationBase(load: NotificationBaseLoader = loadMedusaInterfaces): {
  base: NotificationBaseClass;
  source: NotificationBaseSource;
  error?: string;
} {
  try {
    const loaded = load();
    if (typeof loaded === 'function') return { base: loaded as NotificationBaseClass, source: 'medusa-interfaces' };
    return { base: FallbackNotificationService, source: 'fallback', error: 'medusa-interfaces has no NotificationService class' };
  } catch (error) {
    return { base: FallbackNotificationService, source: 'fallback', error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}

// ---------------------------------------------------------------------------------------------------
// Medusa v1's shapes (what orderService.retrieveWithTotals returns with V1_ORDER_RELATIONS).
// ---------------------------------------------------------------------------------------------------

type Maybe<T> = T | null | undefined;

export interface V1Address {
  phone?: Maybe<string>;
  first_name?: Maybe<string>;
  last_name?: Maybe<string>;
}

export interface V1Fulfillment {
  id: string;
  provider_id?: Maybe<string>;
  tracking_links?: Maybe<Array<Maybe<{ tracking_number?: Maybe<string>; url?: Maybe<string> }>>>;
  /** Deprecated in v1 (tracking_links replace it), still filled by older fulfillment providers. */
  tracking_numbers?: Maybe<string[]>;
  shipped_at?: Maybe<string | Date>;
}

/** A v1 order: amounts are integers in the currency's minor unit (24990 = 249.90 TRY). */
export interface V1Order {
  id: string;
  display_id?: Maybe<number | string>;
  email?: Maybe<string>;
  currency_code?: Maybe<string>;
  total?: Maybe<number | string>;
  no_notification?: Maybe<boolean>;
  metadata?: Maybe<Record<string, unknown>>;
  cart_id?: Maybe<string>;
  customer_id?: Maybe<string>;
  items?: Maybe<Array<Maybe<{ title?: Maybe<string>; quantity?: Maybe<number | string>; total?: Maybe<number | string> }>>>;
  shipping_address?: Maybe<V1Address>;
  billing_address?: Maybe<V1Address>;
  customer?: Maybe<V1Address & { id?: Maybe<string> }>;
  fulfillments?: Maybe<Array<Maybe<V1Fulfillment>>>;
  shipping_methods?: Maybe<Array<Maybe<{ shipping_option?: Maybe<{ name?: Maybe<string> }> }>>>;
}

/** The v1 services the provider resolves from the container (awilix's cradle). */
export interface V1OrderService {
  retrieve(id: string, config?: { relations?: string[]; select?: string[] }): Promise<V1Order>;
  retrieveWithTotals?(id: string, config?: { relations?: string[] }): Promise<V1Order>;
}
export interface V1FulfillmentService {
  retrieve(id: string, config?: { relations?: string[] }): Promise<V1Fulfillment>;
}
export interface V1Container {
  orderService?: V1OrderService;
  fulfillmentService?: V1FulfillmentService;
  logger?: { info(msg: string): void; warn(msg: string): void; error(msg: string): void };
  [key: string]: unknown;
}

/** A notification as v1 stored it (what resendNotification gets). */
export interface V1Notification {
  id?: string;
  event_name?: Maybe<string>;
  resource_id?: Maybe<string>;
  to?: Maybe<string>;
  data?: Maybe<Record<string, unknown>>;
}

/** What sendNotification / resendNotification answer; v1 stores `to` and `data` as the Notification row. */
export interface V1NotificationResult {
  /** The customer's number the SMS goes to ('' when there is none). */
  to: string;
  /** The customer event's outcome: `accepted` (queued now), `duplicate` (queued before: nothing sent again), `skipped`, `invalid`. */
  status: EventResult['status'];
  data: {
    event: string;
    order_id?: string;
    display_id?: string;
    fulfillment_id?: string;
    /** Why nothing was sent, when nothing was. */
    reason?: string;
    /** The v1 event data (`{ id, fulfillment_id }`), kept so a resend rebuilds the same events. */
    event_data: Record<string, unknown>;
    results: EventResult[];
  };
}

export interface EsemesV1Deps {
  /** A gateway (or its promise) to use instead of building one from the options (tests). */
  gateway?: EngineGateway | Promise<EngineGateway>;
  /** Passed to createEngineGateway (sandbox outcome weights, dispatch timing, fetch …). */
  engine?: EngineDeps;
  /** Environment for resolveOptions (`DATABASE_URL`); default process.env. */
  env?: Record<string, string | undefined>;
  clock?: () => number;
  logger?: AdapterLog;
}

// ---------------------------------------------------------------------------------------------------
// v1 order → v2 MedusaOrder.
// ---------------------------------------------------------------------------------------------------

/**
 * Currencies Medusa v1 keeps without a minor unit (its storefront's and admin's `noDivisionCurrencies`):
 * every other currency is stored in hundredths (TRY, USD, EUR …; v1 divides 3-decimal currencies by 100 too).
 */
export const V1_ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
  'krw',
  'jpy',
  'vnd',
  'clp',
  'pyg',
  'xaf',
  'xof',
  'bif',
  'djf',
  'gnf',
  'kmf',
  'mga',
  'rwf',
  'xpf',
  'htg',
  'vuv',
  'xag',
  'xdr',
  'xau',
]);

/** Decimal digits of a v1 amount in `currency`: 0 for the zero-decimal currencies, 2 otherwise. */
export function v1MinorDigits(currency: Maybe<string>): number {
  return V1_ZERO_DECIMAL_CURRENCIES.has((currency ?? '').trim().toLowerCase()) ? 0 : 2;
}

/** A v1 amount (integer minor units) as a decimal string in the main unit, exactly: 24990 TRY → `249.90`. */
export function v1Amount(amount: Maybe<number | string>, currency: Maybe<string>): string {
  if (amount === null || amount === undefined) return '0';
  const text = typeof amount === 'number' ? (Number.isFinite(amount) ? String(Math.round(amount)) : '0') : amount.trim();
  const match = /^(-?)(\d+)(?:\.\d+)?$/.exec(text);
  if (!match) return '0';
  const digits = v1MinorDigits(currency);
  const whole = match[2]!.replace(/^0+(?=\d)/, '');
  if (digits === 0) return `${match[1]}${whole}`;
  const padded = whole.padStart(digits + 1, '0');
  return `${match[1]}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** The v1 order in the v2 shape order-events.ts reads (amounts divided into the main unit). */
export function toMedusaOrder(order: V1Order): MedusaOrder {
  const currency = order.currency_code;
  return {
    id: order.id,
    display_id: order.display_id ?? null,
    email: order.email ?? null,
    currency_code: currency ?? null,
    total: v1Amount(order.total, currency),
    no_notification: order.no_notification ?? null,
    metadata: order.metadata ?? null,
    items: (order.items ?? []).map((item) =>
      item ? { title: item.title ?? null, quantity: item.quantity ?? null, total: v1Amount(item.total, currency) } : null,
    ),
    shipping_address: order.shipping_address ?? null,
    billing_address: order.billing_address ?? null,
    customer: order.customer ? { ...order.customer, id: order.customer.id ?? order.customer_id ?? null } : null,
    cart: order.cart_id ? { id: order.cart_id } : null,
  };
}

/** The v1 fulfillment in the v2 shape: tracking links (then the older tracking_numbers) as labels, the order's shipping option as the carrier name. */
export function toMedusaFulfillment(fulfillment: V1Fulfillment, order: V1Order): MedusaFulfillment {
  const labels = [
    ...(fulfillment.tracking_links ?? []).map((link) => ({ tracking_number: link?.tracking_number ?? null, tracking_url: link?.url ?? null })),
    ...(fulfillment.tracking_numbers ?? []).map((number) => ({ tracking_number: number, tracking_url: null })),
  ];
  const optionName = (order.shipping_methods ?? []).map((method) => method?.shipping_option?.name?.trim()).find((name) => name !== undefined && name !== '');
  return {
    id: fulfillment.id,
    provider_id: fulfillment.provider_id ?? null,
    labels,
    shipping_option: optionName === undefined ? null : { name: optionName },
    order: { id: order.id },
  };
}

// ---------------------------------------------------------------------------------------------------
// The service.
// ---------------------------------------------------------------------------------------------------

const CUSTOMER_EVENT: Record<V1EventName, string> = {
  'order.placed': 'order.created',
  'order.shipment_created': 'shipment.created',
  'order.canceled': 'order.cancelled',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isV1Event(event: string): event is V1EventName {
  return (V1_EVENTS as readonly string[]).includes(event);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The public shape of the service class (whatever its base). */
export interface EsemesV1NotificationServiceInstance extends NotificationBaseInstance {
  sendNotification(event: string, data: unknown, attachmentGenerator?: unknown): Promise<V1NotificationResult>;
  resendNotification(notification: V1Notification, config?: unknown, attachmentGenerator?: unknown): Promise<V1NotificationResult>;
  /** Stop the gateway this instance built (tests, a custom shutdown hook). */
  close(): Promise<void>;
}

export interface EsemesV1NotificationServiceClass {
  new (container: V1Container, options?: unknown, deps?: EsemesV1Deps): EsemesV1NotificationServiceInstance;
  readonly identifier: string;
  /** Where the base class came from, and why it fell back. */
  readonly baseSource: NotificationBaseSource;
  readonly baseError: string | undefined;
}

/**
 * Build the service class on top of medusa-interfaces' NotificationService when `load` gives it, else on
 * the local fallback. The module's default export is built with the default loader; tests pass their own.
 */
export function createEsemesV1NotificationService(load: NotificationBaseLoader = loadMedusaInterfaces): EsemesV1NotificationServiceClass {
  const { base, source, error } = notificationBase(load);

  class EsemesV1NotificationService extends base implements EsemesV1NotificationServiceInstance {
    static identifier = V1_IDENTIFIER;
    static baseSource: NotificationBaseSource = source;
    static baseError: string | undefined = error;

    readonly #container: V1Container;
    readonly #rawOptions: unknown;
    readonly #deps: EsemesV1Deps;
    #options: ResolvedOptions | undefined;
    #gateway: Promise<EngineGateway> | undefined;

    constructor(container: V1Container, options?: unknown, deps: EsemesV1Deps = {}) {
      super();
      this.#container = container;
      this.#rawOptions = options;
      this.#deps = deps;
    }

    #log(): AdapterLog {
      if (this.#deps.logger) return this.#deps.logger;
      try {
        // awilix's cradle throws for a name it does not know.
        return adaptMedusaLogger(this.#container.logger);
      } catch {
        return adaptMedusaLogger(undefined);
      }
    }

    #resolved(): ResolvedOptions {
      this.#options ??= resolveOptions(this.#rawOptions, this.#deps.env ?? process.env);
      return this.#options;
    }

    /** One gateway per service instance (v1 has one container and registers the provider as a singleton), built on first use. */
    #engine(): Promise<EngineGateway> {
      if (this.#gateway === undefined) {
        const building =
          this.#deps.gateway !== undefined
            ? Promise.resolve(this.#deps.gateway)
            : createEngineGateway(this.#resolved(), { ...this.#deps.engine, logger: this.#log() });
        this.#gateway = building;
        // A failed build (database down) is not kept: the next event tries again.
        building.catch(() => {
          if (this.#gateway === building) this.#gateway = undefined;
        });
      }
      return this.#gateway;
    }

    async #loadOrder(id: string): Promise<V1Order> {
      const orders = this.#container.orderService;
      if (orders === undefined) throw new Error('esemes: the Medusa v1 container has no orderService');
      const relations = [...V1_ORDER_RELATIONS];
      return typeof orders.retrieveWithTotals === 'function' ? orders.retrieveWithTotals(id, { relations }) : orders.retrieve(id, { relations });
    }

    async #loadFulfillment(order: V1Order, id: string): Promise<V1Fulfillment | undefined> {
      const own = (order.fulfillments ?? []).find((fulfillment) => fulfillment?.id === id);
      if (own) return own;
      const fulfillments = this.#container.fulfillmentService;
      return fulfillments?.retrieve(id, { relations: ['tracking_links'] });
    }

    async #handle(event: string, rawData: unknown): Promise<V1NotificationResult> {
      const data = isRecord(rawData) ? rawData : {};
      const orderId = nonEmpty(data['id']);
      const fulfillmentId = nonEmpty(data['fulfillment_id']);
      const eventData: Record<string, unknown> = {
        ...(orderId !== undefined ? { id: orderId } : {}),
        ...(fulfillmentId !== undefined ? { fulfillment_id: fulfillmentId } : {}),
      };
      const skip = (reason: string, results: EventResult[] = [], extra: Partial<V1NotificationResult['data']> = {}): V1NotificationResult => ({
        to: '',
        status: 'skipped',
        data: { event, ...(orderId !== undefined ? { order_id: orderId } : {}), ...extra, reason, event_data: eventData, results },
      });

      if (!isV1Event(event)) return skip(`esemes does not handle the event "${event}" (it handles ${V1_EVENTS.join(', ')})`);
      if (orderId === undefined) return skip('the event names no order');
      if (event === 'order.shipment_created' && fulfillmentId === undefined) return skip('the event names no fulfillment');
      if (data['no_notification'] === true) return skip('no_notification is set');

      const options = this.#resolved();
      const v1Order = await this.#loadOrder(orderId);
      const order = toMedusaOrder(v1Order);
      const displayId = order.display_id === null || order.display_id === undefined ? undefined : String(order.display_id);
      const extra = {
        ...(displayId !== undefined ? { display_id: displayId } : {}),
        ...(fulfillmentId !== undefined ? { fulfillment_id: fulfillmentId } : {}),
      };
      const occurredAt = new Date((this.#deps.clock ?? Date.now)()).toISOString();

      let events: CanonicalEventInput[];
      if (event === 'order.shipment_created') {
        const fulfillment = await this.#loadFulfillment(v1Order, fulfillmentId!);
        if (fulfillment === undefined) return skip('the fulfillment no longer exists', [], extra);
        const shipment = shipmentEvent('shipped', order, toMedusaFulfillment(fulfillment, v1Order), options, occurredAt);
        if (shipment === undefined) return skip('the fulfillment has no tracking number: nothing to track', [], extra);
        events = [shipment];
      } else {
        events = orderEvents(event === 'order.placed' ? 'placed' : 'canceled', order, options, undefined, occurredAt);
      }

      const gateway = await this.#engine();
      const customerType = CUSTOMER_EVENT[event];
      if (v1Order.no_notification === true) {
        // As v2: placed without notification, the customer gets nothing, the cart's reminders still end.
        const results: EventResult[] = [];
        for (const closing of events.filter((one) => one.type === 'cart.closed')) results.push(await gateway.accept(closing));
        return skip("the order's no_notification is set", results, extra);
      }

      const customer = events.find((one) => one.type === customerType);
      const phones = customer?.customer?.phones ?? [];
      const noPhone = phones.length === 0;
      const results: EventResult[] = [];
      // In order, never in parallel (cart.closed after order.created, as v2 does). Without a phone only the
      // shop owner's SMS and the cart's closing go on.
      for (const one of events) if (!(noPhone && one.type === customerType)) results.push(await gateway.accept(one));
      if (noPhone) {
        const where = options.phoneSources.map((source) => (source === 'customer' ? 'customer' : `${source} address`)).join(', ');
        return skip(`the order has no phone number (looked in: ${where})`, results, extra);
      }
      const own = results.find((result) => result.type === customerType);
      return {
        to: phones[0]!,
        status: own?.status ?? 'skipped',
        data: { event, order_id: orderId, ...extra, ...(own?.reason !== undefined ? { reason: own.reason } : {}), event_data: eventData, results },
      };
    }

    /**
     * v1's NotificationService calls this for each subscribed event; the answer's `to` and `data` become the
     * Notification row (and the order's timeline entry). A failure to load the order or to store the event
     * is thrown: v1 logs it.
     */
    async sendNotification(event: string, data: unknown, _attachmentGenerator?: unknown): Promise<V1NotificationResult> {
      return this.#handle(event, data);
    }

    /**
     * The admin's "resend": the events are rebuilt from the stored event data with the same idempotency
     * keys, so the engine answers `duplicate` and sends nothing a second time (an SMS goes once per event;
     * a first attempt that failed before the engine stored it is stored now). `config.to` (another
     * recipient) is not supported: a number is not an email address to retry on.
     */
    async resendNotification(notification: V1Notification, _config?: unknown, _attachmentGenerator?: unknown): Promise<V1NotificationResult> {
      const stored = isRecord(notification.data?.['event_data']) ? (notification.data['event_data'] as Record<string, unknown>) : {};
      const data = { ...stored, ...(stored['id'] === undefined && notification.resource_id ? { id: notification.resource_id } : {}) };
      return this.#handle(notification.event_name ?? '', data);
    }

    async close(): Promise<void> {
      const building = this.#gateway;
      this.#gateway = undefined;
      if (building === undefined || this.#deps.gateway !== undefined) return;
      const gateway = await building.catch(() => undefined);
      await gateway?.close();
    }
  }

  return EsemesV1NotificationService as unknown as EsemesV1NotificationServiceClass;
}

/** The class v1 registers (services/esemes.js default-exports it). */
export const EsemesV1NotificationService = createEsemesV1NotificationService();
export default EsemesV1NotificationService;
