// Test helpers (not built): a server on SQLite in memory with the in-process sandbox, the README's example
// event, a log capture, and an inject shorthand with the bearer token.
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type ServerConfig } from './config.js';
import { createServer, type EsemesServer, type ServerDeps } from './server.js';

export const TOKEN = 'test-admin-token-0123456789';

/** The document of issue 3 / the README, verbatim. */
export const README_EVENT = {
  type: 'order.created',
  idempotencyKey: 'demo:1001:created',
  store: { id: 'demo', name: 'Demo Mağaza', locale: 'tr', currency: 'TRY' },
  customer: { firstName: 'Ayşe', lastName: 'Yılmaz', phones: ['+90 532 999 88 77'] },
  order: { id: '1001', number: '1001', total: '249.90', currency: 'TRY' },
} as const;

/** An order.created event for `order` (its own idempotency key) to `phone`. */
export function orderEvent(order: string, phone = '+90 532 999 88 77', store = 'demo'): Record<string, unknown> {
  return {
    type: 'order.created',
    idempotencyKey: `${store}:${order}:created`,
    store: { id: store, name: 'Demo Mağaza', locale: 'tr', currency: 'TRY' },
    customer: { firstName: 'Ayşe', lastName: 'Yılmaz', phones: [phone] },
    order: { id: order, number: order, total: '249.90', currency: 'TRY' },
  };
}

export function testConfig(env: Record<string, string> = {}): ServerConfig {
  return loadConfig({ DATABASE_URL: 'sqlite::memory:', ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'silent', PORT: '0', ...env });
}

/** Collects every log line the server writes. */
export class LogCapture extends Writable {
  readonly chunks: string[] = [];
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk.toString());
    done();
  }
  get text(): string {
    return this.chunks.join('');
  }
  lines(): Array<Record<string, unknown>> {
    return this.text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/**
 * A sandbox-mode server on SQLite in memory; engine loops not started (tests drive `notifier.runOnce()`).
 * The sandbox keeps its default 2 s delivery delay, so a message is `sent` after one pass.
 */
export async function testServer(env: Record<string, string> = {}, deps: ServerDeps = {}): Promise<EsemesServer> {
  return createServer(testConfig(env), deps);
}

export interface CallOptions {
  body?: unknown;
  /** A raw payload instead of JSON. */
  payload?: string | Buffer;
  token?: string | null;
  headers?: Record<string, string>;
}

/** `app.inject` with the bearer token (unless `token: null`) and a JSON body. */
export async function call(
  server: EsemesServer,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  options: CallOptions = {},
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  let payload: string | Buffer | undefined = options.payload;
  if (payload === undefined && options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
  return server.app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
}

/** Every message in the outbox (up to 500). */
export async function allMessages(server: EsemesServer) {
  return server.notifier.listMessages({ limit: 500 });
}
