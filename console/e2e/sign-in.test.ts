/**
 * Signing in to the console with a password and a TOTP code, role-aware navigation, the language
 * switch, and how long the first load takes (target ≤ 2 s on loopback).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startConsoleRig, type ConsoleRig } from './console-rig.js';

describe('console: sign-in, navigation, language', () => {
  let rig: ConsoleRig;
  before(async () => {
    rig = await startConsoleRig({ background: false });
  });
  after(async () => rig?.close());

  it('loads the sign-in page within 2 s, in Chinese by default, with no script errors', async () => {
    const { context, page, errors } = await rig.newPage();
    const t0 = Date.now();
    await page.goto(rig.baseUrl + '/', { waitUntil: 'load' });
    await page.locator('input[name="username"]').waitFor();
    const firstLoadMs = Date.now() - t0;
    assert.ok(firstLoadMs <= 2_000, `first load took ${firstLoadMs} ms`);
    console.log(JSON.stringify({ measure: 'console.firstLoadMs', value: firstLoadMs }));
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.match(await page.locator('h1').innerText(), /登录风控控制台/);
    await rig.shot(page, '01-sign-in');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('refuses a wrong TOTP code with a message, then signs in with a right one', async () => {
    const analyst = await rig.user('console_analyst', ['strategy_analyst']);
    const { context, page, errors } = await rig.newPage();
    await page.locator('input[name="username"]').fill(analyst.username);
    await page.locator('input[name="password"]').fill(analyst.password);
    await page.locator('input[name="totp"]').fill('000000');
    await page.locator('form button[type="submit"]').click();
    await page.locator('[role="alert"]').waitFor();
    assert.ok((await page.locator('[role="alert"]').innerText()).length > 0);
    await rig.signIn(page, analyst);
    // Navigation shows what the role may open, and nothing else.
    const nav = await page.locator('nav[aria-label] a').allInnerTexts();
    assert.ok(nav.includes('策略工作室'), nav.join(','));
    assert.ok(!nav.includes('用户与角色'), nav.join(','));
    assert.ok(!nav.includes('审计日志'), nav.join(','));
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('switches to English and keeps the choice across a reload', async () => {
    const viewer = await rig.user('console_viewer', ['viewer']);
    const { context, page, errors } = await rig.newPage();
    await rig.signIn(page, viewer);
    await page.locator('[data-testid="language-switch"]').click();
    await page.locator('nav[aria-label="Main navigation"]').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.reload();
    await page.locator('nav[aria-label="Main navigation"]').waitFor();
    assert.match(await page.locator('[data-testid="signed-in-as"]').innerText(), /Signed in as console_viewer/);
    await rig.shot(page, '02-english');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
