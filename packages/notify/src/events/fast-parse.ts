// The accept path's validation of a well-formed event: EventSchema's output for the common case, by hand,
// at a fraction of zod's cost (zod was ~20% of building an event's messages). It only ever says yes or
// "ask zod": anything unusual (a wrong type, a bound passed, a key it does not expect to be undefined)
// returns undefined and the caller runs EventSchema, which then also words every error. URLs and
// instants are checked by EventSchema's own leaf schemas. events/fast-parse.test.ts compares both on many
// events, valid and not: same output, same key order (the stored payload), never a yes where zod says no;
// it also fails when EventSchema has a field its events do not set, so a field added there is added here.
import { ORDER_STATUSES, FIELD_LIMITS, InstantSchema, UrlSchema, isTimeZone, type CanonicalEvent } from './schema.js';

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

/** Thrown inside, caught at the top: this input is for zod to judge. */
const ASK_ZOD = Symbol('ask zod');
const STATUSES: ReadonlySet<unknown> = new Set(ORDER_STATUSES);
const MONEY = /^-?\d{1,15}(\.\d{1,6})?$/;
const CURRENCY = /^[A-Z]{3}$/;
// The types whose fields this parser knows, written out rather than taken from ALL_EVENT_TYPES: a type added
// to the schema goes to zod until its fields are parsed here too.
const EVENT_KEYS = new Set([
  'order.created',
  'order.status_changed',
  'order.paid',
  'order.cancelled',
  'order.refunded',
  'shipment.created',
  'shipment.out_for_delivery',
  'shipment.delivered',
  'cart.abandoned',
  'admin.order.created',
  'message.custom',
  'cart.closed',
]);

function no(): never {
  throw ASK_ZOD;
}

function object(value: unknown): Input {
  // What JSON.parse makes; a class instance or a proxy is for zod.
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) no();
  return value as Input;
}

/** `text(max)` (`.min(min)`): a string, trimmed, within bounds. */
function text(value: unknown, max: number, min = 0): string {
  if (typeof value !== 'string') no();
  const trimmed = value.trim();
  if (trimmed.length > max || trimmed.length < min) no();
  return trimmed;
}

function money(value: unknown): string {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!MONEY.test(trimmed)) no();
    return trimmed;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || !(Math.abs(value) < 1e15)) no();
  return String(value);
}

function integer(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) no();
  return value;
}

function leaf(schema: typeof UrlSchema | typeof InstantSchema, value: unknown): string {
  const parsed = schema.safeParse(value);
  if (!parsed.success) no();
  return parsed.data;
}

function list<T>(value: unknown, max: number, item: (entry: unknown) => T): T[] {
  if (!Array.isArray(value) || value.length > max) no();
  const out: T[] = [];
  for (let i = 0; i < value.length; i++) out.push(item(value[i]));
  return out;
}

/** Sets `key` when the input has it (zod keeps a present `undefined`), parsed with `parse` unless undefined. */
function optional(out: Output, input: Input, key: string, parse: (value: unknown) => unknown): void {
  if (!(key in input)) return;
  const value = input[key];
  out[key] = value === undefined ? undefined : parse(value);
}

function defaulted<T>(value: unknown, fallback: () => T, parse: (value: unknown) => T): T {
  return value === undefined ? fallback() : parse(value);
}

const url = (value: unknown) => leaf(UrlSchema, value);
const instant = (value: unknown) => leaf(InstantSchema, value);
const phone = (value: unknown) => text(value, 100);

function store(value: unknown): Output {
  const input = object(value);
  const currency = defaulted(
    input['currency'],
    () => 'TRY',
    (v) => {
      const code = text(v, Infinity);
      if (!CURRENCY.test(code)) no();
      return code;
    },
  );
  const timeZone = defaulted(
    input['timeZone'],
    () => 'Europe/Istanbul',
    (v) => {
      const zone = text(v, Infinity);
      if (!isTimeZone(zone)) no();
      return zone;
    },
  );
  return {
    id: text(input['id'], FIELD_LIMITS.id, 1),
    platform: defaulted(
      input['platform'],
      () => 'custom',
      (v) => text(v, 50, 1),
    ),
    name: text(input['name'], FIELD_LIMITS.storeName, 1),
    locale: defaulted(
      input['locale'],
      () => 'tr',
      (v) => text(v, 20, 2),
    ),
    currency,
    timeZone,
  };
}

function customer(value: unknown): Output {
  const input = object(value);
  const out: Output = {};
  optional(out, input, 'id', (v) => text(v, 200));
  optional(out, input, 'firstName', (v) => text(v, FIELD_LIMITS.personName));
  optional(out, input, 'lastName', (v) => text(v, FIELD_LIMITS.personName));
  out['phones'] = defaulted(
    input['phones'],
    () => [],
    (v) => list(v, 10, phone),
  );
  optional(out, input, 'locale', (v) => text(v, 20));
  optional(out, input, 'smsConsent', (v) => {
    const consent = object(v);
    if (typeof consent['marketing'] !== 'boolean') no();
    const out: Output = { marketing: consent['marketing'] };
    optional(out, consent, 'recordedAt', instant);
    optional(out, consent, 'source', (s) => text(s, 200));
    return out;
  });
  return out;
}

