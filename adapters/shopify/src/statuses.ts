// What a Shopify order's state means for SMS. Shopify has no single order status: it is the pair
// financial_status × fulfillment_status plus cancelled_at, so the adapter names one raw status per
// delivery (statusOf) and a table says what reaching it sends. The kit's diff compares it with the stored
// one: one SMS per real transition, however many topics (orders/updated, orders/paid …) carry it.
import type { ShopifyOrder } from './payloads.js';
import type { ShopSettings, StatusRule } from './types.js';

/**
 * Built-in rules (shops override per status in `settings.statuses`):
 *
 * | raw status          | canonical       | SMS | why                                                          |
 * |---------------------|-----------------|-----|--------------------------------------------------------------|
 * | pending             | pending_payment | no  | cash on delivery, bank transfer: order.created covers it     |
 * | authorized          | processing      | no  | payment authorized, not captured                            |
 * | partially_paid      | processing      | no  |                                                              |
 * | paid                | processing      | no  | order.created covers it                                      |
 * | partially_fulfilled | processing      | no  | the shipment SMS (fulfillments) covers it                    |
 * | fulfilled           | completed       | no  | the shipment SMS covers it                                   |
 * | partially_refunded  | processing      | no  | refunds/create sends order.refunded, once per refund         |
 * | refunded            | refunded        | no  | refunds/create sends it                                      |
 * | voided              | cancelled       | no  | an authorization voided: the cancellation SMS covers it      |
 * | cancelled           | cancelled       | yes | order.cancelled                                              |
 * | anything else       | –               | no  |                                                              |
 */
export const DEFAULT_STATUS_RULES: Readonly<Record<string, StatusRule>> = Object.freeze({
  pending: { canonical: 'pending_payment', sms: false },
  authorized: { canonical: 'processing', sms: false },
  partially_paid: { canonical: 'processing', sms: false },
  paid: { canonical: 'processing', sms: false },
  partially_fulfilled: { canonical: 'processing', sms: false },
  fulfilled: { canonical: 'completed', sms: false },
  partially_refunded: { canonical: 'processing', sms: false },
  refunded: { canonical: 'refunded', sms: false },
  voided: { canonical: 'cancelled', sms: false },
  cancelled: { canonical: 'cancelled', sms: true },
});

const UNKNOWN_RULE: Readonly<StatusRule> = Object.freeze({ canonical: null, sms: false });

/**
 * The one raw status of an order: cancelled wins, then a refund, then fulfillment, then payment.
 * @example
 * statusOf({ financial_status: 'paid', fulfillment_status: 'fulfilled', cancelled_at: undefined }) // 'fulfilled'
 */
export function statusOf(order: Pick<ShopifyOrder, 'financial_status' | 'fulfillment_status' | 'cancelled_at'>): string {
  if (order.cancelled_at !== undefined) return 'cancelled';
  const financial = (order.financial_status ?? '').toLowerCase();
  const fulfillment = (order.fulfillment_status ?? '').toLowerCase();
  if (financial === 'refunded' || financial === 'partially_refunded' || financial === 'voided') return financial;
  if (fulfillment === 'fulfilled' || fulfillment === 'partial') return fulfillment === 'partial' ? 'partially_fulfilled' : 'fulfilled';
  return financial === '' ? 'pending' : financial;
}

/** The defaults with `settings.statuses` merged over them. */
export function statusRules(settings: Pick<ShopSettings, 'statuses'>): Readonly<Record<string, StatusRule>> {
  // A null prototype: a status named `constructor` cannot find Object's members.
  const rules: Record<string, StatusRule> = Object.create(null) as Record<string, StatusRule>;
  for (const [status, rule] of Object.entries(DEFAULT_STATUS_RULES)) rules[status] = rule;
  for (const [status, rule] of Object.entries(settings.statuses ?? {})) rules[status.trim().toLowerCase()] = rule;
  return rules;
}

export function ruleFor(rules: Readonly<Record<string, StatusRule>>, status: string): StatusRule {
  return rules[status] ?? UNKNOWN_RULE;
}
