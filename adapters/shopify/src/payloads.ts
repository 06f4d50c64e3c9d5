// Shopify's webhook bodies, as far as the adapter reads them. Ids are read without loss: Shopify's ids can
// exceed 2^53 (JSON.parse would round them), so bodies are parsed with lossless-json and every id is kept
// as its decimal string. Everything else is lenient: fields the adapter does not read are ignored, and a
// missing optional field is undefined, never an error; a body without what a topic needs is refused.
import { isSafeNumber, parse } from 'lossless-json';
import { z } from 'zod';

/** A body that is not JSON, or not the shape its topic needs. */
export class MalformedPayloadError extends Error {
  override readonly name = 'MalformedPayloadError' as const;
  readonly code = 'malformed_payload' as const;
}

/** JSON with integers beyond 2^53 kept as strings. */
export function parseShopifyJson(text: string): unknown {
  try {
    return parse(text, null, (value) => (isSafeNumber(value) ? Number(value) : value));
  } catch (error) {
    throw new MalformedPayloadError(`the body is not JSON (${error instanceof Error ? error.message.slice(0, 80) : 'unreadable'})`);
  }
}

const id = z.union([z.string().regex(/^\d{1,30}$/), z.number().int().nonnegative()]).transform(String);
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);
const money = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined ? undefined : String(value)));

const Address = z
  .object({ first_name: optionalText, last_name: optionalText, phone: optionalText, country_code: optionalText })
  .nullish()
  .transform((value) => value ?? undefined);

const SmsConsent = z
  .object({ state: optionalText, opt_in_level: optionalText, consent_updated_at: optionalText })
  .nullish()
  .transform((value) => value ?? undefined);

const Customer = z
  .object({
    id: id.nullish(),
    first_name: optionalText,
    last_name: optionalText,
    phone: optionalText,
    locale: optionalText,
    default_address: Address,
    sms_marketing_consent: SmsConsent,
  })
  .nullish()
  .transform((value) => value ?? undefined);

const LineItem = z.object({ title: optionalText, name: optionalText, quantity: z.number().int().nullish(), price: money, sku: optionalText });

const Fulfillment = z.object({
  id,
  order_id: id.nullish(),
  status: optionalText,
  created_at: optionalText,
  updated_at: optionalText,
  tracking_company: optionalText,
  tracking_number: optionalText,
  tracking_numbers: z.array(z.string()).nullish(),
  tracking_url: optionalText,
  tracking_urls: z.array(z.string()).nullish(),
  shipment_status: optionalText,
});
export type ShopifyFulfillment = z.infer<typeof Fulfillment>;

const Order = z.object({
  id,
  name: optionalText,
  order_number: z.union([z.number(), z.string()]).nullish(),
  phone: optionalText,
  currency: optionalText,
  total_price: money,
  financial_status: optionalText,
  fulfillment_status: optionalText,
  cancelled_at: optionalText,
  closed_at: optionalText,
  created_at: optionalText,
  updated_at: optionalText,
  processed_at: optionalText,
  checkout_token: optionalText,
  cart_token: optionalText,
  order_status_url: optionalText,
  customer_locale: optionalText,
  buyer_accepts_marketing: z.boolean().nullish(),
  customer: Customer,
  shipping_address: Address,
  billing_address: Address,
  line_items: z.array(LineItem).nullish(),
  fulfillments: z.array(Fulfillment).nullish(),
  test: z.boolean().nullish(),
});
export type ShopifyOrder = z.infer<typeof Order>;

const FulfillmentEvent = z.object({
  id,
  fulfillment_id: id,
  order_id: id,
  status: z.string(),
  happened_at: optionalText,
  created_at: optionalText,
  updated_at: optionalText,
});
export type ShopifyFulfillmentEvent = z.infer<typeof FulfillmentEvent>;

const Refund = z.object({ id, order_id: id, created_at: optionalText, processed_at: optionalText });
export type ShopifyRefund = z.infer<typeof Refund>;

const Checkout = z.object({
  token: z.string().min(1).max(200),
  cart_token: optionalText,
  phone: optionalText,
  sms_marketing_phone: optionalText,
  buyer_accepts_sms_marketing: z.boolean().nullish(),
  currency: optionalText,
  presentment_currency: optionalText,
  total_price: money,
  created_at: optionalText,
  updated_at: optionalText,
  completed_at: optionalText,
  closed_at: optionalText,
  abandoned_checkout_url: optionalText,
  customer_locale: optionalText,
  line_items: z.array(LineItem).nullish(),
  customer: Customer,
  shipping_address: Address,
  billing_address: Address,
});
export type ShopifyCheckout = z.infer<typeof Checkout>;

const ConsentUpdate = z.object({ id: id.nullish(), phone: optionalText, sms_marketing_consent: SmsConsent });
export type ShopifyConsentUpdate = z.infer<typeof ConsentUpdate>;

const PrivacyCustomer = z
  .object({ id: id.nullish(), email: optionalText, phone: optionalText })
  .nullish()
  .transform((value) => value ?? undefined);
const DataRequest = z.object({
  shop_domain: z.string(),
  customer: PrivacyCustomer,
  orders_requested: z.array(id).nullish(),
  data_request: z.object({ id: id.nullish() }).nullish(),
});
export type ShopifyDataRequest = z.infer<typeof DataRequest>;
const CustomerRedact = z.object({ shop_domain: z.string(), customer: PrivacyCustomer, orders_to_redact: z.array(id).nullish() });
export type ShopifyCustomerRedact = z.infer<typeof CustomerRedact>;
const ShopRedact = z.object({ shop_domain: z.string() });

function parseAs<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((issue) => issue.path.join('.') || 'body')
      .join(', ');
    throw new MalformedPayloadError(`not ${what}: missing or invalid ${where}`);
  }
  return parsed.data;
}

export const parseOrder = (value: unknown): ShopifyOrder => parseAs(Order, value, 'an order');
export const parseFulfillment = (value: unknown): ShopifyFulfillment => parseAs(Fulfillment, value, 'a fulfillment');
export const parseFulfillmentEvent = (value: unknown): ShopifyFulfillmentEvent => parseAs(FulfillmentEvent, value, 'a fulfillment event');
export const parseRefund = (value: unknown): ShopifyRefund => parseAs(Refund, value, 'a refund');
export const parseCheckout = (value: unknown): ShopifyCheckout => parseAs(Checkout, value, 'a checkout');
export const parseConsentUpdate = (value: unknown): ShopifyConsentUpdate => parseAs(ConsentUpdate, value, 'a consent update');
export const parseDataRequest = (value: unknown): ShopifyDataRequest => parseAs(DataRequest, value, 'a data request');
export const parseCustomerRedact = (value: unknown): ShopifyCustomerRedact => parseAs(CustomerRedact, value, 'a customer redact request');
export const parseShopRedact = (value: unknown): { shop_domain: string } => parseAs(ShopRedact, value, 'a shop redact request');

/** An ISO time as epoch ms, or null. */
export function timeOf(value: string | undefined): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}
