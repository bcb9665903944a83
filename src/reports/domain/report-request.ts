/**
 * What a report asks for — a time range, a grain, a time zone and filters — checked and completed
 * with defaults. Pure: the caller passes the current time. `from` is inclusive and `to` exclusive,
 * as everywhere in the API, so `from=2026-11-01&to=2026-12-01` is November; a bare date is that
 * day's local midnight in the report's time zone.
 */
import { FengkongError, type FieldProblem } from '../../shared/errors.js';
import { GRAINS, type Grain, isCalendarDate, isTimeZone, localDate, periodCount, periodStarts, zonedMidnight } from './zoned-time.js';

/** Reporting days are Beijing days unless asked otherwise: the platform serves Chinese finance. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
/** Without a range: the 30 days up to now. */
export const DEFAULT_DAYS = 30;
/** A report is a summary; 400 periods is more than a year by day. */
export const MAX_PERIODS = 400;

/** The request as it arrives (query string or CLI flags): all text, all optional. */
export interface ReportQuery {
  from?: string | undefined;
  to?: string | undefined;
  grain?: string | undefined;
  tz?: string | undefined;
  queue?: string | undefined;
  decisionPoint?: string | undefined;
}

export interface ReportFilters {
  queue: string | null;
  decisionPoint: string | null;
}

export interface ReportRequest {
  /** Inclusive start, an ISO instant. */
  from: string;
  /** Exclusive end, an ISO instant. */
  to: string;
  grain: Grain;
  tz: string;
  filters: ReportFilters;
  /** The local start date of every period in the range, in order. */
  periods: string[];
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/i;

function problem(field: string, zh: string, en: string): FieldProblem {
  return { field, reason: 'value', message: { zh, en } };
}

/** An instant from a bare local date or a date-time with its offset; null when it is neither. */
export function instantOf(text: string, tz: string): number | null {
  if (isCalendarDate(text)) return zonedMidnight(text, tz);
  if (!DATE_TIME.test(text) || !isCalendarDate(text.slice(0, 10))) return null;
  const t = Date.parse(text);
  return Number.isFinite(t) ? t : null;
}

const blank = (s: string | undefined): s is undefined => s === undefined || s.trim() === '';

/** The checked request, or REQUEST_INVALID listing every problem. */
export function reportRequest(q: ReportQuery, now: number): ReportRequest {
  const problems: FieldProblem[] = [];
  const tz = blank(q.tz) ? DEFAULT_TIME_ZONE : q.tz.trim();
  if (!isTimeZone(tz)) problems.push(problem('tz', '未知的时区(应为 IANA 名称,如 Asia/Shanghai)', 'unknown time zone (an IANA name such as Asia/Shanghai)'));
  const grain = (blank(q.grain) ? 'day' : q.grain.trim()) as Grain;
  if (!(GRAINS as readonly string[]).includes(grain)) problems.push(problem('grain', '应为 day 或 week', 'one of day, week'));
  if (problems.length > 0) throw new FengkongError('REQUEST_INVALID', { details: problems });

  const to = blank(q.to) ? now : instantOf(q.to.trim(), tz);
  if (to === null) problems.push(problem('to', '应为日期(YYYY-MM-DD)或带时区的时间', 'a date (YYYY-MM-DD) or a date-time with its offset'));
  const from = blank(q.from) ? (to === null ? null : to - DEFAULT_DAYS * 86_400_000) : instantOf(q.from.trim(), tz);
  if (from === null && !blank(q.from)) problems.push(problem('from', '应为日期(YYYY-MM-DD)或带时区的时间', 'a date (YYYY-MM-DD) or a date-time with its offset'));
  if (problems.length > 0 || from === null || to === null) throw new FengkongError('REQUEST_INVALID', { details: problems });
  if (from >= to) throw new FengkongError('REQUEST_INVALID', { details: [problem('from', '开始时间须早于结束时间', 'from must come before to')] });

  const first = localDate(from, tz);
  const last = localDate(to - 1, tz);
  if (periodCount(first, last, grain) > MAX_PERIODS) {
    throw new FengkongError('REQUEST_INVALID', { details: [problem('to', `时间范围过长(最多 ${MAX_PERIODS} 个周期,可改为按周)`, `the range is too long (at most ${MAX_PERIODS} periods; try grain=week)`)] });
  }
  const text = (s: string | undefined) => (blank(s) ? null : s.trim());
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    grain,
    tz,
    filters: { queue: text(q.queue), decisionPoint: text(q.decisionPoint) },
    periods: periodStarts(first, last, grain),
  };
}
