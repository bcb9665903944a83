/**
 * The alert and case report on both stores, over a known set of alerts, cases and labels (written
 * straight into the tables): exact volume per local day and week, median/p90/mean time to close,
 * SLA compliance, open and breached cases at the end of the range, and the FP rate per reason code
 * in noise order; filters; the CSV (BOM, bilingual headers) and the workbook read back; every
 * export audited; over HTTP a viewer is refused; and the CLI writes the file and is audited too.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR } from '../audit/audit-log.js';
import { buildServer } from '../api/server.js';
import { createLogger } from '../ops/logger.js';
import type { Clock } from '../shared/clock.js';
import { openPglite } from '../store/pglite-client.js';
import { openPostgres } from '../store/postgres-client.js';
import type { SqlClient } from '../store/sql-client.js';
import { signedInUser, type TestUser } from '../test-support/identity.js';
import { openTestPlatform, STORE_KINDS, TEST_DATABASE_URL, type TestPlatform } from '../test-support/stores.js';
import { AlertReports } from './alert-reports.js';
import { reportRequest } from './domain/report-request.js';
import { ReportQueries } from './report-queries.js';

const NOW = Date.parse('2026-11-10T00:00:00Z');
const clock: Clock = { now: () => NOW };
// Beijing days 2 to 4 November: 2026-11-01T16:00Z up to 2026-11-04T16:00Z.
const RANGE = { from: '2026-11-02', to: '2026-11-05' };
const min = (m: number) => m * 60_000;
const at = (iso: string, plusMinutes = 0) => new Date(Date.parse(iso) + min(plusMinutes)).toISOString();

interface CaseSeed {
  id: string;
  queue: string;
  severity: string;
  opened: string;
  closedAfter: number | null;
  slaMinutes: number;
  disposition: string | null;
}
// Closed in the range: C1–C5 (C4 late). C6 closes after the range: open and breached at its end.
// C7 is open and not yet due. C8 lies wholly before the range.
const CASES: CaseSeed[] = [
  { id: 'C1', queue: 'fraud', severity: 'high', opened: '2026-11-02T01:00:00Z', closedAfter: 30, slaMinutes: 240, disposition: 'false_positive' },
  { id: 'C2', queue: 'fraud', severity: 'high', opened: '2026-11-02T02:00:00Z', closedAfter: 90, slaMinutes: 240, disposition: 'confirmed_fraud' },
  { id: 'C3', queue: 'fraud', severity: 'medium', opened: '2026-11-02T03:00:00Z', closedAfter: 120, slaMinutes: 1440, disposition: 'legitimate' },
  { id: 'C4', queue: 'fraud', severity: 'medium', opened: '2026-11-02T04:00:00Z', closedAfter: 1500, slaMinutes: 1440, disposition: 'false_positive' },
  { id: 'C5', queue: 'kri', severity: 'low', opened: '2026-11-03T00:00:00Z', closedAfter: 600, slaMinutes: 1440, disposition: 'inconclusive' },
  { id: 'C6', queue: 'fraud', severity: 'high', opened: '2026-11-04T10:00:00Z', closedAfter: 2 * 1440, slaMinutes: 240, disposition: 'false_positive' },
  { id: 'C7', queue: 'fraud', severity: 'critical', opened: '2026-11-04T15:30:00Z', closedAfter: null, slaMinutes: 60, disposition: null },
  { id: 'C8', queue: 'fraud', severity: 'medium', opened: '2026-10-20T00:00:00Z', closedAfter: 60, slaMinutes: 1440, disposition: 'confirmed_fraud' },
];

const rule = (code: string) => ({ code, source: 'rule', description: { zh: code, en: code } });
interface AlertSeed {
  id: string;
  caseId: string | null;
  created: string;
  severity: string;
  reasons: unknown[];
  source?: string;
  queue?: string | null;
  decisionPoint?: string | null;
}
const ALERTS: AlertSeed[] = [
  // Exactly at the start of the range (Beijing midnight): in; unfiled, so no queue yet.
  { id: 'a12', caseId: null, created: '2026-11-01T16:00:00Z', severity: 'medium', reasons: [rule('BIG_AMOUNT')], queue: null },
  { id: 'a1', caseId: 'C1', created: '2026-11-02T00:30:00Z', severity: 'high', reasons: [rule('VELOCITY'), rule('NEW_DEVICE')] },
  { id: 'a2', caseId: 'C2', created: '2026-11-02T01:30:00Z', severity: 'high', reasons: [rule('VELOCITY')] },
  { id: 'a3', caseId: 'C2', created: '2026-11-02T01:40:00Z', severity: 'medium', reasons: [rule('BIG_AMOUNT'), { code: 'LIST_WATCH', source: 'list', list: 'watch_devices' }] },
  { id: 'a4', caseId: 'C3', created: '2026-11-02T02:30:00Z', severity: 'medium', reasons: [rule('NEW_DEVICE')], decisionPoint: 'login' },
  { id: 'a5', caseId: 'C4', created: '2026-11-02T03:30:00Z', severity: 'medium', reasons: [rule('VELOCITY')] },
  // 17:00 UTC on the 2nd is 01:00 on the 3rd in Beijing; a repeated code counts once.
  { id: 'a6', caseId: 'C4', created: '2026-11-02T17:00:00Z', severity: 'medium', reasons: [rule('VELOCITY'), rule('VELOCITY')] },
  { id: 'a7', caseId: 'C5', created: '2026-11-03T00:00:00Z', severity: 'low', reasons: [{ code: 'KRI_RED', value: 0.07 }], source: 'kri', queue: 'kri', decisionPoint: null },
  { id: 'a11', caseId: null, created: '2026-11-03T05:00:00Z', severity: 'medium', reasons: [rule('BIG_AMOUNT')], queue: null },
  { id: 'a8', caseId: 'C6', created: '2026-11-04T09:00:00Z', severity: 'high', reasons: [rule('NEW_DEVICE')] },
  { id: 'a9', caseId: 'C7', created: '2026-11-04T15:30:00Z', severity: 'critical', reasons: [rule('BIG_AMOUNT')] },
  // Outside the range: before it, and exactly at its (exclusive) end.
  { id: 'a10', caseId: 'C8', created: '2026-10-20T00:00:00Z', severity: 'medium', reasons: [rule('VELOCITY')] },
  { id: 'a13', caseId: null, created: '2026-11-04T16:00:00Z', severity: 'medium', reasons: [rule('VELOCITY')], queue: null },
];

async function seed(db: SqlClient): Promise<void> {
  for (const c of CASES) {
    const closed = c.closedAfter === null ? null : at(c.opened, c.closedAfter);
    await db.query(
      `INSERT INTO cases (id, queue, severity, entity_kind, entity_id, status, assignee, disposition, alert_count, opened_at, last_alert_at, updated_at, due_at, closed_at)
       VALUES ($1, $2, $3, 'customer', $4, $5, 'inv.a', $6, 1, $7, $7, $7, $8, $9)`,
      [c.id, c.queue, c.severity, `cust-${c.id}`, closed ? 'closed' : 'new', c.disposition, c.opened, at(c.opened, c.slaMinutes), closed],
    );
  }
  for (const a of ALERTS) {
    const queue = a.queue === undefined ? (a.caseId ? CASES.find((c) => c.id === a.caseId)!.queue : null) : a.queue;
    await db.query(
      `INSERT INTO alerts (id, source, event_id, customer_id, decision_point, outcome, score, severity, reasons, queue, case_id, created_at)
       VALUES ($1, $2, $3, 'cust', $4, 'review', 500, $5, $6, $7, $8, $9)`,
      [a.id, a.source ?? 'decision', `ev-${a.id}`, a.decisionPoint === undefined ? 'payment' : a.decisionPoint, a.severity, JSON.stringify(a.reasons), queue, a.caseId, a.created],
    );
  }
  // A chargeback later showed a5 and a8 were fraud after all, though their cases closed as noise.
  for (const [ev, value, source] of [['ev-a5', 'fraud', 'chargeback'], ['ev-a8', 'fraud', 'chargeback'], ['ev-a1', 'legitimate', 'case']]) {
    await db.query(`INSERT INTO labels (kind, subject_id, event_id, value, source, labelled_at) VALUES ('fraud', $1, $1, $2, $3, $4)`, [ev, value, source, new Date(NOW).toISOString()]);
  }
}

const ALL = '全部 / All';

for (const kind of STORE_KINDS) {
  describe(`alert and case report on ${kind}`, () => {
    let tp: TestPlatform;
    let reports: AlertReports;
    let app: FastifyInstance;
    let lead: TestUser;
    let viewer: TestUser;

    before(async () => {
      tp = await openTestPlatform(kind, { clock });
      reports = new AlertReports(tp.platform.db, tp.platform.audit, clock);
      await seed(tp.platform.db);
      app = await buildServer(tp.platform, createLogger('silent'), { draining: false, status: () => ({}) });
      lead = await signedInUser(tp.platform, app, 'lead.reports', ['investigation_lead']);
      viewer = await signedInUser(tp.platform, app, 'view.reports', ['viewer']);
    });
    after(async () => {
      await app?.close();
      await tp?.cleanup();
    });

    test('volume per Beijing day, zero-filled, with the range’s edges exact', async () => {
      const r = await reports.report(RANGE);
      assert.deepEqual(r.range, { from: '2026-11-01T16:00:00.000Z', to: '2026-11-04T16:00:00.000Z', tz: 'Asia/Shanghai', grain: 'day', asOf: '2026-11-04T16:00:00.000Z' });
      assert.equal(r.volume.total, 11);
      assert.deepEqual(
        r.volume.periods.map((p) => [p.period, p.alerts, p.bySeverity.critical, p.bySeverity.high, p.bySeverity.medium, p.bySeverity.low]),
        [
          ['2026-11-02', 6, 0, 2, 4, 0],
          ['2026-11-03', 3, 0, 0, 2, 1],
          ['2026-11-04', 2, 1, 1, 0, 0],
        ],
      );
      // Unfiled decision alerts count in the queue the grouper will file them to.
      assert.deepEqual(r.volume.detail.filter((v) => v.period === '2026-11-03'), [
        { period: '2026-11-03', queue: 'fraud', severity: 'medium', source: 'decision', alerts: 2 },
        { period: '2026-11-03', queue: 'kri', severity: 'low', source: 'kri', alerts: 1 },
      ]);
      const quiet = await reports.report({ from: '2026-11-06', to: '2026-11-08' });
      assert.deepEqual(quiet.volume.periods.map((p) => [p.period, p.alerts]), [['2026-11-06', 0], ['2026-11-07', 0]]);
    });

    test('by week, and in another time zone the days move', async () => {
      const week = await reports.report({ ...RANGE, grain: 'week' });
      assert.deepEqual(week.volume.periods.map((p) => [p.period, p.alerts]), [['2026-11-02', 11]], '2 November 2026 is a Monday');
      const utc = await reports.report({ from: '2026-11-01T16:00:00Z', to: '2026-11-04T16:00:00Z', tz: 'UTC' });
      assert.deepEqual(utc.volume.periods.map((p) => [p.period, p.alerts]), [['2026-11-01', 1], ['2026-11-02', 6], ['2026-11-03', 2], ['2026-11-04', 2]]);
    });

    test('time to close: median, p90 (continuous) and mean per queue and severity, with subtotals', async () => {
      const r = await reports.report(RANGE);
      const rows = r.timeToClose.map((t) => [t.queue, t.severity, t.closed, t.medianMinutes, t.p90Minutes, t.meanMinutes]);
      assert.deepEqual(rows, [
        // 30, 90, 120, 600, 1500: p90 at rank 3.6 = 600 + 0.6 × 900.
        [null, null, 5, 120, 1140, 468],
        // 30, 90, 120, 1500: median (90+120)/2; p90 at rank 2.7 = 120 + 0.7 × 1380.
        ['fraud', null, 4, 105, 1086, 435],
        ['fraud', 'critical', 0, null, null, null],
        ['fraud', 'high', 2, 60, 84, 60],
        ['fraud', 'medium', 2, 810, 1362, 810],
        ['kri', null, 1, 600, 600, 600],
        ['kri', 'low', 1, 600, 600, 600],
      ]);
    });

    test('SLA compliance of the cases closed, and the open and breached ones at the end of the range', async () => {
      const r = await reports.report(RANGE);
      const rows = r.sla.map((s) => [s.queue, s.severity, s.closed, s.closedWithinSla, s.closedLate, s.compliance, s.open, s.openBreached]);
      assert.deepEqual(rows, [
        [null, null, 5, 4, 1, 0.8, 2, 1],
        ['fraud', null, 4, 3, 1, 0.75, 2, 1],
        ['fraud', 'critical', 0, 0, 0, null, 1, 0],
        ['fraud', 'high', 2, 2, 0, 1, 1, 1],
        ['fraud', 'medium', 2, 1, 1, 0.5, 0, 0],
        ['kri', null, 1, 1, 0, 1, 0, 0],
        ['kri', 'low', 1, 1, 0, 1, 0, 0],
      ]);
    });

    test('false-positive rate per reason code, noisiest first', async () => {
      const r = await reports.report(RANGE);
      assert.deepEqual(
        r.ruleNoise.map((n) => [n.code, n.kind, n.alerts, n.closed, n.confirmedFraud, n.falsePositive, n.legitimate, n.inconclusive, n.noise, n.fpRate, n.laterFraud]),
        [
          ['NEW_DEVICE', 'rule', 3, 3, 0, 2, 1, 0, 3, 1, 1],
          ['VELOCITY', 'rule', 4, 4, 1, 3, 0, 0, 3, 0.75, 1],
          ['BIG_AMOUNT', 'rule', 4, 1, 1, 0, 0, 0, 0, 0, 0],
          ['LIST_WATCH', 'list', 1, 1, 1, 0, 0, 0, 0, 0, 0],
          ['KRI_RED', 'kri', 1, 1, 0, 0, 0, 1, 0, null, 0],
        ],
      );
    });

    test('filters: a decision point keeps its alerts and the cases holding them; a queue its own', async () => {
      const login = await reports.report({ ...RANGE, decisionPoint: 'login' });
      assert.equal(login.volume.total, 1);
      assert.deepEqual(login.timeToClose.map((t) => [t.queue, t.severity, t.closed, t.medianMinutes]), [[null, null, 1, 120], ['fraud', null, 1, 120], ['fraud', 'medium', 1, 120]]);
      assert.deepEqual(login.ruleNoise.map((n) => [n.code, n.fpRate]), [['NEW_DEVICE', 1]]);
      const kri = await reports.report({ ...RANGE, queue: 'kri' });
      assert.deepEqual([kri.volume.total, kri.sla[0]!.closed, kri.sla[0]!.open, kri.ruleNoise.map((n) => n.code)], [1, 1, 0, ['KRI_RED']]);
      assert.deepEqual(kri.filters, { queue: 'kri', decisionPoint: null });
    });

    test('a zone the database does not know is the caller’s mistake, not a server error', async () => {
      const req = reportRequest(RANGE, NOW);
      await assert.rejects(new ReportQueries(tp.platform.db).volume({ ...req, tz: 'Mars/Olympus' }), (e) => (e as { code?: string }).code === 'REQUEST_INVALID');
    });

    test('CSV: UTF-8 with BOM, bilingual headers, parses back; the export is audited', async () => {
      const file = await reports.export(RANGE, 'csv', { type: 'user', id: 'lead.csv' }, 'rule_noise');
      assert.equal(file.contentType, 'text/csv; charset=utf-8');
      assert.equal(file.filename, 'fengkong-alert-report_2026-11-02_2026-11-05_rule_noise.csv');
      assert.deepEqual([...file.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const rows = parse(file.body, { bom: true, columns: true }) as Array<Record<string, string>>;
      assert.equal(rows.length, 5);
      assert.deepEqual(Object.keys(rows[0]!).slice(0, 3), ['原因代码 / Reason code', '类别 / Kind', '告警数 / Alerts']);
      assert.deepEqual([rows[0]!['原因代码 / Reason code'], rows[0]!['误报率 / FP rate'], rows[1]!['误报率 / FP rate'], rows[4]!['误报率 / FP rate']], ['NEW_DEVICE', '1', '0.75', '']);
      const sla = parse((await reports.export(RANGE, 'csv', SYSTEM_ACTOR, 'sla')).body, { bom: true, columns: true }) as Array<Record<string, string>>;
      assert.deepEqual([sla[0]!['队列 / Queue'], sla[0]!['达成率 / Compliance']], [ALL, '0.8']);
      const audited = await tp.platform.audit.query({ action: 'report.export', actorId: 'lead.csv' });
      assert.equal(audited.length, 1);
      assert.deepEqual(JSON.parse(audited[0]!.detail), {
        format: 'csv',
        section: 'rule_noise',
        from: '2026-11-01T16:00:00.000Z',
        to: '2026-11-04T16:00:00.000Z',
        grain: 'day',
        tz: 'Asia/Shanghai',
        filters: { queue: null, decisionPoint: null },
        rows: 5,
      });
      assert.deepEqual([audited[0]!.targetKind, audited[0]!.targetId], ['report', 'alerts']);
    });

    test('Excel: a cover sheet and one sheet per section, bilingual headers, numbers as numbers', async () => {
      const file = await reports.export(RANGE, 'xlsx', { type: 'user', id: 'lead.xlsx' });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file.body as unknown as ArrayBuffer);
      assert.deepEqual(wb.worksheets.map((w) => w.name), ['说明 About', '告警量 Volume', '告警明细 Volume detail', '结案时长 Time to close', 'SLA 达成 SLA compliance', '规则噪声 Rule noise']);
      const volume = wb.getWorksheet('告警量 Volume')!;
      assert.deepEqual((volume.getRow(1).values as unknown[]).slice(1), ['日期 / Date', '告警数 / Alerts', '严重 / Critical', '高 / High', '中 / Medium', '低 / Low']);
      assert.deepEqual((volume.getRow(2).values as unknown[]).slice(1), ['2026-11-02', 6, 0, 2, 4, 0]);
      assert.equal(volume.rowCount, 4);
      const ttc = wb.getWorksheet('结案时长 Time to close')!;
      assert.deepEqual((ttc.getRow(2).values as unknown[]).slice(1), [ALL, ALL, 5, 120, 1140, 468]);
      const noise = wb.getWorksheet('规则噪声 Rule noise')!;
      assert.deepEqual([noise.getCell('A2').value, noise.getCell('J3').value, noise.getCell('J3').numFmt], ['NEW_DEVICE', 0.75, '0.0%']);
      const about = wb.getWorksheet('说明 About')!;
      assert.deepEqual((about.getRow(4).values as unknown[]).slice(1), ['时区 / Time zone', 'Asia/Shanghai']);
      const audited = await tp.platform.audit.query({ action: 'report.export', actorId: 'lead.xlsx' });
      assert.equal(JSON.parse(audited[0]!.detail).rows, 3 + 6 + 7 + 7 + 5);
    });

    test('over HTTP: JSON by default, exports audited as the caller, a viewer refused, a bad range a 400', async () => {
      const get = (url: string, user: TestUser) => app.inject({ method: 'GET', url, headers: user.headers });
      const json = await get('/v1/reports/alerts?from=2026-11-02&to=2026-11-05', lead);
      assert.equal(json.statusCode, 200);
      assert.equal(json.json().volume.total, 11);
      assert.equal((await get('/v1/reports/alerts', lead)).statusCode, 200, 'no range: the last 30 days');
      const csv = await get('/v1/reports/alerts?from=2026-11-02&to=2026-11-05&format=csv&section=volume', lead);
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.equal(csv.headers['content-disposition'], 'attachment; filename="fengkong-alert-report_2026-11-02_2026-11-05_volume.csv"');
      assert.equal((parse(csv.rawPayload, { bom: true, columns: true }) as unknown[]).length, 3);
      const xlsx = await get('/v1/reports/alerts?from=2026-11-02&to=2026-11-05&format=xlsx', lead);
      assert.equal(xlsx.statusCode, 200);
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString('latin1'), 'PK', 'a zip container');
      const audited = await tp.platform.audit.query({ action: 'report.export', actorId: lead.username });
      assert.deepEqual(audited.map((e) => JSON.parse(e.detail).format), ['csv', 'xlsx']);
      assert.ok(audited.every((e) => e.ip !== null));

      const refused = await get('/v1/reports/alerts?format=csv', viewer);
      assert.equal(refused.statusCode, 403);
      assert.equal((await tp.platform.audit.query({ action: 'report.export', actorId: viewer.username })).length, 0);
      for (const bad of ['from=2026-11-05&to=2026-11-02', 'from=2026-02-30', 'to=yesterday', 'tz=Mars/Olympus', 'tz=UTC%2B8', 'from=2020-01-01&to=2026-01-01', 'grain=month', 'format=pdf']) {
        const res = await get(`/v1/reports/alerts?${bad}`, lead);
        assert.equal(res.statusCode, 400, bad);
        assert.equal(res.json().error.code, 'REQUEST_INVALID', bad);
      }
    });

    test('the CLI writes the file and is audited as cli:<os user>', { timeout: 120_000 }, async () => {
      const out = join(tp.dataDir, 'noise.csv');
      const store = kind === 'pglite' ? ['--data-dir', tp.dataDir] : ['--database-url', TEST_DATABASE_URL];
      // The embedded store admits one process: the test's platform steps aside.
      if (kind === 'pglite') await tp.platform.close();
      const args = ['report', 'alerts', '--from', RANGE.from, '--to', RANGE.to, '--format', 'csv', '--section', 'rule_noise', '--out', out, ...store];
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { main } from './src/cli/main.ts'; process.exitCode = await main(${JSON.stringify(args)});`], {
        env: { ...process.env, ...tp.env },
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stderr);
      const rows = parse(readFileSync(out), { bom: true, columns: true }) as Array<Record<string, string>>;
      assert.deepEqual(rows.map((r) => r['原因代码 / Reason code']), ['NEW_DEVICE', 'VELOCITY', 'BIG_AMOUNT', 'LIST_WATCH', 'KRI_RED']);
      const db = kind === 'pglite' ? await openPglite(tp.dataDir) : await openPostgres({ connectionString: TEST_DATABASE_URL, schema: tp.env.FENGKONG_DB_SCHEMA! });
      try {
        const r = await db.query<{ actor_id: string; detail: string }>("SELECT actor_id, detail FROM audit_log WHERE action = 'report.export' AND actor_id LIKE 'cli:%'");
        assert.equal(r.rows.length, 1);
        assert.equal(JSON.parse(r.rows[0]!.detail).rows, 5);
      } finally {
        await db.close();
      }
      const usage = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { main } from './src/cli/main.ts'; process.exitCode = await main(${JSON.stringify(['report', 'alerts', '--format', 'xlsx', ...store])});`], { env: { ...process.env, ...tp.env }, encoding: 'utf8' });
      assert.equal(usage.status, 64, 'xlsx without --out is a usage error');
    });
  });
}
