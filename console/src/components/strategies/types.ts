/** What the strategy, list and change-request endpoints answer, as the studio pages read it. */

export interface Bilingual {
  zh: string;
  en: string;
}

export const DECISION_POINTS = ['registration', 'login', 'payment', 'withdrawal', 'loan_application', 'repayment'] as const;
export type DecisionPoint = (typeof DECISION_POINTS)[number];

export type Outcome = 'allow' | 'review' | 'block';

export interface StrategyRule {
  id: string;
  when: string;
  action: Outcome | 'score';
  score: number;
  reason: string;
  description: Bilingual;
}

export interface LiveStrategy {
  decisionPoint: DecisionPoint;
  description: Bilingual;
  thresholds: { review: number; block: number };
  onError: Outcome;
  timeoutMs: number;
  rules: StrategyRule[];
  version: number | null;
  eventTypes: string[];
}

export interface StrategyVersion {
  decisionPoint: DecisionPoint;
  version: number;
  status: string;
  createdBy: string;
  createdAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
}

/** A compile problem: `line`/`column` are inside the rule expression for `…when` paths, in the document otherwise. */
export interface StrategyProblem {
  path: string;
  message: Bilingual;
  line?: number;
  column?: number;
}

export type ChangeStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

export interface ChangeRequest {
  id: string;
  kind: string;
  target: { kind: string; id: string };
  summary: Record<string, unknown>;
  status: ChangeStatus;
  reason: string | null;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface TrialResult {
  decisionPoint: DecisionPoint;
  eventId: string;
  eventType: string;
  outcome: Outcome;
  score: number;
  thresholds: { review: number; block: number };
  rules: Array<{ id: string; result: 'hit' | 'miss' | 'error'; action: string; score: number; reason: string; error?: Bilingual }>;
  reasons: Array<{ code: string; source: string; description: Bilingual; ruleId?: string; list?: string; key?: string }>;
  features: Record<string, number | null>;
  models: Record<string, number>;
  sealedFields: string[];
}

export interface ListEntry {
  keyField: string;
  value: string;
  reason: string | null;
  expiresAt: string | null;
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
}
