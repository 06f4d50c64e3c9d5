// Login, sessions, CSRF, the login rate limit, logout and the language switch, over real HTTP handling.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDashboard } from './plugin.js';
import { Browser, PASSWORD, testDashboard, type TestDashboard } from './test-dashboard.js';

let t: TestDashboard;
let browser: Browser;
beforeEach(async () => {
  t = await testDashboard();
  browser = new Browser(t.app);
});
afterEach(() => t.close());

describe('createDashboard options', () => {
  it('Should name every bad option at once', () => {
    expect(() =>
      createDashboard({
        notifier: undefined as never,
        mode: 'test' as never,
        sender: 'DEMO',
        password: 'short',
        publicUrl: undefined,
        panels: undefined as never,
        about: () => ({}),
        timeZone: 'Mars/Base',
      }),
    ).toThrow(
      /notifier is required; mode must be 'sandbox' or 'live'; password must be at least 8 characters; panels must be a function.*timeZone "Mars\/Base"/,
    );
  });
});

describe('GET /', () => {
  it('Should answer a script with what the server is (JSON), and send a browser to the login page', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/' });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual({ name: 'esemes server' });
    const page = await browser.get('/');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login');
  });

  it('Should send every other page to the login page with where to come back to', async () => {
    const page = await browser.get('/messages?q=100234');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Fmessages%3Fq%3D100234');
    const htmx = await browser.get('/templates', { 'hx-request': 'true' });
    expect(htmx.statusCode).toBe(401);
    expect(htmx.headers['hx-redirect']).toBe('/login');
  });
});

describe('login', () => {
  it('Should refuse a wrong password with the page saying so, and let the right one in with an HttpOnly, SameSite session cookie', async () => {
    await browser.get('/login');
    const wrong = await browser.post('/login', { password: 'not the password', next: '/' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Parola yanlış.');
    expect((await browser.get('/')).statusCode).toBe(303);

    const right = await browser.post('/login', { password: PASSWORD, next: '/messages' });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/messages');
    const cookie = String(right.headers['set-cookie']);
    expect(cookie).toMatch(/esemes_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const overview = await browser.get('/');
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('Genel bakış');
  });

  it('Should never send the shop owner to another site after logging in', async () => {
    await browser.get('/login');
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
      const response = await browser.post('/login', { password: PASSWORD, next });
      expect(response.headers.location).toBe('/');
      await browser.post('/logout');
      await browser.get('/login');
    }
  });

  it('Should refuse a login without the CSRF token (403), and let nobody in', async () => {
    await browser.get('/login');
    const response = await browser.post('/login', { password: PASSWORD }, { csrf: false });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('İstek reddedildi');
    expect((await browser.get('/')).statusCode).toBe(303);
  });

  it('Should rate-limit login attempts per client (429 after 5 a minute), the right password included', async () => {
    await browser.get('/login');
    for (let attempt = 0; attempt < 5; attempt++) expect((await browser.post('/login', { password: 'wrong password!' })).statusCode).toBe(401);
    const limited = await browser.post('/login', { password: PASSWORD });
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('Çok fazla deneme');
    expect((await browser.get('/')).statusCode).toBe(303);
  });

  it('Should say the dashboard is off when no password is set, and let nobody in', async () => {
    const off = await testDashboard({ password: undefined });
    try {
      const visitor = new Browser(off.app);
      const page = await visitor.get('/login');
      expect(page.body).toContain('ADMIN_PASSWORD');
      // No form, so no CSRF token either: refused before the password is looked at.
      expect((await visitor.post('/login', { password: '' })).statusCode).toBe(403);
      expect((await visitor.get('/')).statusCode).toBe(303);
    } finally {
      await off.close();
    }
  });
});

describe('a logged-in session', () => {
  it('Should refuse a state-changing request without the CSRF token and change nothing', async () => {
    await browser.login();
    await t.notifier.templates.put('demo', 'order.created', 'tr', 'Eski şablon {{order.number}}');
    const forged = await browser.post('/templates/reset', { store: 'demo', event: 'order.created', language: 'tr' }, { csrf: false });
    expect(forged.statusCode).toBe(403);
    expect((await t.notifier.templates.get('demo', 'order.created', 'tr')).source).toBe('override');
    const wrongToken = await browser.post('/templates/reset', { store: 'demo', event: 'order.created', language: 'tr', _csrf: 'x' }, { csrf: false });
    expect(wrongToken.statusCode).toBe(403);
    expect((await t.notifier.templates.get('demo', 'order.created', 'tr')).source).toBe('override');
  });

  it('Should end the session at logout: the old cookie opens nothing afterwards', async () => {
    await browser.login();
    const cookie = browser.cookies.get('esemes_session');
    expect((await browser.post('/logout')).headers.location).toBe('/login?out=1');
    const replay = await t.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html', cookie: `esemes_session=${cookie}` } });
    expect(replay.statusCode).toBe(303);
  });

  it('Should keep sessions in the engine database, so another instance on it knows them', async () => {
    await browser.login();
    const records = await t.notifier.state.listState('dashboard:sessions');
    expect(records).toHaveLength(1);
    expect(records[0]?.value).toContain('"loggedIn":true');
    expect(records[0]?.value).not.toContain(PASSWORD);
  });
});

describe('language', () => {
  it('Should answer in the browser’s language, and keep the one the shop owner switches to', async () => {
    browser.language = 'en-GB,en;q=0.9';
    expect((await browser.get('/login')).body).toContain('<html lang="en">');
    await browser.get('/lang?to=tr&back=%2Flogin');
    const page = await browser.get('/login');
    expect(page.body).toContain('<html lang="tr">');
    expect(page.body).toContain('Giriş yap');
  });
});
