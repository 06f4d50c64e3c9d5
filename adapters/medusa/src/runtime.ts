// One runtime per Medusa process: the engine gateway, the loaders of Medusa data, the write-back queue
// and the cart scan. The notification provider lives in the notification module's own container while
// the subscribers and jobs get the application's, so the runtime is registered in the application
// container (`esemesRuntime`), built by whichever asks first, never a module-level singleton.
import {
  cartReminderEvents,
  createWriteBackQueue,
  NOTE_STATUSES,
  statusNote,
  WriteBackGoneError,
  type AdapterLog,
  type EventResult,
  type NoteStatus,
  type WriteBackRun,
} from '@esemes/adapter-kit';
import type { CanonicalEventInput, MessageStatusEvent } from '@esemes/notify';
import { createEngineGateway, type EngineDeps, type EngineGateway } from './engine.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import {
  baseOf,
  cartConsent,
  cartOf,
  CONTACT_FIELDS,
  FULFILLMENT_FIELDS,
  ITEM_FIELDS,
  ORDER_FIELDS,
  orderEvents,
  refundEvent,
  shipmentEvent,
  type MedusaCart,
  type MedusaFulfillment,
  type MedusaOrder,
  type OrderEventKind,
} from './order-events.js';

/** The container registration the runtime is kept under. */
export const RUNTIME_KEY = 'esemesRuntime';
/** The plugin's package name, as medusa-config.ts lists it. */
export const PLUGIN_NAME = '@esemes/medusa';
/** Where each SMS's status is kept on the order. */
export const METADATA_KEY = 'esemes_sms';
/** The most SMS entries kept in an order's metadata (the oldest give way). */
export const METADATA_ENTRIES = 30;
export const WRITE_BACK_NAMESPACE = 'medusa:order-metadata';

/** What the runtime needs of Medusa's container (awilix): a fake in unit tests. */
export interface MedusaContainerLike {
  resolve<T = unknown>(key: string): T;
  hasRegistration?(key: string): boolean;
  register(name: string, resolver: { resolve: (...args: never[]) => unknown }): unknown;
}

/** Medusa's `query` (`ContainerRegistrationKeys.QUERY`): only graph() is used. */
export interface QueryLike {
  graph(input: {
    entity: string;
    fields: readonly string[];
    filters?: Record<string, unknown>;
    pagination?: { take?: number; skip?: number };
  }): Promise<{ data: unknown[] }>;
}

/** The order module's calls the write-back makes. */
export interface OrderModuleLike {
  listOrders(filters: { id: string | string[] }, config?: { select?: string[] }): Promise<Array<{ id: string; metadata?: Record<string, unknown> | null }>>;
  updateOrders(data: Array<{ id: string; metadata: Record<string, unknown> }>): Promise<unknown>;
}

/** The Medusa events the plugin subscribes to. */
export const MEDUSA_EVENTS = [
  'order.placed',
  'order.canceled',
  'order.completed',
  'order.fulfillment_created',
  'shipment.created',
  'delivery.created',
  'order.return_received',
  'payment.refunded',
] as const;
export type MedusaEventName = (typeof MEDUSA_EVENTS)[number];

export interface HandledEvent {
  event: MedusaEventName;
  /** Why nothing was sent, when nothing was (no_notification, no tracking number, order gone …). */
  note?: string;
  results: EventResult[];
}

export interface CartScanResult {
  carts: number;
  results: EventResult[];
}

export interface MetadataJob {
  orderId: string;
  messageId: string;
  status: NoteStatus;
  eventType: string;
  note: string;
  at: number;
}

export interface EsemesRuntime {
  readonly options: ResolvedOptions;
  readonly gateway: EngineGateway;
  /** Turn one Medusa event into canonical events and hand them to the engine. */
  handle(event: MedusaEventName, data: Record<string, unknown>): Promise<HandledEvent>;
  /** Hand an event built elsewhere (the notification provider) to the engine. */
  accept(event: CanonicalEventInput): Promise<EventResult>;
  /** Find carts idle past the threshold and queue their reminders (repeats are duplicates). */
  scanAbandonedCarts(now?: number): Promise<CartScanResult>;
  /** Write due statuses to the orders' metadata. */
  runWriteBack(): Promise<WriteBackRun>;
  close(): Promise<void>;
}

export interface RuntimeDeps extends EngineDeps {
  env?: Record<string, string | undefined>;
  /** A gateway to use instead of building one from the options (tests). */
  gateway?: EngineGateway;
}

