/**
 * The overview dashboard over 1,000,000 recorded decisions on the embedded store: how long the
 * page takes to show every chart (target ≤ 1 s on loopback), figures equal to the store's own
 * counts, and a change of range redrawn from the server. The decisions are bulk-loaded with SQL
 * (the decision path would take many minutes for a million) and the rollups recounted from them
 * with the same function that checks the running counts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rebuildDecisionRollups } from '../../src/decisions/decision-rollups.js';
import { DECISION_POINT_NAMES } from '../../src/decisions/domain/decision-points.js';
import { startConsoleRig, type ConsoleRig } from './console-rig.js';

const DECISIONS = Number(process.env.FENGKONG_OVERVIEW_DECISIONS ?? 1_000_000);
const CHUNK = 250_000;
const CHARTS = ['chart-decisions', 'chart-by-point', 'chart-top-reasons', 'chart-alerts', 'chart-sla'];

describe(`console: overview dashboard over ${DECISIONS.toLocaleString('en')} decisions`, () => {
  let rig: ConsoleRig;
  before(async () => {
    rig = await startConsoleRig({ background: false });
    const engine = await rig.platform.decisions();
    // The reasons the default pack gives, so the top-reasons chart shows real rule texts.
    const reasons = DECISION_POINT_NAMES.flatMap((p) => engine.strategies.live(p).rules.map((r) => ({ code: r.reason, description: r.description })));
    const started = Date.now();
    for (let lo = 1; lo <= DECISIONS; lo += CHUNK) {
      const hi = Math.min(DECISIONS, lo + CHUNK - 1);
      // Spread over the last 30 days; about 90% allow, 7% review, 3% block; reasons for the latter.
      await rig.platform.db.query(
        `INSERT INTO decisions (event_id, decision_point, event_type, customer_id, outcome, score, strategy_version, reasons, trace, degraded, occurred_at, decided_at)
         SELECT 'seed-' || i, p.point, p.point, 'cust-' || (i % 150000), o.outcome, o.score, 1,
                CASE WHEN o.outcome = 'allow' THEN '[]'::jsonb ELSE jsonb_build_array($3::jsonb -> ((i::bigint * 7919) % jsonb_array_length($3::jsonb))::int) END,
                '{}'::jsonb, NULL, t.at, t.at
           FROM generate_series($1::int, $2::int) AS i
           CROSS JOIN LATERAL (SELECT (ARRAY['registration','login','payment','withdrawal','loan_application','repayment'])[1 + (i * 31) % 6] AS point) p
           CROSS JOIN LATERAL (SELECT CASE WHEN (i * 2654435761::bigint) % 1000 < 900 THEN 'allow' WHEN (i * 2654435761::bigint) % 1000 < 970 THEN 'review' ELSE 'block' END AS outcome,
                                      ((i * 2654435761::bigint) % 1000)::int AS score) o
           CROSS JOIN LATERAL (SELECT now() - (i * (30 * 86400.0 / $4::int)) * interval '1 second' AS at) t`,
        [lo, hi, JSON.stringify(reasons), DECISIONS],
      );
    }
    await rig.platform.db.query(
      `INSERT INTO alerts (id, source, event_id, customer_id, decision_point, outcome, score, severity, reasons, status, created_at, queue)
       SELECT 'al-' || event_id, 'decision', event_id, customer_id, decision_point, outcome, score, CASE outcome WHEN 'block' THEN 'high' ELSE 'medium' END, reasons, 'new', decided_at, 'fraud'
         FROM decisions WHERE outcome <> 'allow'`,
    );
    await rig.platform.db.transaction((tx) => rebuildDecisionRollups(tx));
    console.log(JSON.stringify({ measure: 'overview.seedSeconds', value: Math.round((Date.now() - started) / 100) / 10, decisions: DECISIONS }));
  });
  after(async () => rig?.close());

  it('renders every chart over the last 30 days, with the store’s own counts', async () => {
    const viewer = await rig.user('overview_viewer', ['viewer']);
    const { context, page, errors } = await rig.newPage();
    await rig.signIn(page, viewer);
    const rendered = async () => {
      for (const id of CHARTS) await page.locator(`[data-testid="${id}"][data-rendered="true"]`).waitFor({ timeout: 30_000 });
    };
    await rendered(); // first visit: the charting code is loaded and cached, as for a returning user

    // Opening the dashboard anew (reload): the document, scripts, session check, figures, charts.
    const shown = DECISIONS.toLocaleString('zh-CN');
    await page.goto(rig.baseUrl + '/#/overview?range=30d');
    await page.locator('[data-testid="kpi-decisions"]').getByText(shown).waitFor({ timeout: 30_000 });
    const t0 = Date.now();
    await page.reload();
    await page.locator('[data-testid="kpi-decisions"]').getByText(shown).waitFor({ timeout: 30_000 });
    await rendered();
    const reloadMs = Date.now() - t0;

    // A change of range on the open page: one call and a redraw of every chart (a chart counts its
    // draws; one put up anew carries no mark of the old ones).
    await page.evaluate(() => document.querySelectorAll('.chart').forEach((e) => e.setAttribute('data-old', e.getAttribute('data-draws') ?? '')));
    const t1 = Date.now();
    await page.locator('input[name="preset"][value="7d"]').check();
    await page.waitForFunction(
      (ids) =>
        ids.every((id) => {
          const el = document.querySelector(`[data-testid="${id}"]`);
          return el !== null && el.getAttribute('data-rendered') === 'true' && el.getAttribute('data-old') !== el.getAttribute('data-draws');
        }),
      CHARTS,
      { timeout: 30_000 },
    );
    const switchMs = Date.now() - t1;
    const api = await page.evaluate(async () => {
      const s = performance.now();
      const r = await fetch('/v1/dashboard/overview?from=' + encodeURIComponent(new Date(Date.now() - 30 * 86_400_000).toISOString()));
      const body = (await r.json()) as { computedMs: number; decisions: { total: number } };
      return { ms: performance.now() - s, computedMs: body.computedMs, total: body.decisions.total };
    });
    console.log(JSON.stringify({ measure: 'overview.render', decisions: DECISIONS, reloadTo30dRenderedMs: reloadMs, rangeSwitchMs: switchMs, apiMs: Math.round(api.ms), serverComputedMs: api.computedMs }));
    assert.equal(api.total, DECISIONS);
    // A generous bound against a broken page; the 1 s target is a benchmark figure (docs/performance.md).
    assert.ok(reloadMs < 5_000, `reload to rendered took ${reloadMs} ms`);

    const direct = (await rig.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM decisions WHERE outcome = 'block' AND decided_at >= now() - interval '7 days'")).rows[0]!.n;
    const shownRate = await page.locator('[data-testid="kpi-blockRate"] .value').innerText();
    const shownTotal = Number((await page.locator('[data-testid="kpi-decisions"] .value').innerText()).replace(/[^0-9]/g, ''));
    assert.ok(Math.abs((100 * direct) / shownTotal - Number(shownRate.replace('%', ''))) < 0.05, `${shownRate} vs ${direct}/${shownTotal}`);
    await rig.shot(page, '03-overview');
    await page.locator('[data-testid="language-switch"]').click();
    await page.locator('h1', { hasText: 'Risk overview' }).waitFor();
    await rendered();
    await rig.shot(page, '04-overview-en');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
