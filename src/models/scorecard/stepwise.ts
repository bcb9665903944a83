/**
 * Stepwise selection with the logistic fitter: forward, backward or both directions, judged by AIC
 * or by p-values; then the removal of variables whose coefficient has the wrong sign (with
 * WOE inputs every slope should be positive, or the points would reward risk).
 */
import { optionError } from '../dataset/model-error.js';
import { fitLogistic, type LogisticFit } from './logistic.js';
import { twoSidedP } from './normal.js';
import type { DroppedVariable, WoeColumns } from './selection.js';

export interface StepwiseOptions {
  /** 'both' (default): add the best variable, then remove any that stopped earning its place. */
  direction?: 'forward' | 'backward' | 'both';
  /** 'aic' (default) or 'pvalue'. */
  criterion?: 'aic' | 'pvalue';
  /** Largest p-value to enter (criterion 'pvalue', default 0.05). */
  pEnter?: number;
  /** Smallest p-value to be removed (criterion 'pvalue', default 0.10). */
  pRemove?: number;
  /** L2 penalty of every fit (default 0). */
  l2?: number;
}

export interface StepwiseResult {
  kept: string[];
  dropped: DroppedVariable[];
  /** The fit of the kept variables, in `kept` order. */
  fit: LogisticFit;
  /** What happened, in order. */
  steps: Array<{ action: 'add' | 'remove'; variable: string; aic: number }>;
}

const fmt = (v: number) => String(Math.round(v * 10000) / 10000);

function fitSet(set: readonly string[], columns: WoeColumns, y: Uint8Array, l2: number, warm?: { fit: LogisticFit; names: readonly string[] }): LogisticFit {
  let start: Float64Array | undefined;
  if (warm) {
    // Warm start: known coefficients carry over, a new variable starts at 0; saves Newton steps.
    const at = new Map(warm.names.map((n, j) => [n, warm.fit.coefficients[j + 1]!]));
    start = Float64Array.from([warm.fit.coefficients[0]!, ...set.map((n) => at.get(n) ?? 0)]);
  }
  return fitLogistic(set.map((n) => columns.get(n)!), y, { l2, names: set, ...(start ? { start } : {}) });
}

/**
 * Score (Rao) test for adding column `x` to a fitted model: χ² = U²/V with U = xᵀ(y − μ) and
 * V = xᵀWx + λ − (XᵀWx)ᵀ·Cov·(XᵀWx), the efficient information left after the model's columns.
 * It approximates the likelihood-ratio statistic without fitting the larger model.
 */
export function scoreTest(fit: LogisticFit, modelColumns: readonly Float64Array[], x: Float64Array, y: Uint8Array): number {
  const n = y.length;
  const p = modelColumns.length + 1;
  let u = 0;
  let xwx = fit.l2;
  const cross = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const mu = fit.fitted[i]!;
    const wi = mu * (1 - mu);
    const xi = x[i]!;
    u += xi * (y[i]! - mu);
    xwx += wi * xi * xi;
    cross[0]! += wi * xi;
  }
  for (let j = 1; j < p; j++) {
    const c = modelColumns[j - 1]!;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const mu = fit.fitted[i]!;
      s += mu * (1 - mu) * x[i]! * c[i]!;
    }
    cross[j] = s;
  }
  let explained = 0;
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += fit.covariance[j * p + k]! * cross[k]!;
    explained += cross[j]! * s;
  }
  const v = xwx - explained;
  return v > 1e-12 * xwx ? (u * u) / v : 0;
}

/**
 * Stepwise logistic selection over WOE columns, the classic way (as SAS PROC LOGISTIC does):
 * candidates to enter are ranked by the score test of the current model, candidates to leave by
 * their Wald χ² (z²), so no model is fitted just to be ranked. Under 'aic' the chosen move is then
 * fitted and made only if the AIC really falls; under 'pvalue' a variable enters when its score
 * p-value is below `pEnter` and leaves when its Wald p-value is above `pRemove`.
 *
 * @example
 * const { kept, fit } = stepwise(['age', 'income'], woeColumns, target, { direction: 'both' });
 */
