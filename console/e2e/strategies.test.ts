/**
 * The strategy studio end to end, in the browser against the real server and store: an analyst
 * edits the payment strategy, sees a compile problem appear at its line as they type, fixes it
 * with a real change, tries the draft on a sample event (nothing recorded), diffs it against the
 * live version and submits it; the analyst cannot approve it themselves; an approver sees the diff
 * and approves it, and the new version is live. Then a list entry goes the same way.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startConsoleRig, type ConsoleRig, type ConsoleUser } from './console-rig.js';

const RULE_BEFORE = "event.type == 'payment' && features.cust_declined_10m >= 3.0";
const RULE_TYPO = "event.type == 'payment' && features.cust_declined_10m >= 3.0 && event.amout > 0";
const RULE_AFTER = "event.type == 'payment' && features.cust_declined_10m >= 4.0";

describe('console: strategy studio, approvals, lists', () => {
  let rig: ConsoleRig;
  let analyst: ConsoleUser;
  let approver: ConsoleUser;
  let analystPage: { page: Page; errors: string[]; close: () => Promise<void> };
  let approverPage: { page: Page; errors: string[]; close: () => Promise<void> };
  let changeId = '';
  let liveBefore = 0;

  const open = async (user: ConsoleUser) => {
    const { context, page, errors } = await rig.newPage();
    await rig.signIn(page, user);
    return { page, errors, close: () => context.close() };
  };
  const engine = () => rig.platform.decisions();

  before(async () => {
    rig = await startConsoleRig({ background: false });
    analyst = await rig.user('studio_analyst', ['strategy_analyst']);
    approver = await rig.user('studio_approver', ['strategy_approver']);
    liveBefore = (await engine()).strategies.live('payment').version!;
  });
  after(async () => {
    await analystPage?.close();
    await approverPage?.close();
    await rig?.close();
  });

  it('shows the live payment strategy with its version and rules', async () => {
    analystPage = await open(analyst);
    const { page } = analystPage;
    await page.goto(`${rig.baseUrl}/#/strategies?point=payment`);
    await page.locator('[data-testid="live-version"]').waitFor();
    assert.match(await page.locator('[data-testid="live-version"]').innerText(), new RegExp(`版本 ${liveBefore}`));
    assert.match(await page.locator('[data-testid="live-version"]').innerText(), /由 fengkong 于 .* 发布/);
    const rules = page.locator('[data-testid="rule-table"] tbody tr');
    assert.ok((await rules.count()) >= 5);
    assert.ok((await page.locator('[data-testid="rule-table"]').innerText()).includes('PAY_DECLINES_BURST'));
    // The editor starts as the live body and compiles.
    await page.locator('[data-testid="compile-status"]', { hasText: '编译通过' }).waitFor();
    await rig.shot(page, '20-strategy-studio');
  });

  it('marks an unknown field at its line while typing, and clears once fixed with a real change', async () => {
    const { page } = analystPage;
    const editor = page.getByLabel('策略 YAML(payment)');
    const live = await editor.inputValue();
    assert.ok(live.includes(RULE_BEFORE));
    const typo = live.replace(RULE_BEFORE, RULE_TYPO);
    const line = typo.split('\n').findIndex((l) => l.includes('event.amout')) + 1;
    await editor.fill(typo);
    const problem = page.locator('[data-testid="compile-problem"]').first();
    await problem.waitFor();
    const text = await problem.innerText();
    assert.match(text, /rules\[1\]\.when/);
    assert.match(text, /amout/);
    assert.match(text, new RegExp(`^${line}:\\d+`), text);
    assert.equal(await page.locator(`.gutter-line.bad[data-line="${line}"]`).count(), 1);
    assert.equal(await editor.getAttribute('aria-invalid'), 'true');
    // Its position is a button that puts the cursor on that line of the editor.
    await problem.getByRole('button').click();
    const caretLine = await editor.evaluate((el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split('\n').length);
    assert.equal(caretLine, line);
    await rig.shot(page, '21-compile-error');

    await editor.fill(live.replace(RULE_BEFORE, RULE_AFTER));
    await page.locator('[data-testid="compile-status"]', { hasText: '编译通过' }).waitFor();
    assert.equal(await page.locator('[data-testid="compile-problem"]').count(), 0);
    assert.equal(await page.locator('.gutter-line.bad').count(), 0);
  });

  it('tries the draft on a sample event without recording anything', async () => {
    const { page } = analystPage;
    const sample = JSON.parse(await page.getByLabel('示例事件(JSON)').inputValue()) as { id: string };
    await page.getByRole('button', { name: '试运行草稿' }).click();
    await page.locator('[data-testid="trial-outcome"]').waitFor();
    assert.match(await page.locator('[data-testid="trial-outcome"]').innerText(), /放行|人工审核|拦截/);
    const ruleCount = await page.locator('[data-testid="rule-table"] tbody tr').count();
    assert.equal(await page.locator('[data-testid="trial-result"] tbody tr').count(), ruleCount);
    assert.equal(await page.locator('[data-testid="trial-result"] tr[data-rule="PAY_DECLINES_BURST"]').getAttribute('data-result'), 'miss');
    const stored = await rig.platform.db.query('SELECT 1 FROM events WHERE id = $1', [sample.id]);
    assert.equal(stored.rows.length, 0, 'a trial stores no event');
  });

  it('diffs the draft against the live version, and two recorded versions', async () => {
    const { page } = analystPage;
    const diff = page.locator('[data-testid="line-diff"]');
    await diff.waitFor();
    assert.ok((await diff.locator('.diff-add').allInnerTexts()).some((l) => l.includes('>= 4.0')));
    assert.ok((await diff.locator('.diff-del').allInnerTexts()).some((l) => l.includes('>= 3.0')));
    // The live version against itself: nothing added or removed.
    await page.locator('select[name="diff-to"]').selectOption(String(liveBefore));
    await page.locator('.line-diff', { hasText: '两个版本内容相同' }).waitFor();
    assert.equal(await diff.locator('.diff-add, .diff-del').count(), 0);
    await page.locator('select[name="diff-to"]').selectOption('draft');
    await diff.locator('.diff-add').first().waitFor();
  });

  it('submits the draft for approval and shows the change awaiting approval', async () => {
    const { page } = analystPage;
    await page.getByLabel('变更原因(审批人会看到)').fill('拒付次数阈值由 3 调整为 4,减少误报');
    await page.getByRole('button', { name: '提交审批' }).click();
    const done = page.locator('[data-testid="submitted-change"]');
    await done.waitFor();
    const text = await done.innerText();
    assert.match(text, /等待审批/);
    changeId = /chg_[0-9a-f]+/.exec(text)?.[0] ?? '';
    assert.ok(changeId, text);
  });

  it('does not let the analyst approve their own change', async () => {
    const { page } = analystPage;
    await page.goto(`${rig.baseUrl}/#/approvals`);
    const card = page.locator(`[data-change-id="${changeId}"]`);
    await card.waitFor();
    assert.equal(await card.getByRole('button', { name: '批准' }).count(), 0);
    assert.equal(await card.getByRole('button', { name: '撤回' }).count(), 1);
    // The server refuses it too, whatever the page shows.
    const status = await page.evaluate(async (id) => (await fetch(`/v1/changes/${id}/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status, changeId);
    assert.equal(status, 403);
    assert.equal((await engine()).strategies.live('payment').version, liveBefore);
  });

  it('an approver sees the diff and approves; the new version is live at once', async () => {
    approverPage = await open(approver);
    const { page } = approverPage;
    await page.goto(`${rig.baseUrl}/#/approvals`);
    const card = page.locator(`[data-change-id="${changeId}"]`);
    await card.locator('[data-testid="line-diff"] .diff-add').first().waitFor();
    assert.ok((await card.locator('.diff-add').allInnerTexts()).some((l) => l.includes('>= 4.0')));
    assert.match(await card.innerText(), /studio_analyst/);
    assert.match(await card.innerText(), /减少误报/);
    await rig.shot(page, '22-approvals');
    await card.getByRole('button', { name: '批准' }).click();
    await page.locator('[data-testid="approvals-flash"]', { hasText: changeId }).waitFor();

    const live = (await engine()).strategies.live('payment');
    assert.equal(live.version, liveBefore + 1);
    assert.equal(live.rules.find((r) => r.id === 'PAY_DECLINES_BURST')?.when, RULE_AFTER);

    // And the studio shows it published.
    const studio = analystPage.page;
    await studio.goto(`${rig.baseUrl}/#/strategies?point=payment`);
    await studio.locator('[data-testid="live-version"]', { hasText: `版本 ${liveBefore + 1}` }).waitFor();
    assert.match(await studio.locator('[data-testid="live-version"]').innerText(), /由 studio_approver 于 .* 提出人 studio_analyst/);
    assert.ok((await studio.locator('[data-testid="rule-table"]').innerText()).includes('cust_declined_10m >= 4.0'));
  });

  it('lists: proposes a block-list entry, approved by the approver, then shown', async () => {
    const { page } = analystPage;
    await page.goto(`${rig.baseUrl}/#/lists?list=block_devices`);
    await page.getByRole('heading', { name: '提议向 block_devices 新增条目' }).waitFor();
    await page.locator('input[name="add-entry-key"]').fill('deviceId');
    await page.locator('input[name="add-entry-value"]').fill('dev-e2e-farm-1');
    await page.locator('input[name="add-entry-reason"]').fill('设备农场');
    await page.getByRole('button', { name: '提交新增' }).click();
    const done = page.locator('[data-testid="add-entry-done"]');
    await done.waitFor();
    const listChange = /chg_[0-9a-f]+/.exec(await done.innerText())?.[0];
    assert.ok(listChange);

    const ap = approverPage.page;
    await ap.goto(`${rig.baseUrl}/#/approvals?kind=list.entry.add`);
    const card = ap.locator(`[data-change-id="${listChange}"]`);
    await card.waitFor();
    await card.getByRole('button', { name: '批准' }).click();
    await ap.locator('[data-testid="approvals-flash"]', { hasText: listChange! }).waitFor();

    await page.reload();
    await page.locator('[data-testid="list-entries"]', { hasText: 'dev-e2e-farm-1' }).waitFor();
    await rig.shot(page, '23-lists');
  });

  it('had no page or console errors', () => {
    assert.deepEqual(analystPage.errors, []);
    assert.deepEqual(approverPage.errors, []);
  });
});
