/**
 * The sections about variables: stability (PSI), the scorecard's WOE tables with a bar chart per
 * variable, tree feature importance, and the selection log that says why each candidate was kept
 * or dropped.
 */
import type { Bilingual } from '../../shared/i18n.js';
import { html, type SafeHtml } from './html-escape.js';
import { fixed, integer, percent, percentTick, pValue } from './number-format.js';
import type { ModelReportInput, ReportVariable } from './report-input.js';
import { bi, biText, HEADINGS, ivReading, LABELS, psiReading } from './report-labels.js';
import { badge, dataTable, facts, figure, notice, section } from './report-layout.js';
import { COLORS, horizontalBarChart } from './svg-charts.js';

/** Bars drawn in the importance chart; the table lists every feature. */
export const IMPORTANCE_CHART_TOP = 30;

const PSI_LEGEND = {
  zh: 'PSI 解读:< 0.1 稳定;0.1–0.25 需关注;> 0.25 显著偏移。',
  en: 'PSI reading: < 0.1 stable; 0.1–0.25 watch; > 0.25 shift.',
};

/** Score PSI with its reading and the per-variable PSI, worst first; says so when not provided. */
export function stabilitySection(input: ModelReportInput): SafeHtml {
  const psi = input.psi;
  if (!psi) return section('stability', HEADINGS.stability, [notice(LABELS.notProvided, 'warn'), notice(PSI_LEGEND)]);
  const score = psiReading(psi.score);
  const variables = [...psi.variables].sort((a, b) => b.psi - a.psi);
  const rows = variables.map((v) => {
    const r = psiReading(v.psi);
    return [v.name, fixed(v.psi, 4), badge(r.level, r.text)];
  });
  return section('stability', HEADINGS.stability, [
    facts([[LABELS.scorePsi, html`${fixed(psi.score, 4)} ${badge(score.level, score.text)}`]]),
    notice(PSI_LEGEND),
    variables.length > 0 ? dataTable([{ label: LABELS.variable }, { label: LABELS.psi, numeric: true }, { label: LABELS.reading }], rows) : null,
  ]);
}

function variableDetail(v: ReportVariable, index: number): SafeHtml {
  const total = v.bins.reduce((s, b) => s + b.count, 0);
  const withPoints = v.bins.some((b) => b.points !== undefined);
  const chart = horizontalBarChart({
    id: `chart-woe-${index + 1}`,
    title: `${biText(LABELS.woe)}: ${v.name}`,
    desc: `IV ${fixed(v.iv, 3)}, ${v.bins.length} ${biText(LABELS.bin)}`,
    items: v.bins.map((b) => ({ label: b.label, value: b.woe })),
    valueLabel: biText(LABELS.woe),
    color: COLORS.test,
    negativeColor: COLORS.train,
    format: (n) => fixed(n, 3),
    tickFormat: (n) => String(Number(n.toFixed(6))),
  });
  const columns = [LABELS.bin, LABELS.count, LABELS.share, LABELS.goods, LABELS.bads, LABELS.badRate, LABELS.woe, ...(withPoints ? [LABELS.points] : [])].map((label, i) => ({ label, numeric: i > 0 }));
  const rows = v.bins.map((b) => [
    b.label,
    integer(b.count),
    percent(total > 0 ? b.count / total : NaN, 1),
    integer(b.good),
    integer(b.bad),
    percent(b.badRate),
    fixed(b.woe, 3),
    ...(withPoints ? [fixed(b.points, 1)] : []),
  ]);
  const estimate: [Bilingual, SafeHtml | string][] = [[LABELS.iv, html`${fixed(v.iv, 3)} · ${bi(ivReading(v.iv))}`]];
  if (v.coefficient !== undefined) estimate.push([LABELS.coefficient, fixed(v.coefficient, 4)]);
  if (v.stdError !== undefined) estimate.push([LABELS.stdError, fixed(v.stdError, 4)]);
  if (v.pValue !== undefined) estimate.push([LABELS.pValue, pValue(v.pValue)]);
  return html`<article class="variable" aria-labelledby="variable-${index + 1}-h"><h3 id="variable-${index + 1}-h">${v.name}</h3>${facts(estimate)}${figure(chart, { zh: `${v.name} 各分箱 WOE`, en: `WOE per bin of ${v.name}` })}${dataTable(columns, rows)}</article>`;
}

