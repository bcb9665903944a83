/** Reads recorded decisions: the answer a repeat gets, and the whole trace for investigators. */
import { fromEventRow } from '../ingest/event-row.js';
import type { PreparedDecision } from '../ingest/ingest-service.js';
import { RecordQueries } from '../ingest/record-queries.js';
import { maskedView } from '../pii/seal-record.js';
import type { SqlClient } from '../store/sql-client.js';
import { shownTrace, type StoredTrace } from './domain/trace.js';
import type { Reason } from './domain/decide.js';
import type { Outcome } from './domain/strategy.js';

export interface DecisionView {
  eventId: string;
  decisionPoint: string;
  eventType: string;
  outcome: Outcome;
  score: number;
  reasons: Reason[];
  strategyVersion: number | null;
  degraded: string | null;
  decidedAt: string;
  timings: Record<string, number>;
  /** True when this answer is the stored decision of an earlier request with the same id. */
  repeat: boolean;
}

export interface DecisionTrace extends DecisionView {
  customerId: string | null;
  occurredAt: string;
  /** The event as received, personal data masked; feature values used; each rule's result. */
  trace: Record<string, unknown>;
}

interface Row {
  event_id: string;
  decision_point: string;
  event_type: string;
  customer_id: string | null;
  outcome: Outcome;
  score: number;
  strategy_version: number | null;
  reasons: Reason[];
  trace: Record<string, unknown>;
  degraded: string | null;
  occurred_at: Date;
  decided_at: Date;
}

/** A strategy version's rule ids in order, or null when that version is unknown. */
export type RuleIdsOf = (decisionPoint: string, version: number) => Promise<readonly string[] | null>;

export class DecisionQueries {
  private readonly records: RecordQueries;

  constructor(
    private readonly db: SqlClient,
    private readonly ruleIdsOf: RuleIdsOf,
    /** Acknowledged decisions not yet in the store (the embedded store's journal). */
    private readonly pending: (eventId: string) => PreparedDecision | undefined = () => undefined,
  ) {
    this.records = new RecordQueries(db);
  }

  /** Which of these event ids already have a decision: one query for many. */
  async decidedAmong(eventIds: readonly string[]): Promise<Map<string, true>> {
    const r = await this.db.query<{ event_id: string }>('SELECT event_id FROM decisions WHERE event_id = ANY($1::text[])', [eventIds]);
    return new Map(r.rows.map((x) => [x.event_id, true as const]));
  }

  /** The decision with its whole trace: the stored event, masked, and every rule's result. */
  async find(eventId: string): Promise<DecisionTrace | null> {
    const waiting = this.pending(eventId);
    if (waiting?.item.decision) {
      const e = waiting.item.row;
      const input = { ...maskedView(fromEventRow(e), e.pii as Record<string, { m: string }>), receivedAt: e.received_at };
      return this.view(waiting.item.decision.row as unknown as Row, input);
    }
    const r = await this.db.query<Row>('SELECT * FROM decisions WHERE event_id = $1', [eventId]);
    const row = r.rows[0];
    return row ? this.view(row, await this.records.event(eventId)) : null;
  }

  private async view(row: Row, input: Record<string, unknown> | null): Promise<DecisionTrace> {
    const version = row.strategy_version === null ? null : Number(row.strategy_version);
    return {
      eventId: row.event_id,
      decisionPoint: row.decision_point,
      eventType: row.event_type,
      customerId: row.customer_id,
      outcome: row.outcome,
      score: Number(row.score),
      reasons: row.reasons,
      strategyVersion: version,
      degraded: row.degraded,
      occurredAt: new Date(row.occurred_at).toISOString(),
      decidedAt: new Date(row.decided_at).toISOString(),
      timings: (row.trace.timings as Record<string, number>) ?? {},
      trace: { ...shownTrace(row.trace as unknown as StoredTrace, version === null ? null : await this.ruleIdsOf(row.decision_point, version), row.degraded !== null, input) },
      repeat: false,
    };
  }
}
