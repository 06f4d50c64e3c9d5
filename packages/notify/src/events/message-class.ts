import type { EventType } from './schema.js';

/** `transactional`: order and shipment news, no consent needed. `commercial`: needs recorded consent, opt-out, quiet hours. */
export type MessageClass = 'transactional' | 'commercial';

// Every other type is transactional, `message.custom` included: the caller sends its own text about an order or account.
const COMMERCIAL: ReadonlySet<EventType> = new Set(['cart.abandoned']);

/** The class of the messages an event produces. */
export function messageClassOf(type: EventType): MessageClass {
  return COMMERCIAL.has(type) ? 'commercial' : 'transactional';
}
