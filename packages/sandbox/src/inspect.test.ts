// Inspection over HTTP and in-process, the request log without passwords, reset, independence of
// two sandboxes, and close() with keep-alive connections open.
import { describe, expect, it } from 'vitest';
import type { InboxMessage } from './number-state.js';
import type { SendView } from './sandbox-controls.js';
import { startSandbox } from './sandbox.js';
import type { AccountView, RequestLogEntry } from './store.js';
import { balanceXml, bulkXml, fakeClock, inspect, post, reportIdOf, reportXml, sandbox } from './test-helpers.js';

const T0 = Date.UTC(2024, 0, 15, 9, 0, 0);

describe('inspection over HTTP', () => {
  it('Should serve inbox, sends, requests, accounts and health as JSON', async () => {
    const clock = fakeClock(T0);
    const s = await sandbox({ now: clock.now, deliveryDelayMs: 1000, outcomeWeights: { delivered: 1, notDelivered: 0, expired: 0 } });
    const id = reportIdOf(await post(s, 'xml_api.php', bulkXml(['5321112233', 'x'], { text: 'Kargonuz yolda' })));
    clock.advance(1000);

    const inbox = await inspect<InboxMessage[]>(s, '/_sandbox/inbox/5321112233');
    expect(inbox.body).toEqual([
      {
        reportId: id,
        sender: 'DEMO',
        text: 'Kargonuz yolda',
        parts: 1,
        status: 'DELIVERED',
        acceptedAt: '2024-01-15T09:00:00.000Z',
        sentAt: '2024-01-15T09:00:00.000Z',
        finishedAt: '2024-01-15T09:00:01.000Z',
        errorCode: 0,
      },
    ]);
    expect((await inspect(s, '/_sandbox/inbox/0532%20111%2022%2033')).body).toEqual(inbox.body); // written the local way
    expect((await inspect(s, '/_sandbox/inbox/5329999999')).body).toEqual([]);

    const sends = await inspect<SendView[]>(s, '/_sandbox/sends');
    expect(sends.body).toEqual([
      {
        reportId: id,
        user: 'demo',
        path: '/api-v3/xml_api.php',
        sender: 'DEMO',
        personalized: false,
        count: 1,
        credits: 1,
        creditKind: 'alphanumeric',
        acceptedAt: '2024-01-15T09:00:00.000Z',
        scheduledFor: null,
        sentAt: '2024-01-15T09:00:00.000Z',
        text: 'Kargonuz yolda',
        blacklisted: [],
        skipped: ['x'],
      },
    ]);

    const requests = await inspect<RequestLogEntry[]>(s, '/_sandbox/requests');
    expect(requests.body).toEqual([
      { at: '2024-01-15T09:00:00.000Z', path: '/api-v3/xml_api.php', user: 'demo', status: 200, outcome: 'OK', reply: `OK|${id}`, reportId: id },
    ]);

    const account = await inspect<AccountView>(s, '/_sandbox/accounts/demo');
    expect(account.body).toEqual({ user: 'demo', numericCredits: 1000, alphanumericCredits: 99_999, senders: ['DEMO', 'ESEMES', 'MAGAZA'] });
    expect((await inspect(s, '/_sandbox/accounts/nobody')).status).toBe(404);
    expect((await inspect(s, '/_sandbox/health')).body).toEqual({ ok: true, sends: 1, users: ['demo'] });
  });

  it('Should reset everything over HTTP: sends, log, credits, ids and faults', async () => {
    const s = await sandbox();
    reportIdOf(await post(s, 'xml_api.php', bulkXml(['5321112233'])));
    s.faults.inject({ kind: 'err', times: 5 });
    expect((await inspect(s, '/_sandbox/reset', { method: 'POST' })).body).toEqual({ reset: true });
    expect(s.sends()).toEqual([]);
    expect(s.requests()).toEqual([]);
    expect(s.faults.pending()).toEqual([]);
    expect(s.account('demo')?.alphanumericCredits).toBe(100_000);
    expect((await post(s, 'xml_api.php', bulkXml(['5321112233']))).text).toBe('OK|100000001');
  });

  it('Should greet a browser at / with plain text', async () => {
    const s = await sandbox();
    const response = await fetch(s.origin + '/');
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await response.text();
    expect(text).toMatch(/^esemes sandbox/);
    expect(text).toContain('/api-v3/xml_api.php');
  });
});

