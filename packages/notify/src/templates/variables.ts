// The variables a template may use, per event type, as a tree of shapes. Validation walks it; editors get it flat.
import type { EventType } from '../events/schema.js';

/** A variable: a printable value, an object of named fields, or a list (iterate with `#each`). */
export type Shape =
  | { readonly kind: 'value'; readonly optional: boolean }
  | { readonly kind: 'object'; readonly optional: boolean; readonly fields: Readonly<Record<string, Shape>> }
  | { readonly kind: 'list'; readonly item: ObjectShape };
export type ObjectShape = Extract<Shape, { kind: 'object' }>;

const value: Shape = { kind: 'value', optional: false };
const optional: Shape = { kind: 'value', optional: true };
const object = (fields: Record<string, Shape>, isOptional = false): ObjectShape => ({ kind: 'object', optional: isOptional, fields });

const STORE = object({ id: value, name: value, platform: value, locale: value, currency: value, timeZone: value });
const CUSTOMER = object({ id: optional, firstName: optional, lastName: optional, locale: optional });
const ITEM = object({ name: value, quantity: value, total: optional, sku: optional });
const ORDER_FIELDS: Record<string, Shape> = {
  id: value,
  number: value,
  total: value,
  /** The order's currency, else the store's. */
  currency: value,
  itemCount: value,
  items: { kind: 'list', item: ITEM },
  paymentUrl: optional,
  statusUrl: optional,
  recoveryUrl: optional,
};
const ORDER = object(ORDER_FIELDS);
const SHIPMENT = object({ id: optional, carrier: value, trackingNumber: value, trackingUrl: optional });
const CART = object({ id: value, recoveryUrl: value, total: value, currency: value, itemCount: value, items: { kind: 'list', item: ITEM }, reminder: value });
const STATUS = object({ canonical: value, raw: value });

const COMMON: Record<string, Shape> = { store: STORE, customer: CUSTOMER, occurredAt: optional, language: value };

function shapeOf(type: EventType): ObjectShape {
  switch (type) {
    case 'order.status_changed':
      return object({ ...COMMON, order: ORDER, status: STATUS });
    case 'shipment.created':
    case 'shipment.out_for_delivery':
    case 'shipment.delivered':
      return object({ ...COMMON, order: ORDER, shipment: SHIPMENT });
    case 'cart.abandoned':
      return object({ ...COMMON, cart: CART, order: object(ORDER_FIELDS, true) });
    case 'message.custom':
      return object({ ...COMMON, body: value, order: object(ORDER_FIELDS, true) });
    case 'order.created':
    case 'order.paid':
    case 'order.cancelled':
    case 'order.refunded':
    case 'admin.order.created':
      return object({ ...COMMON, order: ORDER });
  }
}

const shapes = new Map<EventType, ObjectShape>();
const flat = new Map<EventType, readonly string[]>();

/** The root shape of the render context of `type`. */
export function contextShape(type: EventType): ObjectShape {
  let shape = shapes.get(type);
  if (!shape) shapes.set(type, (shape = shapeOf(type)));
  return shape;
}

/**
 * Every variable of `type`, flat: `order.number`, `order.items` (a list), `order.items[].name` (a field of each item).
 * @example
 * variablesOf('order.created').includes('customer.firstName') // true
 */
export function variablesOf(type: EventType): readonly string[] {
  let list = flat.get(type);
  if (!list) flat.set(type, (list = Object.freeze(flatten(contextShape(type), ''))));
  return list;
}

/** The flat paths under an object shape, `prefix` first (`''` for the root). */
export function flatten(shape: ObjectShape, prefix: string): string[] {
  const out: string[] = [];
  for (const [name, field] of Object.entries(shape.fields)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (field.kind === 'value') out.push(path);
    else if (field.kind === 'object') out.push(...flatten(field, path));
    else out.push(path, ...flatten(field.item, `${path}[]`));
  }
  return out;
}

/** Follows `parts` from `shape`; undefined when a part is unknown (or goes through a value or a list). */
export function resolve(shape: ObjectShape, parts: readonly string[]): Shape | undefined {
  let current: Shape = shape;
  for (const part of parts) {
    if (current.kind !== 'object' || !Object.hasOwn(current.fields, part)) return undefined;
    current = current.fields[part] as Shape;
  }
  return current;
}
