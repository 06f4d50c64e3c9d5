import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EsemesServer } from '../server.js';
import { call, README_EVENT, testServer } from '../test-server.js';

let server: EsemesServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(async () => {
  await server.close();
});

const OVERRIDE = 'Merhaba {{customer.firstName}}, {{order.number}} numaralı siparişiniz alındı. {{store.name}}';

describe('templates', () => {
  it('Should list the defaults of every event type in Turkish and English', async () => {
    const response = await call(server, 'GET', '/api/v1/templates');
    expect(response.statusCode).toBe(200);
    const { templates } = response.json() as { templates: Array<{ eventType: string; language: string; source: string }> };
    expect(templates.length).toBe(22);
    expect(templates.every((template) => template.source === 'default')).toBe(true);
    expect(templates).toContainEqual(expect.objectContaining({ eventType: 'order.created', language: 'tr' }));
  });

  it('Should get one template', async () => {
    const response = await call(server, 'GET', '/api/v1/templates/order.created/en');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      eventType: 'order.created',
      language: 'en',
      source: 'default',
      messageClass: 'transactional',
      body: expect.any(String),
    });
  });

  it('Should answer 404 for an unknown event type or language', async () => {
    const type = await call(server, 'GET', '/api/v1/templates/order.teleported/tr');
    expect(type.statusCode).toBe(404);
    expect(type.json().error.code).toBe('unknown_template');
    const language = await call(server, 'GET', '/api/v1/templates/order.created/de');
    expect(language.statusCode).toBe(404);
  });

  it('Should store a store override, show it for that store only, and use it for new events', async () => {
    const put = await call(server, 'PUT', '/api/v1/templates/order.created/tr', { body: { storeId: 'demo', body: OVERRIDE } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ source: 'override', body: OVERRIDE });
    expect((await call(server, 'GET', '/api/v1/templates/order.created/tr?storeId=demo')).json().source).toBe('override');
    expect((await call(server, 'GET', '/api/v1/templates/order.created/tr?storeId=elsewhere')).json().source).toBe('default');
    const listed = (await call(server, 'GET', '/api/v1/templates?storeId=demo')).json().templates as Array<{
      eventType: string;
      language: string;
      source: string;
    }>;
    expect(listed.find((template) => template.eventType === 'order.created' && template.language === 'tr')?.source).toBe('override');

    await call(server, 'POST', '/api/v1/events', { body: README_EVENT });
    const [message] = await server.notifier.listMessages({});
    expect(message!.text).toBe('Merhaba Ayşe, 1001 numaralı siparişiniz alındı. Demo Mağaza');
  });

  it('Should refuse a template with an unknown variable with 422 naming it, and store nothing', async () => {
    const response = await call(server, 'PUT', '/api/v1/templates/order.created/tr', { body: { storeId: 'demo', body: 'Merhaba {{customer.fristName}}' } });
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error).toMatchObject({ code: 'template_variable', variable: 'customer.fristName' });
    expect(error.message).toContain('customer.fristName');
    expect((await call(server, 'GET', '/api/v1/templates/order.created/tr?storeId=demo')).json().source).toBe('default');
  });

  it('Should refuse a template that does not parse with 422 template_syntax', async () => {
    const response = await call(server, 'PUT', '/api/v1/templates/order.created/tr', { body: { storeId: 'demo', body: 'Merhaba {{customer.firstName' } });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('template_syntax');
  });

  it('Should answer 400 when storeId or body is missing', async () => {
    const noStore = await call(server, 'PUT', '/api/v1/templates/order.created/tr', { body: { body: OVERRIDE } });
    expect(noStore.statusCode).toBe(400);
    expect(noStore.json().error.message).toContain('storeId');
    const noBody = await call(server, 'PUT', '/api/v1/templates/order.created/tr', { body: { storeId: 'demo' } });
    expect(noBody.statusCode).toBe(400);
    const noQuery = await call(server, 'DELETE', '/api/v1/templates/order.created/tr');
    expect(noQuery.statusCode).toBe(400);
  });

  it('Should refuse a store id longer than an event’s store.id (200) or blank with 400, and store nothing', async () => {
    const put = (storeId: unknown) => call(server, 'PUT', '/api/v1/templates/order.created/tr', { body: { storeId, body: OVERRIDE } });
    for (const storeId of ['s'.repeat(201), '   ']) {
      const response = await put(storeId);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: { code: 'invalid_request', message: `storeId must be 1–200 characters after trimming, as an event's store.id (got ${storeId.trim().length})` },
      });
    }
    expect((await put(42)).json().error).toMatchObject({ code: 'invalid_request', message: 'storeId must be a string' });
    for (const storeId of ['s'.repeat(201), '   ', ''])
      expect((await server.notifier.templates.list(storeId)).every((template) => template.source === 'default')).toBe(true);
    const listed = await call(server, 'GET', `/api/v1/templates?storeId=${'s'.repeat(201)}`);
    expect(listed.statusCode).toBe(400);
    expect((await call(server, 'GET', `/api/v1/templates/order.created/tr?storeId=${'s'.repeat(201)}`)).statusCode).toBe(400);
    expect((await call(server, 'DELETE', `/api/v1/templates/order.created/tr?storeId=${'s'.repeat(201)}`)).statusCode).toBe(400);
  });

  it('Should store an override under a store id of 200 characters, trimmed as events trim it', async () => {
    const storeId = 's'.repeat(200);
    const put = await call(server, 'PUT', '/api/v1/templates/order.created/tr', { body: { storeId: ` ${storeId} `, body: OVERRIDE } });
    expect(put.statusCode).toBe(200);
    expect((await call(server, 'GET', `/api/v1/templates/order.created/tr?storeId=${storeId}`)).json().source).toBe('override');
    await call(server, 'POST', '/api/v1/events', { body: { ...README_EVENT, store: { ...README_EVENT.store, id: storeId } } });
    const [message] = await server.notifier.listMessages({});
    expect(message!.text).toBe('Merhaba Ayşe, 1001 numaralı siparişiniz alındı. Demo Mağaza');
  });

  it('Should delete an override, after which the default applies again', async () => {
    await call(server, 'PUT', '/api/v1/templates/order.created/tr', { body: { storeId: 'demo', body: OVERRIDE } });
    const deleted = await call(server, 'DELETE', '/api/v1/templates/order.created/tr?storeId=demo');
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({ deleted: true });
    expect((await call(server, 'DELETE', '/api/v1/templates/order.created/tr?storeId=demo')).json()).toEqual({ deleted: false });
    expect((await call(server, 'GET', '/api/v1/templates/order.created/tr?storeId=demo')).json().source).toBe('default');
  });

  it('Should preview a default with sample data, a draft body, and a given event', async () => {
    const sample = await call(server, 'POST', '/api/v1/templates/preview', { body: { eventType: 'order.created', language: 'tr' } });
    expect(sample.statusCode).toBe(200);
    const preview = sample.json();
    expect(preview).toMatchObject({ text: expect.any(String), credits: 1, segments: expect.objectContaining({ parts: 1 }) });

    const draft = await call(server, 'POST', '/api/v1/templates/preview', {
      body: { eventType: 'order.created', language: 'tr', body: OVERRIDE, event: README_EVENT },
    });
    expect(draft.json().text).toBe('Merhaba Ayşe, 1001 numaralı siparişiniz alındı. Demo Mağaza');
  });

  it('Should answer 422 for a preview draft with an unknown variable or an invalid event', async () => {
    const variable = await call(server, 'POST', '/api/v1/templates/preview', { body: { eventType: 'order.created', language: 'tr', body: '{{nope}}' } });
    expect(variable.statusCode).toBe(422);
    expect(variable.json().error.code).toBe('template_variable');
    const event = await call(server, 'POST', '/api/v1/templates/preview', {
      body: { eventType: 'order.created', language: 'tr', event: { type: 'order.created' } },
    });
    expect(event.statusCode).toBe(422);
    expect(event.json().error.code).toBe('invalid_event');
    const mismatch = await call(server, 'POST', '/api/v1/templates/preview', { body: { eventType: 'order.paid', event: README_EVENT } });
    expect(mismatch.statusCode).toBe(422);
  });

  it('Should require the bearer token', async () => {
    expect((await call(server, 'GET', '/api/v1/templates', { token: null })).statusCode).toBe(401);
    expect((await call(server, 'PUT', '/api/v1/templates/order.created/tr', { token: null, body: { storeId: 'demo', body: OVERRIDE } })).statusCode).toBe(401);
  });
});
