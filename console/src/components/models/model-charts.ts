/**
 * ECharts options for a model version's evaluation: ROC, KS, score distribution, PSI, lift and
 * calibration. Pure: texts come in through `t`, so the same builders serve both languages.
 */
import type { TFunction } from 'i18next';
import type { ChartOption } from '../Chart';
import type { EvaluationDetail, HistogramBin } from './model-types';

const GOOD = '#2e8b57';
const BAD = '#c0392b';
const ACCENT = '#1f5fbf';
const GREY = '#9aa3b2';

const pct = (v: number) => `${Math.round(v * 100)}%`;
const axis01 = (name: string) => ({ type: 'value', min: 0, max: 1, name, nameLocation: 'middle', nameGap: 28, axisLabel: { formatter: pct } });

export function rocOption(d: EvaluationDetail, auc: number, t: TFunction): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 32, bottom: 48 },
    xAxis: axis01(t('fpr')),
    yAxis: axis01(t('tpr')),
    series: [
      { name: `${t('roc')} (AUC ${auc.toFixed(3)})`, type: 'line', showSymbol: false, data: d.test.roc.map((p) => [p.fpr, p.tpr]), lineStyle: { color: ACCENT, width: 2 }, itemStyle: { color: ACCENT }, areaStyle: { opacity: 0.08 } },
      { name: t('rocRandom'), type: 'line', showSymbol: false, data: [[0, 0], [1, 1]], lineStyle: { type: 'dashed', color: GREY }, itemStyle: { color: GREY } },
    ],
  };
}

export function ksOption(d: EvaluationDetail, ks: number, t: TFunction): ChartOption {
  const curve = d.test.ksCurve;
  // The KS point: where the two cumulative shares lie furthest apart.
  const at = curve.reduce((best, p) => (p.tpr - p.fpr > best.tpr - best.fpr ? p : best), curve[0] ?? { x: 0, tpr: 0, fpr: 0 });
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 32, bottom: 48 },
    xAxis: axis01(t('ksShare')),
    yAxis: axis01(''),
    series: [
      {
        name: t('cumBad'),
        type: 'line',
        showSymbol: false,
        data: curve.map((p) => [p.x, p.tpr]),
        lineStyle: { color: BAD },
        itemStyle: { color: BAD },
        markLine: { symbol: 'none', label: { formatter: t('ksPoint', { ks: ks.toFixed(3) }) }, lineStyle: { color: '#333', type: 'dashed' }, data: [[{ coord: [at.x, at.fpr] }, { coord: [at.x, at.tpr] }]] },
      },
      { name: t('cumGood'), type: 'line', showSymbol: false, data: curve.map((p) => [p.x, p.fpr]), lineStyle: { color: GOOD }, itemStyle: { color: GOOD } },
    ],
  };
}

function binLabel(b: HistogramBin, of: 'score' | 'probability'): string {
  return of === 'score' ? `${Math.round(b.from)}–${Math.round(b.to)}` : `${b.from.toFixed(2)}–${b.to.toFixed(2)}`;
}

export function scoreDistributionOption(d: EvaluationDetail, t: TFunction): ChartOption {
  const bins = d.test.scoreDistribution;
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 64 },
    xAxis: { type: 'category', data: bins.map((b) => binLabel(b, d.test.scoreDistributionOf)), axisLabel: { rotate: 40 } },
    yAxis: { type: 'value' },
    series: [
      { name: t('good'), type: 'bar', stack: 'n', data: bins.map((b) => b.good), itemStyle: { color: GOOD } },
      { name: t('bad'), type: 'bar', stack: 'n', data: bins.map((b) => b.bad), itemStyle: { color: BAD } },
    ],
  };
}

/** PSI bands every risk team reads the same way: below 0.1 stable, 0.1–0.25 watch, above 0.25 shifted. */
export function psiColour(psi: number): string {
  return psi >= 0.25 ? BAD : psi >= 0.1 ? '#d48806' : GOOD;
}

export function psiVariablesOption(score: number, variables: Array<{ name: string; psi: number }>, t: TFunction): ChartOption {
  const rows = [{ name: t('scorePsi'), psi: score }, ...[...variables].sort((a, b) => b.psi - a.psi)];
  const top = Math.max(0.3, ...rows.map((r) => r.psi));
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v)) },
    grid: { left: 200, right: 48, top: 16, bottom: 32 },
    xAxis: { type: 'value', max: Math.ceil(top * 20) / 20 },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { width: 190, overflow: 'truncate' } },
    series: [
      {
        name: 'PSI',
        type: 'bar',
        data: rows.map((r) => ({ value: r.psi, itemStyle: { color: psiColour(r.psi) } })),
        markLine: { symbol: 'none', label: { formatter: '{c}' }, lineStyle: { type: 'dashed' }, data: [{ xAxis: 0.1, lineStyle: { color: '#d48806' } }, { xAxis: 0.25, lineStyle: { color: BAD } }] },
      },
    ],
  };
}

