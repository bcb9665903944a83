/**
 * The top of the report: who built which model on what data, the key metrics at a glance, the
 * review flags an approver should not miss, and the train/test metrics side by side.
 */
import type { Bilingual } from '../../shared/i18n.js';
import { html, type SafeHtml } from './html-escape.js';
import { auto, DASH, fixed, integer, odds, percent, signed } from './number-format.js';
import type { ModelReportInput, ReportEvaluation } from './report-input.js';
import { bi, HEADINGS, KIND_LABELS, LABELS, psiReading } from './report-labels.js';
import { badge, dataTable, facts, section } from './report-layout.js';

/** Conventional alarm levels; a flag is a prompt to look, not a verdict. */
export const FLAG_THRESHOLDS = {
  /** Train AUC above test AUC by more than this suggests overfitting. */
  aucGap: 0.05,
  /** Test KS below this is weak separation for a credit model. */
  weakKs: 0.2,
  /** IV at or above this is more often leakage than signal. */
  leakageIv: 0.5,
  /** A coefficient's p-value above this is not significant. */
  pValue: 0.05,
  /** PSI above this is a population shift. */
  psiShift: 0.25,
} as const;

/** The review flags for an input, in both languages (empty when nothing stands out). */
export function reviewFlags(input: ModelReportInput): Bilingual[] {
  const t = FLAG_THRESHOLDS;
  const flags: Bilingual[] = [];
  const gap = input.train ? input.train.auc - input.test.auc : NaN;
  if (gap > t.aucGap) {
    flags.push({ zh: `训练 AUC 比测试高 ${fixed(gap, 3)} (超过 ${t.aucGap}),可能过拟合`, en: `Train AUC exceeds test AUC by ${fixed(gap, 3)} (more than ${t.aucGap}): possible overfitting` });
  }
  if (input.test.ks < t.weakKs) flags.push({ zh: `测试 KS 为 ${fixed(input.test.ks, 3)},低于 ${t.weakKs},区分能力较弱`, en: `Test KS is ${fixed(input.test.ks, 3)}, below ${t.weakKs}: weak separation` });
  const reading = psiReading(input.psi?.score);
  if (reading.level === 'shift' || reading.level === 'watch') {
    flags.push({ zh: `模型分数 PSI 为 ${fixed(input.psi?.score, 3)}:${reading.text.zh}`, en: `Score PSI is ${fixed(input.psi?.score, 3)}: ${reading.text.en.toLowerCase()}` });
  }
  const shifted = (input.psi?.variables ?? []).filter((v) => v.psi > t.psiShift).map((v) => v.name);
  if (shifted.length > 0) flags.push({ zh: `变量分布显著偏移 (PSI > ${t.psiShift}):${shifted.join('、')}`, en: `Variables with shifted distribution (PSI > ${t.psiShift}): ${shifted.join(', ')}` });
  const leaky = (input.variables ?? []).filter((v) => v.iv >= t.leakageIv).map((v) => v.name);
  if (leaky.length > 0) flags.push({ zh: `IV ≥ ${t.leakageIv},需核查信息泄露:${leaky.join('、')}`, en: `IV ≥ ${t.leakageIv}, check for leakage: ${leaky.join(', ')}` });
  const insignificant = (input.variables ?? []).filter((v) => v.pValue !== undefined && v.pValue > t.pValue).map((v) => v.name);
  if (insignificant.length > 0) flags.push({ zh: `系数不显著 (P > ${t.pValue}):${insignificant.join('、')}`, en: `Coefficients not significant (p > ${t.pValue}): ${insignificant.join(', ')}` });
  return flags;
}

function card(label: Bilingual, value: string, sub?: SafeHtml | null): SafeHtml {
  return html`<div class="card"><div class="k">${bi(label)}</div><div class="v">${value}</div>${sub ? html`<div class="sub">${sub}</div>` : null}</div>`;
}

function trainSub(train: ReportEvaluation | undefined, value: (e: ReportEvaluation) => string): SafeHtml | null {
  return train ? html`${bi(LABELS.train)}: ${value(train)}` : null;
}

