// Tests' dashboard (not built): the real engine on SQLite in memory with the real sandbox behind it on a
// free loopback port, the dashboard in a Fastify app, and a browser-like client keeping cookies and the
// page's CSRF token across requests.
import { createEsemesClient } from '@esemes/core';
import type { DashboardPanel } from '@esemes/adapter-kit';
import { createNotifier, openOutboxStore, type Notifier, type OutboxStore } from '@esemes/notify';
import { DEFAULT_SANDBOX_ACCOUNT, startSandbox, type RunningSandbox } from '@esemes/sandbox';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { createDashboard } from './plugin.js';
import type { DashboardOptions } from './options.js';

export const PASSWORD = 'correct horse battery';
export const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

export interface TestDashboard {
  app: FastifyInstance;
  notifier: Notifier;
  sandbox: RunningSandbox;
  store: OutboxStore;
  clock: { now: number };
  panels: DashboardPanel[];
  close(): Promise<void>;
}

export async function testDashboard(overrides: Partial<DashboardOptions> = {}): Promise<TestDashboard> {
  const clock = { now: T0 };
  // Every number delivered: the pages' tests read a delivered message (the default weights fail a few percent).
  const sandbox = await startSandbox({
    port: 0,
    host: '127.0.0.1',
    deliveryDelayMs: 0,
    outcomeWeights: { delivered: 1, notDelivered: 0, expired: 0 },
    now: () => clock.now,
  });
  const store = await openOutboxStore('sqlite::memory:');
  await store.migrate();
  const notifier = createNotifier({
    store,
    client: createEsemesClient({ user: DEFAULT_SANDBOX_ACCOUNT.user, password: DEFAULT_SANDBOX_ACCOUNT.password, baseUrl: sandbox.url }),
    sender: 'DEMO',
    clock: () => clock.now,
  });
  const panels: DashboardPanel[] = [];
  const app = Fastify({ logger: false });
  const dashboard = createDashboard({
    notifier,
    mode: 'sandbox',
    sender: 'DEMO',
    password: PASSWORD,
    publicUrl: undefined,
    panels: () => panels,
    sandbox,
    about: () => ({ name: 'esemes server' }),
    clock: () => clock.now,
    ...overrides,
  });
  await app.register(dashboard.plugin);
  await app.ready();
  return {
    app,
    notifier,
    sandbox,
    store,
    clock,
    panels,
    async close() {
      await app.close();
      await notifier.stop();
      await store.close();
      await sandbox.close();
    },
  };
}

/** A browser in miniature: sends back the cookies it was given and the CSRF token of the last page. */
export class Browser {
  readonly cookies = new Map<string, string>();
  csrf = '';
  language = 'tr-TR,tr;q=0.9';
  constructor(private readonly app: FastifyInstance) {}

  private remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (cookie.value === '' || cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now())) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return { accept: 'text/html', 'accept-language': this.language, ...(cookie ? { cookie } : {}), ...extra };
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: this.headers(headers) });
    this.remember(response);
    return response;
  }

  /** A form post; `_csrf` is added unless `csrf: false`. */
  async post(
    url: string,
    form: Record<string, string | string[]> = {},
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    if (options.csrf !== false) body.set('_csrf', this.csrf);
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', ...options.headers }),
      payload: body.toString(),
    });
    this.remember(response);
    return response;
  }

  /** Log in, then open the overview as a browser would after the redirect (a new session: a new CSRF token). */
  async login(password = PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/login');
    const response = await this.post('/login', { password, next: '/' });
    if (response.statusCode === 303) await this.get('/');
    return response;
  }
}
