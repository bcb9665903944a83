/**
 * Synthetic but consistent report inputs for the tests: the evaluation of a model whose ROC is
 * tpr = fpr^(1/k) (AUC = k/(k+1)), with the KS curve, deciles, calibration and score bands
 * derived from it, and a scorecard whose variable names try HTML injection.
 */
import type { ModelReportInput, ReportEvaluation, ReportVariable } from './report-input.js';

/** An evaluation of `rows` rows at bad rate `badRate` whose ROC curve is tpr = fpr^(1/k), drawn with `points` points. */
export function syntheticEvaluation(rows: number, badRate: number, k: number, points = 201): ReportEvaluation {
  const bads = Math.round(rows * badRate);
  const goods = rows - bads;
  const tprAt = (f: number): number => f ** (1 / k);
  const roc = Array.from({ length: points }, (_, i) => {
    const fpr = i / (points - 1);
    return { fpr, tpr: tprAt(fpr) };
  });
  const ksCurve = roc.map(({ fpr, tpr }) => ({ x: badRate * tpr + (1 - badRate) * fpr, tpr, fpr }));
  const widest = ksCurve.reduce((b, p) => (p.tpr - p.fpr > b.tpr - b.fpr ? p : b));
  // Deciles: the population share x where each tenth ends, found on the KS curve.
  const at = (x: number): { tpr: number; fpr: number } => ksCurve.find((p) => p.x >= x - 1e-12) ?? { tpr: 1, fpr: 1 };
  const lift = Array.from({ length: 10 }, (_, i) => {
    const lo = at(i / 10);
    const hi = at((i + 1) / 10);
    const dBads = Math.round((hi.tpr - (i === 0 ? 0 : lo.tpr)) * bads);
    const dRows = Math.round(rows / 10);
    return { decile: i + 1, from: 400 + 40 * i, to: 440 + 40 * i, rows: dRows, bads: dBads, badRate: dBads / dRows, cumBadShare: hi.tpr, lift: dBads / dRows / badRate };
  });
  const calibration = lift.map((d, i) => ({ bin: i + 1, predicted: d.badRate * (1 + 0.05 * Math.sin(i)), observed: d.badRate, rows: d.rows }));
  const scoreDistribution = Array.from({ length: 15 }, (_, i) => {
    const share = Math.exp(-(((i - 7) / 3.5) ** 2));
    const risk = 0.5 / (1 + Math.exp((i - 4) / 1.5));
    return { from: 450 + 20 * i, to: 470 + 20 * i, good: Math.round((goods / 9) * share * (1 - risk)), bad: Math.round((bads / 3) * share * risk) };
  });
  const auc = k / (k + 1);
  return { rows, bads, badRate, auc, ks: widest.tpr - widest.fpr, ksThreshold: 587.5, gini: 2 * auc - 1, roc, ksCurve, lift, calibration, scoreDistribution };
}

export const INJECTED_NAME = '<script>alert("x")</script>';

function variable(name: string, iv: number, woes: number[], pValue: number): ReportVariable {
  const bins = woes.map((woe, i) => {
    const count = 1000 + 250 * i;
    const badRate = 0.2 / (1 + Math.exp(woe) * 0.25) + 0.02;
    const bad = Math.round(count * badRate);
    return { label: i === 0 ? 'missing / 缺失' : `[${i * 10}, ${(i + 1) * 10})`, count, good: count - bad, bad, badRate: bad / count, woe, points: 20 + 15 * woe };
  });
  return { name, iv, coefficient: -0.87, stdError: 0.061, pValue, bins };
}

/** A scorecard with everything: train and test, PSI, three variables, selection log, notes. */
export function fullInput(): ModelReportInput {
  return {
    name: 'A卡 申请评分 <b>v3</b>',
    version: '3.1.0',
    kind: 'scorecard',
    createdAt: '2024-05-01T08:00:00.000Z',
    createdBy: 'modeller-7',
    status: 'pending_approval',
    decisionPoint: 'loan_application',
    dataset: { name: 'loans-2023Q4', rows: 30000, bads: 6636, trainRows: 21000, testRows: 9000 },
    scale: { baseScore: 600, baseOdds: 1 / 19, pdo: 50 },
    train: syntheticEvaluation(21000, 0.2212, 3.4),
    test: syntheticEvaluation(9000, 0.2212, 3),
    psi: {
      score: 0.0412,
      variables: [
        { name: 'pay_0', psi: 0.012 },
        { name: 'limit_bal', psi: 0.18 },
        { name: INJECTED_NAME, psi: 0.31 },
      ],
    },
    variables: [
      variable('pay_0', 0.872, [-1.9, -0.4, 0.35, 0.9], 0.0001),
      variable('limit_bal', 0.173, [-0.5, -0.1, 0.2, 0.45, 0.6], 0.02),
      variable(INJECTED_NAME, 0.041, [-0.2, 0.05, 0.15], 0.2),
    ],
    selectionLog: [
      { variable: 'pay_0', kept: true, reason: { zh: 'IV 0.87,单调', en: 'IV 0.87, monotonic' } },
      { variable: 'bill_amt2', kept: false, reason: { zh: '与 bill_amt1 相关系数 0.95', en: 'correlation 0.95 with bill_amt1' } },
      { variable: 'sex', kept: false, reason: { zh: '受保护属性 <禁止使用>', en: 'protected attribute <not allowed>' } },
    ],
    notes: 'Reject inference: none.\n拒绝推断:未做。</style><script>alert(1)</script>',
    generatedAt: '2024-05-02T09:30:00.000Z',
  };
}

/** A gradient-boosted tree model: no train sample, no WOE tables, importance instead. */
export function treeInput(): ModelReportInput {
  const { train: _train, variables: _variables, selectionLog: _log, psi: _psi, notes: _notes, scale: _scale, ...rest } = fullInput();
  return {
    ...rest,
    name: 'B卡 GBDT',
    kind: 'gbdt',
    importance: [
      { name: 'pay_0', gain: 812.5 },
      { name: 'limit_bal', gain: 240.1 },
      { name: INJECTED_NAME, gain: 12 },
    ],
  };
}
