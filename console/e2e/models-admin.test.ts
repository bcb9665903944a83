/**
 * The model and administration pages in a real browser against the real server: a scorecard trained
 * on German credit is read and approved by a model approver (not its author) and its activation
 * requested by the modeller; an admin creates a user and an API key (each secret shown once) and
 * revokes the key; an auditor finds the user's creation in the audit log and verifies the chain;
 * the data-quality page shows the demo's streams.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startConsoleRig, type ConsoleRig, type ConsoleUser } from './console-rig.js';

const GERMAN = process.env.FENGKONG_GERMANCREDIT ?? '/work/shared/data/germancredit.csv';

/**
 * A partner's payment feed through the ingestion API with the faults the data-quality page is for:
 * a sparse optional field, records that fail validation, a resent record and a late one.
 */
async function seedPartnerFeed(rig: ConsoleRig): Promise<void> {
  const key = await rig.platform.identity.apiKeys.create({ name: 'partner feed', scopes: ['ingest'] }, { type: 'system', id: 'test' });
  const now = Date.now();
  const payment = (i: number, over: Record<string, unknown> = {}) => ({
    id: `pf-${i}`,
    type: 'payment',
    source: 'partner_feed',
    occurredAt: new Date(now - (40 - i) * 1000).toISOString(),
    customerId: `cust-${i % 7}`,
    amount: 1000 + i,
    currency: 'CNY',
    accountId: `acc-${i % 7}`,
    merchantId: `mch-${i % 4}`,
    ...(i % 3 === 0 ? { deviceId: `dev-${i}` } : {}),
    channel: 'app',
    ...over,
  });
  const records = [
    ...Array.from({ length: 30 }, (_, i) => payment(i)),
    payment(5), // resent: a duplicate
    payment(31, { amount: -5 }),
    payment(32, { currency: 'XYZ' }),
    payment(33, { customerId: undefined }),
    payment(34, { occurredAt: new Date(now - 2 * 3600_000).toISOString() }), // two hours late
  ];
  const res = await fetch(`${rig.baseUrl}/v1/events/batch`, { method: 'POST', headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
  assert.equal(res.status, 200, await res.text());
}

describe('console: models, users, API keys, audit, data quality', () => {
  let rig: ConsoleRig;
  let modeller: ConsoleUser;
  let approver: ConsoleUser;
  let modelId: string;
  before(async () => {
    rig = await startConsoleRig({ background: false, demo: { customers: 200, days: 3, seed: 3 } });
    modeller = await rig.user('mod_sun', ['modeller']);
    approver = await rig.user('appr_zhou', ['model_approver']);
    const csv = readFileSync(GERMAN, 'utf8');
    const { version } = await rig.platform.modelling.train('german_card', { csv: { text: csv, target: { target: 'creditability', bad: 'bad' } } }, { name: 'germancredit.csv' }, { method: 'scorecard' }, { type: 'user', id: modeller.username });
    modelId = version.id;
    await seedPartnerFeed(rig);
  });
  after(async () => rig?.close());

  it('a model approver reads the registry and the charts, and approves; the modeller requests activation', async () => {
    const { context, page, errors } = await rig.newPage();
    await rig.signIn(page, approver);
    await page.goto(`${rig.baseUrl}/#/models`);
    const row = page.locator('[data-testid="model-list"] tbody tr', { hasText: 'german_card' });
    await row.waitFor();
    assert.match(await row.innerText(), /草稿/);
    await page.locator('select[name="status"]').selectOption('draft');
    await page.locator('input[name="name"]').fill('german');
    await row.waitFor();
    await rig.shot(page, '30-models');

    await row.locator('a').click();
    for (const chart of ['roc', 'ks', 'score-distribution', 'psi', 'psi-score', 'lift', 'calibration']) await page.locator(`[data-testid="chart-${chart}"][data-rendered="true"]`).waitFor();
    assert.ok(Number(await page.locator('[data-testid="kpi-auc"] .value').innerText()) > 0.7);
    await page.locator('[data-testid="model-variables"] tbody tr').first().waitFor();
    const reportHref = await page.locator('[data-testid="model-report-link"]').getAttribute('href');
    const report = await page.request.get(rig.baseUrl + reportHref!);
    assert.equal(report.status(), 200);
    assert.match(await report.text(), /ROC/);

    await page.locator('input[name="approve-note"]').fill('报告已阅');
    await page.getByRole('button', { name: '审批通过' }).click();
    await page.locator('[data-testid="model-action-result"]').waitFor();
    await page.locator('[data-testid="model-status"]', { hasText: '已审批' }).waitFor();
    await page.locator('[data-testid="model-variables"] button').first().click();
    await rig.shot(page, '31-model-report');
    assert.deepEqual(errors, []);
    await context.close();

    // The author proposes activation; a second person decides it on the Approvals page.
    const m = await rig.newPage();
    await rig.signIn(m.page, modeller);
    await m.page.goto(`${rig.baseUrl}/#/models/${modelId}`);
    await m.page.locator('select[name="use"]').selectOption('loan_application');
    await m.page.getByRole('button', { name: '申请上线' }).click();
    const result = m.page.locator('[data-testid="model-action-result"]');
    await result.waitFor();
    assert.match(await result.innerText(), /chg_|待审批/);
    await m.page.locator('[data-testid="model-changes"] tbody tr', { hasText: '待审批' }).waitFor();
    assert.deepEqual(m.errors, []);
    await m.context.close();
  });

  it('an admin creates a user (initial password shown once), creates and revokes an API key', async () => {
    const admin = await rig.user('root_admin', ['admin']);
    const { context, page, errors } = await rig.newPage();
    await rig.signIn(page, admin);
    await page.goto(`${rig.baseUrl}/#/users`);
    await page.locator('[data-testid="role-matrix"]').waitFor();
    await page.locator('input[name="new-username"]').fill('new_investigator');
    await page.locator('input[name="new-display-name"]').fill('调查员 钱');
    await page.locator('input[name="new-roles"][value="investigator"]').check();
    await page.locator('input[name="new-roles"][value="viewer"]').check();
    await page.getByRole('button', { name: '创建用户' }).click();
    const password = await page.locator('[data-testid="one-time-password-value"]').innerText();
    assert.ok(password.length >= 12, password);
    const row = page.locator('[data-testid="user-new_investigator"]');
    await row.waitFor();
    assert.match(await row.innerText(), /调查员[\s\S]*只读用户[\s\S]*须修改密码/);
    await rig.shot(page, '32-users');
    // Closed, the password is gone from the page.
    await page.locator('[data-testid="one-time-password"] button').click();
    assert.equal(await page.getByText(password).count(), 0);

    await page.goto(`${rig.baseUrl}/#/api-keys`);
    await page.locator('input[name="key-name"]').fill('lending_front');
    await page.locator('input[name="key-scopes"][value="credit"]').check();
    await page.getByRole('button', { name: '创建密钥' }).click();
    const key = await page.locator('[data-testid="one-time-key-value"]').innerText();
    assert.ok(key.length >= 20);
    const keyRow = page.locator('[data-testid="key-lending_front"]');
    await keyRow.waitFor();
    assert.ok(!(await page.locator('[data-testid="key-list"]').innerText()).includes(key), 'the list never shows a secret');
    await keyRow.getByRole('button', { name: '吊销' }).click();
    await keyRow.getByRole('button', { name: '确认吊销 lending_front' }).click();
    await keyRow.locator('.badge', { hasText: '已吊销' }).waitFor();
    await rig.shot(page, '33-api-keys');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('an auditor finds the user creation in the audit log, opens it and verifies the chain', async () => {
    const auditor = await rig.user('aud_li', ['auditor']);
    const { context, page, errors } = await rig.newPage();
    await rig.signIn(page, auditor);
    await page.goto(`${rig.baseUrl}/#/audit`);
    await page.locator('[data-testid="audit-list"]').waitFor();
    await page.locator('input[name="audit-action"]').fill('user.create');
    await page.locator('input[name="audit-targetId"]').fill('new_investigator');
    await page.getByRole('button', { name: '查询' }).click();
    const rows = page.locator('[data-testid="audit-list"] tbody tr[data-testid^="audit-"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-list"] tbody tr[data-testid^="audit-"]').length === 1);
    const entry = await rows.first().innerText();
    assert.match(entry, /root_admin/);
    assert.match(entry, /user:new_investigator/);
    await rows.first().getByRole('button').click();
    await page.locator('pre.diff-add', { hasText: 'investigator' }).waitFor();
    await page.locator('[data-testid="verify-chain"]').click();
    await page.locator('[data-testid="verify-result"]', { hasText: '哈希链完整' }).waitFor();
    await rig.shot(page, '34-audit');
    // Keyset paging: the second page of twenty starts after the first page's last seq.
    await page.getByRole('button', { name: '重置' }).click();
    await page.locator('select[name="audit-limit"]').selectOption('20');
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('[data-testid="audit-20"]').waitFor();
    await page.getByRole('button', { name: '下一页' }).click();
    await page.locator('[data-testid="audit-21"]').waitFor();
    assert.equal(await page.locator('[data-testid="audit-20"]').count(), 0);

    await page.goto(`${rig.baseUrl}/#/quality`);
    await page.locator('[data-testid="quality-streams"] tbody tr').first().waitFor();
    await page.locator('select[name="stream"]').selectOption('partner_feed/payment');
    await page.locator('[data-testid="rejections"] tbody tr').first().waitFor();
    assert.match(await page.locator('[data-testid="quality-streams"] tbody tr', { hasText: 'partner_feed' }).innerText(), /2\.9%|3\.0%/);
    await page.locator('[data-testid="chart-completeness"][data-rendered="true"]').waitFor();
    await page.locator('[data-testid="chart-quality-problems"][data-rendered="true"]').waitFor();
    assert.ok((await page.locator('[data-testid="freshness"]').count()) > 0);
    await rig.shot(page, '35-data-quality');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
