/**
 * The platform's own labelled data as a training set: every loan application event with a credit
 * label (defaulted or performing, from repayment history or the demo), its variables built exactly
 * as the credit decision builds them (application-variables.ts), and the decision-time features of
 * its anti-fraud decision when it was decided in real time.
 */
import { applicationVariables } from '../credit/domain/application-variables.js';
import type { SqlClient } from '../store/sql-client.js';
import type { Dataset } from './domain/dataset.js';
import { datasetFromTable } from './dataset/raw-table.js';

const TARGET = '__defaulted';

export async function labelledApplications(db: SqlClient, opts: { since?: string; limit?: number } = {}): Promise<Dataset> {
  const r = await db.query<{ amount: string | number; data: Record<string, unknown>; features: Record<string, number | null> | null; value: string }>(
    `SELECT e.amount, e.data, d.trace -> 'features' AS features, l.value
     FROM labels l JOIN events e ON e.id = l.event_id LEFT JOIN decisions d ON d.event_id = e.id
     WHERE l.kind = 'credit' AND e.type = 'loan_application' ${opts.since ? 'AND e.occurred_at >= $1' : ''}
     ORDER BY e.occurred_at DESC, e.id DESC ${opts.limit ? `LIMIT ${Math.max(1, Math.floor(opts.limit))}` : ''}`,
    opts.since ? [opts.since] : [],
  );
  // Newest first from the store (so a limit keeps the most recent); oldest first for training.
  r.rows.reverse();
  const rows = r.rows.map((x) => ({ vars: applicationVariables({ ...x.data, amount: Number(x.amount) }, x.features), bad: x.value === 'defaulted' }));
  const names = [...new Set(rows.flatMap((x) => Object.keys(x.vars)))];
  const cells = rows.map((x) => [...names.map((n) => (x.vars[n] === null || x.vars[n] === undefined ? null : String(x.vars[n]))), x.bad ? '1' : '0']);
  return datasetFromTable({ names: [...names, TARGET], rows: cells, positions: Uint32Array.from(cells, (_, i) => i + 1), positionUnit: 'row' }, { target: TARGET, bad: 1 });
}
