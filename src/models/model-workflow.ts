/**
 * The modeller's workflow from a labelled dataset to a model ready for the registry: a stratified
 * train/test split, training (a WOE scorecard or boosted trees, early-stopped on a slice of the
 * training part, never on the test part), evaluation on both parts, PSI of the score and of every
 * variable between them, and the bilingual HTML report. Imported models are evaluated and reported
 * the same way on a validation sample when one is given. Pure: no I/O.
 */
import { type Dataset, rowAt } from './domain/dataset.js';
import { pointsFromProbability } from './domain/points-scale.js';
import type { PointsScale, ScoringModel } from './domain/scoring-model.js';
import { stratifiedSplit } from './dataset/split.js';
import { evaluateModel, type ModelEvaluation } from './evaluation/evaluate.js';
import { psiNumeric, variablePsi } from './evaluation/psi.js';
import { renderModelReport } from './report/model-report.js';
import type { ModelReportInput, ReportEvaluation, ReportSelection, ReportVariable } from './report/report-input.js';
import { Scorecard } from './scorecard/scorecard.js';
import { trainScorecard, type TrainOptions } from './scorecard/workflow.js';
import { trainGbdt } from './trees/gbdt-train.js';
import type { GbdtOptions } from './trees/gbdt-options.js';
import type { TreeEnsemble } from './trees/tree-ensemble.js';

export type TrainMethod = 'scorecard' | 'gbdt';

export interface WorkflowOptions {
  method: TrainMethod;
  /** Held-out share for testing (default 0.3) and the split's seed (default 1). */
  testShare?: number;
  seed?: number;
  scorecard?: TrainOptions;
  gbdt?: Omit<GbdtOptions, 'validation' | 'scale'>;
  scale?: PointsScale;
}

/** Metrics worth a line in a listing, per sample. */
export interface EvaluationSummary {
  rows: number;
  bads: number;
  auc: number;
  ks: number;
  gini: number;
}

export interface WorkflowResult {
  model: ScoringModel;
  train: ModelEvaluation;
  test: ModelEvaluation;
  psi: { score: number; variables: Array<{ name: string; psi: number }> };
  /** The report's model-specific sections (WOE tables, selection, importance). */
  details: Pick<ModelReportInput, 'variables' | 'importance' | 'selectionLog'>;
  /** What the registry keeps beside the artifact. */
  summary: { train: EvaluationSummary; test: EvaluationSummary; psi: number };
  timings: { trainMs: number; evaluateMs: number };
  options: Record<string, unknown>;
}

export function summarise(e: ModelEvaluation): EvaluationSummary {
  return { rows: e.rows, bads: e.bads, auc: e.auc, ks: e.ks, gini: e.gini };
}

/** Probabilities and points of every row, by the fastest path the model has. */
export function scoreAll(model: ScoringModel, data: Dataset): { probabilities: Float64Array; scores: Float64Array } {
  if (model instanceof Scorecard) return model.scoreDataset(data);
  const fast = (model as Partial<TreeEnsemble>).predictDataset;
  const probabilities = fast ? fast.call(model, data) : Float64Array.from({ length: data.rows }, (_, i) => model.probability(rowAt(data, i)));
  const scores = new Float64Array(data.rows);
  for (let i = 0; i < data.rows; i++) scores[i] = pointsFromProbability(probabilities[i]!, model.scale);
  return { probabilities, scores };
}

