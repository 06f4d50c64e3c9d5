// Deliveries as Shopify makes them, received by a real local server: the exact bytes (Turkish letters as
// multi-byte UTF-8, not \u escapes), the X-Shopify-* headers, and an HMAC checked against one computed by hand
// over hand-written bytes and against @shopify/shopify-api's own webhook validation.
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, shopifyApi } from '@shopify/shopify-api';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverShopifyWebhook, signShopifyWebhook } from './shopify-delivery.js';
import { shopifyOrder } from './shopify-samples.js';

const SECRET = 'esemes-client-secret';
const SHOP = 'demo-magaza.myshopify.com';
const shopify = shopifyApi({
  apiKey: 'esemes-client-id',
  apiSecretKey: SECRET,
  scopes: ['read_orders'],
  hostName: 'sms.example.test',
  apiVersion: ApiVersion.July26,
  isEmbeddedApp: false,
  logger: { log: async () => {} },
});

interface Received {
  bytes: Buffer;
  headers: IncomingHttpHeaders;
  validation: Awaited<ReturnType<typeof shopify.webhooks.validate>>;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The receiving app: keeps the raw bytes, validates them as @shopify/shopify-api does, answers 200 or 401. */
async function receiver(): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      void shopify.webhooks.validate({ rawBody: bytes.toString('utf8'), rawRequest: req, rawResponse: res }).then((validation) => {
        received.push({ bytes, headers: req.headers, validation });
        res.writeHead(validation.valid ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: validation.valid }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/shopify`, received };
}

describe('signShopifyWebhook', () => {
  it('Should sign the UTF-8 bytes: the same as an HMAC computed by hand over hand-written bytes', () => {
    // {"ad":"Şükrü Işıkoğlu"} written out byte by byte: Ş C5 9E, ü C3 BC, I 49, ş C5 9F, ı C4 B1, ğ C4 9F.
    const bytes = Buffer.from('7b226164223a22c59e c3bc 6b 72 c3bc 20 49 c59f c4b1 6b 6f c49f 6c 75 227d'.replace(/ /g, ''), 'hex');
    expect(bytes.toString('utf8')).toBe('{"ad":"Şükrü Işıkoğlu"}');
    const byHand = createHmac('sha256', SECRET).update(bytes).digest('base64');
    expect(signShopifyWebhook('{"ad":"Şükrü Işıkoğlu"}', SECRET)).toBe(byHand);
    expect(signShopifyWebhook(bytes, SECRET)).toBe(byHand);
    // The same text escaped (as PHP would write it) or read as Latin-1 is other bytes, and another signature.
    expect(signShopifyWebhook('{"ad":"\\u015e\\u00fckr\\u00fc I\\u015f\\u0131ko\\u011flu"}', SECRET)).not.toBe(byHand);
    expect(signShopifyWebhook(Buffer.from('{"ad":"Şükrü Işıkoğlu"}', 'latin1'), SECRET)).not.toBe(byHand);
  });
});

describe('deliverShopifyWebhook', () => {
  it("Should POST the payload's UTF-8 JSON bytes with Shopify's headers and an HMAC Shopify's library accepts", async () => {
    const app = await receiver();
    const payload = shopifyOrder();
    const result = await deliverShopifyWebhook(app.url, {
      topic: 'orders/create',
      shop: SHOP,
      payload,
      secret: SECRET,
      webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      eventId: '98880550-7158-44d4-b7cd-2c97c8a091b5',
      triggeredAt: new Date(Date.UTC(2026, 6, 14, 11, 30)),
    });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ ok: true });

    const [delivery] = app.received;
    const expected = Buffer.from(JSON.stringify(payload), 'utf8');
    expect(delivery!.bytes.equals(expected)).toBe(true);
    expect(delivery!.bytes.includes(Buffer.from('Şükrü', 'utf8'))).toBe(true);
    expect(delivery!.bytes.toString('latin1')).not.toMatch(/\\u[0-9a-f]{4}/);
    expect(delivery!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Shopify-Captain-Hook',
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': SHOP,
      'x-shopify-api-version': '2026-07',
      'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      'x-shopify-event-id': '98880550-7158-44d4-b7cd-2c97c8a091b5',
      'x-shopify-triggered-at': '2026-07-14T11:30:00.000Z',
      'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(expected).digest('base64'),
    });
    expect(delivery!.validation).toMatchObject({
      valid: true,
      topic: 'ORDERS_CREATE',
      domain: SHOP,
      apiVersion: '2026-07',
      webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    });
  });

  it('Should send rawBody exactly, fresh ids by default, and a missing, wrong or replaced header when asked', async () => {
    const app = await receiver();
    const rawBody = Buffer.from('{"id":1, "not":"re-serialized" }', 'utf8');
    const first = await deliverShopifyWebhook(app.url, { topic: 'shop/redact', shop: SHOP, rawBody, secret: SECRET });
    const second = await deliverShopifyWebhook(app.url, { topic: 'shop/redact', shop: SHOP, rawBody, secret: SECRET });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(app.received[0]!.bytes.equals(rawBody)).toBe(true);
    expect(app.received[0]!.headers['x-shopify-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(app.received[0]!.headers['x-shopify-webhook-id']).not.toBe(app.received[1]!.headers['x-shopify-webhook-id']);

    const unsigned = await deliverShopifyWebhook(app.url, { topic: 'shop/redact', shop: SHOP, rawBody, secret: SECRET, omitHmac: true });
    expect(unsigned.status).toBe(401);
    expect(app.received[2]!.headers['x-shopify-hmac-sha256']).toBeUndefined();
    const forged = await deliverShopifyWebhook(app.url, { topic: 'shop/redact', shop: SHOP, rawBody, secret: SECRET, badHmac: true });
    expect(forged.status).toBe(401);
    expect(app.received[3]!.validation).toMatchObject({ valid: false, reason: 'invalid_hmac' });
    const noTopic = await deliverShopifyWebhook(app.url, {
      topic: 'shop/redact',
      shop: SHOP,
      rawBody,
      secret: SECRET,
      headers: { 'X-Shopify-Topic': null, 'X-Extra': 'evet' },
    });
    expect(noTopic.status).toBe(401);
    expect(app.received[4]!.headers['x-extra']).toBe('evet');
    expect(app.received[4]!.validation).toMatchObject({ valid: false, missingHeaders: ['X-Shopify-Topic'] });
    expect(noTopic.sent['x-shopify-topic']).toBeUndefined();
  });

  it('Should want exactly one of payload and rawBody', async () => {
    await expect(deliverShopifyWebhook('http://127.0.0.1:9/', { topic: 't', shop: SHOP, secret: SECRET })).rejects.toThrow(TypeError);
    await expect(deliverShopifyWebhook('http://127.0.0.1:9/', { topic: 't', shop: SHOP, secret: SECRET, payload: {}, rawBody: '{}' })).rejects.toThrow(
      TypeError,
    );
  });
});