function item(value: unknown): Output {
  const input = object(value);
  const out: Output = { name: text(input['name'], FIELD_LIMITS.itemName) };
  out['quantity'] = defaulted(
    input['quantity'],
    () => 1,
    (v) => integer(v, 0),
  );
  optional(out, input, 'total', money);
  optional(out, input, 'sku', (v) => text(v, 200));
  return out;
}

function currencyCode(value: unknown): string {
  const code = text(value, Infinity);
  if (!CURRENCY.test(code)) no();
  return code;
}

function order(value: unknown): Output {
  const input = object(value);
  const out: Output = { id: text(input['id'], FIELD_LIMITS.id, 1), number: text(input['number'], FIELD_LIMITS.orderNumber, 1), total: money(input['total']) };
  optional(out, input, 'currency', currencyCode);
  out['items'] = defaulted(
    input['items'],
    () => [],
    (v) => list(v, 500, item),
  );
  optional(out, input, 'paymentUrl', url);
  optional(out, input, 'statusUrl', url);
  optional(out, input, 'recoveryUrl', url);
  return out;
}

function shipment(value: unknown): Output {
  const input = object(value);
  const out: Output = {};
  optional(out, input, 'id', (v) => text(v, 200));
  out['carrier'] = text(input['carrier'], FIELD_LIMITS.carrier, 1);
  out['trackingNumber'] = text(input['trackingNumber'], FIELD_LIMITS.trackingNumber, 1);
  optional(out, input, 'trackingUrl', url);
  return out;
}

function cart(value: unknown): Output {
  const input = object(value);
  const out: Output = { id: text(input['id'], FIELD_LIMITS.id, 1), recoveryUrl: url(input['recoveryUrl']) };
  out['items'] = defaulted(
    input['items'],
    () => [],
    (v) => list(v, 500, item),
  );
  out['total'] = money(input['total']);
  optional(out, input, 'currency', currencyCode);
  out['reminder'] = defaulted(
    input['reminder'],
    () => 1,
    (v) => integer(v, 1, 10),
  );
  return out;
}

function required(input: Input, key: string): unknown {
  // zod refuses an absent required key; a present undefined fails its type check either way.
  if (!(key in input)) no();
  return input[key];
}

function parse(value: unknown): Output {
  const input = object(value);
  const type = input['type'];
  if (typeof type !== 'string' || !EVENT_KEYS.has(type)) no();
  // EventSchema's key order: the base fields, then `type`, then the type's own.
  const out: Output = { idempotencyKey: text(required(input, 'idempotencyKey'), FIELD_LIMITS.idempotencyKey, 1) };
  optional(out, input, 'occurredAt', instant);
  out['store'] = store(required(input, 'store'));
  out['customer'] = defaulted(input['customer'], () => ({ phones: [] }), customer);
  optional(out, input, 'expiresAt', instant);
  optional(out, input, 'notBefore', instant);
  out['cancels'] = defaulted(
    input['cancels'],
    () => [],
    (v) => list(v, 20, (key) => text(key, 300, 1)),
  );
  out['type'] = type;
  switch (type) {
    case 'order.status_changed': {
      out['order'] = order(required(input, 'order'));
      const status = object(required(input, 'status'));
      if (!STATUSES.has(status['canonical'])) no();
      out['status'] = { canonical: status['canonical'], raw: text(status['raw'], 100, 1) };
      break;
    }
    case 'shipment.created':
    case 'shipment.out_for_delivery':
    case 'shipment.delivered':
      out['order'] = order(required(input, 'order'));
      out['shipment'] = shipment(required(input, 'shipment'));
      break;
    case 'cart.abandoned':
      out['cart'] = cart(required(input, 'cart'));
      optional(out, input, 'order', order);
      break;
    case 'admin.order.created':
      out['order'] = order(required(input, 'order'));
      out['adminPhones'] = defaulted(
        input['adminPhones'],
        () => [],
        (v) => list(v, 10, phone),
      );
      break;
    case 'message.custom':
      out['body'] = text(required(input, 'body'), FIELD_LIMITS.customBody, 1);
      optional(out, input, 'order', order);
      break;
    case 'cart.closed':
      out['cart'] = { id: text(object(required(input, 'cart'))['id'], FIELD_LIMITS.id, 1) };
      optional(out, input, 'order', order);
      break;
    default:
      out['order'] = order(required(input, 'order'));
  }
  // windowOpens: a window that closes before it opens is refused (zod words it).
  const { notBefore, expiresAt } = out;
  if (notBefore !== undefined && expiresAt !== undefined && Date.parse(notBefore as string) > Date.parse(expiresAt as string)) no();
  return out;
}

/**
 * `EventSchema.parse(input)` when `input` is a valid event of the common shape; undefined when EventSchema
 * must judge it (it may still be valid). Never throws.
 */
export function fastParseEvent(input: unknown): CanonicalEvent | undefined {
  try {
    return parse(input) as CanonicalEvent;
  } catch (error) {
    if (error === ASK_ZOD) return undefined;
    // Anything else (a getter that throws, a stack overflow) is also for zod, which reports it its own way.
    return undefined;
  }
}
