// Shared by this folder's tests (not built): a fake per test, closed after it, and a GraphQL call through
// the fake's fetch as Shopify's client makes it (POST { query, variables }, the token in a header).
import { afterEach } from 'vitest';
import { startFakeShopify, type FakeShopify } from './fake-shopify.js';
import type { FakeShopifyOptions } from './fake-shopify-options.js';

export const SHOP = 'demo-magaza.myshopify.com';
export const OTHER_SHOP = 'ikinci-dukkan.myshopify.com';
export const TOKEN = 'shpat_00000000000000000000000000000001';
export const APP = { apiKey: 'esemes-client-id', apiSecret: 'esemes-client-secret' };
export const VERSION = '2026-07';

const started: FakeShopify[] = [];
afterEach(async () => {
  for (const fake of started.splice(0)) await fake.close();
});

export const SHOPS: FakeShopifyOptions['shops'] = [
  { shop: SHOP, name: 'Demo Mağaza', accessToken: TOKEN, orders: [{ id: 6012345678901, note: 'Kapıya bırakın' }, 42] },
  { shop: OTHER_SHOP, name: 'İkinci Dükkân' },
];

/** A fake with the two shops and the app, closed after the test. */
export async function startFake(overrides: Partial<FakeShopifyOptions> = {}): Promise<FakeShopify> {
  return track(await startFakeShopify({ shops: SHOPS, app: APP, ...overrides }));
}

/** Closes `fake` after the test. */
export function track(fake: FakeShopify): FakeShopify {
  started.push(fake);
  return fake;
}

// Tests read answers by path; typing every answer would only restate the fake.
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface GraphqlResult {
  status: number;
  contentType: string | null;
  body: {
    data?: any;
    errors?: any;
    extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: Record<string, number> } };
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export async function gql(
  fake: FakeShopify,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string | null; shop?: string; version?: string } = {},
): Promise<GraphqlResult> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers['X-Shopify-Access-Token'] = token;
  const response = await fake.fetch(`https://${options.shop ?? SHOP}/admin/api/${options.version ?? VERSION}/graphql.json`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as GraphqlResult['body'] };
}

// The adapter's operations, as it writes them.
export const SHOP_QUERY = 'query Shop { shop { name currencyCode ianaTimezone myshopifyDomain } }';
export const LIST = `query WebhookSubscriptions($first: Int!, $after: String) {
  webhookSubscriptions(first: $first, after: $after) { edges { cursor node { id topic uri } } pageInfo { hasNextPage } }
}`;
export const CREATE = `mutation WebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) { webhookSubscription { id topic uri } userErrors { field message } }
}`;
export const DELETE = `mutation WebhookSubscriptionDelete($id: ID!) {
  webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } }
}`;
export const READ_NOTE = 'query OrderNote($id: ID!) { order(id: $id) { id note } }';
export const UPDATE_NOTE = 'mutation OrderNoteUpdate($input: OrderInput!) { orderUpdate(input: $input) { order { id note } userErrors { field message } } }';
