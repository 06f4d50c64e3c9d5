import { z } from 'zod';

// The canonical event every adapter produces. Validated once, at the boundary; everything past it is typed.
// Every field is bounded so that a hostile or broken payload can neither bloat the outbox nor render an
// absurd SMS (a 400,000-digit total once made a message of 2,686 parts).

/** The longest value of each printed field (characters after trimming), for adapters to cut to and READMEs to state. */
export const FIELD_LIMITS = Object.freeze({
  /** `customer.firstName`, `customer.lastName`. */
  personName: 100,
  storeName: 100,
  orderNumber: 50,
  /** Digits of a money amount before the decimal point (and at most 6 after it). */
  moneyDigits: 15,
  /** `paymentUrl`, `statusUrl`, `recoveryUrl`, `trackingUrl`, `cart.recoveryUrl`. */
  url: 500,
  carrier: 50,
  trackingNumber: 50,
  itemName: 200,
  /** Ids (`store.id`, `order.id`, `cart.id` …). */
  id: 200,
  idempotencyKey: 300,
  /** `body` of `message.custom`: the text the caller wrote. */
  customBody: 1000,
});

const text = (max: number) => z.string().trim().max(max);
const id = text(FIELD_LIMITS.id).min(1);
const money = z
  .union([
    z
      .string()
      .trim()
      .regex(/^-?\d{1,15}(\.\d{1,6})?$/, 'a money amount such as "249.90": at most 15 digits before the decimal point and 6 after'),
    z
      .number()
      .finite()
      .refine((n) => Math.abs(n) < 1e15, 'a money amount of at most 15 digits before the decimal point'),
  ])
  .transform(String);
const url = z.url({ protocol: /^https?$/ }).max(FIELD_LIMITS.url);
const instant = z.iso.datetime({ offset: true });
/** An http(s) URL field (fast-parse.ts checks its URLs with this). */
export const UrlSchema = url;
/** An ISO 8601 instant with its offset (fast-parse.ts checks its instants with this). */
export const InstantSchema = instant;