/** The scorecard variables by IV, then each one's WOE chart and bin table. */
export function variablesSection(variables: readonly ReportVariable[]): SafeHtml {
  const sorted = [...variables].sort((a, b) => b.iv - a.iv);
  const hasEstimates = sorted.some((v) => v.coefficient !== undefined);
  const columns = [
    { label: LABELS.variable },
    { label: LABELS.iv, numeric: true },
    { label: LABELS.reading },
    ...(hasEstimates ? [{ label: LABELS.coefficient, numeric: true }, { label: LABELS.stdError, numeric: true }, { label: LABELS.pValue, numeric: true }] : []),
  ];
  const rows = sorted.map((v) => [v.name, fixed(v.iv, 3), bi(ivReading(v.iv)), ...(hasEstimates ? [fixed(v.coefficient, 4), fixed(v.stdError, 4), pValue(v.pValue)] : [])]);
  return section('variables', HEADINGS.variables, [dataTable(columns, rows), sorted.map(variableDetail)]);
}

/** Tree feature importance by total gain, as shares of the whole. */
export function importanceSection(importance: readonly { name: string; gain: number }[]): SafeHtml {
  const sorted = [...importance].sort((a, b) => b.gain - a.gain);
  const total = sorted.reduce((s, d) => s + (Number.isFinite(d.gain) ? d.gain : 0), 0);
  const share = (g: number): number => (total > 0 ? g / total : NaN);
  const shown = sorted.slice(0, IMPORTANCE_CHART_TOP);
  const chart = horizontalBarChart({
    id: 'chart-importance',
    title: biText(HEADINGS.importance),
    desc: `${biText(LABELS.gainShare)}, ${shown.length} / ${sorted.length}`,
    items: shown.map((d) => ({ label: d.name, value: share(d.gain) })),
    valueLabel: biText(LABELS.gainShare),
    color: COLORS.test,
    format: (n) => percent(n, 1),
    tickFormat: percentTick,
  });
  const caption = sorted.length > shown.length ? { zh: `增益占比 (前 ${shown.length} 个)`, en: `Share of gain (top ${shown.length})` } : LABELS.gainShare;
  const rows = sorted.map((d) => [d.name, fixed(d.gain, 2), percent(share(d.gain))]);
  return section('importance', HEADINGS.importance, [
    figure(chart, caption),
    dataTable([{ label: LABELS.variable }, { label: LABELS.gain, numeric: true }, { label: LABELS.gainShare, numeric: true }], rows),
  ]);
}

/** Every candidate variable, in the order decided, with the decision and its reason in both languages. */
export function selectionSection(log: NonNullable<ModelReportInput['selectionLog']>): SafeHtml {
  const kept = log.filter((e) => e.kept).length;
  const summary = { zh: `候选变量 ${log.length} 个:保留 ${kept} 个,剔除 ${log.length - kept} 个。`, en: `${log.length} candidates: ${kept} kept, ${log.length - kept} dropped.` };
  const rows = log.map((e) => [
    e.variable,
    e.kept ? badge('kept', LABELS.kept) : badge('dropped', LABELS.dropped),
    html`<span lang="zh-CN">${e.reason.zh}</span>`,
    html`<span lang="en">${e.reason.en}</span>`,
  ]);
  const columns = [{ label: LABELS.variable }, { label: LABELS.decision }, { label: { zh: '原因 (中文)', en: 'Reason (Chinese)' } }, { label: { zh: '原因 (英文)', en: 'Reason (English)' } }];
  return section('selection', HEADINGS.selection, [notice(summary), dataTable(columns, rows)]);
}
