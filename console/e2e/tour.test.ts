/**
 * Every page of the console, visited by an auditor (reads everything, changes nothing, personal
 * data masked) over generated demo data: each page renders without a script or console error,
 * every form control and button has an accessible name, no national id, phone or card number
 * appears in clear, and the keyboard reaches the content through the skip link.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startConsoleRig, type ConsoleRig } from './console-rig.js';

// What a resident id, a mobile number or a bank card looks like in clear (masked ones hold `*`).
const IN_CLEAR = [/(?<![\d*])\d{17}[\dXx](?![\d*])/, /(?<![\d*])1[3-9]\d{9}(?![\d*])/, /(?<![\d*])62\d{14,17}(?![\d*])/];

/** Controls and buttons without an accessible name (label, aria-label, aria-labelledby, title, text). */
async function unnamed(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('input, select, textarea, button'))) {
      if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
      const labelled =
        ((el as HTMLInputElement).labels?.length ?? 0) > 0 ||
        !!el.getAttribute('aria-label') ||
        !!el.getAttribute('aria-labelledby') ||
        !!el.getAttribute('title') ||
        (el.tagName === 'BUTTON' && (el.textContent ?? '').trim().length > 0);
      if (!labelled) out.push(el.outerHTML.slice(0, 120));
    }
    return out;
  });
}

describe('console: every page, as an auditor', () => {
  let rig: ConsoleRig;
  before(async () => {
    rig = await startConsoleRig({ demo: { customers: 200, days: 3, seed: 11 } });
  });
  after(async () => rig?.close());

  it('renders each page with named controls, masked personal data and no errors', async () => {
    const auditor = await rig.user('tour_auditor', ['auditor']);
    const { context, page, errors } = await rig.newPage();
    await rig.signIn(page, auditor);

    // The keyboard: the first Tab lands on the skip link, which moves focus to the content.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');

    const links = await page.locator('nav[aria-label] a').evaluateAll((as) => as.map((a) => [a.getAttribute('href') ?? '', (a.textContent ?? '').trim()] as const));
    assert.ok(links.length >= 10, `the auditor reads every page: ${links.map((l) => l[1]).join(', ')}`);
    for (const [href, name] of links) {
      await page.goto(rig.baseUrl + '/' + href);
      await page.locator('main h1').first().waitFor({ timeout: 15_000 });
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await unnamed(page), [], `unnamed controls on ${name}`);
      const text = await page.locator('main').innerText();
      for (const re of IN_CLEAR) assert.ok(!re.test(text), `${name} shows ${text.match(re)?.[0]} in clear`);
      await rig.shot(page, `40-tour-${href.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}`);
    }
    // A case page too: where the customer's profile, events and linked entities are shown.
    await page.goto(rig.baseUrl + '/#/alerts');
    const caseLink = page.locator('main a[href^="#/alerts/"]').first();
    await caseLink.waitFor({ timeout: 30_000 });
    await caseLink.click();
    await page.locator('main h1').first().waitFor({ timeout: 15_000 });
    // The entity panel loads after the case: wait for its masked profile (a value with ***).
    await page.locator('main').getByText(/\*{3}/).first().waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    await rig.shot(page, '40-tour-case');
    assert.deepEqual(await unnamed(page), [], 'unnamed controls on a case page');
    const caseText = await page.locator('main').innerText();
    for (const re of IN_CLEAR) assert.ok(!re.test(caseText), `a case page shows ${caseText.match(re)?.[0]} in clear`);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
