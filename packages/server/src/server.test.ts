import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOutboxStore, type Notifier } from '@esemes/notify';
import { describe, expect, it } from 'vitest';
import type { ServerAdapter } from './adapters.js';
import { createServer } from './server.js';
import { call, LogCapture, README_EVENT, TOKEN, testConfig, testServer } from './test-server.js';

const post = (url: string, body: unknown) =>
  fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('createServer + start', () => {
  it('Should listen on 127.0.0.1, accept events over HTTP, and send them to the in-process sandbox', async () => {
    const server = await testServer({}, { dispatch: { intervalMs: 20 } });
    try {
      const { url } = await server.start();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true, mode: 'sandbox' });
      const response = await post(url, README_EVENT);
      expect(response.status).toBe(202);
      const inbox = await until(
        async () => server.sandbox!.inbox('5329998877'),
        (messages) => messages.length > 0,
      );
      expect(inbox).toEqual([expect.objectContaining({ sender: 'DEMO', text: expect.stringContaining('Ayşe') })]);
    } finally {
      await server.close();
    }
  });

  it('Should register with the sandbox a sender title saved while running, and deliver with it', async () => {
    const server = await testServer({}, { dispatch: { intervalMs: 20 }, sandbox: { deliveryDelayMs: 0 } });
    try {
      const { url } = await server.start();
      await server.notifier.storeSettings.put('demo', { sender: 'YENIBASLIK' });
      expect((await post(url, README_EVENT)).status).toBe(202);
      const inbox = await until(
        async () => server.sandbox!.inbox('5329998877'),
        (messages) => messages.length > 0,
        60_000,
      );
      expect(inbox).toEqual([expect.objectContaining({ sender: 'YENIBASLIK' })]);
      expect(server.sandbox!.account('demo')?.senders).toContain('YENIBASLIK');
      expect(await server.notifier.pause()).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('Should register ESEMES_SENDER and the stores’ senders at the sandbox', async () => {
    const server = await testServer({ ESEMES_SENDER: 'KENDIM' });
    try {
      expect(server.sandbox!.account('demo')?.senders).toEqual(['DEMO', 'ESEMES', 'MAGAZA', 'KENDIM']);
    } finally {
      await server.close();
    }
  });
});

describe('close', () => {
  it('Should finish requests in flight, then refuse connections and close the sandbox', async () => {
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const slow: ServerAdapter = {
      name: 'slow',
      plugin: async (app) => {
        app.get('/wait', async () => {
          entered();
          await gate;
          return { done: true };
        });
      },
    };
    const server = await testServer({}, { adapters: [slow] });
    const { url } = await server.start();
    const sandboxUrl = server.sandbox!.url;
    const inFlight = fetch(`${url}/adapters/slow/wait`);
    await inside;
    const closing = server.close();
    expect(server.close()).toBe(closing);
    setTimeout(release, 100);
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await closing;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    await expect(fetch(`${sandboxUrl}xml_bakiye.php`, { method: 'POST', body: '<RAPOR/>' })).rejects.toThrow();
  });

  it('Should answer /healthz 503 during SHUTDOWN_DELAY_MS, before closing the listener', async () => {
    const server = await testServer({ SHUTDOWN_DELAY_MS: '300' });
    const { url } = await server.start();
    const closing = server.close();
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false, mode: 'sandbox', closing: true });
    await closing;
  });

  it('Should let a send in flight finish before closing the store, which keeps every message', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'esemes-server-')), 'outbox.db');
    const server = await testServer({ DATABASE_URL: `sqlite:${file}` }, { dispatch: { intervalMs: 10 } });
    server.sandbox!.faults.setLatency(300);
    const { url } = await server.start();
    const { messageIds } = (await (await post(url, README_EVENT)).json()) as { messageIds: string[] };
    const sending = await until(
      () => server.notifier.getMessage(messageIds[0]!),
      (message) => message?.status === 'sending',
    );
    expect(sending?.status).toBe('sending');
    await server.close();
    await expect(server.notifier.listMessages({})).rejects.toThrow();

    const reopened = await openOutboxStore(`sqlite:${file}`);
    try {
      expect(['sent', 'delivered']).toContain((await reopened.getMessage(messageIds[0]!))?.status);
    } finally {
      await reopened.close();
    }
  });

  it('Should refuse to start again once closed', async () => {
    const server = await testServer();
    await server.close();
    await expect(server.start()).rejects.toThrow(/closed/);
  });
});

