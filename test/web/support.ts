// The playground's browser tests: a real server (createApp, PLAYGROUND on) and Debian's Chromium driven by
// playwright-core. Without Chromium they skip locally with a message, and fail loudly in CI (CI=true).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ci = ['true', '1'].includes((process.env['CI'] ?? '').toLowerCase());
const present = existsSync(CHROMIUM);

/** Skip only outside CI: in CI a missing browser is a failure of the run, not a quiet skip. */
export const skipBrowserTests = !present && !ci;
if (skipBrowserTests) {
  process.stderr.write(`\n[test/web] SKIPPED: no Chromium at ${CHROMIUM}. Install it with \`apt-get install -y chromium\` (.ci/run does) or set CHROMIUM_PATH.\n\n`);
}

export async function launchBrowser(): Promise<Browser> {
  if (!present) throw new Error(`Chromium is required for the playground tests and was not found at ${CHROMIUM}: .ci/run installs it with apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Running {
  url: string;
  app: App;
  stop(): Promise<void>;
}

/** The bot as `npm start` runs it, on a free port, a memory store and a temporary data folder. */
/** `env` adds to (and overrides) the playground's local settings, e.g. an exposed deployment. */
export async function startServer(env: Record<string, string> = {}): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'playground-'));
  const port = await freePort();
  const app = await createApp(loadConfig({
    PORT: String(port), HOST: '127.0.0.1', STORE: 'memory', DATA_DIR: dir, LOG_LEVEL: 'silent',
    PROVISIONING_DELAY_MS: '3600000', PLAYGROUND: 'true', ...env,
  }));
  const url = await app.start();
  return {
    url, app,
    async stop() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The server and a browser for a describe block: started before its tests, stopped after them. */
export function usePlayground(env: Record<string, string> = {}): { readonly server: Running; readonly browser: Browser } {
  let server: Running | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer(env);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() { if (!server) throw new Error('the playground has not started'); return server; },
    get browser() { if (!browser) throw new Error('the browser has not started'); return browser; },
  };
}

const TURN_MS = 15_000;

export const lastBot = (page: Page): Locator => page.locator('#log > li.bot').last();

/** Runs `action` and waits until a new bot message containing `expect` has arrived and the page is idle. */
export async function turn(page: Page, action: () => Promise<unknown>, expect: string | RegExp): Promise<Locator> {
  const before = await page.locator('#log > li.bot').count();
  await action();
  await page.waitForFunction((n) => document.querySelectorAll('#log > li.bot').length > n, before, { timeout: TURN_MS });
  const hit = page.locator('#log > li.bot', { hasText: expect }).last();
  await hit.waitFor({ timeout: TURN_MS });
  await page.waitForFunction(() => document.getElementById('typing')?.textContent === '', undefined, { timeout: TURN_MS });
  return hit;
}

export function say(page: Page, text: string, expect: string | RegExp): Promise<Locator> {
  return turn(page, async () => {
    await page.locator('#input').fill(text);
    await page.keyboard.press('Enter');
  }, expect);
}

/** Presses a button (card action or Teams suggested action) on the latest bot message. */
export function click(page: Page, label: string, expect: string | RegExp): Promise<Locator> {
  return turn(page, () => lastBot(page).getByRole('button', { name: label, exact: true }).click(), expect);
}

/** Waits until a row of the tester panel's order list shows `value` (the panel refreshes just after each turn). */
export async function orderShows(page: Page, key: string, value: string | RegExp): Promise<void> {
  await page.locator(`#order dd[data-key="${key}"]`, { hasText: value }).waitFor({ timeout: TURN_MS });
}
