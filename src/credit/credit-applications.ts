/**
 * Credit decisions for loan applications (贷前审批): the anti-fraud strategy decides the
 * application event first (it is recorded and counted like any decision); then the champion
 * application model scores it, the customer's risk level is looked up, and the product's policy
 * turns all of it into approve / decline / refer with tier, limit, price and every reason. One
 * credit decision per event id: a repeat returns the first. A referral opens an alert in the
 * `credit` queue for an underwriter.
 */
import type { AlertIntake } from '../cases/alert-intake.js';
import type { DecisionEngine } from '../decisions/decision-engine.js';
import type { ModelRegistry } from '../models/model-registry.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError } from '../shared/errors.js';
import { validateRecord } from '../ingest/domain/validate-record.js';
import type { SqlClient } from '../store/sql-client.js';
import { applicationVariables } from './domain/application-variables.js';
import { type CreditDecision, decideCredit, type FraudOutcome } from './domain/credit-decision.js';
import type { CreditPolicy } from './domain/credit-policy.js';
import type { CustomerRiskLevel } from './domain/customer-risk.js';
import type { CustomerRiskConfig } from './domain/customer-risk.js';

/** What a caller sends: the loan_application event, plus optional model inputs and existing debt. */
export interface ApplicationRequest {
  event: Record<string, unknown>;
  /** Extra model inputs known to the caller (e.g. credit bureau attributes): numbers or labels. */
  modelInputs?: Record<string, number | string | null>;
  /** Monthly repayments on existing debt, minor units. */
  existingMonthlyDebt?: number | null;
}

export interface CreditApplicationView {
  eventId: string;
  applicationId: string;
  customerId: string | null;
  productId: string;
  outcome: CreditDecision['outcome'];
  tier: string | null;
  score: number | null;
  probability: number | null;
  requested: { amount: number; currency: string };
  limit: { amount: number; currency: string } | null;
  approvedAmount: number | null;
  aprBps: number | null;
  termMonths: number | null;
  fraud: { outcome: FraudOutcome; reasons: string[] };
  model: { id: string; name: string; version: number } | null;
  reasons: Array<{ code: string; message: { zh: string; en: string }; source: string }>;
  decidedAt: string;
  repeat: boolean;
}

interface Row {
  event_id: string;
  application_id: string;
  customer_id: string | null;
  product_id: string;
  outcome: CreditDecision['outcome'];
  tier: string | null;
  score: number | null;
  probability: number | null;
  requested_minor: string | number;
  limit_minor: string | number | null;
  approved_minor: string | number | null;
  currency: string;
  apr_bps: number | null;
  term_months: number | null;
  fraud_outcome: FraudOutcome;
  model_id: string | null;
  reasons: CreditApplicationView['reasons'];
  trace: { fraudReasons?: string[]; model?: CreditApplicationView['model'] };
  decided_at: Date;
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

function fromRow(r: Row, repeat: boolean): CreditApplicationView {
  return {
    eventId: r.event_id,
    applicationId: r.application_id,
    customerId: r.customer_id,
    productId: r.product_id,
    outcome: r.outcome,
    tier: r.tier,
    score: r.score === null ? null : Number(r.score),
    probability: r.probability === null ? null : Number(r.probability),
    requested: { amount: Number(r.requested_minor), currency: r.currency },
    limit: r.limit_minor === null ? null : { amount: Number(r.limit_minor), currency: r.currency },
    approvedAmount: num(r.approved_minor),
    aprBps: r.apr_bps,
    termMonths: r.term_months,
    fraud: { outcome: r.fraud_outcome, reasons: r.trace.fraudReasons ?? [] },
    model: r.trace.model ?? null,
    reasons: r.reasons,
    decidedAt: new Date(r.decided_at).toISOString(),
    repeat,
  };
}

const NO_MODEL_REASON = { code: 'NO_CHAMPION_MODEL', source: 'model', message: { zh: '尚无启用的申请评分冠军模型,转人工审核', en: 'No active champion application model; referred to an underwriter' } };

export class CreditApplications {
  constructor(
    private readonly db: SqlClient,
    private readonly engine: () => Promise<DecisionEngine>,
    private readonly models: ModelRegistry,
    private readonly alerts: AlertIntake,
    private readonly clock: Clock,
    private readonly policy: CreditPolicy,
    private readonly customerRiskConfig: CustomerRiskConfig,
  ) {}