export function stepwise(variables: readonly string[], columns: WoeColumns, y: Uint8Array, options: StepwiseOptions = {}): StepwiseResult {
  const direction = options.direction ?? 'both';
  const criterion = options.criterion ?? 'aic';
  const pEnter = options.pEnter ?? 0.05;
  const pRemove = options.pRemove ?? 0.1;
  const l2 = options.l2 ?? 0;
  if (!['forward', 'backward', 'both'].includes(direction)) throw optionError('stepwise.direction', '须为 forward、backward 或 both', 'must be forward, backward or both');
  if (criterion !== 'aic' && criterion !== 'pvalue') throw optionError('stepwise.criterion', '须为 aic 或 pvalue', 'must be aic or pvalue');
  if (!(pEnter > 0 && pEnter < 1)) throw optionError('stepwise.pEnter', '须在 0 与 1 之间', 'must lie between 0 and 1');
  if (!(pRemove > 0 && pRemove <= 1)) throw optionError('stepwise.pRemove', '须在 0 与 1 之间', 'must lie between 0 and 1');

  let current: string[] = direction === 'backward' ? [...variables] : [];
  let fit = fitSet(current, columns, y, l2);
  const steps: StepwiseResult['steps'] = [];
  const key = (set: readonly string[]) => [...set].sort().join('\u0000');
  const visited = new Set<string>([key(current)]);
  // What the last look at each left-out variable found, for its reason.
  const verdict = new Map<string, DroppedVariable>();

  const tryAdd = (): boolean => {
    const modelColumns = current.map((v) => columns.get(v)!);
    let best = '';
    let bestChi = -1;
    const chiOf = new Map<string, number>();
    for (const v of variables) {
      if (current.includes(v)) continue;
      const chi = scoreTest(fit, modelColumns, columns.get(v)!, y);
      chiOf.set(v, chi);
      if (chi > bestChi) {
        bestChi = chi;
        best = v;
      }
    }
    for (const [v, chi] of chiOf) {
      const p = twoSidedP(Math.sqrt(chi));
      verdict.set(
        v,
        criterion === 'aic'
          ? { variable: v, step: 'stepwise', value: 2 - chi, threshold: 0, reason: { zh: `逐步回归:加入后 AIC 约变化 ${fmt(2 - chi)}(score 检验),未改善`, en: `stepwise: adding it changes AIC by about ${fmt(2 - chi)} (score test), no improvement` } }
          : { variable: v, step: 'stepwise', value: p, threshold: pEnter, reason: { zh: `逐步回归:score 检验 p 值 ${fmt(p)} 不低于 ${pEnter}`, en: `stepwise: its score-test p-value ${fmt(p)} is not below ${pEnter}` } },
      );
    }
    if (!best) return false;
    const next = [...current, best];
    if (visited.has(key(next))) return false;
    if (criterion === 'pvalue' && !(twoSidedP(Math.sqrt(bestChi)) < pEnter)) return false;
    const f = fitSet(next, columns, y, l2, { fit, names: current });
    if (criterion === 'aic' && !(f.aic < fit.aic - 1e-9)) {
      const delta = f.aic - fit.aic;
      verdict.set(best, { variable: best, step: 'stepwise', value: delta, threshold: 0, reason: { zh: `逐步回归:加入后 AIC 变化 ${fmt(delta)},未改善`, en: `stepwise: adding it changes AIC by ${fmt(delta)}, no improvement` } });
      return false;
    }
    visited.add(key(next));
    current = next;
    fit = f;
    steps.push({ action: 'add', variable: best, aic: fit.aic });
    return true;
  };

  const tryRemove = (): boolean => {
    if (current.length === 0) return false;
    // The weakest variable: smallest Wald χ² (z²), i.e. largest Wald p-value.
    let drop = 0;
    for (let j = 1; j < current.length; j++) if (Math.abs(fit.z[j + 1]!) < Math.abs(fit.z[drop + 1]!)) drop = j;
    const pWald = fit.pValues[drop + 1]!;
    if (criterion === 'pvalue' && !(pWald > pRemove)) return false;
    const v = current[drop]!;
    const rest = current.filter((_x, k) => k !== drop);
    if (visited.has(key(rest))) return false;
    const f = fitSet(rest, columns, y, l2, { fit, names: current });
    if (criterion === 'aic' && !(f.aic < fit.aic - 1e-9)) return false;
    visited.add(key(rest));
    const lowered = fit.aic - f.aic;
    current = rest;
    fit = f;
    steps.push({ action: 'remove', variable: v, aic: fit.aic });
    verdict.set(
      v,
      criterion === 'aic'
        ? { variable: v, step: 'stepwise', value: -lowered, threshold: 0, reason: { zh: `逐步回归:移除后 AIC 降低 ${fmt(lowered)}`, en: `stepwise: removing it lowers AIC by ${fmt(lowered)}` } }
        : { variable: v, step: 'stepwise', value: pWald, threshold: pRemove, reason: { zh: `逐步回归:Wald p 值 ${fmt(pWald)} 高于 ${pRemove}`, en: `stepwise: its Wald p-value ${fmt(pWald)} is above ${pRemove}` } },
    );
    return true;
  };

  // Each move reaches a model not seen before, so the loop ends; the cap is only a guard.
  for (let guard = 0; guard < 4 * variables.length + 4; guard++) {
    let changed: boolean;
    if (direction === 'backward') changed = tryRemove();
    else {
      changed = tryAdd();
      if (changed && direction === 'both') while (tryRemove()) { /* drop all that no longer earn their place */ }
    }
    if (!changed) break;
  }
  const keep = new Set(current);
  const dropped = variables.filter((v) => !keep.has(v)).map((v) => verdict.get(v)!);
  return { kept: current, dropped, fit, steps };
}

/**
 * Refits without the variable with the most negative z while any slope is not positive, and
 * records each one removed.
 */
export function dropWrongSigns(variables: readonly string[], columns: WoeColumns, y: Uint8Array, l2 = 0): { kept: string[]; dropped: DroppedVariable[]; fit: LogisticFit } {
  let kept = [...variables];
  const dropped: DroppedVariable[] = [];
  let fit = fitSet(kept, columns, y, l2);
  for (;;) {
    let worst = -1;
    for (let j = 0; j < kept.length; j++) if (fit.coefficients[j + 1]! <= 0 && (worst < 0 || fit.z[j + 1]! < fit.z[worst + 1]!)) worst = j;
    if (worst < 0) return { kept, dropped, fit };
    const beta = fit.coefficients[worst + 1]!;
    dropped.push({
      variable: kept[worst]!,
      step: 'sign',
      value: beta,
      threshold: 0,
      reason: { zh: `系数 ${fmt(beta)} 非正:与 WOE 方向相反(多由共线性引起)`, en: `coefficient ${fmt(beta)} is not positive: it runs against the WOE (usually collinearity)` },
    });
    const names = kept;
    kept = kept.filter((_v, j) => j !== worst);
    fit = fitSet(kept, columns, y, l2, { fit, names });
  }
}
