// The fake Admin GraphQL API over real HTTP through fake.fetch, with the adapter's own operations: every
// operation, the token check, the cost extension, the leaky bucket on an injected clock, and the test controls.
import { describe, expect, it } from 'vitest';
import { CREATE, DELETE, gql, LIST, OTHER_SHOP, READ_NOTE, SHOP, SHOP_QUERY, startFake, UPDATE_NOTE } from './test-support.js';

const HOOK_URI = 'https://sms.example.test/webhooks/shopify';
const ORDER = 'gid://shopify/Order/6012345678901';
const INVALID_TOKEN = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };

describe('POST /admin/api/<version>/graphql.json', () => {
  it('Should refuse a missing or unknown token with 401 and an unknown version with 404, as Shopify does', async () => {
    const fake = await startFake();
    for (const token of [null, 'shpat_wrong', '']) {
      const refused = await gql(fake, SHOP_QUERY, {}, { token });
      expect(refused.status).toBe(401);
      expect(refused.contentType).toBe('application/json; charset=utf-8');
      expect(refused.body).toEqual(INVALID_TOKEN);
    }
    // A token is good at its own shop only.
    expect((await gql(fake, SHOP_QUERY, {}, { shop: OTHER_SHOP })).status).toBe(401);
    const wrongVersion = await gql(fake, SHOP_QUERY, {}, { version: '2026-08' });
    expect(wrongVersion).toMatchObject({ status: 404, body: { errors: 'Not Found' } });
    expect((await gql(fake, SHOP_QUERY, {}, { version: 'unstable' })).status).toBe(200);
  });

  it('Should answer Shop with the shop and the cost of the query', async () => {
    const fake = await startFake();
    const answer = await gql(fake, SHOP_QUERY);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: {
        shop: { id: 'gid://shopify/Shop/60123456781', name: 'Demo Mağaza', currencyCode: 'TRY', ianaTimezone: 'Europe/Istanbul', myshopifyDomain: SHOP },
      },
      extensions: {
        cost: { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 } },
      },
    });
  });

  it('Should create, list page by page, and delete webhook subscriptions, per shop', async () => {
    const fake = await startFake();
    const created: string[] = [];
    for (const topic of ['ORDERS_CREATE', 'ORDERS_UPDATED', 'FULFILLMENTS_CREATE']) {
      const answer = await gql(fake, CREATE, { topic, webhookSubscription: { uri: HOOK_URI, format: 'JSON' } });
      const result = answer.body.data.webhookSubscriptionCreate;
      expect(result.userErrors).toEqual([]);
      expect(result.webhookSubscription).toEqual({ id: expect.stringMatching(/^gid:\/\/shopify\/WebhookSubscription\/\d+$/), topic, uri: HOOK_URI });
      created.push(result.webhookSubscription.id);
    }
    expect(fake.webhooks.get(SHOP)!.map((s) => [s.id, s.topic, s.uri, s.format, s.apiVersion])).toEqual(
      created.map((id, i) => [id, ['ORDERS_CREATE', 'ORDERS_UPDATED', 'FULFILLMENTS_CREATE'][i], HOOK_URI, 'JSON', '2026-07']),
    );
    expect(fake.webhooks.get(OTHER_SHOP)).toEqual([]);

    const first = (await gql(fake, LIST, { first: 2, after: null })).body.data.webhookSubscriptions;
    expect(first.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(created.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const cursor = first.edges[1].cursor as string;
    expect(JSON.parse(Buffer.from(cursor, 'base64').toString())).toEqual({
      last_id: Number(created[1]!.split('/').pop()),
      last_value: created[1]!.split('/').pop(),
    });
    const second = (await gql(fake, LIST, { first: 2, after: cursor })).body.data.webhookSubscriptions;
    expect(second.edges.map((e: { node: { topic: string } }) => e.node.topic)).toEqual(['FULFILLMENTS_CREATE']);
    expect(second.pageInfo.hasNextPage).toBe(false);

    const deleted = await gql(fake, DELETE, { id: created[0] });
    expect(deleted.body.data.webhookSubscriptionDelete).toEqual({ deletedWebhookSubscriptionId: created[0], userErrors: [] });
    const again = await gql(fake, DELETE, { id: created[0] });
    expect(again.body.data.webhookSubscriptionDelete).toEqual({
      deletedWebhookSubscriptionId: null,
      userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }],
    });
    expect(fake.webhooks.get(SHOP)!.map((s) => s.topic)).toEqual(['ORDERS_UPDATED', 'FULFILLMENTS_CREATE']);
  });

  it.each([
    ['http://sms.example.test/webhooks/shopify', 'Address protocol http:// is not supported'],
    ['https://localhost:8443/webhooks/shopify', 'Address cannot be a Shopify or an internal domain'],
    ['https://demo-magaza.myshopify.com/webhooks', 'Address cannot be a Shopify or an internal domain'],
    ['not a url', 'Address is invalid'],
    ['', "Address can't be blank"],
  ])('Should refuse to subscribe %j with a userError', async (uri, message) => {
    const fake = await startFake();
    const answer = await gql(fake, CREATE, { topic: 'ORDERS_CREATE', webhookSubscription: { uri, format: 'JSON' } });
    expect(answer.body.data.webhookSubscriptionCreate).toEqual({
      webhookSubscription: null,
      userErrors: [{ field: ['webhookSubscription', 'callbackUrl'], message }],
    });
    expect(fake.webhooks.get(SHOP)).toEqual([]);
  });

  it('Should refuse the same topic and address twice, and an unknown topic as an invalid variable', async () => {
    const fake = await startFake({ clock: () => 1_000 }); // a stopped clock: the bucket does not refill
    fake.addWebhook(SHOP, { topic: 'ORDERS_CREATE', uri: HOOK_URI });
    const twice = await gql(fake, CREATE, { topic: 'ORDERS_CREATE', webhookSubscription: { uri: HOOK_URI, format: 'JSON' } });
    expect(twice.body.data.webhookSubscriptionCreate.userErrors).toEqual([
      { field: ['webhookSubscription', 'callbackUrl'], message: 'Address for this topic has already been taken' },
    ]);
    // The privacy topics are configured in shopify.app.toml, not through the API.
    for (const topic of ['orders/create', 'CUSTOMERS_REDACT']) {
      const invalid = await gql(fake, CREATE, { topic, webhookSubscription: { uri: HOOK_URI } });
      expect(invalid.body.data).toBeUndefined();
      expect(invalid.body.extensions).toBeUndefined();
      expect(invalid.body.errors[0].message).toBe('Variable $topic of type WebhookSubscriptionTopic! was provided invalid value');
      expect(invalid.body.errors[0].extensions.problems[0].explanation).toContain(`Expected "${topic}" to be one of: `);
    }
    expect(fake.webhooks.get(SHOP)).toHaveLength(1);
    expect(fake.bucket(SHOP).currentlyAvailable).toBe(1990); // only the userError answer was charged
  });

  it('Should read an order note (null for an unknown order) and update it, keeping the history', async () => {
    const fake = await startFake();
    expect((await gql(fake, READ_NOTE, { id: ORDER })).body.data).toEqual({ order: { id: ORDER, note: 'Kapıya bırakın' } });
    expect((await gql(fake, READ_NOTE, { id: 'gid://shopify/Order/999' })).body.data).toEqual({ order: null });
    expect((await gql(fake, READ_NOTE, { id: 'gid://shopify/Order/42' })).body.data).toEqual({ order: { id: 'gid://shopify/Order/42', note: null } });

    const note = 'Kapıya bırakın\nSMS gönderildi 0532***8877: Siparişiniz alındı';
    const updated = await gql(fake, UPDATE_NOTE, { input: { id: ORDER, note } });
    expect(updated.body.data).toEqual({ orderUpdate: { order: { id: ORDER, note }, userErrors: [] } });
    expect(updated.body.extensions!.cost.requestedQueryCost).toBe(10);
    expect((await gql(fake, READ_NOTE, { id: ORDER })).body.data.order.note).toBe(note);
    await gql(fake, UPDATE_NOTE, { input: { id: ORDER, note: `${note}\nikinci` } });
    expect(fake.notes.get(ORDER)).toEqual([note, `${note}\nikinci`]);

    const unknown = await gql(fake, UPDATE_NOTE, { input: { id: 'gid://shopify/Order/999', note: 'x' } });
    expect(unknown.body.data).toEqual({ orderUpdate: { order: null, userErrors: [{ field: ['id'], message: 'Order does not exist' }] } });
    const gidOfOrder = fake.addOrder(SHOP, { id: 999 });
    expect((await gql(fake, UPDATE_NOTE, { input: { id: gidOfOrder, note: 'x' } })).body.data.orderUpdate.userErrors).toEqual([]);

    const malformed = await gql(fake, READ_NOTE, { id: '6012345678901' });
    expect(malformed.body.errors[0]).toMatchObject({
      message: 'Variable $id of type ID! was provided invalid value',
      extensions: { problems: [{ explanation: "Invalid global id '6012345678901'" }] },
    });
    expect((await gql(fake, READ_NOTE, {})).body.errors[0].extensions.problems[0].explanation).toBe('Expected value to not be null');
  });

  it('Should answer an unknown, an unnamed, or a misdeclared operation with errors and no data', async () => {
    const fake = await startFake();
    const unknown = await gql(fake, 'query Products { products(first: 1) { edges { node { id } } } }');
    expect(unknown.status).toBe(200);
    expect(unknown.body.data).toBeUndefined();
    expect(unknown.body.errors[0].message).toContain('does not implement an operation named Products');
    expect((await gql(fake, '{ shop { name } }')).body.errors[0].message).toContain('needs a named operation');
    const wrongKind = await gql(fake, 'mutation Shop { shop { name } }');
    expect(wrongKind.body.errors[0].message).toBe("The fake Shopify's Shop is a query, not a mutation");
    // A comment naming another operation does not confuse it.
    expect((await gql(fake, '# query Products\nquery Shop { shop { name } }')).body.data.shop.name).toBe('Demo Mağaza');
    expect(fake.requests.map((r) => r.operationName)).toEqual(['Products', null, 'Shop', 'Shop']);
  });
});

