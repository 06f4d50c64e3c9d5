// Browser tests: Debian's Chromium (/usr/bin/chromium, installed by .ci/chromium.sh) driven by
// playwright-core, which never downloads a browser of its own. Each session gets a fresh temporary
// profile (--user-data-dir), removed at close; screenshots go to test/results/screenshots/ (git-ignored).
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, from the `chromium` package. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The switches every session starts Chromium with: headless, no sandbox (CI runs as root), and none of
 * the background connections this machine's closed network would refuse (updates, sync, QUIC).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Where {@link BrowserSession.screenshot} writes by default: `test/results/screenshots/`. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('./results/screenshots/', import.meta.url));

/** Bounds against a hang on a busy 2-core machine, never speed claims. */
const LAUNCH_WITHIN_MS = 120_000;
const ACTION_WITHIN_MS = 60_000;
const NAVIGATE_WITHIN_MS = 120_000;

/** Chromium is not installed where the session looks for it. */
export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError' as const;
  readonly executablePath: string;
  constructor(executablePath: string, cause?: unknown) {
    super(
      `Chromium is not installed at ${executablePath}: the browser tests drive Debian's chromium package. ` +
        "Install it with `bash .ci/chromium.sh` as root (CI's .ci/run sources it), or `apt-get install --no-install-recommends chromium`.",
      { cause },
    );
    this.executablePath = executablePath;
  }
}

export interface BrowserOptions {
  /** The Chromium binary; default {@link CHROMIUM_PATH}. */
  executablePath?: string;
  /** Folder for screenshots; default {@link SCREENSHOT_DIR}. */
  screenshotDir?: string;
  /** Viewport of every page; default 1280×800. */
  viewport?: { width: number; height: number };
}

/** One running Chromium with its own temporary profile. */
export interface BrowserSession {
  /** The (only) browser context: cookies and storage live in the session's temporary profile. */
  context: BrowserContext;
  /** The page Chromium opened at start. */
  page: Page;
  /** Another tab in the same context. */
  newPage(): Promise<Page>;
  /** Saves a full-page PNG of `page` (default: {@link page}) as `<screenshotDir>/<name>.png`; resolves with its path. */
  screenshot(name: string, page?: Page): Promise<string>;
  /** Uncaught errors of every page's scripts (`pageerror`) and `console.error` lines, in order. */
  pageErrors: string[];
  /** The temporary profile folder (removed by {@link close}). */
  userDataDir: string;
  /** Closes Chromium and removes the temporary profile; safe to call twice. */
  close(): Promise<void>;
}

const SCREENSHOT_NAME = /^[\w.-]{1,100}$/;

function resolveOptions(options: BrowserOptions): Required<BrowserOptions> {
  const problems: string[] = [];
  const viewport = options.viewport ?? { width: 1280, height: 800 };
  if (!Number.isInteger(viewport.width) || viewport.width < 1 || !Number.isInteger(viewport.height) || viewport.height < 1) {
    problems.push('viewport: width and height must be positive integers');
  }
  if (options.executablePath !== undefined && !options.executablePath.startsWith('/')) problems.push('executablePath: must be an absolute path');
  if (problems.length > 0) throw new TypeError(`Invalid browser options: ${problems.join('; ')}`);
  return { executablePath: options.executablePath ?? CHROMIUM_PATH, screenshotDir: options.screenshotDir ?? SCREENSHOT_DIR, viewport };
}

/**
 * Starts Debian's Chromium headless with a fresh temporary profile. Throws {@link ChromiumMissingError}
 * (naming `.ci/chromium.sh`) when the binary is missing.
 *
 * @example
 * ```ts
 * const browser = await launchBrowser();
 * try {
 *   await browser.page.goto('http://127.0.0.1:41234/');
 *   await browser.page.getByRole('button', { name: 'Approve' }).click();
 *   await browser.screenshot('approved');
 * } finally {
 *   await browser.close();
 * }
 * ```
 */
export async function launchBrowser(options: BrowserOptions = {}): Promise<BrowserSession> {
  const { executablePath, screenshotDir, viewport } = resolveOptions(options);
  try {
    await access(executablePath, constants.X_OK);
  } catch (error) {
    throw new ChromiumMissingError(executablePath, error);
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'esemes-chromium-'));
  let context: BrowserContext;
  try {
    // launchPersistentContext passes our folder as --user-data-dir (launch() would make its own).
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      args: [...CHROMIUM_ARGS],
      headless: true,
      viewport,
      timeout: LAUNCH_WITHIN_MS,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(ACTION_WITHIN_MS);
  context.setDefaultNavigationTimeout(NAVIGATE_WITHIN_MS);

  const pageErrors: string[] = [];
  const watch = (page: Page): void => {
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());

  let closing: Promise<void> | undefined;
  return {
    context,
    page,
    pageErrors,
    userDataDir,
    newPage: () => context.newPage(),
    async screenshot(name, target = page) {
      if (!SCREENSHOT_NAME.test(name)) throw new TypeError(`Screenshot name "${name}" must be 1–100 of letters, digits, _, . and - (no folders)`);
      await mkdir(screenshotDir, { recursive: true });
      const path = join(screenshotDir, `${name}.png`);
      await target.screenshot({ path, fullPage: true });
      return path;
    },
    close() {
      closing ??= (async () => {
        try {
          await context.close();
        } finally {
          await rm(userDataDir, { recursive: true, force: true, maxRetries: 5 });
        }
      })();
      return closing;
    },
  };
}
