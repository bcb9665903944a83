/**
 * Post-loan early warning (贷后预警): from a loan's behaviour and, when a behaviour model is
 * champion, its probability of default, the warning level — none, watch or alert — with every
 * reason. Thresholds are configuration; the defaults follow common practice (M1 = 1–30 days
 * overdue is watched, 30+ days or a high predicted default raises an alert). Pure.
 */
import type { Bilingual } from '../../shared/i18n.js';
import type { BehaviourVariables } from './behaviour-variables.js';

export type WarningLevel = 'none' | 'watch' | 'alert';

export interface EarlyWarningPolicy {
  /** Days past due from which a loan is watched / alerted. */
  watchDaysPastDue: number;
  alertDaysPastDue: number;
  /** Behaviour-model P(default) from which a loan is watched / alerted (when a model scored it). */
  watchProbability: number;
  alertProbability: number;
  /** Late repayments so far from which a loan is watched, even if up to date now. */
  watchLateRepayments: number;
}

export const DEFAULT_EARLY_WARNING: EarlyWarningPolicy = { watchDaysPastDue: 1, alertDaysPastDue: 30, watchProbability: 0.2, alertProbability: 0.5, watchLateRepayments: 2 };

export interface WarningReason {
  code: string;
  level: Exclude<WarningLevel, 'none'>;
  message: Bilingual;
}

export interface Warning {
  level: WarningLevel;
  reasons: WarningReason[];
}

export function earlyWarning(v: BehaviourVariables, probability: number | null, policy: EarlyWarningPolicy = DEFAULT_EARLY_WARNING): Warning {
  const reasons: WarningReason[] = [];
  const dpd = v.currentDaysPastDue;
  if (dpd >= policy.alertDaysPastDue) reasons.push({ code: 'OVERDUE_SEVERE', level: 'alert', message: { zh: `当前逾期 ${dpd} 天(≥ ${policy.alertDaysPastDue})`, en: `${dpd} days past due now (≥ ${policy.alertDaysPastDue})` } });
  else if (dpd >= policy.watchDaysPastDue) reasons.push({ code: 'OVERDUE', level: 'watch', message: { zh: `当前逾期 ${dpd} 天`, en: `${dpd} days past due now` } });
  if (probability !== null) {
    const pct = (probability * 100).toFixed(1);
    if (probability >= policy.alertProbability) reasons.push({ code: 'HIGH_DEFAULT_RISK', level: 'alert', message: { zh: `行为评分预测违约概率 ${pct}%`, en: `behaviour score predicts ${pct}% default probability` } });
    else if (probability >= policy.watchProbability) reasons.push({ code: 'RISING_DEFAULT_RISK', level: 'watch', message: { zh: `行为评分预测违约概率 ${pct}%`, en: `behaviour score predicts ${pct}% default probability` } });
  }
  if (v.lateRepayments >= policy.watchLateRepayments) reasons.push({ code: 'REPEATED_LATE', level: 'watch', message: { zh: `已有 ${v.lateRepayments} 期逾期还款`, en: `${v.lateRepayments} installments repaid late` } });
  const level: WarningLevel = reasons.some((r) => r.level === 'alert') ? 'alert' : reasons.length > 0 ? 'watch' : 'none';
  return { level, reasons };
}

/** Problems of a policy given in configuration (empty when valid). */
export function checkEarlyWarningPolicy(p: EarlyWarningPolicy): Array<{ path: string; message: Bilingual }> {
  const out: Array<{ path: string; message: Bilingual }> = [];
  const days = (k: keyof EarlyWarningPolicy) => {
    if (!Number.isInteger(p[k]) || p[k] < 0) out.push({ path: k, message: { zh: '须为非负整数', en: 'must be a non-negative integer' } });
  };
  const prob = (k: keyof EarlyWarningPolicy) => {
    if (!(p[k] > 0 && p[k] <= 1)) out.push({ path: k, message: { zh: '须在 (0, 1] 之间', en: 'must be within (0, 1]' } });
  };
  days('watchDaysPastDue');
  days('alertDaysPastDue');
  days('watchLateRepayments');
  prob('watchProbability');
  prob('alertProbability');
  if (p.alertDaysPastDue < p.watchDaysPastDue) out.push({ path: 'alertDaysPastDue', message: { zh: '不得小于 watchDaysPastDue', en: 'must not be below watchDaysPastDue' } });
  if (p.alertProbability < p.watchProbability) out.push({ path: 'alertProbability', message: { zh: '不得小于 watchProbability', en: 'must not be below watchProbability' } });
  return out;
}
