/** Appends to a complaint's timeline inside the caller's transaction (the complaint row is locked by then). */
import type { SqlExecutor } from '../store/sql-client.js';

/** `detail` never holds what the customer or the handler wrote: lengths and codes only. */
export async function appendComplaintEvent(tx: SqlExecutor, complaintId: string, at: string, actor: string, kind: string, detail: Record<string, unknown>): Promise<void> {
  await tx.query(
    `INSERT INTO complaint_events (complaint_id, seq, at, actor, kind, detail)
     SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5 FROM complaint_events WHERE complaint_id = $1`,
    [complaintId, at, actor, kind, JSON.stringify(detail)],
  );
}
