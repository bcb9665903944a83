/**
 * In-loan behaviour scoring and post-loan early warning (贷中行为评分 · 贷后预警), run once a day by
 * the server's background duties or on demand: every running loan gets its behaviour variables,
 * the `in_loan` champion model's score when one is active, and a warning level; a loan at `alert`
 * raises an alert in the `credit` queue (once per loan per level per month), `watch` is recorded
 * for closer monitoring. One row per loan per day: a re-run the same day replaces its rows.
 */
import type { AlertIntake } from '../cases/alert-intake.js';
import type { ModelRegistry } from '../models/model-registry.js';
import type { Clock } from '../shared/clock.js';
import type { SqlClient } from '../store/sql-client.js';
import { behaviourVariables, type LoanHistory } from './domain/behaviour-variables.js';
import { DEFAULT_EARLY_WARNING, type EarlyWarningPolicy, earlyWarning } from './domain/early-warning.js';
import { LoanBook } from './loan-book.js';

export interface MonitorRun {
  scoredOn: string;
  loans: number;
  watch: number;
  alert: number;
  alertsRaised: number;
  modelId: string | null;
  skipped: boolean;
}

const STATE_KEY = 'credit.loan-monitor';

export class LoanMonitor {
  private readonly book: LoanBook;

  constructor(
    private readonly db: SqlClient,
    private readonly models: ModelRegistry,
    private readonly alerts: AlertIntake,
    private readonly clock: Clock,
    private readonly policy: EarlyWarningPolicy = DEFAULT_EARLY_WARNING,
  ) {
    this.book = new LoanBook(db);
  }

  /** Runs unless today's run is done (`force` runs again). */
  async run(opts: { force?: boolean } = {}): Promise<MonitorRun> {
    const now = this.clock.now();
    const scoredOn = new Date(now).toISOString().slice(0, 10);
    if (!opts.force) {
      const last = await this.db.query<{ value: { scoredOn: string } }>('SELECT value FROM platform_state WHERE key = $1', [STATE_KEY]);
      if (last.rows[0]?.value.scoredOn === scoredOn) return { scoredOn, loans: 0, watch: 0, alert: 0, alertsRaised: 0, modelId: null, skipped: true };
    }
    await this.models.refresh();
    const champion = this.models.champion('in_loan');
    const run: MonitorRun = { scoredOn, loans: 0, watch: 0, alert: 0, alertsRaised: 0, modelId: champion?.version.id ?? null, skipped: false };
    for await (const page of this.book.running(now)) {
      const rows = page.map((loan) => this.assess(loan, now, champion));
      await this.db.query(
        `INSERT INTO loan_risk_scores (loan_id, scored_on, customer_id, model_id, score, probability, max_days_past_due, warning, variables, reasons, scored_at)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(loan_id text, scored_on date, customer_id text, model_id text, score double precision, probability double precision,
           max_days_past_due integer, warning text, variables jsonb, reasons jsonb, scored_at timestamptz)
         ON CONFLICT (loan_id, scored_on) DO UPDATE SET model_id = excluded.model_id, score = excluded.score, probability = excluded.probability,
           max_days_past_due = excluded.max_days_past_due, warning = excluded.warning, variables = excluded.variables, reasons = excluded.reasons, scored_at = excluded.scored_at`,
        [JSON.stringify(rows.map((r) => ({ ...r.row, scored_on: scoredOn, scored_at: new Date(now).toISOString() })))],
      );
      for (const r of rows) {
        run.loans++;
        if (r.row.warning === 'watch') run.watch++;
        if (r.row.warning !== 'alert') continue;
        run.alert++;
        const raised = await this.alerts.raise({
          source: 'early-warning',
          queue: 'credit',
          severity: r.row.max_days_past_due >= 90 ? 'high' : 'medium',
          entity: { kind: 'customer', id: r.loan.customerId ?? `loan:${r.loan.loanId}` },
          customerId: r.loan.customerId,
          title: { zh: `贷后预警:借据 ${r.loan.loanId} 逾期风险`, en: `Early warning: overdue risk on loan ${r.loan.loanId}` },
          reasons: [{ loanId: r.loan.loanId, score: r.row.score, probability: r.row.probability, daysPastDue: r.vars.currentDaysPastDue }, ...r.row.reasons],
          // Once per loan and month: a loan still overdue next month is raised again.
          dedupeKey: `loan:${r.loan.loanId}:alert:${scoredOn.slice(0, 7)}`,
        });
        if (raised.created) run.alertsRaised++;
      }
    }
    await this.db.query('INSERT INTO platform_state (key, value, updated_at) VALUES ($1, $2::jsonb, now()) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()', [STATE_KEY, JSON.stringify(run)]);
    return run;
  }

  private assess(loan: LoanHistory, now: number, champion: ReturnType<ModelRegistry['champion']>) {
    const vars = behaviourVariables(loan, now);
    let probability: number | null = null;
    let score = Number.NaN;
    let modelReasons: unknown[] = [];
    if (champion) {
      const s = champion.model.score(vars as unknown as Record<string, number>, 3);
      probability = s.probability;
      score = s.score;
      modelReasons = s.reasons;
    }
    const warning = earlyWarning(vars, probability, this.policy);
    return {
      loan,
      vars,
      row: {
        loan_id: loan.loanId,
        customer_id: loan.customerId,
        model_id: champion?.version.id ?? null,
        score: Number.isFinite(score) ? score : null,
        probability,
        max_days_past_due: vars.maxDaysPastDue,
        warning: warning.level,
        variables: vars,
        reasons: [...warning.reasons, ...modelReasons] as Array<Record<string, unknown>>,
      },
    };
  }
}
