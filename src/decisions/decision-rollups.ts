/**
 * Keeps the hourly decision and reason counts (migration 0010) in step with the decisions table:
 * the counts of a batch are added in the transaction that records it, one statement per table
 * whatever the batch size. Keys are sorted so concurrent writers lock rows in the same order.
 */
import { deriveWhenMissing } from '../store/derive-once.js';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import type { DecisionRow } from './decision-write.js';

const HOUR_MS = 3_600_000;

export interface OutcomeCount {
  bucket: string;
  decision_point: string;
  outcome: string;
  n: number;
}
export interface ReasonCount {
  bucket: string;
  decision_point: string;
  code: string;
  n: number;
  description: unknown;
}

/** The UTC hour an instant falls in, as an ISO string. */
export function hourOf(iso: string): string {
  const t = Date.parse(iso);
  return new Date(t - (((t % HOUR_MS) + HOUR_MS) % HOUR_MS)).toISOString();
}

/** The counts a set of newly recorded decisions adds: pure, for the writer and for tests. */
export function rollupCounts(rows: readonly Pick<DecisionRow, 'decided_at' | 'decision_point' | 'outcome' | 'reasons'>[]): { outcomes: OutcomeCount[]; reasons: ReasonCount[] } {
  const outcomes = new Map<string, OutcomeCount>();
  const reasons = new Map<string, ReasonCount>();
  for (const r of rows) {
    const bucket = hourOf(r.decided_at);
    const ok = `${bucket}\u0000${r.decision_point}\u0000${r.outcome}`;
    const o = outcomes.get(ok);
    if (o) o.n += 1;
    else outcomes.set(ok, { bucket, decision_point: r.decision_point, outcome: r.outcome, n: 1 });
    for (const reason of r.reasons as Array<{ code?: unknown; description?: unknown }>) {
      if (typeof reason?.code !== 'string') continue;
      const rk = `${bucket}\u0000${r.decision_point}\u0000${reason.code}`;
      const c = reasons.get(rk);
      if (c) c.n += 1;
      else reasons.set(rk, { bucket, decision_point: r.decision_point, code: reason.code, n: 1, description: reason.description ?? null });
    }
  }
  const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  return { outcomes: [...outcomes].sort(byKey).map(([, v]) => v), reasons: [...reasons].sort(byKey).map(([, v]) => v) };
}

/** Adds the counts of decisions just recorded (only those the insert actually stored). */
export async function addDecisionRollups(tx: SqlExecutor, stored: readonly DecisionRow[]): Promise<void> {
  if (stored.length === 0) return;
  const { outcomes, reasons } = rollupCounts(stored);
  await tx.query(
    `INSERT INTO decision_rollups AS t (bucket, decision_point, outcome, n)
     SELECT bucket, decision_point, outcome, n FROM json_to_recordset($1::json) AS r(bucket timestamptz, decision_point text, outcome text, n bigint)
     ON CONFLICT (bucket, decision_point, outcome) DO UPDATE SET n = t.n + excluded.n`,
    [JSON.stringify(outcomes)],
  );
  if (reasons.length === 0) return;
  await tx.query(
    `INSERT INTO reason_rollups AS t (bucket, decision_point, code, n, description)
     SELECT bucket, decision_point, code, n, description FROM json_to_recordset($1::json) AS r(bucket timestamptz, decision_point text, code text, n bigint, description jsonb)
     ON CONFLICT (bucket, decision_point, code) DO UPDATE SET n = t.n + excluded.n, description = COALESCE(excluded.description, t.description)`,
    [JSON.stringify(reasons)],
  );
}

/**
 * Recounts both tables from the decisions themselves: after a bulk load that bypassed the
 * decision path, or to check the running counts (they must come out equal).
 */
export async function rebuildDecisionRollups(tx: SqlExecutor): Promise<void> {
  await tx.query('DELETE FROM decision_rollups');
  await tx.query('DELETE FROM reason_rollups');
  await tx.query(
    `INSERT INTO decision_rollups (bucket, decision_point, outcome, n)
     SELECT date_trunc('hour', decided_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', decision_point, outcome, count(*) FROM decisions GROUP BY 1, 2, 3`,
  );
  await tx.query(
    `INSERT INTO reason_rollups (bucket, decision_point, code, n, description)
     SELECT date_trunc('hour', d.decided_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', d.decision_point, r->>'code', count(*), (array_agg(r->'description'))[1]
       FROM decisions d CROSS JOIN LATERAL jsonb_array_elements(d.reasons) r WHERE r ? 'code' GROUP BY 1, 2, 3`,
  );
}

/**
 * Counts decisions that have none yet: after the upgrade that added the tables, or a restore of a
 * backup made before it. Under a table lock, so processes starting together count once.
 */
export function ensureDecisionRollups(db: SqlClient): Promise<boolean> {
  return deriveWhenMissing(db, { source: 'decisions', derived: ['decision_rollups', 'reason_rollups'], derive: rebuildDecisionRollups });
}
