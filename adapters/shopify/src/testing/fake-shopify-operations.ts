// The Admin GraphQL operations the fake answers, by operation name. The fake does not parse GraphQL: it
// reads the arguments from `variables` (named as below) and answers the fields the adapter selects.
import { hasScope, type FakeShopifyState, type FakeShopifyToken, type FakeWebhookSubscription, type ShopState } from './fake-shopify-state.js';

export interface GraphqlError {
  message: string;
  locations?: Array<{ line: number; column: number }>;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

export interface OperationContext {
  state: FakeShopifyState;
  shop: ShopState;
  token: FakeShopifyToken;
  variables: Record<string, unknown>;
  version: string;
}

export interface Operation {
  kind: 'query' | 'mutation';
  /** `data`, plus errors that come with it (access denied); throws VariableError before running. */
  run(context: OperationContext): { data: Record<string, unknown>; errors?: GraphqlError[] };
}

/** A variable that does not fit its type: Shopify answers with errors only, before running anything. */
export class VariableError extends Error {
  constructor(
    readonly variable: string,
    readonly type: string,
    readonly value: unknown,
    readonly explanation: string,
  ) {
    super(`Variable $${variable} of type ${type} was provided invalid value`);
  }

  toGraphql(): GraphqlError {
    return { message: this.message, extensions: { value: this.value ?? null, problems: [{ path: [], explanation: this.explanation }] } };
  }
}

/** WebhookSubscriptionTopic values the fake accepts (the privacy topics are not among them, as in Shopify). */
export const WEBHOOK_TOPICS: readonly string[] = Object.freeze(
  (
    'APP_SCOPES_UPDATE APP_SUBSCRIPTIONS_UPDATE APP_UNINSTALLED CARTS_CREATE CARTS_UPDATE CHECKOUTS_CREATE CHECKOUTS_DELETE CHECKOUTS_UPDATE ' +
    'CUSTOMERS_CREATE CUSTOMERS_DELETE CUSTOMERS_DISABLE CUSTOMERS_EMAIL_MARKETING_CONSENT_UPDATE CUSTOMERS_ENABLE CUSTOMERS_MARKETING_CONSENT_UPDATE ' +
    'CUSTOMERS_UPDATE DRAFT_ORDERS_CREATE DRAFT_ORDERS_DELETE DRAFT_ORDERS_UPDATE FULFILLMENTS_CREATE FULFILLMENTS_UPDATE FULFILLMENT_EVENTS_CREATE ' +
    'FULFILLMENT_EVENTS_DELETE ORDERS_CANCELLED ORDERS_CREATE ORDERS_DELETE ORDERS_EDITED ORDERS_FULFILLED ORDERS_PAID ORDERS_PARTIALLY_FULFILLED ' +
    'ORDERS_UPDATED ORDER_TRANSACTIONS_CREATE PRODUCTS_CREATE PRODUCTS_DELETE PRODUCTS_UPDATE REFUNDS_CREATE RETURNS_APPROVE RETURNS_CANCEL ' +
    'RETURNS_CLOSE RETURNS_DECLINE RETURNS_REQUEST SHOP_UPDATE'
  ).split(' '),
);

const ORDER_GID = /^gid:\/\/shopify\/Order\/(\d+)$/;

function userError(field: string[], message: string) {
  return { field, message };
}

function required<T>(context: OperationContext, name: string, type: string, check: (value: unknown) => value is T, explanation: string): T {
  const value = context.variables[name];
  if (value === undefined || value === null) throw new VariableError(name, type, value, 'Expected value to not be null');
  if (!check(value)) throw new VariableError(name, type, value, explanation);
  return value;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function cursorOf(subscription: FakeWebhookSubscription): string {
  return Buffer.from(JSON.stringify({ last_id: subscription.legacyResourceId, last_value: String(subscription.legacyResourceId) })).toString('base64');
}

function accessDenied(field: string, scope: string): GraphqlError {
  const requiredAccess = `\`${scope}\` access scope.`;
  return {
    message: `Access denied for ${field} field. Required access: ${requiredAccess}`,
    path: [field],
    extensions: { code: 'ACCESS_DENIED', documentation: 'https://shopify.dev/api/usage/access-scopes', requiredAccess },
  };
}

/** Why Shopify would refuse to deliver to `uri`, in its words (field `callbackUrl`, as it still names it). */
function addressErrors(uri: string): Array<{ field: string[]; message: string }> {
  const field = ['webhookSubscription', 'callbackUrl'];
  if (uri.trim() === '') return [userError(field, "Address can't be blank")];
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'https') return [userError(field, `Address protocol ${scheme}:// is not supported`)];
  if (scheme === undefined || !URL.canParse(uri)) return [userError(field, 'Address is invalid')];
  const host = new URL(uri).hostname.toLowerCase();
  const internal = /^(localhost|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|\[::1\])$/.test(host) || /(^|\.)(myshopify|shopify)\.com$/.test(host);
  return internal ? [userError(field, 'Address cannot be a Shopify or an internal domain')] : [];
}

export const OPERATIONS: Readonly<Record<string, Operation>> = {
  Shop: {
    kind: 'query',
    run: ({ shop }) => ({
      data: {
        shop: {
          id: `gid://shopify/Shop/${shop.shopId}`,
          name: shop.name,
          currencyCode: shop.currencyCode,
          ianaTimezone: shop.ianaTimezone,
          myshopifyDomain: shop.shop,
        },
      },
    }),
  },

  WebhookSubscriptions: {
    kind: 'query',
    run(context) {
      const first = context.variables.first;
      if (first === undefined || first === null)
        return { data: { webhookSubscriptions: null }, errors: [{ message: 'you must provide one of first or last', path: ['webhookSubscriptions'] }] };
      if (!Number.isInteger(first) || (first as number) < 0) throw new VariableError('first', 'Int', first, 'Could not coerce value to Int');
      const after = context.variables.after;
      const all = [...context.shop.webhooks.values()].sort((a, b) => a.legacyResourceId - b.legacyResourceId);
      let start = 0;
      if (typeof after === 'string') {
        const index = all.findIndex((subscription) => cursorOf(subscription) === after);
        if (index === -1)
          return { data: { webhookSubscriptions: null }, errors: [{ message: 'Invalid cursor for current pagination sort.', path: ['webhookSubscriptions'] }] };
        start = index + 1;
      }
      const page = all.slice(start, start + (first as number));
      const edges = page.map((node) => ({ cursor: cursorOf(node), node: { id: node.id, topic: node.topic, uri: node.uri } }));
      const endCursor = edges.length > 0 ? edges[edges.length - 1]!.cursor : null;
      return { data: { webhookSubscriptions: { edges, pageInfo: { hasNextPage: start + page.length < all.length, endCursor } } } };
    },
  },

  WebhookSubscriptionCreate: {
    kind: 'mutation',
    run(context) {
      const topic = required(context, 'topic', 'WebhookSubscriptionTopic!', isString, 'Expected a WebhookSubscriptionTopic');
      if (!WEBHOOK_TOPICS.includes(topic))
        throw new VariableError('topic', 'WebhookSubscriptionTopic!', topic, `Expected "${topic}" to be one of: ${WEBHOOK_TOPICS.join(', ')}`);
      const input = required(context, 'webhookSubscription', 'WebhookSubscriptionInput!', isObject, 'Expected an object');
      const format = input.format ?? 'JSON';
      if (format !== 'JSON' && format !== 'XML')
        throw new VariableError('webhookSubscription', 'WebhookSubscriptionInput!', input, `Expected "${String(format)}" to be one of: JSON, XML`);
      const uri = typeof input.uri === 'string' ? input.uri.trim() : '';
      const errors = addressErrors(uri);
      const taken = [...context.shop.webhooks.values()].some((existing) => existing.topic === topic && existing.uri === uri && existing.format === format);
      if (errors.length === 0 && taken) errors.push(userError(['webhookSubscription', 'callbackUrl'], 'Address for this topic has already been taken'));
      if (errors.length > 0) return { data: { webhookSubscriptionCreate: { webhookSubscription: null, userErrors: errors } } };
      const legacyResourceId = context.state.nextId();
      const subscription: FakeWebhookSubscription = {
        id: `gid://shopify/WebhookSubscription/${legacyResourceId}`,
        legacyResourceId,
        topic,
        uri,
        format,
        createdAt: new Date(context.state.clock()).toISOString(),
        apiVersion: context.version,
      };
      context.shop.webhooks.set(subscription.id, subscription);
      return { data: { webhookSubscriptionCreate: { webhookSubscription: { id: subscription.id, topic, uri }, userErrors: [] } } };
    },
  },

  WebhookSubscriptionDelete: {
    kind: 'mutation',
    run(context) {
      const id = required(context, 'id', 'ID!', isString, 'Could not coerce value to ID');
      if (!/^gid:\/\/shopify\/\w+\/\d+$/.test(id)) throw new VariableError('id', 'ID!', id, `Invalid global id '${id}'`);
      const deleted = context.shop.webhooks.delete(id);
      return {
        data: {
          webhookSubscriptionDelete: deleted
            ? { deletedWebhookSubscriptionId: id, userErrors: [] }
            : { deletedWebhookSubscriptionId: null, userErrors: [userError(['id'], 'Webhook subscription does not exist')] },
        },
      };
    },
  },

  OrderNote: {
    kind: 'query',
    run(context) {
      const id = required(context, 'id', 'ID!', isString, 'Could not coerce value to ID');
      const match = ORDER_GID.exec(id);
      if (!match) throw new VariableError('id', 'ID!', id, `Invalid global id '${id}'`);
      if (!hasScope(context.token, 'read_orders')) return { data: { order: null }, errors: [accessDenied('order', 'read_orders')] };
      const order = context.shop.orders.get(match[1]!);
      return { data: { order: order === undefined ? null : { id, note: order.note } } };
    },
  },

  OrderNoteUpdate: {
    kind: 'mutation',
    run(context) {
      const input = required(context, 'input', 'OrderInput!', isObject, 'Expected an object');
      const id = input.id;
      if (typeof id !== 'string') throw new VariableError('input', 'OrderInput!', input, 'Expected value at "id" to not be null');
      const match = ORDER_GID.exec(id);
      if (!match) throw new VariableError('input', 'OrderInput!', input, `Invalid global id '${id}'`);
      if (!hasScope(context.token, 'write_orders')) return { data: { orderUpdate: null }, errors: [accessDenied('orderUpdate', 'write_orders')] };
      const order = context.shop.orders.get(match[1]!);
      if (order === undefined) return { data: { orderUpdate: { order: null, userErrors: [userError(['id'], 'Order does not exist')] } } };
      if ('note' in input) {
        const note = input.note === null ? null : String(input.note);
        order.note = note;
        const history = context.state.notes.get(id) ?? [];
        history.push(note);
        context.state.notes.set(id, history);
      }
      return { data: { orderUpdate: { order: { id, note: order.note }, userErrors: [] } } };
    },
  },
};
