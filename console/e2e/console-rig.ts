/**
 * The console under test: a whole platform on a fresh embedded store (as `npm start` runs it),
 * the real HTTP server with the built console on a loopback port, background duties running, and
 * Debian's Chromium driven by playwright-core. People sign in through the page with a real TOTP
 * code; screenshots of every page land in FENGKONG_SCREENSHOT_DIR (default var/console-screenshots).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR } from '../../src/audit/audit-log.js';
import { startBackgroundDuties } from '../../src/app/background.js';
import { loadDemoOnFirstStart } from '../../src/app/demo-loader.js';
import type { Platform } from '../../src/app/platform.js';
import { buildServer } from '../../src/api/server.js';
import { loadConsoleAssets } from '../../src/api/console-assets.js';
import { requiresTotp, type Role } from '../../src/identity/domain/permissions.js';
import { newTotpSecret, totpCode } from '../../src/identity/domain/totp.js';
import { createLogger } from '../../src/ops/logger.js';
import { openTestPlatform, type TestPlatform } from '../../src/test-support/stores.js';
import { TEST_PASSWORD } from '../../src/test-support/identity.js';

export const CHROMIUM = process.env.FENGKONG_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = process.env.FENGKONG_SCREENSHOT_DIR ?? join(process.cwd(), 'var', 'console-screenshots');

export interface ConsoleUser {
  id: string;
  username: string;
  password: string;
  roles: Role[];
  totpSecret: string | null;
}

export interface ConsoleRig {
  baseUrl: string;
  platform: Platform;
  app: FastifyInstance;
  browser: Browser;
  /** A user with the password already changed and TOTP enrolled when the roles need it. */
  user(username: string, roles: Role[]): Promise<ConsoleUser>;
  /** A fresh browser context (own cookies) at the console's sign-in page. */
  newPage(opts?: { language?: 'zh' | 'en' }): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  /** Signs in through the page: user name, password and a TOTP code never used before. */
  signIn(page: Page, user: ConsoleUser): Promise<void>;
  /** Saves a full-page screenshot as `<name>.png`. */
  shot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/** TOTP codes are single-use per 30 s step: a second sign-in of the same user waits for the next. */
const lastStep = new Map<string, number>();
async function freshCode(user: ConsoleUser): Promise<string> {
  const secret = user.totpSecret!;
  let step = Math.floor(Date.now() / 30_000);
  if (lastStep.get(user.username) === step) {
    await new Promise((r) => setTimeout(r, (step + 1) * 30_000 - Date.now() + 50));
    step = Math.floor(Date.now() / 30_000);
  }
  lastStep.set(user.username, step);
  return totpCode(secret, Date.now());
}

export async function startConsoleRig(opts: { demo?: { customers: number; days: number; seed: number }; background?: boolean } = {}): Promise<ConsoleRig> {
  if (loadConsoleAssets().size === 0) throw new Error('the console is not built: run `npm run build` first');
  const tp: TestPlatform = await openTestPlatform('pglite');
  const platform = tp.platform;
  const logger = createLogger(process.env.FENGKONG_LOG_LEVEL ?? 'silent');
  if (opts.demo) await loadDemoOnFirstStart(platform, opts.demo, logger, () => {});
  const app = await buildServer(platform, logger, { draining: false, status: () => ({}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const duties = opts.background === false ? null : startBackgroundDuties(platform, logger, 500);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine's network is closed: without these Chromium keeps trying to reach Google.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    platform,
    app,
    browser,
    async user(username, roles) {
      const u = await platform.identity.users.create({ username, roles, password: TEST_PASSWORD }, SYSTEM_ACTOR, { mustChangePassword: false });
      let totpSecret: string | null = null;
      if (requiresTotp(roles)) {
        totpSecret = newTotpSecret(username).secret;
        await platform.db.query('UPDATE users SET totp_secret = $2, totp_enabled = true WHERE id = $1', [u.id, platform.vault.encrypt(totpSecret)]);
      }
      return { id: u.id, username, password: TEST_PASSWORD, roles, totpSecret };
    },
    async newPage({ language = 'zh' } = {}) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: language === 'en' ? 'en-GB' : 'zh-CN' });
      // The console keeps its language in localStorage; the context's first page starts in the one asked for.
      await context.addInitScript((lng: string) => {
        if (!localStorage.getItem('fengkong.language')) localStorage.setItem('fengkong.language', lng);
      }, language);
      const page = await context.newPage();
      // Uncaught errors and console errors (a CSP refusal shows up here): a test asserts none.
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}${e.stack ? `\n${e.stack}` : ''}`));
      page.on('console', (m) => {
        // A refused API call (401 before sign-in, a 4xx the page shows) is logged by the browser too.
        if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) errors.push(`console: ${m.text()}`);
      });
      await page.goto(baseUrl + '/');
      return { context, page, errors };
    },
    async signIn(page, user) {
      await page.locator('input[name="username"]').fill(user.username);
      await page.locator('input[name="password"]').fill(user.password);
      if (user.totpSecret) await page.locator('input[name="totp"]').fill(await freshCode(user));
      await page.locator('form button[type="submit"]').click();
      await page.locator('[data-testid="signed-in-as"]').waitFor({ timeout: 15_000 });
    },
    async shot(page, name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await browser.close().catch(() => {});
      await duties?.stop();
      await app.close();
      await tp.cleanup();
    },
  };
}
