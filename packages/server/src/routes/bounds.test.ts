// Bounded cost through the API: a message longer than the store's maxParts is refused before anything is
// stored; event fields have limits; a runaway template answers with a clear error while the server keeps
// answering; the preview says what the fitting and the transliteration did.
import { afterEach, describe, expect, it } from 'vitest';
import type { EsemesServer } from '../server.js';
import { allMessages, call, README_EVENT, testServer } from '../test-server.js';

let server: EsemesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the cap on every message (maxParts)', () => {
  it('Should answer 422 message_too_long naming the cap and the rendered length, storing nothing', async () => {
    server = await testServer();
    const long = {
      ...README_EVENT,
      type: 'order.status_changed',
      idempotencyKey: 'demo:1001:status:processing',
      status: { canonical: 'processing', raw: 'processing' },
      order: { ...README_EVENT.order, statusUrl: `https://demo.example/siparis/${'x'.repeat(400)}` },
    };
    const refused = await call(server, 'POST', '/api/v1/events', { body: long });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toEqual({
      error: {
        code: 'message_too_long',
        message: expect.stringMatching(
          /^the order\.status_changed message would be 4 SMS parts \(\d+ characters, gsm7-turkish\); this store allows at most 2 \(maxParts\)$/,
        ),
        maxParts: 2,
        parts: 4,
        characters: expect.any(Number),
        encoding: 'gsm7-turkish',
      },
    });
    expect(await allMessages(server)).toEqual([]);
  });

  it('Should refuse a 400,000-digit total as a field out of bounds (it once became an SMS of 2,686 parts)', async () => {
    server = await testServer();
    const response = await call(server, 'POST', '/api/v1/events', { body: { ...README_EVENT, order: { ...README_EVENT.order, total: '9'.repeat(400_000) } } });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ error: { code: 'invalid_event', issues: [{ path: 'order.total', message: expect.stringMatching(/15 digits/) }] } });
    expect(await allMessages(server)).toEqual([]);
  });
});

describe('bounded rendering', () => {
  const items = Array.from({ length: 500 }, (_, i) => ({ name: `Ürün ${i}`, quantity: 1 }));

  it('Should answer a preview of nested loops over 500 items with a clear 422, and keep answering /healthz', async () => {
    server = await testServer();
    const body = '{{#each order.items}}{{#each ../order.items}}{{#each ../../order.items}}{{name}}{{/each}}{{/each}}{{/each}}';
    const [preview, health] = await Promise.all([
      call(server, 'POST', '/api/v1/templates/preview', {
        body: { eventType: 'order.created', language: 'tr', body, event: { ...README_EVENT, order: { ...README_EVENT.order, items } } },
      }),
      call(server, 'GET', '/healthz', { token: null }),
    ]);
    expect(preview.statusCode).toBe(422);
    expect(preview.json()).toMatchObject({
      error: { code: 'template_output_too_long', message: expect.stringMatching(/loops ran more than 1000 times|passed 720 characters/) },
    });
    expect(health.statusCode).toBe(200);
    // Saving it works (it is valid Handlebars), but no message ever renders it: the default applies instead.
    expect((await call(server, 'PUT', '/api/v1/templates/order.created/tr', { body: { storeId: 'demo', body } })).statusCode).toBe(200);
    const accepted = await call(server, 'POST', '/api/v1/events', { body: { ...README_EVENT, order: { ...README_EVENT.order, items } } });
    expect(accepted.statusCode).toBe(202);
    expect((await allMessages(server))[0]?.text).toMatch(/^Demo Mağaza: Merhaba Ayşe, 1001 numaralı siparişinizi aldık/);
  });
});

describe('the preview says what fitting and transliteration did', () => {
  it('Should report the folded characters, the saving, and a name shortened to fit', async () => {
    server = await testServer();
    const kazim = await call(server, 'POST', '/api/v1/templates/preview', {
      body: { eventType: 'order.created', language: 'tr', event: { ...README_EVENT, customer: { firstName: 'Kâzım', phones: [] } } },
    });
    expect(kazim.json()).toMatchObject({
      text: 'Demo Mağaza: Merhaba Kazım, 1001 numaralı siparişinizi aldık. Tutar: 249,90 TL. Kargoya verince haber vereceğiz.',
      credits: 1,
      maxParts: 2,
      withinMaxParts: true,
      folded: [{ from: 'â', to: 'a' }],
      partsUnfolded: 2,
      notes: [],
    });
    const longName = await call(server, 'POST', '/api/v1/templates/preview', {
      body: {
        eventType: 'order.created',
        language: 'tr',
        event: { ...README_EVENT, customer: { firstName: `Ayşegül ${'Nur '.repeat(20)}`.trim(), phones: [] } },
      },
    });
    expect(longName.json()).toMatchObject({ credits: 1, notes: ['shortened the first name to fit 1 SMS part'] });
  });
});
