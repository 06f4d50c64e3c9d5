// The pages behind the login: overview, stores (engine settings and a platform's panel), templates with
// the live preview, the test SMS, messages (search, timeline, CSV) and the sandbox's phones.
import type { DashboardPanel } from '@esemes/adapter-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Browser, testDashboard, type TestDashboard } from './test-dashboard.js';

let t: TestDashboard;
let browser: Browser;
beforeEach(async () => {
  t = await testDashboard();
  browser = new Browser(t.app);
  await browser.login();
});
afterEach(() => t.close());

const orderEvent = (order: string, phone = '+90 532 999 88 77', store = 'demo') => ({
  type: 'order.created',
  idempotencyKey: `${store}:${order}:created`,
  store: { id: store, name: 'Demo Mağaza', locale: 'tr', currency: 'TRY' },
  customer: { firstName: 'Ayşe', lastName: 'Yılmaz', phones: [phone] },
  order: { id: order, number: order, total: '249.90', currency: 'TRY' },
});

/** Run the engine until its messages are delivered by the sandbox. */
async function deliver(): Promise<void> {
  await t.notifier.runOnce();
  t.clock.now += 10_000;
  await t.notifier.runOnce();
}

describe('overview', () => {
  it('Should show the counts, the per-day chart, the balance and the sandbox badge', async () => {
    await t.notifier.accept(orderEvent('100234'));
    await deliver();
    const page = await browser.get('/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Deneme modu');
    expect(page.body).toMatch(/data-count="delivered">1</);
    expect(page.body).toContain('<svg class="chart"');
    expect(page.body).toMatch(/data-testid="balance-(numeric|alphanumeric)"/);
  });

  it('Should show a dispatch pause with what to do, and lift it with the resume button', async () => {
    await t.store.setPause({ reason: 'sender title MAGAZA is not registered', code: 'sender', since: t.clock.now, sender: 'MAGAZA' });
    const page = await browser.get('/');
    expect(page.body).toContain('Gönderim durduruldu');
    expect(page.body).toContain('MAGAZA');
    const resumed = await browser.post('/resume');
    expect(resumed.headers.location).toBe('/');
    expect(await t.notifier.pause()).toBeUndefined();
    expect((await browser.get('/')).body).toContain('Gönderim sürdürüldü.');
  });
});

