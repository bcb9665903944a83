/**
 * The alert workbench end to end: five days of generated demo traffic for 300 customers go through
 * the real API (entities and plain events ingested, money movements decided), the decisions open
 * alerts and the background grouper files them into cases. An investigator signs in through the
 * page, filters the workbench, claims a case, works it on the case page (timeline, entity 360
 * graph, a note, a block proposed for approval) and closes it with a disposition; the store must
 * say the same. Then the complaints list with its deadline badges, statistics and a timeline.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_ACTOR } from '../../src/audit/audit-log.js';
import { demoRecords } from '../../src/demo/demo-records.js';
import { decisionPointOf } from '../../src/decisions/domain/decision-points.js';
import { startConsoleRig, type ConsoleRig, type ConsoleUser } from './console-rig.js';

const CUSTOMERS = 300;
const DAYS = 5;
const HOUR = 3_600_000;

/** Sends the demo set through the API as a client system would: batches for records, one call per decision. */
async function seedThroughApi(rig: ConsoleRig): Promise<{ decided: number }> {
  const key = await rig.platform.identity.apiKeys.create({ name: 'demo feeder', scopes: ['ingest', 'decisions'] }, SYSTEM_ACTOR);
  const headers = { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' };
  const call = async (path: string, body: unknown) => {
    const res = await fetch(rig.baseUrl + path, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  const today = new Date();
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - DAYS)).toISOString().slice(0, 10);
  let pending: { kind: 'entities' | 'events'; records: unknown[] } = { kind: 'entities', records: [] };
  const flush = async () => {
    if (pending.records.length > 0) await call(`/v1/${pending.kind}/batch`, { records: pending.records });
    pending.records = [];
  };
  let decided = 0;
  for (const { file, record } of demoRecords({ customers: CUSTOMERS, days: DAYS, seed: 7, start })) {
    if (file === 'labels') continue;
    const kind = file === 'events' ? 'events' : 'entities';
    const type = (record as { type?: string }).type;
    // Decided events go one by one, after whatever came before them: features see the stream in order.
    if (kind === 'events' && type && decisionPointOf(type as never)) {
      await flush();
      await call('/v1/decisions', record);
      decided++;
      continue;
    }
    if (pending.kind !== kind || pending.records.length >= 1_000) await flush();
    pending.kind = kind;
    pending.records.push(record);
  }
  await flush();
  return { decided };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('console: alert workbench, case page, complaints', () => {
  let rig: ConsoleRig;
  let investigator: ConsoleUser;
  before(async () => {
    rig = await startConsoleRig();
    const t0 = Date.now();
    const { decided } = await seedThroughApi(rig);
    // The grouper runs every 500 ms: wait until every alert is in a case.
    await until('alerts filed into cases', async () => Number((await rig.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM alerts WHERE case_id IS NULL')).rows[0]!.n) === 0);
    console.log(JSON.stringify({ measure: 'alerts.seedMs', value: Date.now() - t0, decided }));
    investigator = await rig.user('dc.wang', ['investigator']);
  });
  after(async () => rig?.close());

  it('filters the workbench, claims a case, works it and closes it with a disposition', async () => {
    const open = await rig.platform.cases.queries.cases({ queue: 'fraud', status: 'new', severity: 'high' });
    assert.ok(open.cases.length >= 2, `the demo traffic opens high-severity fraud cases (${open.cases.length})`);

    const { context, page, errors } = await rig.newPage();
    await rig.signIn(page, investigator);
    await page.goto(`${rig.baseUrl}/#/alerts`);
    await page.locator('[data-testid="case-row"]').first().waitFor();

    // Queue tabs come from the data; the fraud one narrows the list to its cases.
    await page.locator('[data-testid="queue-tabs"] button[data-queue="fraud"]').click();
    const filters = page.locator('[data-testid="case-filters"]');
    await filters.locator('select[name="status"]').selectOption('new');
    await filters.locator('select[name="severity"]').selectOption('high');
    await filters.locator('button[type="submit"]').click();
    // The list says which filters it was loaded for: wait for the one of the new filters.
    const listFor = (...parts: string[]) => `[data-testid="case-list"]${parts.map((p) => `[data-filters*="${p}"]`).join('')}`;
    await page.locator(`${listFor('queue=fraud', 'status=new', 'severity=high')} [data-testid="case-row"]`).first().waitFor();
    const statuses = await page.locator('[data-testid="case-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    assert.ok(statuses.length > 0 && statuses.every((s) => s === 'new'), statuses.join(','));
    assert.equal(await page.locator('[data-testid="case-row"]').count(), Math.min(open.cases.length, 25));
    await rig.shot(page, '10-alert-workbench');

    // Claim the first case from the list.
    const row = page.locator('[data-testid="case-row"]').first();
    const caseId = (await row.getAttribute('data-case-id'))!;
    await row.locator('button[data-testid="claim"]').click();
    await page.locator(`[data-testid="case-row"][data-case-id="${caseId}"][data-status="assigned"]`).waitFor();
    assert.equal(await row.locator('button[data-testid="claim"]').count(), 0, 'a claimed case has no claim button');

    // "Mine" shows exactly what this investigator holds.
    await filters.locator('select[name="status"]').selectOption('');
    await filters.locator('input[name="mine"]').check();
    await filters.locator('button[type="submit"]').click();
    await page.locator(`${listFor('mine=1')} [data-testid="case-row"][data-case-id="${caseId}"]`).waitFor();
    assert.equal(await page.locator('[data-testid="case-row"]').count(), 1);

    // Open it from its row (the row's link) and work it.
    await page.locator(`[data-testid="case-row"][data-case-id="${caseId}"] a`).click();
    await page.locator('[data-testid="case-header"]').waitFor();
    const stored0 = (await rig.platform.cases.queries.case(caseId)) as { entity: { kind: string; id: string } };
    assert.equal(await page.locator('[data-testid="case-assignee"]').innerText(), investigator.username);
    await page.locator('[data-testid="case-timeline"] li[data-kind="claim"]').waitFor();
    assert.ok((await page.locator('[data-testid="case-timeline"] li[data-kind="alerts"]').count()) >= 1);
    // Reasons come in the console's language.
    assert.match(await page.locator('[data-testid="case-alerts"]').innerText(), /[\u4e00-\u9fff]/);
    await page.locator('[data-testid="entity-graph"][data-rendered="true"]').waitFor();
    assert.match((await page.locator('[data-testid="entity-graph"]').getAttribute('aria-label'))!, /\d+ 个节点/);

    await page.locator('[data-testid="case-start"]').click();
    await page.locator('[data-testid="case-timeline"] li[data-kind="start"]').waitFor();

    const note = '同一设备与另外两名客户共用,小额试卡后大额转出,疑似盗卡团伙';
    await page.locator('[data-testid="note-form"] textarea[name="text"]').fill(note);
    await page.locator('[data-testid="note-form"] button[type="submit"]').click();
    await page.locator('[data-testid="case-timeline"] li[data-kind="note"]', { hasText: note }).waitFor();

    // Personal data shows masked; the clear values are an explicit, audited request with a purpose.
    const profile = page.locator('[data-testid="entity-profile"]');
    assert.match(await profile.innerText(), /\*{3}/);
    await profile.locator('[data-testid="unmask"]').click();
    await profile.locator('form button[type="submit"]').click();
    await profile.locator('[data-testid="unmasked"]').waitFor();
    const audited = await rig.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'pii.unmask' AND target_id = $1", [stored0.entity.id]);
    assert.equal(Number(audited.rows[0]!.n), 1);

    // Blocking the customer is a proposal for a second person: a change request, pending.
    await page.locator('[data-testid="action-form"] input[name="reason"]').fill('试卡后盗刷,建议拉黑');
    await page.locator('[data-testid="action-form"] button[type="submit"]').click();
    const proposed = await page.locator('[data-testid="action-result"]').innerText();
    const changeId = /变更单 (\S+),/.exec(proposed)?.[1];
    assert.ok(changeId, proposed);
    assert.equal((await rig.platform.changes.get(changeId)).status, 'pending');
    await page.locator('[data-testid="case-timeline"] li[data-kind="action"]').waitFor();
    await rig.shot(page, '11-case-page');

    // Re-centre the 360 view on a linked entity, then come back.
    const e360 = page.locator('[data-testid="entity-360"]');
    const before360 = await e360.locator('h2').innerText();
    const neighbour = e360.locator('details table button');
    if ((await neighbour.count()) > 0) {
      await e360.locator('details summary').click();
      await neighbour.first().click();
      await page.waitForFunction((h) => document.querySelector('[data-testid="entity-360"] h2')?.textContent !== h, before360);
      await e360.locator('[data-testid="entity-graph"][data-rendered="true"]').waitFor();
      await e360.getByRole('button', { name: '回到案件对象' }).click();
      await page.waitForFunction((h) => document.querySelector('[data-testid="entity-360"] h2')?.textContent === h, before360);
    }

    // Close with a disposition.
    await page.locator('[data-testid="case-close"]').click();
    const close = page.locator('[data-testid="close-form"]');
    await close.locator('select[name="disposition"]').selectOption('confirmed_fraud');
    await close.locator('textarea[name="note"]').fill('客户确认非本人操作,已报案');
    await close.locator('button[type="submit"]').click();
    await page.locator('[data-testid="case-disposition"]').waitFor();
    assert.equal(await page.locator('[data-testid="case-status"]').innerText(), '已结案');
    assert.equal(await page.locator('[data-testid="case-close"]').count(), 0, 'a closed case offers no more state changes');

    // The store agrees: closed, with the disposition, and the note on the timeline.
    const stored = (await rig.platform.cases.queries.case(caseId)) as { status: string; disposition: string; assignee: string; timeline: Array<{ kind: string; actor: string; detail: Record<string, unknown> }> };
    assert.equal(stored.status, 'closed');
    assert.equal(stored.disposition, 'confirmed_fraud');
    assert.equal(stored.assignee, investigator.username);
    assert.ok(stored.timeline.some((e) => e.kind === 'note' && e.actor === investigator.username && e.detail.text === note));
    assert.ok(stored.timeline.some((e) => e.kind === 'close' && e.detail.disposition === 'confirmed_fraud'));
    // The disposition taught the label store about the case's events.
    const labels = await rig.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM labels WHERE source = 'case' AND value = 'fraud' AND data ->> 'caseId' = $1", [caseId]);
    assert.ok(Number(labels.rows[0]!.n) > 0);

    assert.deepEqual(errors, []);
    await context.close();
  });

  it('lets a lead share a queue’s unclaimed cases round-robin', async () => {
    const lead = await rig.user('zz.lead', ['investigation_lead']);
    const second = await rig.user('dc.zhao', ['investigator']);
    const waiting = (await rig.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE queue = 'fraud' AND status = 'new'")).rows[0]!.n;
    assert.ok(waiting > 0);
    const { context, page, errors } = await rig.newPage();
    await rig.signIn(page, lead);
    await page.goto(`${rig.baseUrl}/#/alerts?queue=fraud`);
    await page.locator('[data-testid="case-row"]').first().waitFor();
    const share = page.locator('details.distribute');
    await share.locator('summary').click();
    await share.locator('select[name="queue"]').selectOption('fraud');
    await share.locator('input[name="investigators"]').fill(`${investigator.username}, ${second.username}`);
    await share.locator('button[type="submit"]').click();
    await share.locator('[role="status"]').waitFor();
    assert.match(await share.locator('[role="status"]').innerText(), new RegExp(`已分派 ${waiting} 个案件`));
    const after = await rig.platform.db.query<{ assignee: string; n: number }>("SELECT assignee, count(*)::int AS n FROM cases WHERE queue = 'fraud' AND status = 'assigned' GROUP BY 1 ORDER BY 1");
    assert.deepEqual(after.rows.map((r) => r.assignee), [investigator.username, second.username].sort());
    // The list follows: nothing left to claim in the queue. The tabs and the list are fetched
    // apart, so either may arrive first: wait for both.
    await page.locator('[data-testid="queue-tabs"] button[data-queue="fraud"]', { hasText: '0 待认领' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="claim"]').length === 0, undefined, { timeout: 10_000 });
    assert.equal(await page.locator('[data-testid="claim"]').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('lists complaints with their deadlines, statistics and a timeline', async () => {
    // Compliance takes complaints in and answers them (another person: no wait for a fresh TOTP step).
    const compliance = await rig.user('hg.li', ['compliance_officer']);
    const { context, page, errors } = await rig.newPage();
    await rig.signIn(page, compliance);
    // Three complaints through the API with this session: one past its first-response promise,
    // one whose first response is due within hours, one answered at once.
    const file = async (body: Record<string, unknown>) => {
      const res = await page.request.post(`${rig.baseUrl}/v1/complaints`, { data: body });
      assert.equal(res.status(), 201, await res.text());
      return ((await res.json()) as { id: string }).id;
    };
    const now = Date.now();
    const late = await file({ category: 'fees', channel: 'phone', description: '重复扣收服务费,至今无人回复', customerId: 'cus-7-000001', reference: 'KF-2026-001', receivedAt: new Date(now - 30 * HOUR).toISOString() });
    const soon = await file({ category: 'fraud', channel: 'app', description: '账户被盗刷,请冻结', customerId: 'cus-7-000002', reference: 'KF-2026-002', receivedAt: new Date(now - 21 * HOUR).toISOString() });
    const answered = await file({ category: 'service', channel: 'web', description: '客服响应慢', reference: 'KF-2026-003' });
    const respond = await page.request.post(`${rig.baseUrl}/v1/complaints/${answered}/respond`, { data: { text: '已受理,正在核查' } });
    assert.equal(respond.status(), 200, await respond.text());
    // The deadline monitor runs in the background rounds: the late one is escalated.
    await until('the late complaint escalated', async () => ((await rig.platform.complaints.queries.complaint(late)) as { escalated: boolean }).escalated);

    await page.goto(`${rig.baseUrl}/#/complaints`);
    await page.locator('[data-testid="complaint-row"]').nth(2).waitFor();
    assert.equal(await page.locator('[data-testid="complaint-row"]').count(), 3);
    assert.equal(await page.locator(`[data-complaint-id="${late}"] [data-testid="response-sla"]`).getAttribute('data-sla'), 'breached');
    assert.equal(await page.locator(`[data-complaint-id="${soon}"] [data-testid="response-sla"]`).getAttribute('data-sla'), 'atRisk');
    assert.equal(await page.locator(`[data-complaint-id="${answered}"] [data-testid="response-sla"]`).getAttribute('data-sla'), 'met');
    assert.equal(await page.locator(`[data-complaint-id="${answered}"] [data-testid="feedback-sla"]`).getAttribute('data-sla'), 'pending');
    await page.locator('[data-testid="complaint-stats-chart"][data-rendered="true"]').waitFor();

    // Filter to the escalated ones only.
    await page.locator('[data-testid="complaint-filters"] input[name="breached"]').check();
    await page.locator('[data-testid="complaint-filters"] button[type="submit"]').click();
    await page.waitForFunction(() => /breached=1/.test(location.hash));
    await until('the filtered list', async () => (await page.locator('[data-testid="complaint-row"]').count()) === 1);
    assert.equal(await page.locator('[data-testid="complaint-row"]').getAttribute('data-complaint-id'), late);

    // Its details: the timeline with the receipt and the escalation.
    await page.locator(`[data-complaint-id="${late}"] button`).click();
    await page.locator('[data-testid="complaint-timeline"] li[data-kind="escalation"]').waitFor();
    assert.ok((await page.locator('[data-testid="complaint-timeline"] li[data-kind="received"]').count()) === 1);
    await page.locator('[data-testid="complaint-filters"] button[type="button"]').click();
    await page.locator('[data-testid="complaint-row"]').nth(2).waitFor();
    await page.locator(`[data-complaint-id="${answered}"] button`).click();
    await page.locator('[data-testid="complaint-timeline"] li[data-kind="respond"]').waitFor();
    await rig.shot(page, '12-complaints');

    assert.deepEqual(errors, []);
    await context.close();
  });
});
