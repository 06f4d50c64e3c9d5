// The transition diff: one delivery of an order (as a neutral snapshot the adapter built) and what was
// stored of the order → the canonical events to accept and what to store next. Platforms deliver order
// webhooks several times per change, late and out of order, and without the previous status, so every
// decision compares with the stored state: one event per real transition, ever.
import { cartClosedEvent, cartReminderEvents, type CartReminderSettings } from './cart-reminders.js';
import type { EventBase, EventCart, EventOrder, EventShipment, OrderStatus } from './event-parts.js';
import type { CanonicalEventInput } from '@esemes/notify';

/** What reaching a platform status sends. A platform's status table maps its raw statuses to these. */
export interface StatusRule {
  /** The canonical status it means, or null for none (custom statuses that the tracking SMS covers). */
  canonical: OrderStatus | null;
  /** Whether reaching it sends an SMS (order.status_changed / order.cancelled / order.refunded). */
  sms: boolean;
  /** Send this shipment event instead of a status event (e.g. `delivered` from shipping plugins); needs a known tracking number. */
  event?: 'shipment.delivered' | 'shipment.out_for_delivery';
}

/**
 * Where an order stands:
 * - `draft`: the buyer is still at checkout; not an order yet (no order SMS, no tracking);
 * - `unpaid_checkout`: placed at checkout but not paid; the platform may cancel it on a timeout;
 * - `closed`: ended without being (or staying) a live order;
 * - `placed`: a real order.
 */
export type OrderPhase = 'draft' | 'unpaid_checkout' | 'closed' | 'placed';

/** One delivery of an order, in neutral terms: what the adapter's parse-and-map step produces. */
export interface OrderSnapshot {
  /** `store`, `customer` and `occurredAt` of every event of this delivery. */
  base: EventBase;
  order: EventOrder;
  /** The platform's own status, as sent (stored, compared between deliveries). */
  status: string;
  /** What reaching `status` sends. */
  rule: StatusRule;
  phase: OrderPhase;
  /** When the platform last changed the order (epoch ms); null when it did not say (then: now). Older deliveries are dropped; a time ahead of `now` counts as `now`. */
  modifiedAt: number | null;
  /** Every tracking number on the order, oldest first. */
  shipments: readonly EventShipment[];
  /** The cart to remind about while the order is a draft or an unpaid checkout. */
  cart?: EventCart;
}

/** What the kit remembers of one order between deliveries (JSON in the adapter's state). */
export interface OrderState {
  /** The last raw status seen. */
  status: string;
  /** The modification time of the delivery that set it, epoch ms (the receive time when the payload had none or one in the future). */
  modifiedAt: number;
  /** order.created was emitted: the order was placed. */
  received: boolean;
  /** Tracking numbers already announced with shipment.created. */
  trackingNumbers: string[];
  /** Abandoned-cart reminders were scheduled for it. */
  cartScheduled: boolean;
  /** Its cart was closed (`cart.closed` emitted): reminders still queued were cancelled. */
  cartClosed?: boolean;
}

export interface OrderDiffSettings {
  /** Prefix of every idempotency key, unique per platform and store, e.g. `woo:shop1`. */
  keyPrefix: string;
  /** The shop owner's numbers: each new order also sends admin.order.created to them. */
  adminPhones?: readonly string[];
  /** Send the cancellation SMS when an unpaid checkout is cancelled (default false: the buyer never paid). */
  notifyUnpaidCancellation?: boolean;
  /** Abandoned-cart reminder delays and expiry. */
  reminders?: CartReminderSettings;
}

export interface OrderDiff {
  /** Older than what was already seen: nothing to do. */
  stale: boolean;
  /** To accept, in order. */
  events: CanonicalEventInput[];
  /** To store. */
  next: OrderState;
  /** Why things were skipped, for logs (no phone numbers). */
  notes: string[];
}

/**
 * Decides what one delivery sends. Pure: `now` is passed in.
 *
 * Idempotency keys, with `p` the key prefix and `o` the order id: `p:order:o:created`, `…:admin-created`,
 * `…:status:<raw status>`, `…:shipment:<tracking number>`, `…:delivered`, `…:out-for-delivery`, and for
 * the cart `p:cart:<cart id>:reminder:<n>` and `p:cart:<cart id>:closed`.
 * @example
 * const diff = diffOrder(previous, snapshot, { keyPrefix: `woo:${store.id}` }, Date.now());
 * if (!diff.stale) { await acceptEvents(notifier, diff.events); await save(diff.next); }
 */
