/**
 * In-loan behaviour variables (贷中行为变量) of one loan, from its disbursement and repayments as of
 * a moment: how far it is behind its schedule now, how late it has been, how much is repaid. The
 * schedule is monthly installments counted in 30-day periods from disbursement (what the loan
 * events carry; a loan core with another calendar sends `dueAt` on each repayment, which wins).
 * Pure.
 */

export interface LoanRepayment {
  paidAtMs: number;
  amount: number;
  installmentNo: number | null;
  dueAtMs: number | null;
  daysPastDue: number | null;
}

export interface LoanHistory {
  loanId: string;
  customerId: string | null;
  amount: number;
  currency: string;
  termMonths: number;
  annualRateBps: number | null;
  disbursedAtMs: number;
  repayments: readonly LoanRepayment[];
}

/** The variables a behaviour model reads (names are its input variables). */
export interface BehaviourVariables {
  monthsOnBook: number;
  termMonths: number;
  /** Installments due by now. */
  installmentsDue: number;
  installmentsPaid: number;
  /** Installments due and not paid. */
  installmentsMissed: number;
  /** Days the oldest unpaid due installment is overdue now (0 when up to date). */
  currentDaysPastDue: number;
  /** Worst lateness of any installment so far, paid or not. */
  maxDaysPastDue: number;
  /** Repayments made after their due date. */
  lateRepayments: number;
  /** Share of the loan's total due (principal + simple interest) repaid. */
  repaidShare: number;
  /** Days since the last repayment (or since disbursement when none). */
  daysSinceLastRepayment: number;
  amount: number;
}

export const PERIOD_MS = 30 * 86_400_000;
const DAY_MS = 86_400_000;

/** True once every installment is paid: such a loan leaves the in-loan book. */
export function isPaidOff(loan: LoanHistory): boolean {
  return distinctInstallments(loan) >= loan.termMonths;
}

function distinctInstallments(loan: LoanHistory): number {
  const numbered = new Set<number>();
  let unnumbered = 0;
  for (const r of loan.repayments) {
    if (r.installmentNo !== null) numbered.add(r.installmentNo);
    else unnumbered++;
  }
  return numbered.size + unnumbered;
}

export function behaviourVariables(loan: LoanHistory, nowMs: number): BehaviourVariables {
  const elapsed = Math.max(0, nowMs - loan.disbursedAtMs);
  const installmentsDue = Math.min(loan.termMonths, Math.floor(elapsed / PERIOD_MS));
  const installmentsPaid = Math.min(loan.termMonths, distinctInstallments(loan));
  const installmentsMissed = Math.max(0, installmentsDue - installmentsPaid);
  // The oldest unpaid installment is number paid+1; it fell due that many periods after disbursement.
  const oldestUnpaidDueMs = loan.disbursedAtMs + (installmentsPaid + 1) * PERIOD_MS;
  const currentDaysPastDue = installmentsMissed > 0 ? Math.floor((nowMs - oldestUnpaidDueMs) / DAY_MS) : 0;
  let maxDaysPastDue = Math.max(0, currentDaysPastDue);
  let lateRepayments = 0;
  let repaid = 0;
  let lastPaid = loan.disbursedAtMs;
  for (const r of loan.repayments) {
    const dpd = r.daysPastDue ?? (r.dueAtMs !== null ? Math.max(0, Math.floor((r.paidAtMs - r.dueAtMs) / DAY_MS)) : 0);
    if (dpd > 0) lateRepayments++;
    if (dpd > maxDaysPastDue) maxDaysPastDue = dpd;
    repaid += r.amount;
    if (r.paidAtMs > lastPaid) lastPaid = r.paidAtMs;
  }
  const totalDue = loan.amount * (1 + ((loan.annualRateBps ?? 0) / 10_000) * (loan.termMonths / 12));
  return {
    monthsOnBook: Math.floor(elapsed / PERIOD_MS),
    termMonths: loan.termMonths,
    installmentsDue,
    installmentsPaid,
    installmentsMissed,
    currentDaysPastDue,
    maxDaysPastDue,
    lateRepayments,
    repaidShare: totalDue > 0 ? Math.min(1, repaid / totalDue) : 0,
    daysSinceLastRepayment: Math.floor(Math.max(0, nowMs - lastPaid) / DAY_MS),
    amount: loan.amount,
  };
}
