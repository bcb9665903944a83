/** The overview's figures as GET /v1/dashboard/overview returns them. */
export const OUTCOMES = ['allow', 'review', 'block'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const COLOURS: Record<Outcome, string> = { allow: '#2e8b57', review: '#d48806', block: '#c0392b' };

export interface Overview {
  range: { from: string; to: string; grain: 'hour' | 'day'; tz: string; decisionPoint: string | null };
  periods: string[];
  decisions: { total: number; byOutcome: Record<Outcome, number>; series: Record<Outcome, number[]>; byPoint: Array<{ point: string; total: number } & Record<Outcome, number>> };
  topReasons: Array<{ code: string; description: unknown; count: number; share: number }>;
  alerts: { opened: number[]; closed: number[]; openedTotal: number; closedTotal: number; openCases: number };
  sla: { breached: number[]; breachedTotal: number; openBreached: number; complaintsBreached: number };
  freshness: { thresholds: { amberSeconds: number; redSeconds: number }; streams: Array<{ source: string; recordType: string; newestEventAt: string | null; lastReceivedAt: string | null; ageSeconds: number | null; status: 'green' | 'amber' | 'red' }> };
  computedMs: number;
}
