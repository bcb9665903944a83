/** The shapes the case and complaint APIs answer with, as the workbench pages read them. */

export type Bilingual = { zh: string; en: string } | string;

export interface CaseSummary {
  id: string;
  queue: string;
  severity: string;
  entity: { kind: string; id: string };
  status: 'new' | 'assigned' | 'investigating' | 'escalated' | 'closed';
  assignee: string | null;
  disposition: string | null;
  alertCount: number;
  openedAt: string;
  lastAlertAt: string;
  updatedAt: string;
  dueAt: string;
  slaBreachedAt: string | null;
  closedAt: string | null;
}

export interface Reason {
  code?: string;
  ruleId?: string;
  score?: number | null;
  action?: string;
  description?: Bilingual;
  message?: Bilingual;
}

export interface Alert {
  id: string;
  source: string;
  queue: string | null;
  severity: string;
  eventId: string | null;
  customerId: string | null;
  decisionPoint: string | null;
  outcome: string | null;
  score: number | null;
  title: Bilingual | null;
  reasons: Reason[] | null;
  createdAt: string;
}

export interface TimelineEvent {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  detail: Record<string, unknown>;
}

export interface CaseDetail extends CaseSummary {
  alerts: Alert[];
  timeline: TimelineEvent[];
}

export interface QueueSummary {
  queue: string;
  open: number;
  unassigned: number;
  breached: number;
}

export interface GraphNode {
  id: string;
  kind: string;
  key: string;
  hop: 0 | 1 | 2;
}

export interface Entity360View {
  entity: { kind: string; id: string };
  profile: Record<string, unknown> | null;
  decisions: Array<{ eventId: string; decisionPoint: string; outcome: string; score: number; reasons: Reason[]; decidedAt: string }>;
  cases: CaseSummary[];
  graph: { nodes: GraphNode[]; edges: Array<{ from: string; to: string; relation: string; weight: number }> };
}

export interface ChangeRequest {
  id: string;
  status: string;
}

export type Standing = 'on_time' | 'breached' | 'pending';

export interface Complaint {
  id: string;
  reference: string | null;
  category: string;
  categoryLabel: Bilingual | null;
  channel: string;
  channelLabel: Bilingual | null;
  status: string;
  customerId: string | null;
  assignee: string | null;
  outcome: string | null;
  outcomeLabel: Bilingual | null;
  receivedAt: string;
  response: { dueAt: string; at: string | null; standing: Standing; breachedAt: string | null };
  feedback: { dueAt: string; at: string | null; standing: Standing; breachedAt: string | null };
  escalated: boolean;
  closedAt: string | null;
}

export interface ComplaintDetail extends Complaint {
  text: { description: string | null; response: string | null; feedback: string | null };
  timeline: TimelineEvent[];
}

interface Kept {
  onTime: number;
  breached: number;
  pending: number;
}

export interface ComplaintStats {
  from: string;
  to: string;
  total: number;
  escalated: number;
  byCategory: Array<{ category: string; label: Bilingual; total: number; open: number; escalated: number; response: Kept; feedback: Kept }>;
  response: Kept & { medianMinutes: number | null };
  feedback: Kept & { medianMinutes: number | null };
}
