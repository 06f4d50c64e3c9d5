// Shopify's mandatory privacy webhooks, acted on at once (they are rare and quick):
// - customers/data_request: what is held about the customer (messages, consent, orders' contexts) is
//   gathered into a report kept 30 days for the shop owner (GET /api/v1/shopify/data-requests/…), and
//   returned in the answer; the log line has counts only;
// - customers/redact: the customer's numbers and message texts are removed from every table: the engine's
//   messages and events (notifier.privacy), the order contexts and tracker states of their orders, their
//   consent, their checkouts;
// - shop/redact: everything of the shop goes (48 hours after an uninstall).
import { maskPhone, normalizeTurkishMobile } from '@esemes/core';
import { INBOX_NAMESPACE } from './inbox.js';
import { ORDER_NOTES_NAMESPACE } from './order-notes.js';
import { parseCustomerRedact, parseDataRequest, parseShopRedact } from './payloads.js';
import { CHECKOUTS_NAMESPACE, CONSENT_TIMES_NAMESPACE, CONTEXT_NAMESPACE } from './process.js';
import { SHOPS_NAMESPACE, WEBHOOK_STATUS_NAMESPACE, type ShopifyRuntime } from './runtime.js';
import { offlineSessionId, SESSIONS_NAMESPACE } from './sessions.js';
import { keyPrefixOf } from './snapshot.js';
import type { ShopRecord } from './types.js';

export const DATA_REQUESTS_NAMESPACE = 'shopify:data-requests';
const REPORT_KEEP_MS = 30 * 86_400_000;
/** Every namespace where the adapter keeps something of a shop under `<shop id>:…`. */
const SHOP_NAMESPACES = ['shopify:orders', CONTEXT_NAMESPACE, CHECKOUTS_NAMESPACE, 'shopify:consent', CONSENT_TIMES_NAMESPACE, DATA_REQUESTS_NAMESPACE];

export const PRIVACY_TOPICS: ReadonlySet<string> = new Set(['customers/data_request', 'customers/redact', 'shop/redact']);

interface CustomerRecords {
  phones: string[];
  orderIds: string[];
  checkoutTokens: string[];
}

function normalized(phones: ReadonlyArray<string | undefined>): string[] {
  const out = new Set<string>();
  for (const phone of phones) {
    const result = phone ? normalizeTurkishMobile(phone) : undefined;
    if (result?.ok) out.add(result.number);
  }
  return [...out];
}

/** The customer's numbers and what the adapter holds under them: the orders' contexts name phones too. */
async function recordsOf(runtime: ShopifyRuntime, shop: ShopRecord, phone: string | undefined, orderIds: readonly string[]): Promise<CustomerRecords> {
  const state = runtime.notifier.state;
  const phones = new Set(normalized([phone]));
  for (const orderId of orderIds) {
    const context = await state.getState(CONTEXT_NAMESPACE, `${shop.id}:${orderId}`);
    if (context)
      for (const number of normalized((JSON.parse(context.value) as { base?: { customer?: { phones?: string[] } } }).base?.customer?.phones ?? []))
        phones.add(number);
  }
  const checkoutTokens: string[] = [];
  for (const record of await state.listState(CHECKOUTS_NAMESPACE, { prefix: `${shop.id}:`, limit: 1000 })) {
    const numbers = normalized((JSON.parse(record.value) as { phones?: string[] }).phones ?? []);
    if (numbers.some((number) => phones.has(number))) checkoutTokens.push(record.key.slice(shop.id.length + 1));
  }
  return { phones: [...phones], orderIds: [...orderIds], checkoutTokens };
}

