import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EsemesServer } from '../server.js';
import { call, orderEvent, testServer } from '../test-server.js';

let server: EsemesServer;
const ids: Record<string, string> = {};

beforeEach(async () => {
  // A clock that moves on each reading, so the three messages have distinct creation times.
  let now = Date.parse('2026-03-02T10:00:00Z');
  server = await testServer({}, { clock: () => (now += 1000) });
  const events = [orderEvent('3001', '+90 532 999 88 77'), orderEvent('3002', '0530 111 22 33'), orderEvent('3003', '5329998877', 'other')];
  for (const event of events) {
    const response = await call(server, 'POST', '/api/v1/events', { body: event });
    ids[(event['order'] as { id: string }).id] = response.json().messageIds[0];
  }
});
afterEach(async () => {
  await server.close();
});

type View = { id: string; recipient: string; orderId: string; status: string; storeId: string; createdAt: string };
const list = async (query = ''): Promise<{ messages: View[]; next: string | null }> => {
  const response = await call(server, 'GET', `/api/v1/messages${query}`);
  expect(response.statusCode).toBe(200);
  return response.json();
};

describe('GET /api/v1/messages', () => {
  it('Should list messages newest first with the recipient masked to its last 4 digits', async () => {
    const { messages, next } = await list();
    expect(messages.map((message) => message.orderId)).toEqual(['3003', '3002', '3001']);
    expect(messages.map((message) => message.recipient)).toEqual(['******8877', '******2233', '******8877']);
    expect(next).toBeNull();
    expect(messages[0]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.stringify(messages)).not.toMatch(/5329998877|5301112233/);
  });

  it('Should show full numbers only with unmask=true', async () => {
    const { messages } = await list('?unmask=true');
    expect(messages.map((message) => message.recipient)).toEqual(['5329998877', '5301112233', '5329998877']);
  });

  it('Should filter by phone written in any format', async () => {
    for (const phone of ['0532 999 88 77', '+905329998877', '(532) 999-88-77']) {
      const { messages } = await list(`?phone=${encodeURIComponent(phone)}`);
      expect(messages.map((message) => message.orderId).sort()).toEqual(['3001', '3003']);
    }
    const { messages } = await list('?phone=05301112233');
    expect(messages.map((message) => message.orderId)).toEqual(['3002']);
  });

  it('Should filter by store, order and status', async () => {
    expect((await list('?storeId=other')).messages.map((message) => message.orderId)).toEqual(['3003']);
    expect((await list('?storeId=demo&orderId=3002')).messages.map((message) => message.id)).toEqual([ids['3002']]);
    expect((await list('?status=sent')).messages).toEqual([]);
    await server.notifier.runOnce();
    expect((await list('?status=sent')).messages).toHaveLength(3);
    expect((await list('?status=queued')).messages).toEqual([]);
  });

  it('Should find messages by the order number the customer sees, exactly', async () => {
    // The same number in another store: orderEvent uses the order id as its number.
    await call(server, 'POST', '/api/v1/events', { body: orderEvent('3002', '0530 111 22 33', 'other') });
    const { messages } = await list('?orderNumber=3002');
    expect(messages.map((message) => [message.storeId, (message as View & { orderNumber: string }).orderNumber])).toEqual([
      ['other', '3002'],
      ['demo', '3002'],
    ]);
    expect((await list('?orderNumber=%203002%20&storeId=demo')).messages.map((message) => message.id)).toEqual([ids['3002']]);
    expect((await list('?orderNumber=300')).messages).toEqual([]);
    const bad = await call(server, 'GET', `/api/v1/messages?orderNumber=${'9'.repeat(51)}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_query', issues: [{ path: 'orderNumber', message: 'at most 50 characters' }] });
    expect((await call(server, 'GET', '/api/v1/messages?orderNumber=1&orderNumber=2')).json().error.issues).toEqual([
      { path: 'orderNumber', message: 'give it once' },
    ]);
  });

  it('Should page with limit and before', async () => {
    const first = await list('?limit=2');
    expect(first.messages.map((message) => message.orderId)).toEqual(['3003', '3002']);
    expect(first.next).toBe(first.messages[1]!.id);
    const second = await list(`?limit=2&before=${first.next}`);
    expect(second.messages.map((message) => message.orderId)).toEqual(['3001']);
    expect(second.next).toBeNull();
  });

  it('Should answer 400 invalid_query naming every bad parameter', async () => {
    const response = await call(server, 'GET', '/api/v1/messages?status=lost&limit=0&phone=0212%20555%2011%2022&unmask=yes');
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('invalid_query');
    expect(error.issues.map((issue: { path: string }) => issue.path)).toEqual(['status', 'phone', 'limit', 'unmask']);
  });

  it('Should require the bearer token', async () => {
    const response = await call(server, 'GET', '/api/v1/messages', { token: null });
    expect(response.statusCode).toBe(401);
  });
});

describe('GET /api/v1/messages/:id', () => {
  it('Should show one message, masked', async () => {
    const response = await call(server, 'GET', `/api/v1/messages/${ids['3001']}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: ids['3001'],
      orderId: '3001',
      storeId: 'demo',
      recipient: '******8877',
      status: 'queued',
      eventType: 'order.created',
      messageClass: 'transactional',
    });
    const unmasked = await call(server, 'GET', `/api/v1/messages/${ids['3001']}?unmask=true`);
    expect(unmasked.json().recipient).toBe('5329998877');
  });

  it('Should answer 404 JSON for an unknown id', async () => {
    const response = await call(server, 'GET', '/api/v1/messages/no-such-id');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: expect.stringContaining('no-such-id') } });
  });
});
