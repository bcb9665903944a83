/**
 * The one internal way to raise an alert from any source — key risk indicators, custody
 * reconciliation, model monitoring, SLA breaches. The alert is stored and filed into its case in
 * one transaction. A dedupe key makes raising idempotent (a re-run check raises nothing twice).
 */
import { randomUUID } from 'node:crypto';
import type { Bilingual } from '../shared/i18n.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError } from '../shared/errors.js';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import type { CaseGrouper, PendingAlert } from './case-grouper.js';
import { isSeverity, type Severity } from './domain/case-lifecycle.js';

export interface RaiseAlert {
  /** Who raises it: `kri`, `custody`, `model-monitor`, `sla` … */
  source: string;
  queue: string;
  severity: Severity;
  entity: { kind: string; id: string };
  title: Bilingual;
  /** What crossed which threshold: shown in the case, never personal data in clear. */
  reasons: ReadonlyArray<Record<string, unknown>>;
  /** The same key raises once (per source). */
  dedupeKey: string;
  customerId?: string | null;
}

export class AlertIntake {
  constructor(
    private readonly db: SqlClient,
    private readonly grouper: CaseGrouper,
    private readonly clock: Clock,
  ) {}

  /** Raises an alert (or finds the one already raised under its dedupe key); its id and case. */
  async raise(input: RaiseAlert, within?: SqlExecutor): Promise<{ alertId: string; caseId: string | null; created: boolean }> {
    if (!isSeverity(input.severity)) throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'severity', reason: 'value', message: { zh: '无效的严重程度', en: 'unknown severity' } }] });
    const run = async (tx: SqlExecutor) => {
      const at = new Date(this.clock.now()).toISOString();
      const r = await tx.query<PendingAlert>(
        `INSERT INTO alerts (id, source, dedupe_key, customer_id, severity, reasons, created_at, queue, entity_kind, entity_id, title)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (source, dedupe_key) DO NOTHING
         RETURNING id, source, event_id, customer_id, decision_point, severity, queue, entity_kind, entity_id, created_at`,
        [randomUUID(), input.source, input.dedupeKey, input.customerId ?? null, input.severity, JSON.stringify(input.reasons), at, input.queue, input.entity.kind, input.entity.id, JSON.stringify(input.title)],
      );
      if (!r.rows[0]) {
        const old = await tx.query<{ id: string; case_id: string | null }>('SELECT id, case_id FROM alerts WHERE source = $1 AND dedupe_key = $2', [input.source, input.dedupeKey]);
        return { alertId: old.rows[0]!.id, caseId: old.rows[0]!.case_id, created: false };
      }
      await this.grouper.file(tx, r.rows);
      const filed = await tx.query<{ case_id: string }>('SELECT case_id FROM alerts WHERE id = $1', [r.rows[0].id]);
      return { alertId: r.rows[0].id, caseId: filed.rows[0]!.case_id, created: true };
    };
    return within ? run(within) : this.db.transaction(run);
  }
}