/** Medusa's loggers take one string; the kit's take fields and a message: fields go to the end of the line. */
export function adaptMedusaLogger(logger: { info(msg: string): void; warn(msg: string): void; error(msg: string): void } | undefined): AdapterLog {
  if (logger === undefined) return { info() {}, warn() {}, error() {} };
  const line = (obj: object, msg?: string) => `esemes: ${msg ?? ''} ${JSON.stringify(obj)}`;
  return {
    info: (obj, msg) => logger.info(line(obj, msg)),
    warn: (obj, msg) => logger.warn(line(obj, msg)),
    error: (obj, msg) => logger.error(line(obj, msg)),
  };
}

function medusaLogger(container: MedusaContainerLike): AdapterLog {
  try {
    return adaptMedusaLogger(container.resolve('logger'));
  } catch {
    return adaptMedusaLogger(undefined);
  }
}

/** The plugin's options as medusa-config.ts gives them (`configModule.plugins`), or undefined when it is not listed. */
export function pluginOptionsOf(container: MedusaContainerLike): Record<string, unknown> | undefined {
  let config: { plugins?: Array<string | { resolve?: string; options?: Record<string, unknown> }> } | undefined;
  try {
    config = container.resolve('configModule');
  } catch {
    return undefined;
  }
  for (const plugin of config?.plugins ?? []) {
    if (plugin === PLUGIN_NAME) return {};
    if (typeof plugin === 'object' && plugin.resolve === PLUGIN_NAME) return plugin.options ?? {};
  }
  return undefined;
}

