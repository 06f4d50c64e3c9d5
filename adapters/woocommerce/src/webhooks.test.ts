import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWooCommerce, type FakeWooCommerce } from './testing/fake-woocommerce.js';
import { createWooRestClient, type WooRestClient } from './rest-client.js';
import { newWebhookSecret } from './stores.js';
import { registerWebhooks, unregisterWebhooks } from './webhooks.js';

const KEY = 'ck_test_key_0001';
const SECRET = 'cs_test_secret_0001';
const URL_NOW = 'https://sms.example.com/webhooks/woocommerce/default';
const URL_OLD = 'https://old-host.example.com/webhooks/woocommerce/default';

let woo: FakeWooCommerce;
let client: WooRestClient;
beforeEach(async () => {
  woo = await startFakeWooCommerce({ consumerKey: KEY, consumerSecret: SECRET });
  client = createWooRestClient({ url: woo.url, consumerKey: KEY, consumerSecret: SECRET });
});
afterEach(async () => {
  await woo.close();
});

const mutations = () => woo.requests.filter((r) => r.method !== 'GET');

describe('registerWebhooks', () => {
  it('creates one webhook per topic on an empty store', async () => {
    const secret = newWebhookSecret();
    const result = await registerWebhooks(client, { deliveryUrl: URL_NOW, secret });
    expect(result.created).toHaveLength(2);
    expect(result.updated).toEqual([]);
    expect(result.deleted).toEqual([]);
    const hooks = [...woo.webhooks.values()];
    expect(hooks.map((w) => w.topic).sort()).toEqual(['order.created', 'order.updated']);
    for (const hook of hooks) expect(hook).toMatchObject({ name: 'esemes SMS', status: 'active', delivery_url: URL_NOW, secret });
  });

  it('on a re-run updates the same two, with the new secret, and creates nothing', async () => {
    const first = await registerWebhooks(client, { deliveryUrl: URL_NOW, secret: 'firstSecret1' });
    const disabled = woo.webhooks.get(first.created[0] ?? -1);
    if (disabled) disabled.status = 'disabled'; // as WooCommerce does after failed deliveries
    const second = await registerWebhooks(client, { deliveryUrl: URL_NOW, secret: 'secondSecret2' });
    expect(second.created).toEqual([]);
    expect(second.deleted).toEqual([]);
    expect([...second.updated].sort()).toEqual([...first.created].sort());
    expect(woo.webhooks.size).toBe(2);
    for (const hook of woo.webhooks.values()) expect(hook).toMatchObject({ status: 'active', secret: 'secondSecret2' });
  });

  it('deletes a stale and a duplicate webhook of ours and leaves foreign ones alone', async () => {
    const stale = woo.addWebhook({ name: 'esemes SMS', topic: 'order.created', delivery_url: URL_OLD });
    const keep = woo.addWebhook({ name: 'esemes SMS', topic: 'order.updated', delivery_url: URL_NOW });
    const duplicate = woo.addWebhook({ name: 'renamed by the owner', topic: 'order.updated', delivery_url: URL_NOW });
    const wrongTopic = woo.addWebhook({ name: 'esemes SMS', topic: 'product.updated', delivery_url: URL_NOW });
    const foreign = woo.addWebhook({ name: 'Zapier', topic: 'order.created', delivery_url: 'https://hooks.zapier.com/x' });

    const result = await registerWebhooks(client, { deliveryUrl: URL_NOW, secret: 'abc' });
    expect(result.updated).toEqual([keep.id]);
    expect(result.created).toHaveLength(1);
    expect([...result.deleted].sort((a, b) => a - b)).toEqual([stale.id, duplicate.id, wrongTopic.id]);
    expect([...woo.webhooks.keys()].sort((a, b) => a - b)).toEqual([keep.id, foreign.id, ...result.created]);
    expect(woo.webhooks.get(foreign.id)).toMatchObject({ name: 'Zapier', secret: 'seeded', status: 'active' });
    expect(mutations().some((r) => r.path.endsWith(`/webhooks/${foreign.id}`))).toBe(false);
  });

  it('finds ours among 150 foreign webhooks across pages', async () => {
    for (let i = 0; i < 150; i++) woo.addWebhook({ name: `other ${i}`, topic: 'order.created', delivery_url: `https://other.example.com/${i}` });
    const ours = woo.addWebhook({ name: 'esemes SMS', topic: 'order.created', delivery_url: URL_NOW });
    // Oldest, so it is on the last page (newest first).
    const stale = woo.addWebhook({ name: 'esemes SMS', topic: 'order.updated', delivery_url: URL_OLD });
    woo.webhooks.delete(stale.id);
    woo.webhooks.set(0, { ...stale, id: 0 });

    const result = await registerWebhooks(client, { deliveryUrl: URL_NOW, secret: 'abc' });
    expect(result.updated).toEqual([ours.id]);
    expect(result.created).toHaveLength(1);
    expect(result.deleted).toEqual([0]);
    expect(woo.webhooks.size).toBe(152);
    expect(woo.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/webhooks'))).toHaveLength(2);
  });

  it('a custom name and topics', async () => {
    const result = await registerWebhooks(client, {
      deliveryUrl: URL_NOW,
      secret: 'abc',
      name: 'shop sms',
      topics: ['order.created', 'order.created', 'order.deleted'],
    });
    expect(result.created).toHaveLength(2);
    expect([...woo.webhooks.values()].map((w) => [w.name, w.topic])).toEqual([
      ['shop sms', 'order.created'],
      ['shop sms', 'order.deleted'],
    ]);
  });
});

describe('unregisterWebhooks', () => {
  it('deletes ours only', async () => {
    await registerWebhooks(client, { deliveryUrl: URL_NOW, secret: 'abc' });
    const stale = woo.addWebhook({ name: 'esemes SMS', topic: 'order.created', delivery_url: URL_OLD });
    const foreign = woo.addWebhook({ name: 'Zapier', topic: 'order.created', delivery_url: 'https://hooks.zapier.com/x' });
    const deleted = await unregisterWebhooks(client, { deliveryUrl: URL_NOW });
    expect(deleted).toHaveLength(3);
    expect(deleted).toContain(stale.id);
    expect([...woo.webhooks.keys()]).toEqual([foreign.id]);
  });
});

describe('newWebhookSecret', () => {
  it('is 40 alphanumeric characters and different each time', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(newWebhookSecret()).not.toBe(a);
    expect(newWebhookSecret(64)).toHaveLength(64);
  });
});
