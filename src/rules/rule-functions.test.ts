import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseTimestamp } from '../ingest/domain/field-rules.js';
import { localHour } from './rule-functions.js';

const cases: Array<[string, number | null]> = [
  ['2025-03-01T02:30:00+08:00', 2],
  ['2025-03-01T02:30:00Z', 10],
  ['2025-03-01T20:30:00z', 4],
  ['2025-03-01T23:59:59.999-05:00', 12],
  ['2025-03-01 00:00+0800', 0],
  ['2025-03-01T12:10:00+05:45', 14], // 12:10 at +05:45 is 06:25 UTC, 14:25 in Beijing
  ['2025-03-01T07:59:00+09', 6],
  ['2025-03-01T02:30:00', null], // no offset: the instant is unknowable
  ['2025-03-01', null],
  ['2025-03-01T24:00:00Z', null],
  ['2025-03-01T10:60:00Z', null],
  ['2025-03-01T10:00:00+15:00', null],
  ['2025-03-01T10:00:00.Z', null],
  ['2025-03-01T10:00:00Z ', null],
  ['yesterday at noon', null],
  ['', null],
];

for (const [text, hour] of cases) {
  test(`localHour(${JSON.stringify(text)}) = ${hour}`, () => {
    assert.equal(localHour(text), hour);
  });
}

test('localHour agrees with the ingest timestamp parser on every timestamp it accepts', () => {
  const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
  const offset = fc.oneof(
    fc.constant('Z'),
    fc.tuple(fc.constantFrom('+', '-'), two(14), two(59), fc.constantFrom(':', '')).map(([s, h, m, sep]) => `${s}${h}${sep}${m}`),
  );
  const timestamp = fc
    .tuple(fc.integer({ min: 1970, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), two(23), two(59), two(59), fc.constantFrom('', '.5', '.123456'), offset)
    .map(([y, mo, d, h, mi, s, frac, off]) => `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${h}:${mi}:${s}${frac}${off}`);
  fc.assert(
    fc.property(timestamp, (text) => {
      const parsed = parseTimestamp(text);
      assert.ok(parsed.ok, text);
      const expected = new Date(parsed.epochMs + 8 * 3_600_000).getUTCHours();
      assert.equal(localHour(text), expected, text);
    }),
    { numRuns: 2000 },
  );
});