export function diffOrder(previous: OrderState | undefined, snapshot: OrderSnapshot, settings: OrderDiffSettings, now: number): OrderDiff {
  // The platform's clock, but never ahead of ours: a delivery dated far in the future would make every later
  // one of the order stale. A delivery without a date counts as received now.
  const modifiedAt = Math.min(snapshot.modifiedAt ?? now, now);
  if (previous && modifiedAt < previous.modifiedAt) {
    return { stale: true, events: [], next: previous, notes: [`stale delivery: modified at ${modifiedAt}, already saw ${previous.modifiedAt}`] };
  }
  const { base, order, status, rule, phase } = snapshot;
  const notes: string[] = [];
  const closing: CanonicalEventInput[] = [];
  const created: CanonicalEventInput[] = [];
  const shipments: CanonicalEventInput[] = [];
  const statusEvents: CanonicalEventInput[] = [];
  let carts: CanonicalEventInput[] = [];
  const key = (suffix: string): string => `${settings.keyPrefix}:order:${order.id}:${suffix}`;
  let received = previous?.received ?? false;

  const emitStatus = (): void => {
    if (!rule.sms) return void notes.push(`status ${status}: no SMS by its rule`);
    if (rule.event !== undefined) {
      // The newest tracking item is the parcel the status is about.
      const shipment = snapshot.shipments.at(-1);
      if (shipment === undefined) return void notes.push(`status ${status}: ${rule.event} skipped, no tracking number known`);
      const suffix = rule.event === 'shipment.delivered' ? 'delivered' : 'out-for-delivery';
      return void statusEvents.push({ ...base, type: rule.event, idempotencyKey: key(suffix), order, shipment });
    }
    const idempotencyKey = key(`status:${status}`);
    if (rule.canonical === 'cancelled') statusEvents.push({ ...base, type: 'order.cancelled', idempotencyKey, order });
    else if (rule.canonical === 'refunded') statusEvents.push({ ...base, type: 'order.refunded', idempotencyKey, order });
    else if (rule.canonical !== null)
      statusEvents.push({ ...base, type: 'order.status_changed', idempotencyKey, order, status: { canonical: rule.canonical, raw: status } });
    else notes.push(`status ${status}: SMS wanted but no canonical status`);
  };

  if (!received && phase === 'placed') {
    created.push({ ...base, type: 'order.created', idempotencyKey: key('created'), order });
    const adminPhones = (settings.adminPhones ?? [])
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .slice(0, 10);
    if (adminPhones.length > 0) created.push({ ...base, type: 'admin.order.created', idempotencyKey: key('admin-created'), order, adminPhones });
    // The status the order arrives in is its starting point: order.created already says it.
    received = true;
  } else if (previous === undefined) {
    notes.push(`first delivery in status ${status}: starting point, no status SMS`);
  } else if (status !== previous.status && phase !== 'draft') {
    if (previous.received) emitStatus();
    else if (rule.canonical === 'cancelled') {
      // A checkout never paid: the platform's unpaid-order timeout (or the merchant) cancelled it.
      if (settings.notifyUnpaidCancellation === true) emitStatus();
      else notes.push('unpaid checkout cancelled: no SMS (notifyUnpaidCancellation is off)');
    } else if (rule.canonical === 'failed') emitStatus();
    else notes.push(`status ${status}: order never placed, no SMS`);
  }

  // Drafts are the buyer still at checkout; a tracking number there is not a shipment.
  const trackingNumbers = [...(previous?.trackingNumbers ?? [])];
  if (phase !== 'draft') {
    for (const shipment of snapshot.shipments) {
      if (trackingNumbers.includes(shipment.trackingNumber)) continue;
      trackingNumbers.push(shipment.trackingNumber);
      shipments.push({ ...base, type: 'shipment.created', idempotencyKey: key(`shipment:${shipment.trackingNumber}`), order, shipment });
    }
  }

  let cartScheduled = previous?.cartScheduled ?? false;
  let cartClosed = previous?.cartClosed ?? false;
  if ((phase === 'draft' || phase === 'unpaid_checkout') && !cartScheduled) {
    if (snapshot.cart === undefined) notes.push('no cart to remind about');
    else {
      const planned = cartReminderEvents({ keyPrefix: settings.keyPrefix, base, cart: snapshot.cart, order, settings: settings.reminders, now });
      notes.push(...planned.notes);
      carts = planned.events;
      cartScheduled = planned.events.length > 0;
    }
  }
  // A real order (or one that ended) ends the cart: its queued reminders are cancelled.
  const cartOver = phase === 'placed' || rule.canonical === 'cancelled' || rule.canonical === 'refunded';
  if (cartOver && cartScheduled && !cartClosed && snapshot.cart !== undefined) {
    closing.push(cartClosedEvent({ keyPrefix: settings.keyPrefix, base, cartId: snapshot.cart.id, order }));
    cartClosed = true;
  }

  const next: OrderState = { status, modifiedAt: Math.max(previous?.modifiedAt ?? 0, modifiedAt), received, trackingNumbers, cartScheduled };
  if (cartClosed) next.cartClosed = true;
  return { stale: false, events: [...closing, ...created, ...shipments, ...statusEvents, ...carts], next, notes };
}