describe('the cost limit', () => {
  it('Should throttle when the bucket is short, exactly as Shopify answers, and let it refill with the clock', async () => {
    let now = 1_000_000;
    const fake = await startFake({ clock: () => now, bucketSize: 30, restoreRatePerSecond: 10 });
    for (const left of [20, 10, 0]) expect((await gql(fake, SHOP_QUERY)).body.extensions!.cost.throttleStatus.currentlyAvailable).toBe(left);
    const throttled = await gql(fake, SHOP_QUERY);
    expect(throttled.status).toBe(200);
    expect(throttled.body).toEqual({
      errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
      extensions: { cost: { requestedQueryCost: 10, actualQueryCost: null, throttleStatus: { maximumAvailable: 30, currentlyAvailable: 0, restoreRate: 10 } } },
    });
    now += 500; // 5 points back: not enough for 10
    expect((await gql(fake, SHOP_QUERY)).body.errors[0].extensions.code).toBe('THROTTLED');
    expect(fake.bucket(SHOP)).toEqual({ maximumAvailable: 30, currentlyAvailable: 5, restoreRate: 10 });
    now += 500;
    expect((await gql(fake, SHOP_QUERY)).body.data.shop.name).toBe('Demo Mağaza');
    now += 60_000; // never above the bucket's size
    expect(fake.bucket(SHOP).currentlyAvailable).toBe(30);
    // Each shop has its own bucket.
    const otherToken = 'shpat_other';
    const other = await startFake({
      clock: () => now,
      bucketSize: 30,
      restoreRatePerSecond: 10,
      shops: [{ shop: SHOP }, { shop: OTHER_SHOP, accessToken: otherToken }],
    });
    expect((await gql(other, SHOP_QUERY, {}, { shop: OTHER_SHOP, token: otherToken })).body.extensions!.cost.throttleStatus.currentlyAvailable).toBe(20);
    expect(other.bucket(SHOP).currentlyAvailable).toBe(30);
  });

  it('Should charge per operation as configured', async () => {
    const fake = await startFake({ clock: () => 1_000, bucketSize: 100, costs: { query: 1, mutation: 10, operations: { WebhookSubscriptions: 52 } } });
    expect((await gql(fake, SHOP_QUERY)).body.extensions!.cost.requestedQueryCost).toBe(1);
    expect((await gql(fake, LIST, { first: 50 })).body.extensions!.cost.requestedQueryCost).toBe(52);
    expect((await gql(fake, UPDATE_NOTE, { input: { id: ORDER, note: 'n' } })).body.extensions!.cost).toMatchObject({
      requestedQueryCost: 10,
      throttleStatus: { currentlyAvailable: 37 },
    });
  });

  it('Should throttle the next n requests on throttleNext(n), however full the bucket, then answer again', async () => {
    const fake = await startFake();
    fake.throttleNext(2);
    for (let i = 0; i < 2; i += 1) {
      const answer = await gql(fake, READ_NOTE, { id: ORDER });
      expect(answer.body.errors[0].extensions.code).toBe('THROTTLED');
      expect(answer.body.extensions!.cost).toMatchObject({ actualQueryCost: null, throttleStatus: { currentlyAvailable: 2000 } });
    }
    expect((await gql(fake, READ_NOTE, { id: ORDER })).body.data.order.id).toBe(ORDER);
    expect(fake.notes.size).toBe(0);
  });

  it('Should fail the next n requests with the given 5xx on failNext(n, status)', async () => {
    const fake = await startFake();
    fake.failNext(2, 503);
    expect((await gql(fake, SHOP_QUERY)).status).toBe(503);
    expect((await gql(fake, SHOP_QUERY, {}, { token: null })).status).toBe(503); // before the token is looked at
    expect((await gql(fake, SHOP_QUERY)).status).toBe(200);
    fake.failNext(1);
    const failed = await gql(fake, SHOP_QUERY);
    expect(failed).toMatchObject({ status: 500, body: { errors: 'Internal Server Error' } });
    expect(() => fake.failNext(1, 429)).toThrow(TypeError);
    expect(() => fake.throttleNext(-1)).toThrow(TypeError);
  });
});
