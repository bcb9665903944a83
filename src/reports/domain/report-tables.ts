/**
 * The report as tables with bilingual headers — one per section, in the order the workbook shows
 * them — plus the parameters and definitions of its cover sheet. CSV and Excel both render these,
 * so the two exports can never disagree. Pure.
 */
import { type Bilingual, both } from '../../shared/i18n.js';
import type { AlertReport } from './alert-report.js';

export const SECTIONS = ['volume', 'volume_detail', 'time_to_close', 'sla', 'rule_noise'] as const;
export type Section = (typeof SECTIONS)[number];

/** How a column's values read: text, a count, minutes, or a share between 0 and 1. */
export type CellKind = 'text' | 'count' | 'minutes' | 'share';
export type Cell = string | number | null;

export interface Column {
  title: Bilingual;
  kind: CellKind;
}

export interface ReportTable {
  section: Section;
  /** The worksheet's name (Excel allows 31 characters). */
  sheet: string;
  title: Bilingual;
  columns: Column[];
  rows: Cell[][];
}

/** One header cell in both languages, e.g. `队列 / Queue`. */
export const heading = (c: Column): string => both(c.title);

const ALL = both({ zh: '全部', en: 'All' });
const col = (zh: string, en: string, kind: CellKind = 'count'): Column => ({ title: { zh, en }, kind });
const orAll = (v: string | null) => v ?? ALL;

export function reportTables(r: AlertReport): ReportTable[] {
  const period = r.range.grain === 'day' ? col('日期', 'Date', 'text') : col('周(周一起)', 'Week starting (Monday)', 'text');
  const queue = col('队列', 'Queue', 'text');
  const severity = col('严重程度', 'Severity', 'text');
  return [
    {
      section: 'volume',
      sheet: '告警量 Volume',
      title: { zh: '告警量(按周期与严重程度)', en: 'Alert volume per period and severity' },
      columns: [period, col('告警数', 'Alerts'), col('严重', 'Critical'), col('高', 'High'), col('中', 'Medium'), col('低', 'Low')],
      rows: r.volume.periods.map((p) => [p.period, p.alerts, p.bySeverity.critical, p.bySeverity.high, p.bySeverity.medium, p.bySeverity.low]),
    },
    {
      section: 'volume_detail',
      sheet: '告警明细 Volume detail',
      title: { zh: '告警量(按周期、队列、严重程度与来源)', en: 'Alert volume per period, queue, severity and source' },
      columns: [period, queue, severity, col('来源', 'Source', 'text'), col('告警数', 'Alerts')],
      rows: r.volume.detail.map((v) => [v.period, v.queue, v.severity, v.source, v.alerts]),
    },
    {
      section: 'time_to_close',
      sheet: '结案时长 Time to close',
      title: { zh: '结案时长(区间内结案的案件)', en: 'Time to close (cases closed in the range)' },
      columns: [queue, severity, col('结案数', 'Closed'), col('中位数(分钟)', 'Median (minutes)', 'minutes'), col('P90(分钟)', 'P90 (minutes)', 'minutes'), col('平均(分钟)', 'Mean (minutes)', 'minutes')],
      rows: r.timeToClose.map((t) => [orAll(t.queue), orAll(t.severity), t.closed, t.medianMinutes, t.p90Minutes, t.meanMinutes]),
    },
    {
      section: 'sla',
      sheet: 'SLA 达成 SLA compliance',
      title: { zh: 'SLA 达成率', en: 'SLA compliance' },
      columns: [queue, severity, col('结案数', 'Closed'), col('按时结案', 'Closed within SLA'), col('超时结案', 'Closed late'), col('达成率', 'Compliance', 'share'), col('未结案', 'Open'), col('未结案且已超时', 'Open and breached')],
      rows: r.sla.map((s) => [orAll(s.queue), orAll(s.severity), s.closed, s.closedWithinSla, s.closedLate, s.compliance, s.open, s.openBreached]),
    },
    {
      section: 'rule_noise',
      sheet: '规则噪声 Rule noise',
      title: { zh: '按规则的误报率(噪声最多的在前)', en: 'False-positive rate by rule (noisiest first)' },
      columns: [
        col('原因代码', 'Reason code', 'text'),
        col('类别', 'Kind', 'text'),
        col('告警数', 'Alerts'),
        col('已结案', 'In closed cases'),
        col('确认欺诈', 'Confirmed fraud'),
        col('误报', 'False positive'),
        col('正常交易', 'Legitimate'),
        col('无法确定', 'Inconclusive'),
        col('噪声告警', 'Noise alerts'),
        col('误报率', 'FP rate', 'share'),
        col('后续确认欺诈', 'Later labelled fraud'),
      ],
      rows: r.ruleNoise.map((n) => [n.code, n.kind, n.alerts, n.closed, n.confirmedFraud, n.falsePositive, n.legitimate, n.inconclusive, n.noise, n.fpRate, n.laterFraud]),
    },
  ];
}

