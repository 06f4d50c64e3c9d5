import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EsemesServer } from '../server.js';
import { call, README_EVENT, testServer } from '../test-server.js';

let server: EsemesServer;
let now = Date.now();
beforeEach(async () => {
  now = Date.now();
  server = await testServer({}, { clock: () => now, sandbox: { now: () => now } });
});
afterEach(async () => {
  await server.close();
});

/** The value of one sample line of the metrics text, e.g. `esemes_queue_depth{status="sent"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /', () => {
  it('Should say what this is, its version and mode, and where to go, without a token', async () => {
    const response = await call(server, 'GET', '/', { token: null });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      name: 'esemes server',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      mode: 'sandbox',
      links: {
        dashboard: expect.stringContaining('/'),
        health: '/healthz',
        metrics: '/metrics',
        api: expect.stringContaining('/api/v1'),
        docs: expect.stringMatching(/^https:\/\//),
      },
    });
  });

  it('Should send a browser to the dashboard’s login page', async () => {
    const response = await call(server, 'GET', '/', { token: null, headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' } });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/login');
    const login = await call(server, 'GET', '/login', { token: null, headers: { accept: 'text/html' } });
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('type="password"');
  });

  it('Should still answer 404 for other unknown paths', async () => {
    expect((await call(server, 'GET', '/nope', { token: null })).statusCode).toBe(404);
  });
});

describe('GET /healthz', () => {
  it('Should answer { ok, mode } without a token', async () => {
    const response = await call(server, 'GET', '/healthz', { token: null });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, mode: 'sandbox' });
  });
});

describe('GET /metrics', () => {
  it('Should answer Prometheus text without a token, with every series', async () => {
    const response = await call(server, 'GET', '/metrics', { token: null });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    for (const name of [
      'esemes_events_accepted_total',
      'esemes_events_duplicate_total',
      'esemes_messages_sent_total',
      'esemes_messages_delivered_total',
      'esemes_messages_failed_total',
      'esemes_queue_depth',
      'esemes_provider_request_duration_seconds',
    ]) {
      expect(response.body).toContain(`# TYPE ${name} `);
    }
  });

  it('Should count accepted and duplicate events, sends, deliveries, queue depth and provider latency', async () => {
    await call(server, 'POST', '/api/v1/events', { body: README_EVENT });
    await call(server, 'POST', '/api/v1/events', { body: README_EVENT });
    let text = (await call(server, 'GET', '/metrics')).body;
    expect(sample(text, 'esemes_events_accepted_total')).toBe(1);
    expect(sample(text, 'esemes_events_duplicate_total')).toBe(1);
    expect(sample(text, 'esemes_queue_depth{status="queued"}')).toBe(1);

    await server.notifier.runOnce(); // send
    text = (await call(server, 'GET', '/metrics')).body;
    expect(sample(text, 'esemes_messages_sent_total')).toBe(1);
    expect(sample(text, 'esemes_queue_depth{status="sent"}')).toBe(1);
    expect(sample(text, 'esemes_queue_depth{status="queued"}')).toBe(0);
    expect(text).toMatch(/esemes_provider_request_duration_seconds_count\{call="(tr\/)?xml_[a-z_]+\.php"\} 1/);

    now += 10_000; // delivered after 2 s at the sandbox; the first report poll is due 5 s after sending
    await server.notifier.runOnce();
    text = (await call(server, 'GET', '/metrics')).body;
    expect((sample(text, 'esemes_messages_delivered_total') ?? 0) + (sample(text, 'esemes_messages_failed_total{status="undelivered"}') ?? 0)).toBe(1);
    expect(text).toMatch(/esemes_provider_request_duration_seconds_count\{call="xml_rapor_detay\.php"\} [1-9]/);
  });

  it('Should keep each server’s metrics apart (no global registry)', async () => {
    await call(server, 'POST', '/api/v1/events', { body: README_EVENT });
    const other = await testServer();
    try {
      const text = (await call(other, 'GET', '/metrics')).body;
      expect(sample(text, 'esemes_events_accepted_total')).toBe(0);
    } finally {
      await other.close();
    }
  });
});
