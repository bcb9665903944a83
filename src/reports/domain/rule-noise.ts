/**
 * Which rules make noise: for each reason code, how its alerts were resolved, and the share that
 * investigators found not fraudulent. Pure.
 *
 * FP rate = (false_positive + legitimate) / (false_positive + legitimate + confirmed_fraud), over
 * alerts whose case is closed; `inconclusive` teaches nothing (as in the label store) and is left
 * out, and so are alerts of open cases. No resolved alert: no rate (null), never 0.
 */

/** Alerts carrying one reason code, counted by how their case was closed. */
export interface RuleCounts {
  code: string;
  /** Where the reason came from: `rule`, `list`, `engine`, or the alert's source (`sla`, `kri` …). */
  kind: string;
  alerts: number;
  /** In cases closed by now. */
  closed: number;
  confirmedFraud: number;
  falsePositive: number;
  legitimate: number;
  inconclusive: number;
  /** Closed as not fraud, yet the event's label now says fraud (a later chargeback, say). */
  laterFraud: number;
}

export interface RuleNoise extends RuleCounts {
  /** Alerts investigators found not fraudulent: false_positive + legitimate. */
  noise: number;
  fpRate: number | null;
}

export function fpRate(c: Pick<RuleCounts, 'confirmedFraud' | 'falsePositive' | 'legitimate'>): number | null {
  const noise = c.falsePositive + c.legitimate;
  const resolved = noise + c.confirmedFraud;
  return resolved === 0 ? null : noise / resolved;
}

/**
 * Noisiest first: by the number of noise alerts (the work they cost), then by FP rate, then by
 * volume, then by code. Ranking by rate alone would put a rule with one wasted alert on top.
 */
export function rankByNoise(counts: readonly RuleCounts[]): RuleNoise[] {
  return counts
    .map((c) => ({ ...c, noise: c.falsePositive + c.legitimate, fpRate: fpRate(c) }))
    .sort((a, b) => b.noise - a.noise || (b.fpRate ?? -1) - (a.fpRate ?? -1) || b.alerts - a.alerts || (a.code < b.code ? -1 : a.code > b.code ? 1 : a.kind < b.kind ? -1 : 1));
}