/** Header, identity, key metric cards and review flags. */
export function summarySection(input: ModelReportInput): SafeHtml {
  const { dataset: d, test, train, scale } = input;
  const psi = psiReading(input.psi?.score);
  const identity = facts([
    [LABELS.name, input.name],
    [LABELS.version, String(input.version)],
    [LABELS.kind, bi(KIND_LABELS[input.kind] ?? { zh: input.kind, en: input.kind })],
    [LABELS.status, input.status],
    [LABELS.decisionPoint, input.decisionPoint ?? bi(LABELS.notProvided)],
    [LABELS.createdBy, input.createdBy],
    [LABELS.createdAt, input.createdAt],
    [LABELS.dataset, input.dataset.name],
    [LABELS.rows, integer(d.rows)],
    [LABELS.bads, integer(d.bads)],
    [LABELS.badRate, percent(d.rows > 0 ? d.bads / d.rows : NaN)],
    [LABELS.trainRows, integer(d.trainRows)],
    [LABELS.testRows, integer(d.testRows)],
    [LABELS.scale, scale ? html`${bi(LABELS.baseScore)} ${auto(scale.baseScore)} · ${bi(LABELS.baseOdds)} ${odds(scale.baseOdds)} · PDO ${auto(scale.pdo)}` : bi(LABELS.notProvided)],
  ]);
  const testTag = (l: Bilingual): Bilingual => ({ zh: `${LABELS.test.zh} ${l.zh}`, en: `${LABELS.test.en} ${l.en}` });
  const cards = html`<div class="cards">${[
    card(testTag(LABELS.auc), fixed(test.auc, 3), trainSub(train, (e) => fixed(e.auc, 3))),
    card(testTag(LABELS.ks), fixed(test.ks, 3), trainSub(train, (e) => fixed(e.ks, 3))),
    card(testTag(LABELS.gini), fixed(test.gini, 3), trainSub(train, (e) => fixed(e.gini, 3))),
    card(testTag(LABELS.badRate), percent(test.badRate), trainSub(train, (e) => percent(e.badRate))),
    card(LABELS.scorePsi, fixed(input.psi?.score, 3), badge(psi.level, psi.text)),
  ]}</div>`;
  const flags = reviewFlags(input);
  const flagList = html`<h3>${bi(LABELS.flags)}</h3>${flags.length === 0 ? html`<p>${bi(LABELS.noFlags)}</p>` : html`<ul class="flags">${flags.map((f) => html`<li>${bi(f)}</li>`)}</ul>`}`;
  return section('summary', HEADINGS.summary, [identity, cards, flagList]);
}

/** AUC, KS, Gini and sample figures for train and test, with the difference. */
export function metricsSection(input: ModelReportInput): SafeHtml {
  const { train, test } = input;
  const three = (n: number): string => fixed(n, 3);
  const delta3 = (n: number): string => signed(n, 3);
  // [label, value, its format, the format of test − train (null: a difference means nothing)]
  type Row = [Bilingual, (e: ReportEvaluation) => number, (n: number) => string, ((n: number) => string) | null];
  const rows: Row[] = [
    [LABELS.rows, (e) => e.rows, integer, null],
    [LABELS.bads, (e) => e.bads, integer, null],
    [LABELS.badRate, (e) => e.badRate, (n) => percent(n), (n) => `${signed(n * 100, 2)} pp`],
    [LABELS.auc, (e) => e.auc, three, delta3],
    [LABELS.ks, (e) => e.ks, three, delta3],
    [LABELS.ksThreshold, (e) => e.ksThreshold, auto, null],
    [LABELS.gini, (e) => e.gini, three, delta3],
  ];
  const columns = train
    ? [{ label: LABELS.metric }, { label: LABELS.train, numeric: true }, { label: LABELS.test, numeric: true }, { label: LABELS.delta, numeric: true }]
    : [{ label: LABELS.metric }, { label: LABELS.test, numeric: true }];
  const body = rows.map(([label, get, format, deltaFormat]) =>
    train ? [bi(label), format(get(train)), format(get(test)), deltaFormat ? deltaFormat(get(test) - get(train)) : DASH] : [bi(label), format(get(test))],
  );
  return section('metrics', HEADINGS.metrics, dataTable(columns, body));
}
