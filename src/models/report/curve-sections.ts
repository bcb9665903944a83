/**
 * The sections drawn from the evaluations: ROC, KS, score distribution, lift and gains, and
 * calibration — each a chart with its reading and, where the numbers matter, the table behind it.
 */
import type { Bilingual } from '../../shared/i18n.js';
import type { SafeHtml } from './html-escape.js';
import { auto, fixed, integer, percent, percentTick, signed } from './number-format.js';
import type { ModelReportInput, ReportEvaluation } from './report-input.js';
import { biText, HEADINGS, LABELS } from './report-labels.js';
import { dataTable, figure, notice, section } from './report-layout.js';
import { COLORS, type LineSeries, lineChart, stackedColumnChart } from './svg-charts.js';
import { niceDomain } from './svg-scale.js';

const UNIT: readonly [number, number] = [0, 1];

function sampleName(which: Bilingual, extra?: string): string {
  return extra ? `${biText(which)} (${extra})` : biText(which);
}

/** ROC of test (solid) and train (dashed) against the random diagonal. */
export function rocSection(input: ModelReportInput): SafeHtml {
  const { test, train } = input;
  if (test.roc.length === 0) return section('roc', HEADINGS.roc, notice(LABELS.noData));
  const series: LineSeries[] = [];
  if (train && train.roc.length > 0) series.push({ name: sampleName(LABELS.train, `AUC ${fixed(train.auc, 3)}`), points: train.roc.map((p) => [p.fpr, p.tpr]), color: COLORS.train, dashed: true });
  series.push({ name: sampleName(LABELS.test, `AUC ${fixed(test.auc, 3)}`), points: test.roc.map((p) => [p.fpr, p.tpr]), color: COLORS.test });
  const aucs = `AUC ${biText(LABELS.test)} ${fixed(test.auc, 3)}${train ? `, ${biText(LABELS.train)} ${fixed(train.auc, 3)}` : ''}`;
  const chart = lineChart({
    id: 'chart-roc',
    title: biText(HEADINGS.roc),
    desc: `${biText(LABELS.tpr)} vs ${biText(LABELS.fpr)}; ${aucs}`,
    xLabel: biText(LABELS.fpr),
    yLabel: biText(LABELS.tpr),
    xDomain: UNIT,
    yDomain: UNIT,
    series,
    diagonal: biText(LABELS.random),
    xFormat: percentTick,
    yFormat: percentTick,
  });
  const reading = {
    zh: `测试 AUC ${fixed(test.auc, 3)},Gini ${fixed(test.gini, 3)} (Gini = 2·AUC − 1)。曲线越靠左上,区分能力越强;对角线为随机模型。`,
    en: `Test AUC ${fixed(test.auc, 3)}, Gini ${fixed(test.gini, 3)} (Gini = 2·AUC − 1). The closer the curve to the top left, the better the separation; the diagonal is a random model.`,
  };
  return section('roc', HEADINGS.roc, [figure(chart, HEADINGS.roc), notice(reading)]);
}

/** Cumulative bad and good shares against population share on the test sample, the widest gap marked. */
export function ksSection(input: ModelReportInput): SafeHtml {
  const { test } = input;
  const curve = test.ksCurve.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.tpr) && Number.isFinite(p.fpr));
  if (curve.length === 0) return section('ks', HEADINGS.ks, notice(LABELS.noData));
  const widest = curve.reduce((best, p) => (p.tpr - p.fpr > best.tpr - best.fpr ? p : best));
  const label = `KS = ${fixed(test.ks, 3)}`;
  const chart = lineChart({
    id: 'chart-ks',
    title: `${biText(HEADINGS.ks)} (${biText(LABELS.test)})`,
    desc: `${biText(LABELS.ksGap)}: ${label} @ ${percent(widest.x, 1)}`,
    xLabel: biText(LABELS.population),
    yLabel: biText(LABELS.cumShare),
    xDomain: UNIT,
    yDomain: UNIT,
    series: [
      { name: biText(LABELS.cumBad), points: curve.map((p) => [p.x, p.tpr]), color: COLORS.bad },
      { name: biText(LABELS.cumGood), points: curve.map((p) => [p.x, p.fpr]), color: COLORS.good, dashed: true },
    ],
    gap: { x: widest.x, y1: widest.fpr, y2: widest.tpr, label },
    xFormat: percentTick,
    yFormat: percentTick,
  });
  const reading = {
    zh: `测试 KS ${fixed(test.ks, 3)},出现在人群前 ${percent(widest.x, 1)} 处,切分点 ${auto(test.ksThreshold)}。`,
    en: `Test KS ${fixed(test.ks, 3)}, reached at the riskiest ${percent(widest.x, 1)} of the population, cut-off ${auto(test.ksThreshold)}.`,
  };
  return section('ks', HEADINGS.ks, [figure(chart, { zh: `${HEADINGS.ks.zh} (测试)`, en: `${HEADINGS.ks.en} (test)` }), notice(reading)]);
}

