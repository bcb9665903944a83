/** Appends to a case's timeline inside the caller's transaction (the case row is locked by then). */
import type { SqlExecutor } from '../store/sql-client.js';

export async function appendCaseEvent(tx: SqlExecutor, caseId: string, at: string, actor: string, kind: string, detail: Record<string, unknown>): Promise<void> {
  await tx.query(
    `INSERT INTO case_events (case_id, seq, at, actor, kind, detail)
     SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5 FROM case_events WHERE case_id = $1`,
    [caseId, at, actor, kind, JSON.stringify(detail)],
  );
}

/** Minutes a case may stay open: the most specific policy of its queue and severity. */
export async function slaMinutes(tx: SqlExecutor, queue: string, severity: string): Promise<number> {
  const r = await tx.query<{ minutes: number }>(
    `SELECT minutes FROM sla_policies WHERE queue IN ($1, '*') AND severity IN ($2, '*')
     ORDER BY (queue = '*'), (severity = '*') LIMIT 1`,
    [queue, severity],
  );
  return Number(r.rows[0]?.minutes ?? 1440);
}