function dateMs(value: string | Date | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The process's runtime, built on first use from the plugin's options (or `fallbackOptions` when the plugin
 * is not listed, as for a notification provider configured alone) and kept in `container`.
 * @example
 * const runtime = await runtimeFor(container, pluginOptions);
 * await runtime.handle('order.placed', { id: 'order_01…' });
 */
export function runtimeFor(container: MedusaContainerLike, fallbackOptions?: unknown, deps: RuntimeDeps = {}): Promise<EsemesRuntime> {
  const registered = container.hasRegistration?.(RUNTIME_KEY) ? container.resolve<Promise<EsemesRuntime>>(RUNTIME_KEY) : undefined;
  if (registered !== undefined) return registered;
  const raw = pluginOptionsOf(container) ?? fallbackOptions;
  const building = createRuntime(container, raw, deps);
  // Registered before it resolves, so a second caller in the same tick waits for this one.
  container.register(RUNTIME_KEY, { resolve: () => building });
  building.catch(() => {
    // A failed build (bad options, database down) is not kept: the next event tries again.
    container.register(RUNTIME_KEY, { resolve: () => undefined });
  });
  return building;
}

/** Close the process's runtime (tests, and a custom shutdown hook); nothing happens when none was built. */
export async function closeRuntime(container: MedusaContainerLike): Promise<void> {
  if (!container.hasRegistration?.(RUNTIME_KEY)) return;
  const runtime = await Promise.resolve(container.resolve<Promise<EsemesRuntime> | undefined>(RUNTIME_KEY)).catch(() => undefined);
  container.register(RUNTIME_KEY, { resolve: () => undefined });
  await runtime?.close();
}

/** Build a runtime (checked options, a started engine) on `container`. */
export async function createRuntime(container: MedusaContainerLike, rawOptions: unknown, deps: RuntimeDeps = {}): Promise<EsemesRuntime> {
  const options = resolveOptions(rawOptions, deps.env ?? process.env);
  const logger = deps.logger ?? medusaLogger(container);
  const clock = deps.clock ?? Date.now;
  const gateway = deps.gateway ?? (await createEngineGateway(options, { ...deps, logger }));
  const query = (): QueryLike => container.resolve<QueryLike>('query');

  async function one<T>(entity: string, fields: readonly string[], id: string): Promise<T | undefined> {
    const { data } = await query().graph({ entity, fields, filters: { id } });
    return data[0] as T | undefined;
  }

  const writeBack =
    gateway.notifier === undefined || options.writeBack === 'off'
      ? undefined
      : createWriteBackQueue<MetadataJob>({
          state: gateway.notifier.state,
          namespace: WRITE_BACK_NAMESPACE,
          label: 'medusa: order metadata',
          clock,
          logger,
          parse: (value) =>
            typeof value['orderId'] === 'string' &&
            typeof value['messageId'] === 'string' &&
            typeof value['note'] === 'string' &&
            NOTE_STATUSES.has(String(value['status']))
              ? (value as unknown as MetadataJob)
              : undefined,
          write: async (job) => {
            const orders = container.resolve<OrderModuleLike>('order');
            const [order] = await orders.listOrders({ id: job.orderId }, { select: ['id', 'metadata'] });
            if (order === undefined) throw new WriteBackGoneError(`order ${job.orderId} is gone`);
            const metadata = order.metadata ?? {};
            const current = metadata[METADATA_KEY];
            const entries = typeof current === 'object' && current !== null && !Array.isArray(current) ? { ...(current as Record<string, unknown>) } : {};
            entries[job.messageId] = { event: job.eventType, status: job.status, note: job.note, at: new Date(job.at).toISOString() };
            const kept = Object.entries(entries).slice(-METADATA_ENTRIES);
            await orders.updateOrders([{ id: order.id, metadata: { ...metadata, [METADATA_KEY]: Object.fromEntries(kept) } }]);
          },
          logFields: (job) => ({ orderId: job.orderId, messageId: job.messageId, status: job.status }),
        });

  let draining: Promise<WriteBackRun> | undefined;
  const runWriteBack = (): Promise<WriteBackRun> => {
    if (writeBack === undefined) return Promise.resolve({ written: 0, retried: 0, dropped: 0 });
    draining ??= writeBack.runDue().finally(() => {
      draining = undefined;
    });
    return draining;
  };

  const stopListening = gateway.notifier?.on('message.status', (event: MessageStatusEvent) => {
    if (writeBack === undefined || event.platform !== 'medusa' || event.storeId !== options.storeId || event.orderId === null) return;
    if (!NOTE_STATUSES.has(event.status)) return;
    const status = event.status as NoteStatus;
    const note = statusNote(status, {
      recipient: event.recipient,
      ...(status === 'sent' ? { text: event.text } : {}),
      ...(event.error ? { error: event.error } : {}),
    });
    const job: MetadataJob = { orderId: event.orderId, messageId: event.messageId, status, eventType: event.eventType, note, at: event.at };
    writeBack
      .enqueue(`${event.messageId}:${status}`, job)
      .then(() => runWriteBack())
      .catch((error: unknown) =>
        logger.warn({ err: error instanceof Error ? error.name : 'error', messageId: event.messageId }, 'queueing an order metadata update failed'),
      );
  });

  async function acceptAll(events: CanonicalEventInput[]): Promise<EventResult[]> {
    const results: EventResult[] = [];
    for (const event of events) results.push(await gateway.accept(event));
    return results;
  }

  async function orderEvent(
    name: MedusaEventName,
    kind: OrderEventKind,
    orderId: unknown,
    subjectId?: unknown,
    noNotification?: unknown,
  ): Promise<HandledEvent> {
    if (typeof orderId !== 'string' || orderId === '') return { event: name, note: 'the event names no order', results: [] };
    if (noNotification === true) return { event: name, note: 'no_notification is set', results: [] };
    const order = await one<MedusaOrder>('order', ORDER_FIELDS, orderId);
    if (order === undefined) return { event: name, note: 'the order no longer exists', results: [] };
    if (order.no_notification === true && kind !== 'placed') return { event: name, note: "the order's no_notification is set", results: [] };
    if (order.no_notification === true) {
      // Placed without notification: the customer gets nothing, the cart's reminders still end.
      const closing = orderEvents(kind, order, options).filter((event) => event.type === 'cart.closed');
      return { event: name, note: "the order's no_notification is set", results: await acceptAll(closing) };
    }
    const subject = typeof subjectId === 'string' && subjectId !== '' ? subjectId : undefined;
    return { event: name, results: await acceptAll(orderEvents(kind, order, options, subject, new Date(clock()).toISOString())) };
  }

  async function fulfillmentEvent(
    name: MedusaEventName,
    kind: 'shipped' | 'delivered',
    fulfillmentId: unknown,
    noNotification: unknown,
  ): Promise<HandledEvent> {
    if (typeof fulfillmentId !== 'string' || fulfillmentId === '') return { event: name, note: 'the event names no fulfillment', results: [] };
    if (noNotification === true) return { event: name, note: 'no_notification is set', results: [] };
    const fulfillment = await one<MedusaFulfillment>('fulfillment', FULFILLMENT_FIELDS, fulfillmentId);
    const orderId = fulfillment?.order?.id;
    if (fulfillment === undefined || !orderId) return { event: name, note: 'the fulfillment or its order no longer exists', results: [] };
    const order = await one<MedusaOrder>('order', ORDER_FIELDS, orderId);
    if (order === undefined) return { event: name, note: 'the order no longer exists', results: [] };
    if (order.no_notification === true) return { event: name, note: "the order's no_notification is set", results: [] };
    const event = shipmentEvent(kind, order, fulfillment, options, new Date(clock()).toISOString());
    if (event === undefined) return { event: name, note: 'the fulfillment has no tracking number: nothing to track', results: [] };
    return { event: name, results: await acceptAll([event]) };
  }

  async function refunded(paymentId: unknown): Promise<HandledEvent> {
    const name = 'payment.refunded';
    if (typeof paymentId !== 'string' || paymentId === '') return { event: name, note: 'the event names no payment', results: [] };
    const payment = await one<{
      refunds?: Array<{ id: string; amount?: number | string; created_at?: string | Date }>;
      payment_collection?: { order?: { id?: string } };
    }>('payment', ['id', 'refunds.id', 'refunds.amount', 'refunds.created_at', 'payment_collection.order.id'], paymentId);
    const orderId = payment?.payment_collection?.order?.id;
    const refund = [...(payment?.refunds ?? [])].sort((a, b) => (dateMs(a.created_at) ?? 0) - (dateMs(b.created_at) ?? 0)).at(-1);
    if (!orderId || refund === undefined) return { event: name, note: 'the payment has no refund or no order', results: [] };
    const order = await one<MedusaOrder>('order', ORDER_FIELDS, orderId);
    if (order === undefined) return { event: name, note: 'the order no longer exists', results: [] };
    if (order.no_notification === true) return { event: name, note: "the order's no_notification is set", results: [] };
    return { event: name, results: await acceptAll([refundEvent(order, refund, options, new Date(clock()).toISOString())]) };
  }

  async function handle(event: MedusaEventName, data: Record<string, unknown>): Promise<HandledEvent> {
    switch (event) {
      case 'order.placed':
        return orderEvent(event, 'placed', data['id']);
      case 'order.canceled':
        return orderEvent(event, 'canceled', data['id']);
      case 'order.completed':
        return orderEvent(event, 'completed', data['id']);
      case 'order.fulfillment_created':
        return orderEvent(event, 'fulfillment_created', data['order_id'], data['fulfillment_id'], data['no_notification']);
      case 'order.return_received':
        return orderEvent(event, 'return_received', data['order_id'], data['return_id']);
      case 'shipment.created':
        return fulfillmentEvent(event, 'shipped', data['id'], data['no_notification']);
      case 'delivery.created':
        return fulfillmentEvent(event, 'delivered', data['id'], data['no_notification']);
      case 'payment.refunded':
        return refunded(data['id']);
    }
  }

  const CART_FIELDS = ['id', 'email', 'locale', 'currency_code', 'total', 'completed_at', 'updated_at', 'metadata', ...ITEM_FIELDS, ...CONTACT_FIELDS];
  const PAGE = 200;

  async function scanAbandonedCarts(now = clock()): Promise<CartScanResult> {
    const settings = options.abandonedCarts;
    if (settings.recoveryUrl === undefined || settings.delaysMs.length === 0) return { carts: 0, results: [] };
    const expiresAfterMs = 7 * 86_400_000;
    // Carts idle past the threshold and younger than the reminders' expiry; a cart seen again adds nothing.
    const filters = { completed_at: null, updated_at: { $lte: new Date(now - settings.idleMs), $gte: new Date(now - expiresAfterMs) } };
    const results: EventResult[] = [];
    let carts = 0;
    for (let skip = 0; ; skip += PAGE) {
      const { data } = await query().graph({ entity: 'cart', fields: CART_FIELDS, filters, pagination: { take: PAGE, skip } });
      for (const cart of data as MedusaCart[]) {
        if (cart.completed_at) continue;
        const part = cartOf(cart, options);
        const lastChange = dateMs(cart.updated_at);
        if (part === undefined || lastChange === undefined) continue;
        carts++;
        const base = baseOf(cart, options);
        const consent = cartConsent(cart, settings.consentKey);
        const { events } = cartReminderEvents({
          keyPrefix: `medusa:${options.storeId}`,
          base: { ...base, customer: { ...base.customer, smsConsent: { marketing: consent, source: `medusa metadata.${settings.consentKey}` } } },
          cart: part,
          settings: { delaysMs: settings.delaysMs, expiresAfterMs },
          now: lastChange,
        });
        results.push(...(await acceptAll(events)));
      }
      if (data.length < PAGE) break;
    }
    return { carts, results };
  }

  return {
    options,
    gateway,
    handle,
    accept: (event) => gateway.accept(event),
    scanAbandonedCarts,
    runWriteBack,
    async close() {
      stopListening?.();
      await draining?.catch(() => undefined);
      await gateway.close();
    },
  };
}
