// WooCommerce's dashboard panel on a real engine (SQLite in memory) and the fake WooCommerce: the one-click
// connection from start to the return (denied, keys never arrived, connected with the webhook status),
// the store's settings with refusals by field, and the order notes in a message's timeline.
import type { DashboardPanel } from '@esemes/adapter-kit';
import { createEsemesClient } from '@esemes/core';
import { createNotifier } from '@esemes/notify';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { testState } from '../test/state.js';
import { createWooCommerceAdapter } from './adapter.js';
import { startFakeWooCommerce, type FakeWooCommerce } from './testing/fake-woocommerce.js';

const KEY = 'ck_panel0123456789';
const SECRET = 'cs_panel0123456789';
let app: FastifyInstance | undefined;
let fake: FakeWooCommerce | undefined;
let lastAdapter: ReturnType<typeof createWooCommerceAdapter> | undefined;
afterEach(async () => {
  await app?.close();
  await fake?.close();
  app = undefined;
  fake = undefined;
});

async function setup(given: string | null = 'https://sms.example.test'): Promise<{ panel: DashboardPanel; app: FastifyInstance; base: string }> {
  const publicUrl = given ?? undefined;
  const store = await testState();
  const notifier = createNotifier({ store, client: createEsemesClient({ user: 'u', password: 'p', baseUrl: 'http://127.0.0.1:9/api-v3/' }), sender: 'DEMO' });
  const adapter = createWooCommerceAdapter({ registrationWaitMs: 30_000, notesIntervalMs: 20 });
  lastAdapter = adapter;
  app = Fastify();
  await app.register(adapter.plugin, {
    notifier,
    config: { mode: 'sandbox', sender: 'DEMO', publicUrl, adapterUrl: publicUrl },
    requireAdmin: async () => {},
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  fake = await startFakeWooCommerce({ consumerKey: KEY, consumerSecret: SECRET }, publicUrl ? { reach: { [publicUrl]: base } } : {});
  return { panel: adapter.dashboard!(), app, base };
}

/** Follow the fake store's approval page as a browser would: Approve (or Deny), then where it sends us. */
async function approve(authorizeUrl: string, button: 'Approve' | 'Deny'): Promise<URL> {
  const page = await (await fetch(authorizeUrl)).text();
  const forms = [...page.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)];
  const form = forms.find((match) => match[2]?.includes(`>${button}<`));
  if (!form) throw new Error(`no ${button} form on the approval page`);
  const action = new URL(form[1]!.replace(/&amp;/g, '&'), authorizeUrl);
  for (const input of (form[2] ?? '').matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
    action.searchParams.set(input[1]!, input[2]!.replace(/&amp;/g, '&'));
  const answer = await fetch(action, { redirect: 'manual' });
  return new URL(answer.headers.get('location') ?? '', action);
}

describe('WooCommerce dashboard panel: connecting', () => {
  it('sends the shop owner to the store’s approval page, and on the return reports the store connected with its webhooks registered', async () => {
    const { panel } = await setup();
    expect(await panel.stores()).toEqual([]);
    const started = await panel.connect!.start({ storeUrl: `${fake!.url}/` }, { returnUrl: 'https://sms.example.test/stores/connected/woocommerce' });
    if (!('redirect' in started)) throw new Error(JSON.stringify(started));
    expect(started.redirect).toContain(`${fake!.url}/wc-auth/v1/authorize?`);
    const back = await approve(started.redirect, 'Approve');
    expect(back.pathname).toBe('/stores/connected/woocommerce');
    expect(back.searchParams.get('success')).toBe('1');
    const result = await panel.connect!.result(Object.fromEntries(back.searchParams));
    expect(result).toMatchObject({ ok: true, storeId: '127-0-0-1' });
    expect(JSON.stringify(result.text)).toContain('Webhooks registered');
    const [store] = await panel.stores();
    expect(store).toMatchObject({ id: '127-0-0-1', url: fake!.url, status: { ok: true } });
    expect([...fake!.webhooks.values()].map((hook) => hook.topic).sort()).toEqual(['order.created', 'order.updated']);
  });

  it('says so when access was denied at the store, or when the keys never reached this server', async () => {
    const { panel } = await setup();
    const started = await panel.connect!.start({ storeUrl: fake!.url }, { returnUrl: 'https://sms.example.test/stores/connected/woocommerce' });
    if (!('redirect' in started)) throw new Error(JSON.stringify(started));
    const denied = await approve(started.redirect, 'Deny');
    expect(await panel.connect!.result(Object.fromEntries(denied.searchParams))).toMatchObject({
      ok: false,
      text: { en: 'Not connected: access was denied at the store.' },
    });
    // success=1 with a nonce whose callback never arrived (an unreachable PUBLIC_URL).
    const lost = await panel.connect!.result({ success: '1', user_id: 'never-called-back' });
    expect(lost).toMatchObject({ ok: false });
    expect(JSON.stringify(lost.text)).toContain('can the store reach PUBLIC_URL?');
    expect(await panel.stores()).toEqual([]);
  });

  it('refuses to start without PUBLIC_URL, or with an address that is not a store’s, naming the field', async () => {
    const noPublic = await setup(null);
    expect(await noPublic.panel.connect!.start({ storeUrl: fake!.url }, { returnUrl: 'http://127.0.0.1/x' })).toMatchObject({
      errors: { '': { en: expect.stringContaining('PUBLIC_URL') } },
    });
    await app?.close();
    await fake?.close();
    const { panel } = await setup();
    expect(await panel.connect!.start({ storeUrl: 'https://user:pw@shop.example' }, { returnUrl: 'https://x/y' })).toMatchObject({
      errors: { storeUrl: expect.anything() },
    });
    expect(await panel.connect!.start({ storeUrl: '' }, { returnUrl: 'https://x/y' })).toMatchObject({ errors: { storeUrl: expect.anything() } });
  });
});

describe('WooCommerce dashboard panel: settings and timeline', () => {
  async function connected(): Promise<DashboardPanel> {
    const { app: a, panel } = await setup();
    const created = await a.inject({
      method: 'PUT',
      url: '/api/v1/woocommerce/stores/shop1',
      payload: { url: fake!.url, consumerKey: KEY, consumerSecret: SECRET },
    });
    expect(created.statusCode).toBe(201);
    return panel;
  }

  it('shows the store’s settings with the default status mapping, and saves only what differs from it', async () => {
    const panel = await connected();
    expect(await panel.settings('no-such-store')).toBeUndefined();
    const fields = await panel.settings('shop1');
    expect(fields?.map((field) => field.name)).toEqual([
      'name',
      'locale',
      'adminPhones',
      'consentMetaKeys',
      'notifyUnpaidCancellation',
      'orderNotes',
      'statuses',
    ]);
    const statuses = fields?.find((field) => field.name === 'statuses');
    expect(statuses?.kind === 'rows' && statuses.value.find((row) => row['status'] === 'completed')).toEqual({
      status: 'completed',
      canonical: 'completed',
      sms: true,
      event: '',
    });

    const saved = await panel.saveSettings('shop1', {
      name: 'Çiçek Dünyası',
      locale: 'tr',
      adminPhones: ['0532 111 22 33'],
      consentMetaKeys: [],
      notifyUnpaidCancellation: true,
      orderNotes: false,
      statuses: [
        { status: 'completed', canonical: 'completed', sms: true, event: '' },
        { status: 'wc-Kargo-Verildi', canonical: 'processing', sms: true, event: '' },
      ],
    });
    expect(saved.errors).toBeUndefined();
    const after = await panel.settings('shop1');
    expect(after?.find((field) => field.name === 'name')?.value).toBe('Çiçek Dünyası');
    const rows = after?.find((field) => field.name === 'statuses');
    expect(rows?.kind === 'rows' && rows.value.find((row) => row['status'] === 'kargo-verildi')).toMatchObject({ sms: true });
    expect(after?.find((field) => field.name === 'orderNotes')?.value).toBe(false);
  });

  it('refuses bad settings by field and saves nothing', async () => {
    const panel = await connected();
    const refused = await panel.saveSettings('shop1', {
      name: 'x'.repeat(101),
      locale: 'tr',
      adminPhones: ['0212 555 11 22'],
      consentMetaKeys: [],
      notifyUnpaidCancellation: false,
      orderNotes: true,
      statuses: [{ status: 'Bad Status!', canonical: '', sms: true, event: '' }],
    });
    expect(Object.keys(refused.errors ?? {}).sort()).toEqual(['adminPhones', 'name', 'statuses']);
    expect((await panel.settings('shop1'))?.find((field) => field.name === 'name')?.value).toBe('');
  });

  it('adds no timeline lines for a message without order notes, and the order note once it is written', async () => {
    const panel = await connected();
    expect(await panel.timeline!({ id: 'm1', storeId: 'shop1', orderId: '1001' })).toEqual([]);
    await lastAdapter!.onMessageStatus!({
      messageId: 'm1',
      storeId: 'shop1',
      platform: 'woocommerce',
      eventType: 'order.created',
      idempotencyKey: 'woocommerce:shop1:1001:created',
      role: 'customer',
      orderId: '1001',
      status: 'delivered',
      previousStatus: 'sent',
      reportId: '1',
      providerStatus: 'DELIVERED',
      error: null,
      recipientMasked: '8877',
      recipient: '5329998877',
      text: 'Siparişiniz alındı.',
      at: Date.now(),
    });
    // The adapter's background task writes the note (every 20 ms here); bounded wait, not a speed claim.
    let lines = await panel.timeline!({ id: 'm1', storeId: 'shop1', orderId: '1001' });
    for (let waited = 0; !lines.some((line) => JSON.stringify(line.text).includes('Order note written')) && waited < 60_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      lines = await panel.timeline!({ id: 'm1', storeId: 'shop1', orderId: '1001' });
    }
    expect(fake!.notes).toHaveLength(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.text).toMatchObject({ en: 'Order note written to WooCommerce order #1001 (delivered).' });
  });
});
