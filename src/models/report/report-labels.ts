/**
 * Every heading, label and reading of the model report in 简体中文 and English, and how a
 * bilingual text is shown: both languages side by side, each tagged with its `lang`.
 */
import type { Bilingual } from '../../shared/i18n.js';
import type { ModelKind } from '../domain/scoring-model.js';
import { html, type SafeHtml } from './html-escape.js';

/** Both languages as markup: `<span lang="zh-CN">…</span> <span lang="en">…</span>`; once when they are the same ("AUC"). */
export function bi(text: Bilingual): SafeHtml {
  if (text.zh === text.en) return html`${text.zh}`;
  return html`<span lang="zh-CN">${text.zh}</span> <span lang="en" class="en">${text.en}</span>`;
}

/** Both languages as plain text (SVG titles, legends): "中文 / English". */
export function biText(text: Bilingual): string {
  if (text.zh === text.en) return text.zh;
  return `${text.zh} / ${text.en}`;
}

/** Section headings (the order of the report). */
export const HEADINGS = {
  report: { zh: '模型报告', en: 'Model report' },
  contents: { zh: '目录', en: 'Contents' },
  summary: { zh: '概览', en: 'Summary' },
  metrics: { zh: '区分度指标', en: 'Discrimination metrics' },
  roc: { zh: 'ROC 曲线', en: 'ROC curve' },
  ks: { zh: 'KS 曲线', en: 'KS curve' },
  distribution: { zh: '分数分布', en: 'Score distribution' },
  lift: { zh: '提升度与累计捕获', en: 'Lift and gains' },
  calibration: { zh: '校准', en: 'Calibration' },
  stability: { zh: '稳定性 (PSI)', en: 'Stability (PSI)' },
  variables: { zh: '变量分箱与 WOE', en: 'Variable bins and WOE' },
  importance: { zh: '特征重要性', en: 'Feature importance' },
  selection: { zh: '变量筛选记录', en: 'Variable selection log' },
  notes: { zh: '备注', en: 'Notes' },
} as const satisfies Record<string, Bilingual>;