/** Goods and bads per score band of the test sample, stacked, with the table. */
export function distributionSection(input: ModelReportInput): SafeHtml {
  const bands = input.test.scoreDistribution;
  if (bands.length === 0) return section('distribution', HEADINGS.distribution, notice(LABELS.noData));
  const names = bands.map((b) => `${auto(b.from)}–${auto(b.to)}`);
  const chart = stackedColumnChart({
    id: 'chart-distribution',
    title: `${biText(HEADINGS.distribution)} (${biText(LABELS.test)})`,
    desc: `${bands.length} ${biText(LABELS.score)}`,
    categories: names,
    ticks: bands.map((b) => auto(b.from)),
    stacks: [
      { name: biText(LABELS.bads), values: bands.map((b) => b.bad), color: COLORS.bad },
      { name: biText(LABELS.goods), values: bands.map((b) => b.good), color: COLORS.good },
    ],
    xLabel: biText(LABELS.score),
    yLabel: biText(LABELS.count),
    yFormat: integer,
  });
  const rows = bands.map((b, i) => [names[i], integer(b.good), integer(b.bad), integer(b.good + b.bad), percent(b.good + b.bad > 0 ? b.bad / (b.good + b.bad) : NaN)]);
  const columns = [{ label: LABELS.score }, { label: LABELS.goods, numeric: true }, { label: LABELS.bads, numeric: true }, { label: LABELS.count, numeric: true }, { label: LABELS.badRate, numeric: true }];
  return section('distribution', HEADINGS.distribution, [figure(chart, { zh: `${HEADINGS.distribution.zh} (测试)`, en: `${HEADINGS.distribution.en} (test)` }), dataTable(columns, rows)]);
}

/** Cumulative gains points, (0,0) first, x = cumulative population share. */
function gains(e: ReportEvaluation): [number, number][] {
  const total = e.lift.reduce((s, d) => s + d.rows, 0);
  let cum = 0;
  const pts: [number, number][] = [[0, 0]];
  for (const d of e.lift) {
    cum += d.rows;
    pts.push([total > 0 ? cum / total : NaN, d.cumBadShare]);
  }
  return pts;
}

/** The decile table of the test sample and the cumulative gains chart. */
export function liftSection(input: ModelReportInput): SafeHtml {
  const { test, train } = input;
  if (test.lift.length === 0) return section('lift', HEADINGS.lift, notice(LABELS.noData));
  const series: LineSeries[] = [];
  if (train && train.lift.length > 0) series.push({ name: biText(LABELS.train), points: gains(train), color: COLORS.train, dashed: true });
  series.push({ name: biText(LABELS.test), points: gains(test), color: COLORS.test, markers: true });
  const chart = lineChart({
    id: 'chart-gains',
    title: `${biText(LABELS.gainsCurve)} (${biText(LABELS.test)})`,
    desc: test.lift[0] ? `${biText(LABELS.lift)} @ ${biText(LABELS.decile)} 1: ${fixed(test.lift[0].lift, 2)}` : '',
    xLabel: biText(LABELS.population),
    yLabel: biText(LABELS.cumBadShare),
    xDomain: UNIT,
    yDomain: UNIT,
    series,
    diagonal: biText(LABELS.random),
    xFormat: percentTick,
    yFormat: percentTick,
  });
  const columns = [LABELS.decile, LABELS.from, LABELS.to, LABELS.rows, LABELS.bads, LABELS.badRate, LABELS.cumBadShare, LABELS.lift].map((label, i) => ({ label, numeric: i > 0 }));
  const rows = test.lift.map((d) => [String(d.decile), auto(d.from), auto(d.to), integer(d.rows), integer(d.bads), percent(d.badRate), percent(d.cumBadShare, 1), fixed(d.lift, 2)]);
  return section('lift', HEADINGS.lift, [
    dataTable(columns, rows, { zh: '测试样本,按风险由高到低分组', en: 'Test sample, groups riskiest first' }),
    figure(chart, LABELS.gainsCurve),
  ]);
}

/** Predicted against observed bad rate per bin of the test sample, on axes zoomed to the data. */
export function calibrationSection(input: ModelReportInput): SafeHtml {
  const bins = input.test.calibration;
  if (bins.length === 0) return section('calibration', HEADINGS.calibration, notice(LABELS.noData));
  const [, top] = niceDomain(bins.flatMap((b) => [b.predicted, b.observed]).filter((v) => v >= 0 && v <= 1));
  const domain: [number, number] = [0, Math.min(1, top)];
  const chart = lineChart({
    id: 'chart-calibration',
    title: `${biText(HEADINGS.calibration)} (${biText(LABELS.test)})`,
    desc: `${biText(LABELS.observed)} vs ${biText(LABELS.predicted)}, ${bins.length} ${biText(LABELS.bin)}`,
    xLabel: biText(LABELS.predicted),
    yLabel: biText(LABELS.observed),
    xDomain: domain,
    yDomain: domain,
    series: [{ name: biText(LABELS.test), points: bins.map((b) => [b.predicted, b.observed]), color: COLORS.test, markers: true }],
    diagonal: biText(LABELS.perfect),
    xFormat: percentTick,
    yFormat: percentTick,
  });
  const expected = bins.reduce((s, b) => s + b.predicted * b.rows, 0);
  const observed = bins.reduce((s, b) => s + b.observed * b.rows, 0);
  const reading = {
    zh: `预期坏样本 ${integer(expected)},实际 ${integer(observed)}。点落在对角线上方表示模型低估风险,下方表示高估。`,
    en: `Expected bads ${integer(expected)}, observed ${integer(observed)}. Points above the diagonal mean the model under-predicts risk; below, it over-predicts.`,
  };
  const columns = [LABELS.bin, LABELS.rows, LABELS.predicted, LABELS.observed, LABELS.difference].map((label, i) => ({ label, numeric: i > 0 }));
  const rows = bins.map((b) => [String(b.bin), integer(b.rows), percent(b.predicted), percent(b.observed), `${signed((b.observed - b.predicted) * 100, 2)} pp`]);
  return section('calibration', HEADINGS.calibration, [figure(chart, { zh: `${HEADINGS.calibration.zh} (测试)`, en: `${HEADINGS.calibration.en} (test)` }), notice(reading), dataTable(columns, rows)]);
}