export function runWorkflow(data: Dataset, o: WorkflowOptions): WorkflowResult {
  const split = stratifiedSplit(data, { testShare: o.testShare ?? 0.3, seed: o.seed ?? 1 });
  const t0 = performance.now();
  let model: ScoringModel;
  let details: WorkflowResult['details'] = {};
  if (o.method === 'scorecard') {
    const r = trainScorecard(split.train, { ...(o.scorecard ?? {}), ...(o.scale ? { scale: o.scale } : {}) });
    model = r.scorecard;
    const coef = new Map(r.coefficients.map((c) => [c.variable, c]));
    const points = new Map(r.scorecard.table.variables.map((v) => [v.variable, v.rows.map((x) => x.points)]));
    const variables: ReportVariable[] = r.bins
      .filter((b) => r.selection.kept.includes(b.variable))
      .map((b) => {
        const c = coef.get(b.variable);
        const pts = points.get(b.variable);
        return {
          name: b.variable,
          iv: b.iv,
          ...(c ? { coefficient: c.estimate, stdError: c.stdError, pValue: c.pValue } : {}),
          bins: b.rows.map((row, i) => ({ label: row.label, count: row.count, good: row.good, bad: row.bad, badRate: row.badRate, woe: row.woe, ...(pts?.[i] !== undefined ? { points: pts[i] } : {}) })),
        };
      });
    const selectionLog: ReportSelection[] = [
      ...r.selection.kept.map((v) => ({ variable: v, kept: true, reason: { zh: '入模', en: 'kept in the model' } })),
      ...r.selection.dropped.map((d) => ({ variable: d.variable, kept: false, reason: d.reason })),
    ];
    details = { variables, selectionLog };
  } else {
    // Early stopping watches a slice of the training part: the test part stays unseen until evaluation.
    const inner = stratifiedSplit(split.train, { testShare: 0.2, seed: (o.seed ?? 1) + 1 });
    const r = trainGbdt(inner.train, { ...(o.gbdt ?? {}), validation: inner.test, earlyStopping: o.gbdt?.earlyStopping ?? { rounds: 30 }, ...(o.scale ? { scale: o.scale } : {}) });
    model = r.model;
    const imp = (r.model as unknown as { importance?: () => Array<{ name: string; gain: number }> }).importance?.();
    if (imp) details = { importance: imp };
  }
  const trainMs = performance.now() - t0;
  const t1 = performance.now();
  const ev = evaluatePair(model, split.train, split.test);
  return {
    model,
    ...ev,
    details,
    summary: { train: summarise(ev.train), test: summarise(ev.test), psi: ev.psi.score },
    timings: { trainMs: Math.round(trainMs), evaluateMs: Math.round(performance.now() - t1) },
    options: { method: o.method, testShare: o.testShare ?? 0.3, seed: o.seed ?? 1, ...(o.scorecard ? { scorecard: o.scorecard } : {}), ...(o.gbdt ? { gbdt: o.gbdt } : {}) },
  };
}

/** Evaluation of a model on two samples (train and test, or development and validation) with PSI between them. */
export function evaluatePair(model: ScoringModel, expected: Dataset, actual: Dataset): Pick<WorkflowResult, 'train' | 'test' | 'psi'> {
  const a = scoreAll(model, expected);
  const b = scoreAll(model, actual);
  const train = evaluateModel(a.probabilities, expected.target!, a.scores);
  const test = evaluateModel(b.probabilities, actual.target!, b.scores);
  const score = psiNumeric(a.scores, b.scores).psi;
  const variables = variablePsi(expected, actual, { variables: model.variables.filter((v) => expected.columns.some((c) => c.name === v)) }).map((v) => ({ name: v.variable, psi: v.psi }));
  return { train, test, psi: { score, variables } };
}

/** The report's view of an evaluation (its lift rows are named for the reader). */
function forReport(e: ModelEvaluation): ReportEvaluation {
  return {
    ...e,
    lift: e.lift.map((l) => ({ decile: l.group, from: l.minRisk, to: l.maxRisk, rows: l.rows, bads: l.bads, badRate: l.badRate, cumBadShare: l.cumBadCapture, lift: l.lift })),
    calibration: e.calibration.map((c) => ({ bin: c.group, predicted: c.meanPredicted, observed: c.observedBadRate, rows: c.rows })),
  };
}

/** The HTML report of a model version. */
export function reportOf(meta: Omit<ModelReportInput, 'train' | 'test' | 'psi' | 'variables' | 'importance' | 'selectionLog'>, r: Pick<WorkflowResult, 'test' | 'psi' | 'details'> & { train?: ModelEvaluation }): string {
  return renderModelReport({ ...meta, ...(r.train ? { train: forReport(r.train) } : {}), test: forReport(r.test), psi: r.psi, ...r.details });
}
