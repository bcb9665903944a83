/**
 * The in-loan book (贷中): loans still running, read from their own events — the disbursement and
 * every repayment — page by page, so the monitor never holds the whole book in memory.
 */
import type { SqlClient } from '../store/sql-client.js';
import { isPaidOff, type LoanHistory, PERIOD_MS } from './domain/behaviour-variables.js';

/** A loan stays in the book this long after its last installment fell due, unless paid off. */
const TAIL_MS = 180 * 86_400_000;

interface DisbursementRow {
  id: string;
  customer_id: string | null;
  amount: string | number;
  currency: string;
  occurred_at: Date;
  loan_id: string;
  term_months: string | number;
  rate_bps: string | number | null;
}

export class LoanBook {
  constructor(private readonly db: SqlClient) {}

  /** Running loans as of `nowMs`, `pageSize` at a time, in loan id order. */
  async *running(nowMs: number, pageSize = 1_000): AsyncGenerator<LoanHistory[]> {
    let after = '';
    for (;;) {
      const d = await this.db.query<DisbursementRow>(
        // One row per loan id (its first disbursement): a loan core that sent a disbursement twice
        // under two event ids must not make the loan count, or be paged over, twice.
        `SELECT DISTINCT ON (data ->> 'loanId') id, customer_id, amount, currency, occurred_at, data ->> 'loanId' AS loan_id, data ->> 'termMonths' AS term_months, data ->> 'annualRateBps' AS rate_bps
         FROM events WHERE type = 'loan_disbursement' AND data ->> 'loanId' > $1 AND occurred_at <= $2
           AND occurred_at + ((data ->> 'termMonths')::int * ${PERIOD_MS / 1000} + ${TAIL_MS / 1000}) * interval '1 second' > $2
         ORDER BY data ->> 'loanId', occurred_at, id LIMIT ${pageSize}`,
        [after, new Date(nowMs).toISOString()],
      );
      if (d.rows.length === 0) return;
      after = d.rows[d.rows.length - 1]!.loan_id;
      const ids = d.rows.map((r) => r.loan_id);
      const r = await this.db.query<{ loan_id: string; occurred_at: Date; amount: string | number; installment_no: string | null; due_at: string | null; dpd: string | null }>(
        `SELECT data ->> 'loanId' AS loan_id, occurred_at, amount, data ->> 'installmentNo' AS installment_no, data ->> 'dueAt' AS due_at, data ->> 'daysPastDue' AS dpd
         FROM events WHERE type = 'repayment' AND data ->> 'loanId' = ANY($1) AND occurred_at <= $2`,
        [ids, new Date(nowMs).toISOString()],
      );
      const byLoan = new Map<string, LoanHistory['repayments'][number][]>();
      for (const x of r.rows) {
        const list = byLoan.get(x.loan_id) ?? [];
        list.push({
          paidAtMs: new Date(x.occurred_at).getTime(),
          amount: Number(x.amount),
          installmentNo: x.installment_no === null ? null : Number(x.installment_no),
          dueAtMs: x.due_at === null ? null : Date.parse(x.due_at),
          daysPastDue: x.dpd === null ? null : Number(x.dpd),
        });
        byLoan.set(x.loan_id, list);
      }
      const page = d.rows
        .map(
          (x): LoanHistory => ({
            loanId: x.loan_id,
            customerId: x.customer_id,
            amount: Number(x.amount),
            currency: x.currency,
            termMonths: Number(x.term_months),
            annualRateBps: x.rate_bps === null ? null : Number(x.rate_bps),
            disbursedAtMs: new Date(x.occurred_at).getTime(),
            repayments: byLoan.get(x.loan_id) ?? [],
          }),
        )
        .filter((l) => !isPaidOff(l));
      if (page.length > 0) yield page;
      if (d.rows.length < pageSize) return;
    }
  }
}
