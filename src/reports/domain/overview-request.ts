/**
 * What the overview dashboard asks for: a range, a grain (hour or day), a time zone and an
 * optional decision point; checked, with defaults. Pure: the caller passes the current time.
 * Decision counts are kept per UTC hour, so the range is read in whole hours.
 */
import { FengkongError, type FieldProblem } from '../../shared/errors.js';
import { DEFAULT_TIME_ZONE, instantOf } from './report-request.js';
import { isTimeZone } from './zoned-time.js';

export const OVERVIEW_GRAINS = ['hour', 'day'] as const;
export type OverviewGrain = (typeof OVERVIEW_GRAINS)[number];

const HOUR = 3_600_000;
/** Without a range: the last 24 hours. */
export const DEFAULT_HOURS = 24;
/** Above three days a chart by hour is a blur: day is the default grain. */
const HOURLY_UP_TO = 72 * HOUR;
/** At most 31 days by hour and 400 days by day: a dashboard, not an export. */
const MAX_SPAN: Record<OverviewGrain, number> = { hour: 31 * 24 * HOUR, day: 400 * 24 * HOUR };

export interface OverviewQuery {
  from?: string | undefined;
  to?: string | undefined;
  grain?: string | undefined;
  tz?: string | undefined;
  decisionPoint?: string | undefined;
}

export interface OverviewRequest {
  /** Inclusive, on a UTC hour. */
  from: string;
  /** Exclusive, on a UTC hour. */
  to: string;
  grain: OverviewGrain;
  tz: string;
  decisionPoint: string | null;
}

const blank = (s: string | undefined): s is undefined => s === undefined || s.trim() === '';
const problem = (field: string, zh: string, en: string): FieldProblem => ({ field, reason: 'value', message: { zh, en } });

export function overviewRequest(q: OverviewQuery, now: number): OverviewRequest {
  const problems: FieldProblem[] = [];
  const tz = blank(q.tz) ? DEFAULT_TIME_ZONE : q.tz.trim();
  if (!isTimeZone(tz)) problems.push(problem('tz', '未知的时区(应为 IANA 名称,如 Asia/Shanghai)', 'unknown time zone (an IANA name such as Asia/Shanghai)'));
  if (!blank(q.grain) && !(OVERVIEW_GRAINS as readonly string[]).includes(q.grain.trim())) problems.push(problem('grain', '应为 hour 或 day', 'one of hour, day'));
  if (problems.length > 0) throw new FengkongError('REQUEST_INVALID', { details: problems });

  const toRaw = blank(q.to) ? now : instantOf(q.to.trim(), tz);
  if (toRaw === null) problems.push(problem('to', '应为日期(YYYY-MM-DD)或带时区的时间', 'a date (YYYY-MM-DD) or a date-time with its offset'));
  const fromRaw = blank(q.from) ? (toRaw === null ? null : toRaw - DEFAULT_HOURS * HOUR) : instantOf(q.from.trim(), tz);
  if (fromRaw === null && !blank(q.from)) problems.push(problem('from', '应为日期(YYYY-MM-DD)或带时区的时间', 'a date (YYYY-MM-DD) or a date-time with its offset'));
  if (problems.length > 0 || fromRaw === null || toRaw === null) throw new FengkongError('REQUEST_INVALID', { details: problems });
  if (fromRaw >= toRaw) throw new FengkongError('REQUEST_INVALID', { details: [problem('from', '开始时间须早于结束时间', 'from must come before to')] });

  // Whole hours: down for the start, up for the end, so the hour in progress is included.
  const from = Math.floor(fromRaw / HOUR) * HOUR;
  const to = Math.ceil(toRaw / HOUR) * HOUR;
  const grain: OverviewGrain = blank(q.grain) ? (to - from <= HOURLY_UP_TO ? 'hour' : 'day') : (q.grain.trim() as OverviewGrain);
  if (to - from > MAX_SPAN[grain]) {
    throw new FengkongError('REQUEST_INVALID', { details: [problem('from', grain === 'hour' ? '按小时最多 31 天,可改为按天' : '最多 400 天', grain === 'hour' ? 'at most 31 days by hour; try grain=day' : 'at most 400 days')] });
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), grain, tz, decisionPoint: blank(q.decisionPoint) ? null : q.decisionPoint.trim() };
}