describe('passwords', () => {
  it('Should never store or show a password, right or wrong', async () => {
    const right = 'Gizli-Şifre-91!';
    const wrong = 'Yanlis-Parola-77?';
    const accounts = [{ user: 'shop', password: right, numericCredits: 0, alphanumericCredits: 10, senders: ['MAGAZA'] }];
    const s = await sandbox({ accounts });
    const id = reportIdOf(await post(s, 'xml_api.php', bulkXml(['5321112233'], { user: 'shop', password: right, sender: 'MAGAZA' })));
    await post(s, 'xml_api.php', bulkXml(['5321112233'], { user: 'shop', password: wrong, sender: 'MAGAZA' }));
    await post(s, 'xml_rapor.php', reportXml(id, 'shop', right));
    await post(s, 'xml_bakiye.php', balanceXml('shop', wrong).replace('</RAPOR>', '')); // malformed, password inside
    s.faults.inject({ kind: 'drop-after-accept' });
    await post(s, 'xml_api.php', bulkXml(['5321112233'], { user: 'shop', password: right, sender: 'MAGAZA' })).catch(() => undefined);

    const everything = [
      JSON.stringify(s.requests()),
      JSON.stringify(s.sends()),
      JSON.stringify(s.account('shop')),
      JSON.stringify(s.inbox('5321112233')),
      ...(await Promise.all(
        ['/_sandbox/requests', '/_sandbox/sends', '/_sandbox/accounts/shop', '/_sandbox/health', '/'].map(async (p) => (await fetch(s.origin + p)).text()),
      )),
    ].join('\n');
    expect(s.requests()).toHaveLength(5);
    expect(everything).not.toContain(right);
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain('<sifre>');
  });
});

describe('independence and closing', () => {
  it('Should keep two sandboxes in one process apart', async () => {
    const a = await sandbox({ seed: 1 });
    const b = await sandbox({ seed: 1 });
    expect(a.port).not.toBe(b.port);
    a.faults.inject({ kind: 'err', times: 10 });
    expect((await post(b, 'xml_api.php', bulkXml(['5321112233']))).text).toBe('OK|100000001');
    expect((await post(a, 'xml_api.php', bulkXml(['5321112233']))).text).toMatch(/^ERR\|/);
    a.faults.clear();
    expect((await post(a, 'xml_api.php', bulkXml(['5321112233', '5321112234']))).text).toBe('OK|100000001');
    expect([a.sends().length, b.sends().length]).toEqual([1, 1]);
    expect([a.account('demo')?.alphanumericCredits, b.account('demo')?.alphanumericCredits]).toEqual([99_998, 99_999]);
    expect(b.requests()).toHaveLength(1);
  });

  it('Should close with keep-alive connections open and stop listening', async () => {
    const s = await startSandbox();
    for (let i = 0; i < 3; i++) await (await fetch(s.url + 'xml_bakiye.php', { method: 'POST', body: balanceXml(), keepalive: true })).text();
    const started = Date.now();
    await s.close();
    // Far below Node's keep-alive timeout (72 s in Fastify 5): close does not wait for idle connections.
    expect(Date.now() - started).toBeLessThan(30_000);
    await expect(fetch(s.url + 'xml_bakiye.php', { method: 'POST', body: balanceXml() })).rejects.toThrow();
  });

  it('Should give the base URL, origin and port of a listening sandbox', async () => {
    const s = await sandbox();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/api-v3/`);
    expect(s.origin).toBe(`http://127.0.0.1:${s.port}`);
    expect(s.port).toBeGreaterThan(0);
  });
});

describe('credits top-up', () => {
  it('sets credits in-process and over HTTP, refusing bad values', async () => {
    const { startSandbox } = await import('./sandbox.js');
    const sandbox = await startSandbox({ port: 0 });
    try {
      expect(sandbox.setCredits('demo', { alphanumeric: 5 })).toMatchObject({ alphanumericCredits: 5, numericCredits: 1000 });
      const res = await fetch(`${sandbox.origin}/_sandbox/accounts/demo/credits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ numeric: 7 }),
      });
      expect(await res.json()).toMatchObject({ alphanumericCredits: 5, numericCredits: 7 });
      const bad = await fetch(`${sandbox.origin}/_sandbox/accounts/demo/credits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ numeric: -1 }),
      });
      expect(bad.status).toBe(400);
      const none = await fetch(`${sandbox.origin}/_sandbox/accounts/nobody/credits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(none.status).toBe(404);
    } finally {
      await sandbox.close();
    }
  });
});

describe('registerSender', () => {
  it('adds a title the account may then send with, refusing a bad title and an unknown user', async () => {
    const { startSandbox } = await import('./sandbox.js');
    const sandbox = await startSandbox({ port: 0 });
    try {
      expect(sandbox.account('demo')?.senders).not.toContain('MAGAZAM');
      expect(sandbox.registerSender('demo', 'MAGAZAM')?.senders).toContain('MAGAZAM');
      expect(sandbox.registerSender('nobody', 'MAGAZAM')).toBeUndefined();
      expect(() => sandbox.registerSender('demo', 'ÇOK UZUN BAŞLIK')).toThrow(RangeError);
      sandbox.reset();
      expect(sandbox.account('demo')?.senders).not.toContain('MAGAZAM');
    } finally {
      await sandbox.close();
    }
  });
});
