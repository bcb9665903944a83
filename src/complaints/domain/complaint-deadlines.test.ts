/** Due times, kept or missed, and the severity of a missed deadline. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { breachSeverity, DEFAULT_DEADLINES, dueTimes, standing } from './complaint-deadlines.js';

const H = 3_600_000;

test('due 24 h and 48 h after receipt by default, or per policy', () => {
  assert.deepEqual(dueTimes(1_000, DEFAULT_DEADLINES), { responseDueAt: 1_000 + 24 * H, feedbackDueAt: 1_000 + 48 * H });
  assert.deepEqual(dueTimes(0, { respondMinutes: 60, feedbackMinutes: 120 }), { responseDueAt: H, feedbackDueAt: 2 * H });
});

test('standing: done by the due instant is on time; later, or undone past it, is breached', () => {
  const due = 100;
  const cases: Array<[number | null, number, string]> = [
    [100, 500, 'on_time'],
    [99, 500, 'on_time'],
    [101, 500, 'breached'],
    [null, 100, 'pending'],
    [null, 101, 'breached'],
    [null, 0, 'pending'],
  ];
  for (const [done, now, expected] of cases) assert.equal(standing(done, due, now), expected, `done ${done} now ${now}`);
});

test('a missed feedback is worse than a missed response; a regulator’s complaint worse still', () => {
  assert.equal(breachSeverity('response', 'phone'), 'medium');
  assert.equal(breachSeverity('feedback', 'app'), 'high');
  assert.equal(breachSeverity('response', 'regulator'), 'high');
  assert.equal(breachSeverity('feedback', 'regulator'), 'critical');
});
