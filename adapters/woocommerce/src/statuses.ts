// What each raw WooCommerce status means for SMS. WooCommerce has no "previous status" in its webhooks,
// so decide.ts compares with the stored one and asks these rules what reaching a status sends.
import type { OrderPhase } from '@esemes/adapter-kit';
import type { StatusRule, WooOrder, WooStoreSettings } from './types.js';

/**
 * Built-in rules (merchants override per status in `settings.statuses`):
 *
 * | raw status        | canonical       | SMS | why                                                        |
 * |-------------------|-----------------|-----|------------------------------------------------------------|
 * | pending           | pending_payment | no  | an unpaid order; the cart reminders cover checkouts        |
 * | processing        | processing      | no  | the "order received" SMS (order.created) covers it         |
 * | on-hold           | on_hold         | no  | awaiting a bank transfer; order.created covers it          |
 * | completed         | completed       | yes |                                                            |
 * | cancelled         | cancelled       | yes | order.cancelled                                            |
 * | refunded          | refunded        | yes | order.refunded                                             |
 * | failed            | failed          | yes |                                                            |
 * | checkout-draft    | –               | no  | block checkout opened, never an order: never sends         |
 * | kargo-verildi     | processing      | no  | Kargo Takip Türkiye; the shipment.created SMS covers it    |
 * | shipped           | processing      | no  | AST; the shipment.created SMS covers it                    |
 * | partial-shipped   | processing      | no  | AST; the shipment.created SMS covers it                    |
 * | delivered         | completed       | yes | AST; sent as shipment.delivered (needs a tracking number)  |
 * | ready-for-pickup  | processing      | no  | WooCommerce 11.3 local pickup                              |
 * | anything else     | –               | no  | unknown plugin statuses stay silent until configured       |
 */
export const DEFAULT_STATUS_RULES: Readonly<Record<string, StatusRule>> = Object.freeze({
  pending: { canonical: 'pending_payment', sms: false },
  processing: { canonical: 'processing', sms: false },
  'on-hold': { canonical: 'on_hold', sms: false },
  completed: { canonical: 'completed', sms: true },
  cancelled: { canonical: 'cancelled', sms: true },
  refunded: { canonical: 'refunded', sms: true },
  failed: { canonical: 'failed', sms: true },
  'checkout-draft': { canonical: null, sms: false },
  'kargo-verildi': { canonical: 'processing', sms: false },
  shipped: { canonical: 'processing', sms: false },
  'partial-shipped': { canonical: 'processing', sms: false },
  delivered: { canonical: 'completed', sms: true, event: 'shipment.delivered' },
  'ready-for-pickup': { canonical: 'processing', sms: false },
});

/** The rule for a status nobody configured. */
export const UNKNOWN_STATUS_RULE: Readonly<StatusRule> = Object.freeze({ canonical: null, sms: false });

/** `wc-Kargo-Verildi ` → `kargo-verildi`: the DB keeps a `wc-` prefix, and merchants copy it into settings. */
export function normalizeStatus(status: string): string {
  return status.trim().toLowerCase().replace(/^wc-/, '');
}

/** The defaults with `settings.statuses` merged over them (keys normalized). */
export function statusRules(settings: Pick<WooStoreSettings, 'statuses'>): Readonly<Record<string, StatusRule>> {
  // A null prototype, so a status named `constructor` or `__proto__` cannot find Object's members.
  const rules: Record<string, StatusRule> = Object.create(null) as Record<string, StatusRule>;
  for (const [status, rule] of Object.entries(DEFAULT_STATUS_RULES)) rules[status] = rule;
  for (const [status, rule] of Object.entries(settings.statuses ?? {})) rules[normalizeStatus(status)] = rule;
  return rules;
}

/** The rule for a raw status; unknown statuses send nothing. */
export function ruleFor(rules: Readonly<Record<string, StatusRule>>, status: string): StatusRule {
  const key = normalizeStatus(status);
  return (Object.hasOwn(rules, key) ? rules[key] : undefined) ?? UNKNOWN_STATUS_RULE;
}

/** Statuses of an order that ended without being (or staying) a live order. */
const CLOSED_STATUSES: ReadonlySet<string> = new Set(['cancelled', 'failed', 'refunded', 'trash']);

/**
 * Where a WooCommerce order stands (the kit's phases):
 * - `draft`: block checkout opened (`checkout-draft`), not an order yet;
 * - `unpaid_checkout`: `pending` from checkout or the Store API: the buyer has not paid, and
 *   WooCommerce may cancel it on its unpaid-order timeout;
 * - `closed`: cancelled, failed, refunded or trashed;
 * - `placed`: a real order (paid, on hold, or pending but created by the merchant/REST).
 */
export function orderPhase(order: Pick<WooOrder, 'status' | 'created_via'>): OrderPhase {
  const status = normalizeStatus(order.status);
  if (status === 'checkout-draft') return 'draft';
  if (status === 'pending' && (order.created_via === 'checkout' || order.created_via === 'store-api')) return 'unpaid_checkout';
  if (CLOSED_STATUSES.has(status)) return 'closed';
  return 'placed';
}

/** True for an order that should get the "order received" SMS (see orderPhase). */
export function isPlaced(order: Pick<WooOrder, 'status' | 'created_via'>): boolean {
  return orderPhase(order) === 'placed';
}
