// The dashboard in a real browser (Debian's Chromium through playwright-core) against the real server in
// sandbox mode with the WooCommerce adapter and a fake WooCommerce: log in, connect a store in one click,
// edit a template and watch the part count follow a Turkish letter and an emoji, send a test SMS and find
// it delivered, see it on the Phones page, log out; a wrong password and a request without the CSRF token
// are refused. Screenshots of each page go to test/results/screenshots/.
import { createServer, loadConfig, type EsemesServer } from '@esemes/server';
import { createWooCommerceAdapter } from '@esemes/woocommerce';
import { startFakeWooCommerce, type FakeWooCommerce } from '@esemes/woocommerce/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from './browser.js';

const PASSWORD = 'dashboard-e2e-password';
const PUBLIC_URL = 'https://sms.example.test';
const KEY = 'ck_0123456789abcdef0123456789abcdef01234567';
const SECRET = 'cs_0123456789abcdef0123456789abcdef01234567';
/** Bounds against a hang on a busy machine, never speed claims. */
const WITHIN = { timeout: 60_000 };

let server: EsemesServer;
let fake: FakeWooCommerce;
let base: string;
let session: BrowserSession;
let page: Page;
/** A link of the main menu. */
const nav = (name: string) => page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name, exact: true });

beforeAll(async () => {
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', PORT: '0', PUBLIC_URL, ADMIN_PASSWORD: PASSWORD });
  server = await createServer(config, {
    adapters: [createWooCommerceAdapter({ registrationWaitMs: 60_000 })],
    sandbox: { deliveryDelayMs: 0, outcomeWeights: { delivered: 1, notDelivered: 0, expired: 0 } },
    dispatch: { intervalMs: 100 },
  });
  ({ url: base } = await server.start());
  // The fake reaches PUBLIC_URL (the https address a reverse proxy would give) at the server's loopback address.
  fake = await startFakeWooCommerce({ consumerKey: KEY, consumerSecret: SECRET }, { reach: { [PUBLIC_URL]: base } });
  session = await launchBrowser({ viewport: { width: 1280, height: 900 } });
  page = session.page;
  await page.setExtraHTTPHeaders({ 'accept-language': 'tr-TR,tr;q=0.9' });
});

afterAll(async () => {
  await session?.close();
  await server?.close();
  await fake?.close();
});

describe('the dashboard in Chromium', () => {
  it('refuses a wrong password, then logs in', async () => {
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await session.screenshot('dashboard-login');
    await page.getByLabel('Parola').fill('not the password');
    await page.getByRole('button', { name: 'Giriş yap' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), WITHIN).toContain('Parola yanlış');
    // The refusal is a 401 page, which Chromium reports on its console: expected here, and only here.
    expect(session.pageErrors).toEqual(['console.error: Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
    session.pageErrors.length = 0;
    await page.getByLabel('Parola').fill(PASSWORD);
    await page.getByRole('button', { name: 'Giriş yap' }).click();
    await page.getByRole('heading', { level: 1, name: 'Genel bakış' }).waitFor(WITHIN);
    expect(await page.locator('.badge.sandbox').textContent()).toContain('Deneme modu');
    await session.screenshot('dashboard-overview');
  });

  it('connects a WooCommerce store in one click and comes back with the webhook registration status', async () => {
    await nav('Mağazalar').click();
    await page.getByLabel('Mağazanın adresi').fill(fake.url);
    await session.screenshot('dashboard-stores');
    await page.getByRole('button', { name: 'WooCommerce’a bağlan' }).click();
    // The fake store's approval page, then back to the dashboard.
    await page.getByRole('button', { name: 'Approve' }).click(WITHIN);
    await page.waitForURL((url) => url.pathname === '/stores/settings', WITHIN);
    const flash = await page.locator('.flash').first().textContent();
    expect(flash).toContain('bağlandı');
    expect(flash).toContain('Webhook’lar kayıtlı');
    expect([...fake.webhooks.values()].map((hook) => hook.topic).sort()).toEqual(['order.created', 'order.updated']);
    expect(await page.getByTestId('store-status').textContent()).toContain('Webhook’lar kayıtlı');
    await session.screenshot('dashboard-store');
  });

  it('edits a template: the part count follows a Turkish letter, then an emoji', async () => {
    await nav('Şablonlar').click();
    await page.locator('a[href*="event=order.created"][href*="language=en"]').click();
    const editor = page.getByLabel('Şablon', { exact: true });
    await editor.fill('a'.repeat(160));
    await expect.poll(() => page.getByTestId('preview-parts').textContent(), WITHIN).toBe('1');
    expect(await page.getByTestId('preview-encoding').getAttribute('data-encoding')).toBe('gsm7');
    await editor.press('End');
    await editor.pressSequentially('ş');
    await expect.poll(() => page.getByTestId('preview-parts').textContent(), WITHIN).toBe('2');
    expect(await page.getByTestId('preview-encoding').getAttribute('data-encoding')).toBe('gsm7-turkish');
    expect(await page.locator('#preview mark.turkish').first().textContent()).toBe('ş');
    await editor.pressSequentially('😀');
    await expect.poll(() => page.getByTestId('preview-encoding').getAttribute('data-encoding'), WITHIN).toBe('ucs2');
    expect(await page.getByTestId('preview-parts').textContent()).toBe('3');
    expect(await page.locator('#preview mark.ucs2').first().textContent()).toBe('😀');
    // A realistic message for the screenshot and the README.
    await editor.fill(
      'Merhaba {{customer.firstName}}, {{order.number}} numaralı siparişiniz alındı. Toplam: {{order.total}} {{order.currency}}. Teşekkürler! 😀',
    );
    await expect.poll(() => page.getByTestId('preview-text').textContent(), WITHIN).toContain('Teşekkürler');
    await session.screenshot('dashboard-templates');
  });

  it('sends a test SMS and finds it delivered under Messages and on the Phones page', async () => {
    await page.getByLabel('Telefon numarası').fill('0532 111 22 33');
    await page.getByRole('button', { name: 'Gönder' }).click();
    await page.getByRole('link', { name: 'Mesajı izle' }).click(WITHIN);
    // The server's loops send it to the sandbox and fetch its report; reload until the timeline shows it.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId('message-status').getAttribute('data-status');
        },
        { timeout: 120_000, interval: 500 },
      )
      .toBe('delivered');
    await session.screenshot('dashboard-message');
    await nav('Mesajlar').click();
    await page.getByLabel('Telefon ya da sipariş numarası').fill('+90 532 111 22 33');
    await page.getByRole('button', { name: 'Ara' }).click();
    expect(await page.locator('tr[data-message]').count()).toBe(1);
    expect(await page.locator('tr[data-message]').getAttribute('data-status')).toBe('delivered');
    await session.screenshot('dashboard-messages');
    await nav('Telefonlar').click();
    expect(await page.getByTestId('inbox').textContent()).toContain('100234');
    await session.screenshot('dashboard-phones');
  });

  it('refuses a state-changing request without the CSRF token, then logs out', async () => {
    const forged = await page.request.post(`${base}/logout`, { form: {}, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1, name: 'Genel bakış' }).waitFor(WITHIN);
    await page.getByRole('button', { name: 'Çıkış' }).click();
    await page.waitForURL((url) => url.pathname === '/login', WITHIN);
    await page.goto(`${base}/messages`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(session.pageErrors, session.pageErrors.join('\n')).toEqual([]);
  });
});