/** What the figures mean, for the cover sheet (and the reader of a file months later). */
export const DEFINITIONS: ReadonlyArray<[Bilingual, Bilingual]> = [
  [{ zh: '告警量', en: 'Alert volume' }, { zh: '区间内创建的告警,按创建时间所在的本地日期或周(周一起)统计', en: 'alerts created in the range, by the local day or week (from Monday) of their creation' }],
  [{ zh: '结案时长', en: 'Time to close' }, { zh: '区间内结案的案件,从立案到结案的时间;中位数与 P90 为连续百分位(线性插值,同 Excel PERCENTILE.INC)', en: 'cases closed in the range, from opening to closing; median and P90 are continuous percentiles (linear interpolation, as Excel PERCENTILE.INC)' }],
  [{ zh: 'SLA 达成率', en: 'SLA compliance' }, { zh: '区间内结案的案件中,在截止时间之前结案的比例', en: 'share of the cases closed in the range that closed before their due time' }],
  [{ zh: '未结案 / 已超时', en: 'Open / breached' }, { zh: '截至区间结束(或当前时间)仍未结案的案件,及其中已过截止时间的', en: 'cases still open at the end of the range (or now, if sooner), and those past their due time' }],
  [{ zh: '误报率', en: 'FP rate' }, { zh: '(误报 + 正常交易)÷(误报 + 正常交易 + 确认欺诈);只计已结案案件中的告警,不含“无法确定”', en: '(false positive + legitimate) ÷ (false positive + legitimate + confirmed fraud), over alerts of closed cases; inconclusive excluded' }],
  [{ zh: '后续确认欺诈', en: 'Later labelled fraud' }, { zh: '结为误报或正常、但事件标签现为欺诈的告警(如后续拒付)', en: 'alerts closed as not fraud whose event is now labelled fraud (a later chargeback, say)' }],
];

/** The cover sheet: what was asked for, when, and what the figures mean. */
export function aboutRows(r: AlertReport, generatedAt: string): Array<[string, string]> {
  const param = (zh: string, en: string, v: string | null): [string, string] => [both({ zh, en }), v ?? ALL];
  return [
    param('报表', 'Report', both({ zh: '告警与案件报表', en: 'Alert and case report' })),
    param('开始(含)', 'From (inclusive)', r.range.from),
    param('结束(不含)', 'To (exclusive)', r.range.to),
    param('时区', 'Time zone', r.range.tz),
    param('粒度', 'Grain', r.range.grain),
    param('队列', 'Queue', r.filters.queue),
    param('决策点', 'Decision point', r.filters.decisionPoint),
    param('未结案快照时间', 'Open cases as of', r.range.asOf),
    param('生成时间', 'Generated at', generatedAt),
    ...DEFINITIONS.map(([term, text]): [string, string] => [both(term), both(text)]),
  ];
}
