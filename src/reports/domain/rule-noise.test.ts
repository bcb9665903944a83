/** The FP rate per reason code and the noise order, table-driven. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fpRate, rankByNoise, type RuleCounts } from './rule-noise.js';

const counts = (code: string, c: Partial<RuleCounts>): RuleCounts => ({ code, kind: 'rule', alerts: 0, closed: 0, confirmedFraud: 0, falsePositive: 0, legitimate: 0, inconclusive: 0, laterFraud: 0, ...c });

test('FP rate: not-fraud over resolved; inconclusive and open cases left out; nothing resolved is no rate', () => {
  const table: Array<[Partial<RuleCounts>, number | null]> = [
    [{ falsePositive: 3, confirmedFraud: 1 }, 0.75],
    [{ falsePositive: 1, legitimate: 1 }, 1],
    [{ confirmedFraud: 4 }, 0],
    [{ falsePositive: 1, confirmedFraud: 1, inconclusive: 8 }, 0.5],
    [{ inconclusive: 2 }, null],
    [{}, null],
  ];
  for (const [c, rate] of table) assert.equal(fpRate(counts('X', c)), rate, JSON.stringify(c));
});

test('noise order: wasted alerts first, then rate, then volume, then code', () => {
  const ranked = rankByNoise([
    counts('ONE_OF_ONE', { alerts: 1, falsePositive: 1 }),
    counts('BUSY_BUT_RIGHT', { alerts: 50, confirmedFraud: 45, falsePositive: 5 }),
    counts('NOISY', { alerts: 40, falsePositive: 30, confirmedFraud: 2 }),
    counts('UNRESOLVED', { alerts: 9 }),
    counts('CLEAN_B', { alerts: 3, confirmedFraud: 3 }),
    counts('CLEAN_A', { alerts: 3, confirmedFraud: 3 }),
    counts('NOISIER_RATE', { alerts: 5, falsePositive: 5 }),
  ]);
  assert.deepEqual(
    ranked.map((r) => [r.code, r.noise]),
    [['NOISY', 30], ['NOISIER_RATE', 5], ['BUSY_BUT_RIGHT', 5], ['ONE_OF_ONE', 1], ['CLEAN_A', 0], ['CLEAN_B', 0], ['UNRESOLVED', 0]],
  );
});