describe('stores', () => {
  it('Should save a store’s SMS settings, and refuse bad ones field by field with nothing saved', async () => {
    const bad = await browser.post('/stores/settings?store=demo', {
      sender: 'ÇOK UZUN BAŞLIK',
      adminPhones: '0532 999 88 77\n0212 555 11 22',
      quietStart: '25:00',
      quietEnd: '09:00',
      maxParts: '11',
      transliterate: 'latin',
      event_order_created: 'on',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Kaydedilmedi');
    expect(bad.body).toContain('Cep numarası değil: 0212 555 11 22');
    expect(bad.body).toContain('SS:DD');
    expect(bad.body).toContain('1 ile 10 arasında');
    expect(await t.notifier.storeSettings.saved('demo')).toBeUndefined();

    const good = await browser.post('/stores/settings?store=demo', {
      sender: 'MAGAZA',
      adminPhones: '0532 999 88 77',
      quietStart: '22:00',
      quietEnd: '08:30',
      maxParts: '3',
      transliterate: 'turkish',
      event_order_created: 'on',
      event_shipment_created: 'on',
    });
    expect(good.statusCode).toBe(303);
    const saved = (await t.notifier.storeSettings.saved('demo'))?.settings;
    expect(saved).toMatchObject({
      sender: 'MAGAZA',
      adminPhones: ['0532 999 88 77'],
      quietHours: { start: '22:00', end: '08:30' },
      maxParts: 3,
      transliterate: 'turkish',
    });
    expect(saved?.disabledEvents).toContain('order.paid');
    expect(saved?.disabledEvents).not.toContain('order.created');
    const page = await browser.get('/stores/settings?store=demo');
    expect(page.body).toContain('Kaydedildi.');
    expect(page.body).toContain('value="MAGAZA"');
  });

  it('Should list a platform’s stores, start its connection, show its result, and save its settings', async () => {
    const saved: Array<Record<string, unknown>> = [];
    const panel: DashboardPanel = {
      platform: 'acme',
      title: { tr: 'Acme Mağazaları', en: 'Acme stores' },
      stores: async () => [{ id: 'acme-1', name: 'Acme Bir', url: 'https://acme.example', status: { ok: true, text: 'webhook ok' } }],
      connect: {
        fields: [{ kind: 'text', name: 'shop', label: 'Shop', value: '', required: true }],
        button: 'Bağla',
        start: async (values, { returnUrl }) =>
          values['shop'] === '' ? { errors: { shop: 'Adres gerekli' } } : { redirect: `https://acme.example/approve?back=${encodeURIComponent(returnUrl)}` },
        result: async (query) => ({ ok: query['ok'] === '1', storeId: 'acme-1', text: query['ok'] === '1' ? 'Acme Bir bağlandı' : 'reddedildi' }),
      },
      settings: async (storeId) => (storeId === 'acme-1' ? [{ kind: 'checkbox', name: 'notes', label: 'Notlar', value: true }] : undefined),
      saveSettings: async (_storeId, values) => {
        saved.push(values);
        return {};
      },
    };
    t.panels.push(panel);
    const list = await browser.get('/stores');
    expect(list.body).toContain('Acme Mağazaları');
    expect(list.body).toContain('Acme Bir');
    expect(list.body).toContain('webhook ok');

    const refused = await browser.post('/stores/connect/acme', { shop: '' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Adres gerekli');
    const started = await browser.post('/stores/connect/acme', { shop: 'acme' });
    expect(started.statusCode).toBe(303);
    expect(started.headers.location).toBe(`https://acme.example/approve?back=${encodeURIComponent('http://localhost:80/stores/connected/acme')}`);

    const back = await browser.get('/stores/connected/acme?ok=1');
    expect(back.headers.location).toBe('/stores/settings?store=acme-1');
    const store = await browser.get('/stores/settings?store=acme-1');
    expect(store.body).toContain('Acme Bir bağlandı');
    // A platform store takes the shop owner's numbers from its own settings, not the engine's form.
    expect(store.body).not.toContain('name="adminPhones"');
    const save = await browser.post('/stores/platform?store=acme-1', {});
    expect(save.statusCode).toBe(303);
    expect(saved).toEqual([{ notes: false }]);
  });
});

describe('templates', () => {
  const preview = (body: string) =>
    browser.post('/templates/preview', { store: 'demo', event: 'order.created', language: 'en', body }, { headers: { 'hx-request': 'true' } });

  it('Should preview what is typed: encoding, parts and what is left change with a Turkish letter and then an emoji, the costly characters marked', async () => {
    const plain = await preview('a'.repeat(160));
    expect(plain.statusCode).toBe(200);
    expect(plain.body).toContain('data-encoding="gsm7"');
    expect(plain.body).toMatch(/data-testid="preview-parts">1</);
    const turkish = await preview(`${'a'.repeat(160)}ş`);
    expect(turkish.body).toContain('data-encoding="gsm7-turkish"');
    expect(turkish.body).toMatch(/data-testid="preview-parts">2</);
    expect(turkish.body).toMatch(/<mark class="turkish"[^>]*>ş<\/mark>/);
    const emoji = await preview(`${'a'.repeat(160)}ş😀`);
    expect(emoji.body).toContain('data-encoding="ucs2"');
    expect(emoji.body).toMatch(/data-testid="preview-parts">3</);
    expect(emoji.body).toMatch(/<mark class="ucs2"[^>]*>😀<\/mark>/);
  });

  it('Should show a template error with its line and variable, escape markup, and report the saving of transliteration', async () => {
    const unknown = await preview('Merhaba\n{{customer.fristName}}');
    expect(unknown.body).toContain('data-testid="template-error"');
    expect(unknown.body).toContain('customer.fristName');
    const markup = await preview('<script>alert(1)</script> {{order.number}}');
    expect(markup.body).not.toContain('<script>');
    expect(markup.body).toContain('&lt;script&gt;');
    const folded = await preview(`Sayın müşterimiz, ${'â'.repeat(80)}`);
    expect(folded.body).toContain('â → a');
  });

  it('Should save a template, keep what was typed when it is refused, and reset it to the default', async () => {
    const refused = await browser.post('/templates/save', { store: 'demo', event: 'order.created', language: 'tr', body: 'Sipariş {{order.numbr}}' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Sipariş {{order.numbr}}');
    expect((await t.notifier.templates.get('demo', 'order.created', 'tr')).source).toBe('default');

    const saved = await browser.post('/templates/save', {
      store: 'demo',
      event: 'order.created',
      language: 'tr',
      body: 'Siparişiniz {{order.number}} alındı.',
    });
    expect(saved.statusCode).toBe(303);
    expect((await t.notifier.templates.get('demo', 'order.created', 'tr')).body).toBe('Siparişiniz {{order.number}} alındı.');
    expect((await browser.get(saved.headers.location as string)).body).toContain('Şablon kaydedildi.');

    await browser.post('/templates/reset', { store: 'demo', event: 'order.created', language: 'tr' });
    expect((await t.notifier.templates.get('demo', 'order.created', 'tr')).source).toBe('default');
  });

  it('Should send a test SMS through the whole engine to the number typed, and refuse a number that is not a mobile with nothing queued', async () => {
    const bad = await browser.post('/templates/test', { store: 'demo', event: 'order.created', language: 'tr', number: '0212 555 11 22' });
    expect(bad.statusCode).toBe(422);
    expect(await t.notifier.listMessages({})).toHaveLength(0);

    const sent = await browser.post('/templates/test', { store: 'demo', event: 'order.created', language: 'tr', number: '+90 (532) 111 22 33' });
    expect(sent.statusCode).toBe(303);
    const [message] = await t.notifier.listMessages({});
    expect(message).toMatchObject({ recipient: '5321112233', storeId: 'demo', platform: 'custom', eventType: 'order.created' });
    await deliver();
    const inbox = t.sandbox.inbox('5321112233');
    expect(inbox).toHaveLength(1);
    const page = await browser.get(sent.headers.location as string);
    expect(page.body).toContain(`/messages/${message?.id}`);
  });
});

describe('messages', () => {
  beforeEach(async () => {
    await t.notifier.accept(orderEvent('100234', '0532 999 88 77'));
    await t.notifier.accept(orderEvent('100235', '0533 444 55 66'));
    await deliver();
  });

  it('Should find messages by a phone written any way, by order number (# or not) and by status', async () => {
    for (const q of ['+90 532 999 88 77', '05329998877', '532 999 8877']) {
      const page = await browser.get(`/messages?q=${encodeURIComponent(q)}`);
      expect(page.body.match(/data-message="/g)).toHaveLength(1);
      expect(page.body).toContain('0532***8877');
    }
    expect((await browser.get('/messages?q=%23100235')).body.match(/data-message="/g)).toHaveLength(1);
    expect((await browser.get('/messages?status=delivered')).body.match(/data-message="/g)).toHaveLength(2);
    expect((await browser.get('/messages?status=failed')).body).toContain('Mesaj bulunamadı.');
  });

  it('Should show a message’s timeline: accepted, sent with its report, delivered', async () => {
    const [message] = await t.notifier.listMessages({ orderNumber: '100234' });
    const page = await browser.get(`/messages/${message?.id}`);
    expect(page.body).toContain('data-status="delivered"');
    expect(page.body).toContain('Kabul edildi (Sipariş alındı)');
    expect(page.body).toContain(`rapor no ${message?.reportId}`);
    expect(page.body).toContain('Sağlayıcı durumu: DELIVERED');
    expect((await browser.get('/messages/does-not-exist')).statusCode).toBe(404);
  });

  it('Should export the search as CSV, a formula-looking cell written as text', async () => {
    await t.notifier.accept({ ...orderEvent('=HYPERLINK("x")'), idempotencyKey: 'formula' });
    const csv = await browser.get('/messages.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="esemes-messages-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'id,created_at,store,platform,event,order_number,recipient,status,parts,sender,report_id,sent_at,final_at,provider_status,error_code,error,text',
    );
    expect(lines).toHaveLength(4);
    expect(csv.body).toContain(`"'=HYPERLINK(""x"")"`);
    const one = await browser.get('/messages.csv?q=100235');
    expect(one.body.trim().split('\n')).toHaveLength(2);
  });
});

describe('phones (sandbox)', () => {
  it('Should list the numbers that received something and show one number’s messages, newest first', async () => {
    await t.notifier.accept(orderEvent('100234', '0532 999 88 77'));
    await deliver();
    await t.notifier.accept({ ...orderEvent('100236', '0532 999 88 77'), idempotencyKey: 'second' });
    await deliver();
    const page = await browser.get('/phones?number=05329998877');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('05329998877');
    const inbox = page.body.slice(page.body.indexOf('data-testid="inbox"'));
    expect(inbox.indexOf('100236')).toBeLessThan(inbox.indexOf('100234'));
  });
});

describe('fragments after pages', () => {
  it('Should still render the preview fragment after a page used the same partial', async () => {
    expect((await browser.get('/templates?store=demo&event=order.created&language=en')).statusCode).toBe(200);
    const fragment = await browser.post('/templates/preview', { store: 'demo', event: 'order.created', language: 'en', body: 'Hello {{order.number}}' });
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body).toContain('data-testid="preview-parts"');
  });
});

describe('a redacted customer', () => {
  it('Should show the message as erased, never an empty number', async () => {
    await t.notifier.accept(orderEvent('100234', '0532 999 88 77'));
    await t.notifier.privacy.redactCustomer({ storeId: 'demo', recipients: ['05329998877'] });
    const list = await browser.get('/messages');
    expect(list.body).toContain('silindi (gizlilik isteği)');
    const [message] = await t.notifier.listMessages({});
    const page = await browser.get(`/messages/${message?.id}`);
    expect(page.body).toContain('silindi (gizlilik isteği)');
    expect(page.body).not.toContain('Bu numaranın bütün mesajları');
  });
});
