// The browser-test infrastructure on its own: Debian's Chromium driven by playwright-core clicks a
// button on a page served on 127.0.0.1, the DOM changes, a screenshot is saved, the profile is removed.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumMissingError, launchBrowser, SCREENSHOT_DIR } from './browser.js';

const PAGE = `<!doctype html>
<html lang="tr"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Deneme</title></head>
<body>
<h1>Tarayıcı testi</h1>
<p id="status">Bekliyor</p>
<button type="button" id="send">Gönder</button>
<script>
  document.getElementById('send').addEventListener('click', () => {
    document.getElementById('status').textContent = 'Gönderildi';
    document.body.dataset.clicked = 'yes';
  });
</script>
</body></html>
`;

let server: Server;
let origin: string;
const served: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    served.push(`${req.method} ${req.url}`);
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('browser tests', () => {
  it('Should click a button in Chromium, see the DOM change and save a screenshot', async () => {
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await page.goto(`${origin}/`);
      expect(await page.locator('#status').textContent()).toBe('Bekliyor');

      await page.getByRole('button', { name: 'Gönder' }).click();
      await page.locator('body[data-clicked="yes"]').waitFor();
      expect(await page.locator('#status').textContent()).toBe('Gönderildi');

      const path = await browser.screenshot('browser-infrastructure');
      expect(path).toBe(join(SCREENSHOT_DIR, 'browser-infrastructure.png'));
      const png = await readFile(path);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(browser.pageErrors).toEqual([]);
      expect(served).toContain('GET /');
    } finally {
      await browser.close();
    }
    expect(existsSync(browser.userDataDir)).toBe(false);
  });

  it('Should start each session with a fresh profile and remove it at close', async () => {
    const browser = await launchBrowser();
    const { userDataDir } = browser;
    try {
      expect(userDataDir.startsWith(tmpdir())).toBe(true);
      expect(existsSync(userDataDir)).toBe(true);
      await browser.page.goto(`${origin}/`);
      await browser.page.evaluate("localStorage.setItem('seen', '1')"); // a string: no DOM types in this workspace
    } finally {
      await browser.close();
      await browser.close(); // a second close is harmless
    }
    expect(existsSync(userDataDir)).toBe(false);

    const next = await launchBrowser();
    try {
      expect(next.userDataDir).not.toBe(userDataDir);
      await next.page.goto(`${origin}/`);
      expect(await next.page.evaluate("localStorage.getItem('seen')")).toBeNull();
    } finally {
      await next.close();
    }
  });

  it('Should refuse a screenshot name that is not a plain file name', async () => {
    const browser = await launchBrowser();
    try {
      await expect(browser.screenshot('../outside')).rejects.toThrow(TypeError);
    } finally {
      await browser.close();
    }
  });

  it('Should name .ci/chromium.sh when Chromium is missing', async () => {
    const missing = join(tmpdir(), 'esemes-no-chromium', 'chromium');
    await rm(missing, { force: true });
    const error = await launchBrowser({ executablePath: missing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChromiumMissingError);
    expect((error as ChromiumMissingError).executablePath).toBe(missing);
    expect((error as Error).message).toContain('.ci/chromium.sh');
    expect((error as Error).message).toContain(missing);
  });
});
