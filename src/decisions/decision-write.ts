/**
 * A decision as it is written in the same transaction as its event: the decision row with its
 * trace and, for review or block, the alert it opens. `stored` is set by the repository: false
 * when the event id had already been decided (the first decision stands).
 */
export interface DecisionRow {
  event_id: string;
  decision_point: string;
  event_type: string;
  customer_id: string | null;
  outcome: string;
  score: number;
  strategy_version: number | null;
  reasons: unknown[];
  trace: Record<string, unknown>;
  degraded: string | null;
  occurred_at: string;
  decided_at: string;
}

export interface AlertRow {
  id: string;
  source: string;
  event_id: string;
  customer_id: string | null;
  decision_point: string;
  outcome: string;
  score: number;
  severity: string;
  reasons: unknown[];
  created_at: string;
}

export interface DecisionWrite {
  row: DecisionRow;
  alert: AlertRow | null;
  stored: boolean;
}
