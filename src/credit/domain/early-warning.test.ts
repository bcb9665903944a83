import assert from 'node:assert/strict';
import { test } from 'node:test';
import { behaviourVariables, isPaidOff, type LoanHistory, PERIOD_MS } from './behaviour-variables.js';
import { checkEarlyWarningPolicy, DEFAULT_EARLY_WARNING, earlyWarning } from './early-warning.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

function loan(repaid: Array<{ no: number; late: number }>, termMonths = 6): LoanHistory {
  return {
    loanId: 'loan-1',
    customerId: 'c-1',
    amount: 600_000,
    currency: 'CNY',
    termMonths,
    annualRateBps: 1200,
    disbursedAtMs: T0,
    repayments: repaid.map(({ no, late }) => ({ paidAtMs: T0 + no * PERIOD_MS + late * DAY, amount: 106_000, installmentNo: no, dueAtMs: T0 + no * PERIOD_MS, daysPastDue: late })),
  };
}

test('a loan paid on schedule is up to date, nothing overdue', () => {
  const v = behaviourVariables(loan([{ no: 1, late: 0 }, { no: 2, late: 0 }]), T0 + 2 * PERIOD_MS + 5 * DAY);
  assert.equal(v.installmentsDue, 2);
  assert.equal(v.installmentsPaid, 2);
  assert.equal(v.installmentsMissed, 0);
  assert.equal(v.currentDaysPastDue, 0);
  assert.equal(v.maxDaysPastDue, 0);
  assert.equal(earlyWarning(v, null).level, 'none');
});

test('a borrower who stopped paying is overdue from the first unpaid installment, without any new event', () => {
  // Paid installment 1, nothing since; installment 2 fell due at T0 + 2 periods.
  const now = T0 + 2 * PERIOD_MS + 40 * DAY;
  const v = behaviourVariables(loan([{ no: 1, late: 0 }]), now);
  assert.equal(v.installmentsDue, 3);
  assert.equal(v.installmentsMissed, 2);
  assert.equal(v.currentDaysPastDue, 40);
  assert.equal(v.maxDaysPastDue, 40);
  const w = earlyWarning(v, null);
  assert.equal(w.level, 'alert');
  assert.deepEqual(w.reasons.map((r) => r.code), ['OVERDUE_SEVERE']);
});

test('warning levels at their thresholds (table)', () => {
  const cases: Array<{ dpd: number; p: number | null; late: number; level: string }> = [
    { dpd: 0, p: null, late: 0, level: 'none' },
    { dpd: 1, p: null, late: 0, level: 'watch' },
    { dpd: 29, p: null, late: 0, level: 'watch' },
    { dpd: 30, p: null, late: 0, level: 'alert' },
    { dpd: 0, p: 0.19, late: 0, level: 'none' },
    { dpd: 0, p: 0.2, late: 0, level: 'watch' },
    { dpd: 0, p: 0.5, late: 0, level: 'alert' },
    { dpd: 0, p: null, late: 2, level: 'watch' },
  ];
  for (const c of cases) {
    const v = { ...behaviourVariables(loan([]), T0), currentDaysPastDue: c.dpd, lateRepayments: c.late };
    assert.equal(earlyWarning(v, c.p).level, c.level, JSON.stringify(c));
  }
});

test('late repayments count and the worst lateness is remembered after catching up', () => {
  const v = behaviourVariables(loan([{ no: 1, late: 12 }, { no: 2, late: 3 }, { no: 3, late: 0 }]), T0 + 3 * PERIOD_MS + 2 * DAY);
  assert.equal(v.lateRepayments, 2);
  assert.equal(v.maxDaysPastDue, 12);
  assert.equal(v.currentDaysPastDue, 0);
  assert.equal(v.repaidShare, (3 * 106_000) / (600_000 * (1 + 0.12 * 0.5)));
});

test('paid off once every installment is paid', () => {
  assert.equal(isPaidOff(loan([1, 2, 3].map((no) => ({ no, late: 0 })), 3)), true);
  assert.equal(isPaidOff(loan([1, 2].map((no) => ({ no, late: 0 })), 3)), false);
});

test('a policy with alert below watch is refused with the field named', () => {
  assert.deepEqual(checkEarlyWarningPolicy(DEFAULT_EARLY_WARNING), []);
  const problems = checkEarlyWarningPolicy({ ...DEFAULT_EARLY_WARNING, alertDaysPastDue: 0, alertProbability: 1.5 });
  assert.deepEqual(problems.map((p) => p.path).sort(), ['alertDaysPastDue', 'alertProbability']);
});