  async decide(req: ApplicationRequest, source: string): Promise<CreditApplicationView> {
    if (req.event?.type !== 'loan_application') {
      throw new FengkongError('EVENT_SCHEMA_INVALID', { details: [{ field: 'event.type', reason: 'enum', message: { zh: '授信申请须为 loan_application 事件', en: 'a credit application is a loan_application event' } }] });
    }
    const engine = await this.engine();
    // Anti-fraud first: validates the event, records it and its decision (idempotent on its id).
    const fraud = await engine.service.decide(req.event, source);
    // A repeated id answers with the first decision — which must be this application's, not another event's.
    if (fraud.eventType !== 'loan_application') throw new FengkongError('EVENT_ID_REUSED', { details: [{ field: 'event.id', reason: 'conflict', message: { zh: '该编号已用于另一类型的事件', en: 'the id belongs to an event of another type' } }] });
    const earlier = await this.find(fraud.eventId);
    if (earlier) return { ...earlier, repeat: true };
    // The event as validation normalised it (ids trimmed, currency upper-cased, UTC): accepted just above.
    const valid = validateRecord(req.event, { now: this.clock.now(), maxFutureSkewMs: Number.MAX_SAFE_INTEGER, expectedKind: 'event' });
    if (!valid.ok) throw new FengkongError('EVENT_SCHEMA_INVALID', { details: valid.problems });
    const event = valid.record.data;
    const trace = await engine.queries.find(fraud.eventId);
    const features = ((trace?.trace as { features?: Record<string, number | null> } | undefined)?.features ?? {}) as Record<string, number | null>;
    const e = event as Record<string, unknown> & { id: string; customerId?: string; applicationId: string; productId: string; amount: number; currency: string; termMonths: number; declaredIncome?: number };
    const champion = this.models.champion('loan_application');
    const application = {
      productId: e.productId,
      requestedAmount: e.amount,
      currency: e.currency,
      termMonths: e.termMonths,
      income: e.declaredIncome ?? null,
      existingDebt: req.existingMonthlyDebt ?? null,
    };
    const fraudView = { outcome: fraud.outcome, reasons: fraud.reasons.map((r) => r.code) };
    const customerRisk = e.customerId ? await this.customerRisk(e.customerId) : null;
    let decision: CreditDecision | null = null;
    let reasons: CreditApplicationView['reasons'];
    let outcome: CreditDecision['outcome'];
    if (champion) {
      const row = applicationVariables(event, features, req.modelInputs ?? {});
      const s = champion.model.score(row, 5);
      decision = decideCredit(this.policy, { application, model: s, fraud: fraudView, customerRisk });
      reasons = decision.reasons;
      outcome = decision.outcome;
    } else {
      // No model, no automatic credit: a person underwrites (a fraud block still declines).
      outcome = fraud.outcome === 'block' ? 'decline' : 'refer';
      reasons = [...fraud.reasons.map((r) => ({ code: r.code, source: 'fraud', message: r.description ?? { zh: r.code, en: r.code } })), NO_MODEL_REASON];
    }
    const model = champion ? { id: champion.version.id, name: champion.version.name, version: champion.version.version } : null;
    const at = new Date(this.clock.now()).toISOString();
    const stored = await this.db.transaction(async (tx) => {
      const r = await tx.query<Row>(
        `INSERT INTO credit_applications (event_id, application_id, customer_id, product_id, outcome, tier, score, probability, requested_minor, limit_minor, approved_minor,
           currency, apr_bps, term_months, fraud_outcome, model_id, reasons, trace, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         ON CONFLICT (event_id) DO NOTHING RETURNING *`,
        [
          fraud.eventId,
          e.applicationId,
          e.customerId ?? null,
          e.productId,
          outcome,
          decision?.tier ?? null,
          decision?.score ?? null,
          decision?.probability ?? null,
          e.amount,
          decision?.limit?.amount ?? null,
          decision ? decision.approvedAmount : null,
          e.currency,
          decision?.aprBps ?? null,
          decision?.termMonths ?? null,
          fraud.outcome,
          model?.id ?? null,
          JSON.stringify(reasons),
          JSON.stringify({ fraudReasons: fraudView.reasons, model, customerRisk, monthlyInstalment: decision?.monthlyInstalment ?? null, debtToIncome: decision?.debtToIncome ?? null }),
          at,
        ],
      );
      if (!r.rows[0]) return null;
      if (outcome === 'refer') {
        await this.alerts.raise(
          {
            source: 'credit',
            queue: 'credit',
            severity: 'medium',
            entity: { kind: 'customer', id: e.customerId ?? `application:${e.applicationId}` },
            customerId: e.customerId ?? null,
            title: { zh: `授信申请 ${e.applicationId} 转人工审核`, en: `Credit application ${e.applicationId} referred for review` },
            reasons: reasons.map((x) => ({ code: x.code, source: x.source, description: x.message })),
            dedupeKey: `application:${fraud.eventId}`,
          },
          tx,
        );
      }
      return r.rows[0];
    });
    if (!stored) {
      const first = await this.find(fraud.eventId);
      if (first) return { ...first, repeat: true };
      throw new FengkongError('INTERNAL', { note: 'credit decision vanished after a conflict' });
    }
    return fromRow(stored, false);
  }

  async find(eventId: string): Promise<CreditApplicationView | null> {
    const r = await this.db.query<Row>('SELECT * FROM credit_applications WHERE event_id = $1', [eventId]);
    return r.rows[0] ? fromRow(r.rows[0], false) : null;
  }

  async list(q: { customerId?: string; outcome?: string; limit?: number } = {}): Promise<CreditApplicationView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.customerId) where.push(`customer_id = $${params.push(q.customerId)}`);
    if (q.outcome) where.push(`outcome = $${params.push(q.outcome)}`);
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
    const r = await this.db.query<Row>(`SELECT * FROM credit_applications ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY decided_at DESC, event_id LIMIT ${limit}`, params);
    return r.rows.map((x) => fromRow(x, false));
  }

  /** The customer's recorded risk level with the limit multiplier its handling prescribes. */
  private async customerRisk(customerId: string): Promise<{ level: CustomerRiskLevel; limitMultiplier: number } | null> {
    const r = await this.db.query<{ risk_level: CustomerRiskLevel | null }>('SELECT risk_level FROM customer_risk_profiles WHERE customer_id = $1', [customerId]);
    const level = r.rows[0]?.risk_level;
    if (!level) return null;
    return { level, limitMultiplier: this.customerRiskConfig.handling[level].limitMultiplier };
  }
}
