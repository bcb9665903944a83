/**
 * The label store: ground truth about events and loans (fraud confirmed or not, loan defaulted,
 * custody issue) that backtests and model training read. A label is keyed by kind and subject;
 * a newer label for the same subject replaces the older one.
 */
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';

export interface Label {
  kind: 'fraud' | 'credit' | 'custody';
  /** What the label is about: an event id, a loan application id, a bank reference. */
  subjectId: string;
  eventId: string | null;
  customerId: string | null;
  /** fraud: `fraud`/`legitimate`; credit: `defaulted`/`performing`; custody: the issue. */
  value: string;
  pattern: string | null;
  source: string;
  labelledAt: string;
  data?: Record<string, unknown>;
}

export class LabelRepository {
  constructor(private readonly db: SqlClient) {}

  async upsert(labels: readonly Label[]): Promise<number> {
    return upsertLabels(this.db, labels);
  }

  async countByValue(kind: Label['kind']): Promise<Record<string, number>> {
    const r = await this.db.query<{ value: string; n: number }>('SELECT value, count(*)::bigint AS n FROM labels WHERE kind = $1 GROUP BY value', [kind]);
    return Object.fromEntries(r.rows.map((x) => [x.value, Number(x.n)]));
  }
}

/** Writes labels within the caller's transaction (a case closing labels its events with it). */
export async function upsertLabels(tx: SqlExecutor, labels: readonly Label[]): Promise<number> {
  if (labels.length === 0) return 0;
  const rows = labels.map((l) => ({
    kind: l.kind,
    subject_id: l.subjectId,
    event_id: l.eventId,
    customer_id: l.customerId,
    value: l.value,
    pattern: l.pattern,
    source: l.source,
    labelled_at: l.labelledAt,
    data: l.data ?? {},
  }));
  const r = await tx.query(
    `INSERT INTO labels AS l (kind, subject_id, event_id, customer_id, value, pattern, source, labelled_at, data)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(kind text, subject_id text, event_id text, customer_id text, value text, pattern text, source text, labelled_at timestamptz, data jsonb)
     ON CONFLICT (kind, subject_id) DO UPDATE SET event_id = excluded.event_id, customer_id = excluded.customer_id, value = excluded.value,
       pattern = excluded.pattern, source = excluded.source, labelled_at = excluded.labelled_at, data = excluded.data
     WHERE l.labelled_at <= excluded.labelled_at`,
    [JSON.stringify(rows)],
  );
  return r.rowCount;
}
