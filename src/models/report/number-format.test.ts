/** Report number formats, the same on every machine. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auto, DASH, fixed, integer, odds, percent, percentTick, pValue, signed } from './number-format.js';

test('formats, table-driven', () => {
  const cases: [string, string, string][] = [
    ['fixed 3', fixed(0.78149, 3), '0.781'],
    ['fixed never -0', fixed(-0.0001, 3), '0.000'],
    ['fixed NaN', fixed(NaN, 3), DASH],
    ['fixed undefined', fixed(undefined, 3), DASH],
    ['percent', percent(0.22123), '22.12%'],
    ['percent 0 decimals', percent(0.5, 0), '50%'],
    ['percent Infinity', percent(Infinity), DASH],
    ['integer', integer(1234567.4), '1,234,567'],
    ['integer small', integer(999), '999'],
    ['integer negative', integer(-30000), '-30,000'],
    ['auto integer', auto(600), '600'],
    ['auto score', auto(587.456), '587.46'],
    ['auto probability', auto(0.05234), '0.0523'],
    ['auto large', auto(12345.6), '12,346'],
    ['signed +', signed(0.0123, 3), '+0.012'],
    ['signed -', signed(-0.0123, 3), '-0.012'],
    ['signed 0', signed(0, 3), '0.000'],
    ['p tiny', pValue(0.00001), '<0.001'],
    ['p', pValue(0.0432), '0.043'],
    ['odds 1:19', odds(1 / 19), '1:19'],
    ['odds 2:1', odds(2), '2:1'],
    ['odds 0', odds(0), DASH],
    ['tick 20%', percentTick(0.2), '20%'],
    ['tick 2.5%', percentTick(0.025), '2.5%'],
    ['tick float noise', percentTick(0.1 + 0.2), '30%'],
  ];
  for (const [name, got, want] of cases) assert.equal(got, want, name);
});
