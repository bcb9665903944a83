/**
 * The alert and case report, assembled from the store's aggregates: alert volume per period (every
 * period present, zero when quiet), time to close and SLA compliance per queue and severity with
 * their totals, and rule noise. Pure; what each figure means is stated where it is computed:
 *
 * - Volume counts alerts created in the range, by the local period of their creation.
 * - Time to close covers cases closed in the range: closed_at − opened_at. Median and p90 are
 *   continuous percentiles (PostgreSQL percentile_cont = Excel PERCENTILE.INC = Hyndman–Fan type 7:
 *   the value at rank p·(n−1) of the sorted times, interpolated linearly between neighbours).
 * - SLA compliance is the share of those closed cases closed before their due time (a case is
 *   breached once due_at ≤ now, as the SLA monitor marks it). Open and open-breached are a snapshot
 *   at the end of the range (or now, if sooner): opened before it, not closed by then.
 * - Rule noise covers alerts created in the range; see rule-noise.ts.
 */
import { SEVERITIES } from '../../cases/domain/case-lifecycle.js';
import type { Grain } from './zoned-time.js';
import type { ReportFilters, ReportRequest } from './report-request.js';
import { rankByNoise, type RuleCounts, type RuleNoise } from './rule-noise.js';

/** Alerts of one period, queue, severity and source. */
export interface VolumeRow {
  period: string;
  queue: string;
  severity: string;
  source: string;
  alerts: number;
}

/** Cases of one queue and severity; null stands for all (the rollup's subtotals and total). */
export interface CaseRollupRow {
  queue: string | null;
  severity: string | null;
  closed: number;
  p50Seconds: number | null;
  p90Seconds: number | null;
  meanSeconds: number | null;
  closedWithinSla: number;
  open: number;
  openBreached: number;
}

export interface PeriodVolume {
  period: string;
  alerts: number;
  bySeverity: Record<(typeof SEVERITIES)[number], number>;
}

export interface TimeToClose {
  queue: string | null;
  severity: string | null;
  closed: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  meanMinutes: number | null;
}

export interface SlaCompliance {
  queue: string | null;
  severity: string | null;
  closed: number;
  closedWithinSla: number;
  closedLate: number;
  /** closedWithinSla / closed; null with nothing closed. */
  compliance: number | null;
  open: number;
  openBreached: number;
}

export interface AlertReport {
  range: { from: string; to: string; tz: string; grain: Grain; asOf: string };
  filters: ReportFilters;
  volume: { total: number; periods: PeriodVolume[]; detail: VolumeRow[] };
  timeToClose: TimeToClose[];
  sla: SlaCompliance[];
  ruleNoise: RuleNoise[];
}

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
const minutes = (seconds: number | null) => (seconds === null ? null : round(seconds / 60, 2));
/** Shares carry four places (0.6667): enough for a percentage with two decimals. */
export const share = (part: number, whole: number) => (whole === 0 ? null : round(part / whole, 4));

/** Worst severity first; unknown ones after, by name. */
function severityRank(s: string): number {
  const i = (SEVERITIES as readonly string[]).indexOf(s);
  return i < 0 ? -1 : i;
}

function bySeverityThenName(a: string, b: string): number {
  return severityRank(b) - severityRank(a) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Total first, then each queue: its subtotal, then its severities worst first. */
function rollupOrder(a: CaseRollupRow, b: CaseRollupRow): number {
  if ((a.queue === null) !== (b.queue === null)) return a.queue === null ? -1 : 1;
  if (a.queue !== b.queue) return a.queue! < b.queue! ? -1 : 1;
  if ((a.severity === null) !== (b.severity === null)) return a.severity === null ? -1 : 1;
  return a.severity === null ? 0 : bySeverityThenName(a.severity, b.severity!);
}

const EMPTY_TOTAL: CaseRollupRow = { queue: null, severity: null, closed: 0, p50Seconds: null, p90Seconds: null, meanSeconds: null, closedWithinSla: 0, open: 0, openBreached: 0 };

export function assembleReport(req: ReportRequest, asOf: string, volume: readonly VolumeRow[], cases: readonly CaseRollupRow[], rules: readonly RuleCounts[]): AlertReport {
  const periods = new Map<string, PeriodVolume>(req.periods.map((p) => [p, { period: p, alerts: 0, bySeverity: { low: 0, medium: 0, high: 0, critical: 0 } }]));
  let total = 0;
  for (const v of volume) {
    let p = periods.get(v.period);
    // PostgreSQL's and ICU's zone data could disagree after a recent zone change: keep the row, never drop it.
    if (!p) periods.set(v.period, (p = { period: v.period, alerts: 0, bySeverity: { low: 0, medium: 0, high: 0, critical: 0 } }));
    p.alerts += v.alerts;
    if (Object.hasOwn(p.bySeverity, v.severity)) p.bySeverity[v.severity as keyof PeriodVolume['bySeverity']] += v.alerts;
    total += v.alerts;
  }
  const detail = [...volume].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) || (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0) || bySeverityThenName(a.severity, b.severity) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));

  const rows = cases.some((c) => c.queue === null && c.severity === null) ? [...cases] : [EMPTY_TOTAL, ...cases];
  rows.sort(rollupOrder);
  return {
    range: { from: req.from, to: req.to, tz: req.tz, grain: req.grain, asOf },
    filters: req.filters,
    volume: { total, periods: [...periods.values()].sort((a, b) => (a.period < b.period ? -1 : 1)), detail },
    timeToClose: rows.map((c) => ({ queue: c.queue, severity: c.severity, closed: c.closed, medianMinutes: minutes(c.p50Seconds), p90Minutes: minutes(c.p90Seconds), meanMinutes: minutes(c.meanSeconds) })),
    sla: rows.map((c) => ({ queue: c.queue, severity: c.severity, closed: c.closed, closedWithinSla: c.closedWithinSla, closedLate: c.closed - c.closedWithinSla, compliance: share(c.closedWithinSla, c.closed), open: c.open, openBreached: c.openBreached })),
    ruleNoise: rankByNoise(rules).map((r) => ({ ...r, fpRate: r.fpRate === null ? null : round(r.fpRate, 4) })),
  };
}
