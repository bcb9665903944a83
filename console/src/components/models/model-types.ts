/** The model version as the server sends it (GET /v1/models, /v1/models/:id), typed for the pages. */

export type ModelStatus = 'draft' | 'approved' | 'active' | 'retired';
export const MODEL_STATUSES: ModelStatus[] = ['draft', 'approved', 'active', 'retired'];
/** Where a version may go live: a decision point, or the in-loan monitoring schedule. */
export const MODEL_USES = ['registration', 'login', 'payment', 'withdrawal', 'loan_application', 'repayment', 'in_loan'] as const;

export interface SampleSummary {
  rows: number;
  bads: number;
  auc: number;
  ks: number;
  gini: number;
}

export interface HistogramBin {
  from: number;
  to: number;
  good: number;
  bad: number;
}

export interface WoeBin {
  label: string;
  count: number;
  good: number;
  bad: number;
  badRate: number;
  woe: number;
  points?: number;
}

export interface ScorecardVariable {
  name: string;
  iv: number;
  coefficient?: number;
  stdError?: number;
  pValue?: number;
  bins: WoeBin[];
}

/** Curves and tables kept with a version since the console draws them (older versions lack them). */
export interface EvaluationDetail {
  test: {
    badRate: number;
    ksThreshold: number;
    ksScoreThreshold: number | null;
    roc: Array<{ fpr: number; tpr: number }>;
    ksCurve: Array<{ x: number; tpr: number; fpr: number }>;
    lift: Array<{ group: number; rows: number; bads: number; badRate: number; cumBadCapture: number; lift: number }>;
    calibration: Array<{ group: number; rows: number; meanPredicted: number; observedBadRate: number }>;
    scoreDistribution: HistogramBin[];
    scoreDistributionOf: 'score' | 'probability';
  };
  train?: { scoreDistribution: HistogramBin[]; scoreDistributionOf: 'score' | 'probability' };
  variables?: ScorecardVariable[];
  importance?: Array<{ name: string; gain: number }>;
}

export interface Evaluation {
  train?: SampleSummary;
  test: SampleSummary;
  psi: number;
  psiVariables: Array<{ name: string; psi: number }>;
  detail?: EvaluationDetail;
}

export interface ModelVersion {
  id: string;
  name: string;
  version: number;
  kind: string;
  status: ModelStatus;
  use: string | null;
  champion: boolean;
  variables: string[];
  artifactSha256: string;
  training: { source?: string; dataset?: { name?: string; rows?: number; bads?: number } } & Record<string, unknown>;
  evaluation: Evaluation | null;
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  activatedBy: string | null;
  activatedAt: string | null;
  retiredBy: string | null;
  retiredAt: string | null;
}

export interface ChangeRequest {
  id: string;
  kind: string;
  target: { kind: string; id: string };
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  reason: string | null;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** Badge colour of a status: live is green, waiting is amber, gone is grey. */
export function statusBadge(s: ModelStatus): string {
  return s === 'active' ? 'green' : s === 'approved' ? 'amber' : s === 'draft' ? '' : 'muted';
}
