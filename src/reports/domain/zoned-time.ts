/**
 * Calendar arithmetic in a named time zone, without I/O: the local date of an instant, the instant
 * of a local midnight, and the run of day or week periods between two local dates. Reporting days
 * are the business's days (Beijing time by default), not UTC days.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(tz, f);
  }
  return f;
}

/** Whether `tz` is an IANA zone name (`Area/Location`, or `UTC`) that ICU knows. */
export function isTimeZone(tz: string): boolean {
  // Names only: 'UTC+8' means opposite offsets to ICU and to PostgreSQL's POSIX rules, and an
  // abbreviation such as 'PST' is a fixed offset to PostgreSQL but a zone with DST to ICU.
  if (tz.length > 64 || !/^(UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+)+)$/.test(tz)) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

function wallClock(t: number, tz: string): number {
  const parts = Object.fromEntries(formatter(tz).formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/** Local minus UTC at instant `t`, in ms (+8 h for Asia/Shanghai). */
function offsetAt(t: number, tz: string): number {
  return wallClock(t, tz) - Math.floor(t / 1000) * 1000;
}

/** The local calendar date (`YYYY-MM-DD`) of instant `t` in `tz`. */
export function localDate(t: number, tz: string): string {
  return new Date(wallClock(t, tz)).toISOString().slice(0, 10);
}

/** The instant at which local date `date` (`YYYY-MM-DD`) begins in `tz`. */
export function zonedMidnight(date: string, tz: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`);
  // Twice: the offset at the guess may differ from the offset at the answer across a DST change.
  const guess = wall - offsetAt(wall, tz);
  return wall - offsetAt(guess, tz);
}

/** Whether `s` is a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

export const GRAINS = ['day', 'week'] as const;
export type Grain = (typeof GRAINS)[number];

/** The start of the period holding local date `date`: itself, or that week's Monday (ISO weeks, as date_trunc). */
export function periodStart(date: string, grain: Grain): string {
  if (grain === 'day') return date;
  const t = Date.parse(`${date}T00:00:00Z`);
  const sinceMonday = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** How many periods run from the one holding `first` to the one holding `last` (local dates). */
export function periodCount(first: string, last: string, grain: Grain): number {
  const a = Date.parse(`${periodStart(first, grain)}T00:00:00Z`);
  const b = Date.parse(`${periodStart(last, grain)}T00:00:00Z`);
  return Math.round((b - a) / (grain === 'day' ? DAY_MS : 7 * DAY_MS)) + 1;
}

/** Every period start from the period of `first` through that of `last`, in order. */
export function periodStarts(first: string, last: string, grain: Grain): string[] {
  const step = grain === 'day' ? DAY_MS : 7 * DAY_MS;
  const start = Date.parse(`${periodStart(first, grain)}T00:00:00Z`);
  const out: string[] = [];
  for (let i = 0, n = periodCount(first, last, grain); i < n; i++) out.push(new Date(start + i * step).toISOString().slice(0, 10));
  return out;
}