// `returned`: the shop received the goods back (Medusa's order.return_received); a refund is its own event.
export const ORDER_STATUSES = ['pending_payment', 'processing', 'on_hold', 'completed', 'cancelled', 'refunded', 'failed', 'returned'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const StoreSchema = z.object({
  id,
  platform: text(50).min(1).default('custom'),
  name: text(FIELD_LIMITS.storeName).min(1),
  locale: text(20).min(2).default('tr'),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as "TRY"')
    .default('TRY'),
  timeZone: z.string().trim().refine(isTimeZone, 'an IANA time zone such as "Europe/Istanbul"').default('Europe/Istanbul'),
});

export const ConsentSchema = z.object({
  /** Marketing (commercial) SMS consent. Transactional messages need none. */
  marketing: z.boolean(),
  /** When and where the consent was recorded (İYS expects both). */
  recordedAt: instant.optional(),
  source: text(200).optional(),
});

export const CustomerSchema = z.object({
  id: text(200).optional(),
  firstName: text(FIELD_LIMITS.personName).optional(),
  lastName: text(FIELD_LIMITS.personName).optional(),
  /** Candidate phone numbers, most preferred first; the first valid Turkish mobile is used. */
  phones: z.array(text(100)).max(10).default([]),
  locale: text(20).optional(),
  smsConsent: ConsentSchema.optional(),
});

export const ItemSchema = z.object({
  name: text(FIELD_LIMITS.itemName),
  quantity: z.number().int().min(0).default(1),
  total: money.optional(),
  sku: text(200).optional(),
});

export const OrderSchema = z.object({
  id,
  number: text(FIELD_LIMITS.orderNumber).min(1),
  total: money,
  currency: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  items: z.array(ItemSchema).max(500).default([]),
  paymentUrl: url.optional(),
  statusUrl: url.optional(),
  recoveryUrl: url.optional(),
});

export const ShipmentSchema = z.object({
  id: text(200).optional(),
  carrier: text(FIELD_LIMITS.carrier).min(1),
  trackingNumber: text(FIELD_LIMITS.trackingNumber).min(1),
  trackingUrl: url.optional(),
});

export const CartSchema = z.object({
  id,
  recoveryUrl: url,
  items: z.array(ItemSchema).max(500).default([]),
  total: money,
  currency: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  /** 1 for the first reminder, 2 for the second … */
  reminder: z.number().int().min(1).max(10).default(1),
});

const base = {
  /** The business key: store + order + target status, store + shipment + tracking number, … A repeat is a duplicate. */
  idempotencyKey: text(FIELD_LIMITS.idempotencyKey).min(1),
  occurredAt: instant.optional(),
  store: StoreSchema,
  customer: CustomerSchema.default({ phones: [] }),
  /** Do not send after this instant (e.g. a cart reminder). */
  expiresAt: instant.optional(),
  /** Send no earlier than this instant. */
  notBefore: instant.optional(),
  /** Cancel queued messages carrying these keys when this event is accepted (e.g. `cart:<store>:<cart id>` once the order arrived). */
  cancels: z.array(text(300).min(1)).max(20).default([]),
};

const orderEvent = <T extends string>(type: T) => z.object({ ...base, type: z.literal(type), order: OrderSchema });
const shipmentEvent = <T extends string>(type: T) => z.object({ ...base, type: z.literal(type), order: OrderSchema, shipment: ShipmentSchema });

// The events that send SMS: each has a default template per language.
const MESSAGE_EVENTS = [
  orderEvent('order.created'),
  z.object({
    ...base,
    type: z.literal('order.status_changed'),
    order: OrderSchema,
    status: z.object({ canonical: z.enum(ORDER_STATUSES), raw: text(100).min(1) }),
  }),
  orderEvent('order.paid'),
  orderEvent('order.cancelled'),
  orderEvent('order.refunded'),
  shipmentEvent('shipment.created'),
  shipmentEvent('shipment.out_for_delivery'),
  shipmentEvent('shipment.delivered'),
  z.object({ ...base, type: z.literal('cart.abandoned'), cart: CartSchema, order: OrderSchema.optional() }),
  z.object({ ...base, type: z.literal('admin.order.created'), order: OrderSchema, adminPhones: z.array(text(100)).max(10).default([]) }),
  // A text the caller wrote itself (e.g. the Medusa notification provider): sent as written, through the same checks.
  z.object({ ...base, type: z.literal('message.custom'), body: text(FIELD_LIMITS.customBody).min(1), order: OrderSchema.optional() }),
] as const;

/**
 * `cart.closed`: the cart became an order, or ended without one. It sends nothing; accepting it cancels
 * the cart's queued reminders (`cart.abandoned` with the same `cart.id`) in the same transaction, so a
 * platform never needs the engine's cancel-key format.
 */
const CartClosedSchema = z.object({ ...base, type: z.literal('cart.closed'), cart: z.object({ id }), order: OrderSchema.optional() });

/** An event whose window closes before it opens could never be sent: refuse it instead of storing it. */
function windowOpens(event: { notBefore?: string | undefined; expiresAt?: string | undefined }, context: z.RefinementCtx): void {
  if (event.notBefore !== undefined && event.expiresAt !== undefined && Date.parse(event.notBefore) > Date.parse(event.expiresAt)) {
    context.addIssue({ code: 'custom', path: ['notBefore'], message: `notBefore (${event.notBefore}) is later than expiresAt (${event.expiresAt})` });
  }
}

export const MessageEventSchema = z.discriminatedUnion('type', [...MESSAGE_EVENTS]).superRefine(windowOpens);
export const EventSchema = z.discriminatedUnion('type', [...MESSAGE_EVENTS, CartClosedSchema]).superRefine(windowOpens);

export type CanonicalEvent = z.output<typeof EventSchema>;
export type CanonicalEventInput = z.input<typeof EventSchema>;
/** An event that sends SMS (every type but `cart.closed`). */
export type MessageEvent = Exclude<CanonicalEvent, { type: 'cart.closed' }>;
/** The types of the events that send SMS: one template each. */
export type EventType = MessageEvent['type'];
export const EVENT_TYPES = MESSAGE_EVENTS.map((o) => o.shape.type.value) as EventType[];
/** Every type an event may have: {@link EVENT_TYPES} and `cart.closed`. */
export type AnyEventType = CanonicalEvent['type'];
export const ALL_EVENT_TYPES: readonly AnyEventType[] = [...EVENT_TYPES, 'cart.closed'];

/** The cancel key of a cart's reminders: what `cart.closed` cancels and `cart.abandoned` messages carry. */
export function cartCancelKey(storeId: string, cartId: string): string {
  return `cart:${storeId}:${cartId}`;
}

// Building an Intl formatter costs ~50 µs and every event names its zone: remember the answers. A pure,
// bounded cache of a fact about this runtime, so it cannot differ between callers.
const KNOWN_ZONES = new Map<string, boolean>();

/** Whether `zone` is an IANA time zone this runtime knows (`Europe/Istanbul`). */
export function isTimeZone(zone: string): boolean {
  const known = KNOWN_ZONES.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  if (KNOWN_ZONES.size < 1_000) KNOWN_ZONES.set(zone, valid);
  return valid;
}