export async function handleDataRequest(runtime: ShopifyRuntime, shop: ShopRecord, body: unknown): Promise<Record<string, unknown>> {
  const request = parseDataRequest(body);
  const orderIds = (request.orders_requested ?? []).slice(0, 100);
  const records = await recordsOf(runtime, shop, request.customer?.phone, orderIds);
  const held = await runtime.notifier.privacy.customerData({ storeId: shop.id, recipients: records.phones.slice(0, 100), orderIds });
  const consent = [];
  for (const phone of records.phones) {
    const record = await runtime.notifier.state.getState('shopify:consent', `${shop.id}:${phone}`);
    if (record) consent.push({ phone, ...(JSON.parse(record.value) as object), at: new Date(record.updatedAt).toISOString() });
  }
  const requestId = request.data_request?.id ?? `${runtime.clock()}`;
  const report = {
    shop: shop.shop,
    requestId,
    customerId: request.customer?.id ?? null,
    at: new Date(runtime.clock()).toISOString(),
    phones: records.phones,
    messages: held.messages,
    events: held.events,
    truncated: held.truncated,
    marketingConsent: consent,
    checkouts: records.checkoutTokens,
  };
  const now = runtime.clock();
  await runtime.notifier.state.putState(DATA_REQUESTS_NAMESPACE, `${shop.id}:${requestId}`, JSON.stringify(report), { dueAt: now + REPORT_KEEP_MS }, now);
  runtime.log.info(
    {
      shop: shop.id,
      requestId,
      phones: records.phones.map((phone) => maskPhone(phone)),
      messages: held.messages.length,
      events: held.events.length,
      consent: consent.length,
    },
    'shopify: customer data request answered',
  );
  return report;
}

export async function handleCustomerRedact(runtime: ShopifyRuntime, shop: ShopRecord, body: unknown): Promise<Record<string, unknown>> {
  const request = parseCustomerRedact(body);
  const orderIds = (request.orders_to_redact ?? []).slice(0, 100);
  const records = await recordsOf(runtime, shop, request.customer?.phone, orderIds);
  const prefix = keyPrefixOf(shop);
  const redacted = await runtime.notifier.privacy.redactCustomer({
    storeId: shop.id,
    recipients: records.phones.slice(0, 100),
    orderIds,
    idempotencyKeyPrefixes: [...orderIds.map((id) => `${prefix}:order:${id}:`), ...records.checkoutTokens.map((token) => `${prefix}:cart:${token}:`)].slice(
      0,
      100,
    ),
  });
  const state = runtime.notifier.state;
  let adapterRecords = 0;
  for (const orderId of orderIds) {
    for (const namespace of ['shopify:orders', CONTEXT_NAMESPACE]) if (await state.deleteState(namespace, `${shop.id}:${orderId}`)) adapterRecords += 1;
  }
  for (const token of records.checkoutTokens) if (await state.deleteState(CHECKOUTS_NAMESPACE, `${shop.id}:${token}`)) adapterRecords += 1;
  adapterRecords += await runtime.consent.revoke(shop.id, records.phones);
  for (const phone of records.phones) if (await state.deleteState(CONSENT_TIMES_NAMESPACE, `${shop.id}:${phone}`)) adapterRecords += 1;
  // Order notes still waiting carry the masked number and the text: they go too.
  for (const record of await state.listState(ORDER_NOTES_NAMESPACE, { limit: 1000 })) {
    const job = JSON.parse(record.value) as { shopId?: string; orderId?: string };
    if (job.shopId === shop.id && job.orderId !== undefined && orderIds.includes(job.orderId) && (await state.deleteState(ORDER_NOTES_NAMESPACE, record.key)))
      adapterRecords += 1;
  }
  const summary = { ...redacted, adapterRecords, orders: orderIds.length, phones: records.phones.length };
  runtime.log.info({ shop: shop.id, ...summary }, 'shopify: customer redacted');
  return summary;
}

export async function handleShopRedact(runtime: ShopifyRuntime, shop: ShopRecord, body: unknown): Promise<Record<string, unknown>> {
  parseShopRedact(body);
  const state = runtime.notifier.state;
  const purged = await runtime.notifier.privacy.purgeStore(shop.id);
  let adapterRecords = 0;
  for (const namespace of SHOP_NAMESPACES) adapterRecords += await state.deleteStatePrefix(namespace, `${shop.id}:`);
  for (const namespace of [ORDER_NOTES_NAMESPACE, INBOX_NAMESPACE]) {
    for (const record of await state.listState(namespace, { limit: 1000 })) {
      if ((JSON.parse(record.value) as { shopId?: string }).shopId === shop.id && (await state.deleteState(namespace, record.key))) adapterRecords += 1;
    }
  }
  if (await state.deleteState(SESSIONS_NAMESPACE, offlineSessionId(shop.shop))) adapterRecords += 1;
  if (await state.deleteState(WEBHOOK_STATUS_NAMESPACE, shop.id)) adapterRecords += 1;
  if (await state.deleteState(SHOPS_NAMESPACE, shop.id)) adapterRecords += 1;
  const summary = { ...purged, adapterRecords };
  runtime.log.info({ shop: shop.id, ...summary }, 'shopify: shop redacted');
  return summary;
}