/**
 * Train and test score distributions as shares, each at its bins' midpoints (the two samples are
 * binned over their own ranges): what the score PSI measures, seen.
 */
export function psiScoreOption(d: EvaluationDetail, t: TFunction): ChartOption | null {
  const train = d.train?.scoreDistribution;
  if (!train?.length || d.train?.scoreDistributionOf !== d.test.scoreDistributionOf) return null;
  // Shares per bin of the test sample's width: train bins spanning a wider range would look taller.
  const width = (bins: HistogramBin[]) => (bins.length ? (bins[bins.length - 1]!.to - bins[0]!.from) / bins.length || 1 : 1);
  const unit = width(d.test.scoreDistribution);
  const points = (bins: HistogramBin[]) => {
    const n = bins.reduce((a, b) => a + b.good + b.bad, 0) || 1;
    const scale = unit / width(bins);
    return bins.map((b) => [(b.from + b.to) / 2, Math.round(((b.good + b.bad) / n) * scale * 10_000) / 10_000]);
  };
  const asScore = d.test.scoreDistributionOf === 'score';
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 40 },
    xAxis: { type: 'value', scale: true, axisLabel: { formatter: (v: number) => (asScore ? String(Math.round(v)) : v.toFixed(2)) } },
    yAxis: { type: 'value', axisLabel: { formatter: pct } },
    series: [
      { name: t('train'), type: 'line', smooth: true, data: points(train), itemStyle: { color: GREY }, areaStyle: { opacity: 0.15 } },
      { name: t('test'), type: 'line', smooth: true, data: points(d.test.scoreDistribution), itemStyle: { color: ACCENT }, areaStyle: { opacity: 0.15 } },
    ],
  };
}

export function liftOption(d: EvaluationDetail, t: TFunction): ChartOption {
  const rows = d.test.lift;
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 32, bottom: 40 },
    xAxis: { type: 'category', name: t('decile'), nameLocation: 'middle', nameGap: 26, data: rows.map((r) => String(r.group)) },
    yAxis: [{ type: 'value', name: t('liftValue') }, { type: 'value', min: 0, max: 1, axisLabel: { formatter: pct } }],
    series: [
      { name: t('liftValue'), type: 'bar', data: rows.map((r) => Math.round(r.lift * 100) / 100), itemStyle: { color: ACCENT } },
      { name: t('cumBad'), type: 'line', yAxisIndex: 1, data: rows.map((r) => Math.round(r.cumBadCapture * 1000) / 1000), itemStyle: { color: BAD } },
    ],
  };
}

export function calibrationOption(d: EvaluationDetail, t: TFunction): ChartOption {
  const rows = d.test.calibration;
  const top = Math.min(1, Math.max(0.05, ...rows.map((r) => Math.max(r.meanPredicted, r.observedBadRate))) * 1.1);
  return {
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => (Array.isArray(v) ? v.map((x) => pct(Number(x))).join(' → ') : String(v)) },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 32, bottom: 48 },
    xAxis: { type: 'value', min: 0, max: top, name: t('predicted'), nameLocation: 'middle', nameGap: 28, axisLabel: { formatter: pct } },
    yAxis: { type: 'value', min: 0, max: top, name: t('observed'), axisLabel: { formatter: pct } },
    series: [
      { name: t('observed'), type: 'line', data: rows.map((r) => [r.meanPredicted, r.observedBadRate]), itemStyle: { color: BAD } },
      { name: t('perfect'), type: 'line', showSymbol: false, data: [[0, 0], [top, top]], lineStyle: { type: 'dashed', color: GREY }, itemStyle: { color: GREY } },
    ],
  };
}

export function importanceOption(rows: Array<{ name: string; gain: number }>, t: TFunction): ChartOption {
  const top = [...rows].sort((a, b) => b.gain - a.gain).slice(0, 20);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 200, right: 24, top: 16, bottom: 32 },
    xAxis: { type: 'value', name: t('gain') },
    yAxis: { type: 'category', inverse: true, data: top.map((r) => r.name), axisLabel: { width: 190, overflow: 'truncate' } },
    series: [{ name: t('gain'), type: 'bar', data: top.map((r) => Math.round(r.gain * 1000) / 1000), itemStyle: { color: ACCENT } }],
  };
}
