/** Reading a report request: ranges in a time zone, defaults, periods, and every way to get it wrong. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DAYS, reportRequest } from './report-request.js';
import { isTimeZone, localDate, periodStart, periodStarts, zonedMidnight } from './zoned-time.js';

const NOW = Date.parse('2026-11-23T15:00:00Z');
const code = (e: unknown) => (e as { code?: string }).code;
const fields = (e: unknown) => ((e as { details?: Array<{ field: string }> }).details ?? []).map((d) => d.field);

test('local midnight and local date in a zone, DST included', () => {
  const cases: Array<[string, string, string]> = [
    ['2026-11-02', 'Asia/Shanghai', '2026-11-01T16:00:00.000Z'],
    ['2026-11-02', 'UTC', '2026-11-02T00:00:00.000Z'],
    // New York on the day clocks go back (1 Nov 2026): midnight is still daylight time, UTC−4.
    ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z'],
    ['2026-11-02', 'America/New_York', '2026-11-02T05:00:00.000Z'],
  ];
  for (const [date, tz, iso] of cases) {
    assert.equal(new Date(zonedMidnight(date, tz)).toISOString(), iso, `${date} ${tz}`);
    assert.equal(localDate(Date.parse(iso), tz), date);
    assert.equal(localDate(Date.parse(iso) - 1, tz) < date, true);
  }
});

test('periods: days, or weeks from Monday as date_trunc has them', () => {
  assert.equal(periodStart('2026-11-08', 'week'), '2026-11-02', 'a Sunday belongs to the week of the Monday before');
  assert.equal(periodStart('2026-11-02', 'week'), '2026-11-02');
  assert.deepEqual(periodStarts('2026-10-31', '2026-11-02', 'day'), ['2026-10-31', '2026-11-01', '2026-11-02']);
  assert.deepEqual(periodStarts('2026-10-31', '2026-11-10', 'week'), ['2026-10-26', '2026-11-02', '2026-11-09']);
  assert.deepEqual(periodStarts('2024-02-28', '2024-03-01', 'day'), ['2024-02-28', '2024-02-29', '2024-03-01']);
});

test('time zones: IANA names only, never POSIX offsets that PostgreSQL reads backwards', () => {
  for (const tz of ['Asia/Shanghai', 'UTC', 'Europe/London', 'America/Argentina/Buenos_Aires', 'Etc/GMT-8']) assert.equal(isTimeZone(tz), true, tz);
  for (const tz of ['UTC+8', '+08:00', 'PST', 'EST5EDT', 'Mars/Olympus', '', 'Asia/Shanghai; DROP TABLE alerts']) assert.equal(isTimeZone(tz), false, tz);
});

test('dates are local midnights in the zone, date-times keep their offset, to is exclusive', () => {
  const r = reportRequest({ from: '2026-11-01', to: '2026-12-01' }, NOW);
  assert.deepEqual([r.from, r.to, r.tz, r.grain], ['2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z', 'Asia/Shanghai', 'day']);
  assert.equal(r.periods.length, 30);
  assert.deepEqual([r.periods[0], r.periods.at(-1)], ['2026-11-01', '2026-11-30']);
  const t = reportRequest({ from: '2026-11-01T08:00:00+08:00', to: '2026-11-01T09:30:00.5Z', tz: 'UTC' }, NOW);
  assert.deepEqual([t.from, t.to, t.periods], ['2026-11-01T00:00:00.000Z', '2026-11-01T09:30:00.500Z', ['2026-11-01']]);
});

test('defaults: the 30 days up to now, by day, no filters; blank text is no filter', () => {
  const r = reportRequest({ queue: ' ', decisionPoint: 'payment' }, NOW);
  assert.equal(Date.parse(r.to), NOW);
  assert.equal(Date.parse(r.to) - Date.parse(r.from), DEFAULT_DAYS * 86_400_000);
  assert.equal(r.periods.length, 31, 'both partial days at the edges');
  assert.deepEqual(r.filters, { queue: null, decisionPoint: 'payment' });
  assert.equal(reportRequest({ to: '2026-11-10' }, NOW).from, '2026-10-10T16:00:00.000Z');
});

test('refused with REQUEST_INVALID naming the field', () => {
  const table: Array<[Record<string, string>, string[]]> = [
    [{ from: '2026-02-30' }, ['from']],
    [{ from: '2026-11-01T08:00:00' }, ['from']], // no offset: whose 08:00?
    [{ to: 'yesterday' }, ['to']],
    [{ from: '2026-11-05', to: '2026-11-02' }, ['from']],
    [{ from: '2026-11-05', to: '2026-11-05' }, ['from']],
    [{ tz: 'UTC+8' }, ['tz']],
    [{ tz: 'Nowhere/Land', grain: 'month' }, ['tz', 'grain']],
    [{ from: '2025-01-01', to: '2026-11-01' }, ['to']],
  ];
  for (const [q, expected] of table) {
    assert.throws(() => reportRequest(q, NOW), (e) => code(e) === 'REQUEST_INVALID' && JSON.stringify(fields(e)) === JSON.stringify(expected), JSON.stringify(q));
  }
  // The same span by week is fine.
  assert.equal(reportRequest({ from: '2025-01-01', to: '2026-11-01', grain: 'week' }, NOW).periods.length, 96);
});