describe('sandbox mode across a restart', () => {
  it('Should keep the sandbox state beside a file database, so the inbox survives and a message sent before the restart reaches delivered', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'esemes-server-'));
    const env = { DATABASE_URL: `sqlite:${join(folder, 'outbox.db')}` };
    let now = Date.now();
    const deps = { clock: () => now, sandbox: { now: () => now, deliveryDelayMs: 0, outcomeWeights: { delivered: 1, notDelivered: 0, expired: 0 } } };

    const first = await testServer(env, deps);
    let id: string;
    let inbox: unknown;
    try {
      const accepted = await call(first, 'POST', '/api/v1/events', { body: README_EVENT });
      expect(accepted.statusCode).toBe(202);
      id = (accepted.json() as { messageIds: string[] }).messageIds[0]!;
      await first.notifier.runOnce(); // sends; the first report poll is due 5 s later
      expect((await first.notifier.getMessage(id))?.status).toBe('sent');
      inbox = first.sandbox!.inbox('5329998877');
      expect(inbox).toEqual([expect.objectContaining({ sender: 'DEMO', text: expect.stringContaining('Ayşe') })]);
    } finally {
      await first.close();
    }
    expect(existsSync(join(folder, 'sandbox-state.json'))).toBe(true);

    const second = await testServer(env, deps);
    try {
      expect(second.sandbox!.inbox('5329998877')).toEqual(inbox);
      expect((await second.notifier.getMessage(id))?.status).toBe('sent');
      now += 10_000;
      await second.notifier.runOnce(); // polls the report of the send made before the restart
      expect((await second.notifier.getMessage(id))?.status).toBe('delivered');
      expect(second.sandbox!.sends()).toHaveLength(1); // nothing was sent again
    } finally {
      await second.close();
    }
  });

  it('Should refuse to start on a corrupt sandbox state file, naming it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'esemes-server-'));
    writeFileSync(join(folder, 'sandbox-state.json'), '{"format": "esemes-sandbox-state", "sends": [');
    const error = await testServer({ DATABASE_URL: `sqlite:${join(folder, 'outbox.db')}` }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toMatchObject({ name: 'SandboxStateError', code: 'state', file: join(folder, 'sandbox-state.json') });
    expect(error?.message).toMatch(/Move it away or delete it/);
  });
});

/** Just enough durable state for the dashboard's registration, in memory. */
function memoryState(): Notifier['state'] {
  const records = new Map<string, { key: string; value: string; version: number; dueAt: number | null; updatedAt: number }>();
  return {
    getState: async (namespace, key) => records.get(`${namespace}\0${key}`),
    putState: async (namespace, key, value, options, now) => {
      const existing = records.get(`${namespace}\0${key}`);
      if (options.expectedVersion === null && existing) return undefined;
      const record = { key, value, version: (existing?.version ?? 0) + 1, dueAt: options.dueAt ?? null, updatedAt: now };
      records.set(`${namespace}\0${key}`, record);
      return record;
    },
    deleteState: async (namespace, key) => records.delete(`${namespace}\0${key}`),
    listState: async () => [],
    deleteStatePrefix: async () => 0,
  };
}

describe('createServer with a given engine', () => {
  /** A small fake engine: enough for the routes; every other call fails loudly. */
  function fakeNotifier(overrides: Partial<Notifier>): Notifier {
    const fail = () => Promise.reject(new Error('not in this fake'));
    return {
      accept: fail,
      cancel: fail,
      getMessage: fail,
      listMessages: fail,
      templates: {} as Notifier['templates'],
      storeSettings: {} as Notifier['storeSettings'],
      stats: fail,
      storeIds: fail,
      privacy: {} as Notifier['privacy'],
      // The dashboard keeps its session key here at registration.
      state: memoryState(),
      balance: fail,
      queueCounts: async () => ({ queued: 0, sending: 0, unknown: 0, sent: 0, delivered: 0, undelivered: 0, failed: 0, cancelled: 0 }),
      pause: async () => undefined,
      resume: async () => undefined,
      on: () => () => {},
      start: () => {},
      stop: async () => {},
      runOnce: async () => {},
      ...overrides,
    };
  }

  it('Should start no sandbox and open no store, and answer an unexpected error with a bare 500 logged in full', async () => {
    const logs = new LogCapture();
    const notifier = fakeNotifier({ listMessages: () => Promise.reject(new Error('disk on fire at /var/lib/x for 05329998877')) });
    const server = await createServer(testConfig({ LOG_LEVEL: 'error' }), { notifier, logStream: logs });
    try {
      expect(server.sandbox).toBeUndefined();
      const response = await call(server, 'GET', '/api/v1/messages');
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ error: { code: 'internal', message: 'Internal server error; the log has the details' } });
      const [line] = logs.lines();
      expect(line).toMatchObject({ level: 50, msg: 'request failed', err: { message: 'disk on fire at /var/lib/x for *******8877' } });
    } finally {
      await server.close();
    }
  });

  it('Should map an engine that throws the typed errors by their code', async () => {
    const invalid = Object.assign(new Error('invalid event: type: bad'), { code: 'invalid_event', issues: [{ path: 'type', message: 'bad' }] });
    const server = await createServer(testConfig(), { notifier: fakeNotifier({ accept: () => Promise.reject(invalid) }) });
    try {
      const response = await call(server, 'POST', '/api/v1/events', { body: {} });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toEqual({ error: { code: 'invalid_event', message: 'invalid event: type: bad', issues: [{ path: 'type', message: 'bad' }] } });
    } finally {
      await server.close();
    }
  });
});
