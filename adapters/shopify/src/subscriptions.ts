// The shop's webhook subscriptions, through the Admin GraphQL API: every topic the adapter handles points
// at PUBLIC_URL/webhooks/shopify. Idempotent: what is there and right is kept, what is missing is created,
// ours that point elsewhere (an old PUBLIC_URL) are deleted. The privacy topics are not subscribed here:
// Shopify takes them only from the app's configuration (shopify.app.toml `compliance_topics`).
import { throwUserErrors, type AdminGraphql } from './graphql.js';

/** The topics the adapter subscribes to, as the Admin API names them. */
export const SUBSCRIBED_TOPICS: readonly string[] = Object.freeze([
  'ORDERS_CREATE',
  'ORDERS_UPDATED',
  'ORDERS_PAID',
  'ORDERS_CANCELLED',
  'ORDERS_FULFILLED',
  'FULFILLMENTS_CREATE',
  'FULFILLMENTS_UPDATE',
  'FULFILLMENT_EVENTS_CREATE',
  'REFUNDS_CREATE',
  'CHECKOUTS_CREATE',
  'CHECKOUTS_UPDATE',
  'CUSTOMERS_MARKETING_CONSENT_UPDATE',
  'APP_UNINSTALLED',
]);

/** Where our deliveries go, whatever the origin: how ours are told from other apps'. */
export const WEBHOOK_PATH = '/webhooks/shopify';

const LIST = `query WebhookSubscriptions($first: Int!, $after: String) {
  webhookSubscriptions(first: $first, after: $after) { edges { cursor node { id topic uri } } pageInfo { hasNextPage } }
}`;
const CREATE = `mutation WebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) { webhookSubscription { id topic uri } userErrors { field message } }
}`;
const DELETE = `mutation WebhookSubscriptionDelete($id: ID!) {
  webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } }
}`;

interface Subscription {
  id: string;
  topic: string;
  uri: string;
}

export interface SubscriptionSync {
  created: string[];
  deleted: string[];
  kept: string[];
}

async function listSubscriptions(graphql: AdminGraphql): Promise<Subscription[]> {
  const all: Subscription[] = [];
  let after: string | null = null;
  // 100 per page; a shop has a handful, so a few pages at most.
  for (let page = 0; page < 20; page += 1) {
    const data: { webhookSubscriptions: { edges: Array<{ cursor: string; node: Subscription }>; pageInfo: { hasNextPage: boolean } } } = await graphql.request(
      LIST,
      { first: 100, after },
    );
    const { edges, pageInfo } = data.webhookSubscriptions;
    all.push(...edges.map((edge) => edge.node));
    if (!pageInfo.hasNextPage || edges.length === 0) break;
    after = edges[edges.length - 1]?.cursor ?? null;
  }
  return all;
}

function isOurs(uri: string): boolean {
  try {
    return new URL(uri).pathname === WEBHOOK_PATH;
  } catch {
    return false;
  }
}

/** Make the shop's subscriptions point at `deliveryUrl`, one per topic. */
export async function syncSubscriptions(graphql: AdminGraphql, deliveryUrl: string, topics: readonly string[] = SUBSCRIBED_TOPICS): Promise<SubscriptionSync> {
  const existing = (await listSubscriptions(graphql)).filter((subscription) => isOurs(subscription.uri));
  const result: SubscriptionSync = { created: [], deleted: [], kept: [] };
  for (const subscription of existing) {
    const wanted = topics.includes(subscription.topic) && subscription.uri === deliveryUrl;
    const duplicate = result.kept.includes(subscription.topic);
    if (wanted && !duplicate) {
      result.kept.push(subscription.topic);
      continue;
    }
    const data: { webhookSubscriptionDelete: { userErrors: Array<{ field?: string[] | null; message: string }> } } = await graphql.request(DELETE, {
      id: subscription.id,
    });
    throwUserErrors('webhookSubscriptionDelete', data.webhookSubscriptionDelete.userErrors);
    result.deleted.push(subscription.topic);
  }
  for (const topic of topics) {
    if (result.kept.includes(topic)) continue;
    const data: { webhookSubscriptionCreate: { userErrors: Array<{ field?: string[] | null; message: string }> } } = await graphql.request(CREATE, {
      topic,
      webhookSubscription: { uri: deliveryUrl, format: 'JSON' },
    });
    throwUserErrors('webhookSubscriptionCreate', data.webhookSubscriptionCreate.userErrors);
    result.created.push(topic);
  }
  return result;
}

/** Remove ours (at uninstall Shopify drops them itself; this is for a shop disconnected by hand). */
export async function removeSubscriptions(graphql: AdminGraphql): Promise<string[]> {
  const deleted: string[] = [];
  for (const subscription of (await listSubscriptions(graphql)).filter((s) => isOurs(s.uri))) {
    await graphql.request(DELETE, { id: subscription.id });
    deleted.push(subscription.topic);
  }
  return deleted;
}
