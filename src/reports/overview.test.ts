/**
 * The overview dashboard on both stores: the hourly rollups kept on the decision path equal a
 * recount from the decisions themselves (repeats counted once), and the overview's figures equal
 * direct counts over decisions and alerts for the same range, by hour and by local day.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ensureDecisionRollups, rebuildDecisionRollups } from '../decisions/decision-rollups.js';
import type { DecisionEngine } from '../decisions/decision-engine.js';
import { FengkongError } from '../shared/errors.js';
import { nextId, payment } from '../test-support/records.js';
import { STORE_KINDS, openTestPlatform, type TestPlatform } from '../test-support/stores.js';
import { DashboardOverview } from './overview.js';

type Row = Record<string, unknown>;
const sorted = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();

for (const kind of STORE_KINDS) {
  describe(`overview dashboard on ${kind}`, () => {
    let tp: TestPlatform;
    let engine: DecisionEngine;
    before(async () => {
      tp = await openTestPlatform(kind);
      engine = await tp.platform.decisions();
      const base = Date.now() - 5 * 3_600_000;
      // Ordinary payments and card-testing bursts (blocked, with reasons and alerts), over hours.
      for (let c = 0; c < 12; c++) {
        const customerId = nextId('cust');
        const burst = c % 3 === 0;
        for (let i = 0; i < (burst ? 7 : 3); i++) {
          const occurredAt = new Date(base + c * 20 * 60_000 + i * (burst ? 15_000 : 600_000)).toISOString();
          const p = payment({ customerId, amount: burst ? 300 : 25_000 + i, ...(burst ? { merchantId: 'mch-5816-001' } : {}), occurredAt });
          await engine.service.decide(p, 'test');
          if (i === 0) await engine.service.decide(p, 'test'); // a repeat: counted once
        }
      }
      await engine.settled();
    });
    after(() => tp.cleanup());

    const snapshot = async () => ({
      outcomes: sorted((await tp.platform.db.query<Row>('SELECT bucket, decision_point, outcome, n::int AS n FROM decision_rollups')).rows),
      reasons: sorted((await tp.platform.db.query<Row>('SELECT bucket, decision_point, code, n::int AS n FROM reason_rollups')).rows),
    });

    test('the rollups kept while deciding equal a recount from the decisions', async () => {
      const running = await snapshot();
      assert.ok(running.outcomes.length > 0 && running.reasons.length > 0);
      await tp.platform.db.transaction((tx) => rebuildDecisionRollups(tx));
      assert.deepEqual(await snapshot(), running);
      // Decisions without counts (an upgrade, a restored older backup) are counted at open, once.
      assert.equal(await ensureDecisionRollups(tp.platform.db), false);
      await tp.platform.db.query('DELETE FROM decision_rollups');
      await tp.platform.db.query('DELETE FROM reason_rollups');
      assert.equal(await ensureDecisionRollups(tp.platform.db), true);
      assert.deepEqual(await snapshot(), running);
    });

    test('the overview equals direct counts over decisions and alerts, by hour and by day', async () => {
      const overview = new DashboardOverview(tp.platform.db, tp.platform.clock);
      const direct = await tp.platform.db.query<{ outcome: string; n: number }>('SELECT outcome, count(*)::int AS n FROM decisions GROUP BY 1');
      const alerts = (await tp.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM alerts')).rows[0]!.n;
      const codes = await tp.platform.db.query<{ code: string; n: number }>("SELECT r->>'code' AS code, count(*)::int AS n FROM decisions, jsonb_array_elements(reasons) r GROUP BY 1 ORDER BY 2 DESC, 1");
      for (const grain of ['hour', 'day'] as const) {
        const o = await overview.overview({ from: new Date(Date.now() - 12 * 3_600_000).toISOString(), grain });
        for (const { outcome, n } of direct.rows) {
          assert.equal(o.decisions.byOutcome[outcome as 'allow'], n, `${grain} ${outcome}`);
          assert.equal(o.decisions.series[outcome as 'allow'].reduce((a, b) => a + b, 0), n);
        }
        assert.equal(o.periods.length, o.decisions.series.allow.length);
        assert.equal(o.decisions.byPoint.reduce((a, p) => a + p.total, 0), o.decisions.total);
        assert.equal(o.alerts.openedTotal, alerts);
        assert.ok(alerts > 0 && o.decisions.byOutcome.block > 0, 'the bursts were blocked');
        assert.deepEqual(
          o.topReasons.map((r) => [r.code, r.count]),
          codes.rows.slice(0, 10).map((r) => [r.code, r.n]),
        );
        assert.ok(o.topReasons.every((r) => typeof (r.description as { zh?: string }).zh === 'string'));
        assert.ok(o.freshness.streams.some((s) => s.recordType === 'payment' && s.status === 'green'));
      }
      // A range with nothing in it: zeros, not gaps.
      const empty = await overview.overview({ from: '2020-01-01T00:00:00Z', to: '2020-01-01T06:00:00Z' });
      assert.equal(empty.periods.length, 6);
      assert.deepEqual(empty.decisions.series.block, [0, 0, 0, 0, 0, 0]);
    });

    test('a bad range is refused naming the field', async () => {
      const overview = new DashboardOverview(tp.platform.db, tp.platform.clock);
      for (const [q, field] of [
        [{ from: 'yesterday' }, 'from'],
        [{ grain: 'minute' }, 'grain'],
        [{ tz: 'Mars/Olympus' }, 'tz'],
        [{ from: '2026-01-01', to: '2026-03-01', grain: 'hour' }, 'from'],
        [{ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'from'],
      ] as const) {
        await assert.rejects(overview.overview(q), (e: unknown) => e instanceof FengkongError && e.code === 'REQUEST_INVALID' && (e.details as unknown as Array<{ field: string }>).some((d) => d.field === field), JSON.stringify(q));
      }
    });
  });
}