/** Field labels and table headers. */
export const LABELS = {
  name: { zh: '模型名称', en: 'Model name' },
  version: { zh: '版本', en: 'Version' },
  kind: { zh: '模型类型', en: 'Model kind' },
  status: { zh: '状态', en: 'Status' },
  decisionPoint: { zh: '决策点', en: 'Decision point' },
  createdBy: { zh: '创建人', en: 'Created by' },
  createdAt: { zh: '创建时间', en: 'Created at' },
  dataset: { zh: '数据集', en: 'Dataset' },
  rows: { zh: '样本量', en: 'Rows' },
  bads: { zh: '坏样本数', en: 'Bads' },
  goods: { zh: '好样本数', en: 'Goods' },
  badRate: { zh: '坏样本率', en: 'Bad rate' },
  trainRows: { zh: '训练样本', en: 'Train rows' },
  testRows: { zh: '测试样本', en: 'Test rows' },
  scale: { zh: '评分刻度', en: 'Points scale' },
  baseScore: { zh: '基准分', en: 'Base score' },
  baseOdds: { zh: '基准坏好比', en: 'Base odds (bad:good)' },
  pdo: { zh: '翻倍分 PDO', en: 'Points to double odds (PDO)' },
  metric: { zh: '指标', en: 'Metric' },
  train: { zh: '训练', en: 'Train' },
  test: { zh: '测试', en: 'Test' },
  delta: { zh: '差值 (测试−训练)', en: 'Δ (test − train)' },
  auc: { zh: 'AUC', en: 'AUC' },
  ks: { zh: 'KS', en: 'KS' },
  ksThreshold: { zh: 'KS 切分点', en: 'KS cut-off' },
  gini: { zh: 'Gini 系数', en: 'Gini' },
  psi: { zh: 'PSI', en: 'PSI' },
  reading: { zh: '解读', en: 'Reading' },
  flags: { zh: '审阅提示', en: 'Review flags' },
  noFlags: { zh: '无', en: 'None' },
  notProvided: { zh: '未提供', en: 'Not provided' },
  noData: { zh: '无数据', en: 'No data' },
  fpr: { zh: '假正率 (FPR)', en: 'False positive rate (FPR)' },
  tpr: { zh: '真正率 (TPR)', en: 'True positive rate (TPR)' },
  random: { zh: '随机模型', en: 'Random model' },
  population: { zh: '人群占比 (按风险由高到低)', en: 'Population share (riskiest first)' },
  cumBad: { zh: '累计坏样本占比 (TPR)', en: 'Cumulative bad share (TPR)' },
  cumGood: { zh: '累计好样本占比 (FPR)', en: 'Cumulative good share (FPR)' },
  cumShare: { zh: '累计占比', en: 'Cumulative share' },
  ksGap: { zh: 'KS 最大间距', en: 'Maximum KS gap' },
  score: { zh: '分数区间', en: 'Score band' },
  count: { zh: '样本数', en: 'Count' },
  from: { zh: '起', en: 'From' },
  to: { zh: '止', en: 'To' },
  decile: { zh: '分组', en: 'Decile' },
  cumBadShare: { zh: '累计坏样本捕获率', en: 'Cumulative bad capture' },
  lift: { zh: '提升度', en: 'Lift' },
  gainsCurve: { zh: '累计坏样本捕获曲线', en: 'Cumulative gains curve' },
  bin: { zh: '分箱', en: 'Bin' },
  predicted: { zh: '预测坏样本率', en: 'Predicted bad rate' },
  observed: { zh: '实际坏样本率', en: 'Observed bad rate' },
  difference: { zh: '差值 (实际−预测)', en: 'Δ (observed − predicted)' },
  perfect: { zh: '完美校准', en: 'Perfect calibration' },
  variable: { zh: '变量', en: 'Variable' },
  iv: { zh: 'IV 值', en: 'Information value (IV)' },
  coefficient: { zh: '系数', en: 'Coefficient' },
  stdError: { zh: '标准误', en: 'Std. error' },
  pValue: { zh: 'P 值', en: 'p-value' },
  share: { zh: '占比', en: 'Share' },
  woe: { zh: 'WOE', en: 'WOE' },
  points: { zh: '分值', en: 'Points' },
  gain: { zh: '增益', en: 'Gain' },
  gainShare: { zh: '增益占比', en: 'Share of gain' },
  decision: { zh: '结论', en: 'Decision' },
  kept: { zh: '保留', en: 'Kept' },
  dropped: { zh: '剔除', en: 'Dropped' },
  reason: { zh: '原因', en: 'Reason' },
  scorePsi: { zh: '模型分数 PSI', en: 'Score PSI' },
  generatedAt: { zh: '报告生成时间', en: 'Report generated at' },
  footer: { zh: '本报告为单一离线文件,不引用任何外部资源。', en: 'This report is one offline file and references no external resource.' },
} as const satisfies Record<string, Bilingual>;

export const KIND_LABELS: Record<ModelKind, Bilingual> = {
  scorecard: { zh: '评分卡 (逻辑回归)', en: 'Scorecard (logistic regression)' },
  gbdt: { zh: '梯度提升树 (平台训练)', en: 'Gradient-boosted trees (trained in platform)' },
  xgboost: { zh: 'XGBoost (导入)', en: 'XGBoost (imported)' },
  onnx: { zh: 'ONNX (导入)', en: 'ONNX (imported)' },
  composite: { zh: '组合模型', en: 'Composite model' },
};

export type Stability = 'stable' | 'watch' | 'shift' | 'unknown';

/** PSI reading, the industry convention: < 0.1 stable, 0.1–0.25 watch, > 0.25 shift. */
export function psiReading(psi: number | undefined): { level: Stability; text: Bilingual } {
  if (psi === undefined || !Number.isFinite(psi)) return { level: 'unknown', text: LABELS.notProvided };
  if (psi < 0.1) return { level: 'stable', text: { zh: '稳定', en: 'Stable' } };
  if (psi <= 0.25) return { level: 'watch', text: { zh: '需关注', en: 'Watch' } };
  return { level: 'shift', text: { zh: '显著偏移', en: 'Shift' } };
}

/** IV strength (Siddiqi's bands); above 0.5 is more often leakage than signal. */
export function ivReading(iv: number): Bilingual {
  if (!Number.isFinite(iv)) return LABELS.notProvided;
  if (iv < 0.02) return { zh: '无预测力', en: 'Not predictive' };
  if (iv < 0.1) return { zh: '弱', en: 'Weak' };
  if (iv < 0.3) return { zh: '中等', en: 'Medium' };
  if (iv < 0.5) return { zh: '强', en: 'Strong' };
  return { zh: '过强,需核查是否信息泄露', en: 'Suspiciously strong: check for leakage' };
}
