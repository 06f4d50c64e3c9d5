// The parts of a canonical event an adapter builds, named once (derived from @esemes/notify's schema).
import type { CanonicalEventInput, OrderStatus } from '@esemes/notify';

type OrderCreated = Extract<CanonicalEventInput, { type: 'order.created' }>;

/** `store` of an event: id, platform, name, locale, currency, time zone. */
export type EventStore = OrderCreated['store'];
/** `customer` of an event: names, candidate phones, marketing consent. */
export type EventCustomer = NonNullable<OrderCreated['customer']>;
/** `order` of an event. */
export type EventOrder = OrderCreated['order'];
/** `shipment` of a shipment event: carrier, tracking number and URL. */
export type EventShipment = Extract<CanonicalEventInput, { type: 'shipment.created' }>['shipment'];
/** `cart` of a `cart.abandoned` event, without `reminder` (the kit numbers the reminders). */
export type EventCart = Omit<Extract<CanonicalEventInput, { type: 'cart.abandoned' }>['cart'], 'reminder'>;

/** The fields every event of one delivery shares. */
export interface EventBase {
  store: EventStore;
  customer: EventCustomer;
  /** When it happened on the platform (ISO 8601 with offset). */
  occurredAt?: string;
}

export type { OrderStatus };
