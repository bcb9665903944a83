/**
 * The customer's risk profile: risk classification (客户风险分类, low / medium / high, from what the
 * platform knows — credit tier and score, fraud alerts, confirmed fraud — plus the qualitative facts
 * a compliance officer supplies), the assessed risk tolerance (风险承受能力), and the suitability
 * check (适当性) that refuses a product above that tolerance. Every check is recorded, refusals
 * with their reason; every change of level or tolerance is in the audit log.
 */
import { randomBytes } from 'node:crypto';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError } from '../shared/errors.js';
import type { SqlClient } from '../store/sql-client.js';
import { assessCustomerRisk, type CustomerRiskAssessment, type CustomerRiskConfig } from './domain/customer-risk.js';
import type { RawInput } from './domain/factor-mapping.js';
import { checkSuitability, RISK_TOLERANCES, type RiskTolerance, type SuitabilityConfig, type SuitabilityResult } from './domain/suitability.js';

export interface CustomerRiskProfile {
  customerId: string;
  riskLevel: string | null;
  riskPoints: number | null;
  riskFactors: unknown;
  riskAssessedAt: string | null;
  tolerance: RiskTolerance | null;
  toleranceAssessedAt: string | null;
  updatedBy: string;
  updatedAt: string;
}

interface ProfileRow {
  customer_id: string;
  risk_level: string | null;
  risk_points: number | null;
  risk_factors: unknown;
  risk_assessed_at: Date | null;
  tolerance: RiskTolerance | null;
  tolerance_assessed_at: Date | null;
  updated_by: string;
  updated_at: Date;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const DAY_MS = 86_400_000;

function fromRow(r: ProfileRow): CustomerRiskProfile {
  return {
    customerId: r.customer_id,
    riskLevel: r.risk_level,
    riskPoints: r.risk_points === null ? null : Number(r.risk_points),
    riskFactors: r.risk_factors,
    riskAssessedAt: iso(r.risk_assessed_at),
    tolerance: r.tolerance,
    toleranceAssessedAt: iso(r.tolerance_assessed_at),
    updatedBy: r.updated_by,
    updatedAt: iso(r.updated_at)!,
  };
}

/** Qualitative facts a person may supply; everything else the platform reads itself. */
export const SUPPLIED_FACTS = ['industry', 'balance', 'chargebacks90d', 'pep', 'sanctionsHit'] as const;
/** The supplied facts kept for the next assessment (all but the balance, which is C2). */
const KEPT_FACTS = ['industry', 'chargebacks90d', 'pep', 'sanctionsHit'] as const;

export class CustomerProfiles {
  constructor(
    private readonly db: SqlClient,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly riskConfig: CustomerRiskConfig,
    private readonly products: SuitabilityConfig,
  ) {}

  async profile(customerId: string): Promise<CustomerRiskProfile | null> {
    const r = await this.db.query<ProfileRow>('SELECT * FROM customer_risk_profiles WHERE customer_id = $1', [customerId]);
    return r.rows[0] ? fromRow(r.rows[0]) : null;
  }

  /** The facts the platform itself holds about a customer, by the names the configuration reads. */
  async knownFacts(customerId: string): Promise<Record<string, RawInput>> {
    const since = new Date(this.clock.now() - 90 * DAY_MS).toISOString();
    const r = await this.db.query<{ tier: string | null; score: number | null; alerts: string | number; fraud: string | number }>(
      `SELECT (SELECT tier FROM credit_applications WHERE customer_id = $1 AND tier IS NOT NULL ORDER BY decided_at DESC LIMIT 1) AS tier,
              (SELECT score FROM credit_applications WHERE customer_id = $1 AND score IS NOT NULL ORDER BY decided_at DESC LIMIT 1) AS score,
              (SELECT count(*) FROM alerts WHERE customer_id = $1 AND source = 'decision' AND created_at >= $2) AS alerts,
              (SELECT count(*) FROM labels WHERE customer_id = $1 AND kind = 'fraud' AND value = 'fraud') AS fraud`,
      [customerId, since],
    );
    const x = r.rows[0]!;
    return { creditTier: x.tier, creditScore: x.score === null ? null : Number(x.score), fraudAlerts90d: Number(x.alerts), confirmedFraud: Number(x.fraud) > 0 };
  }

  /** Classifies the customer now and records the result (audited with the level before and after). */
  async assess(customerId: string, supplied: Partial<Record<(typeof SUPPLIED_FACTS)[number], RawInput>>, actor: AuditActor): Promise<CustomerRiskAssessment & { customerId: string; facts: Record<string, RawInput> }> {
    // Qualitative facts a person supplied earlier hold until someone replaces them: a PEP stays a
    // PEP when the next assessment is run without restating it. The balance (C2) is never kept.
    const kept = await this.db.query<{ risk_factors: { kept?: Record<string, RawInput> } | null }>('SELECT risk_factors FROM customer_risk_profiles WHERE customer_id = $1', [customerId]);
    const carried: Record<string, RawInput> = { ...(kept.rows[0]?.risk_factors?.kept ?? {}) };
    for (const k of KEPT_FACTS) if (supplied[k] !== undefined) carried[k] = supplied[k];
    const facts = { ...(await this.knownFacts(customerId)), ...carried };
    if (supplied.balance !== undefined) facts.balance = supplied.balance;
    const result = assessCustomerRisk(this.riskConfig, facts);
    const at = new Date(this.clock.now()).toISOString();
    await this.db.transaction(async (tx) => {
      const before = await tx.query<{ risk_level: string | null }>('SELECT risk_level FROM customer_risk_profiles WHERE customer_id = $1 FOR UPDATE', [customerId]);
      await tx.query(
        `INSERT INTO customer_risk_profiles (customer_id, risk_level, risk_points, risk_factors, risk_assessed_at, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $5)
         ON CONFLICT (customer_id) DO UPDATE SET risk_level = excluded.risk_level, risk_points = excluded.risk_points, risk_factors = excluded.risk_factors,
           risk_assessed_at = excluded.risk_assessed_at, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
        [customerId, result.level, result.points, JSON.stringify({ reasons: result.reasons, supplied: Object.keys(supplied), kept: carried }), at, actor.id],
      );
      await this.audit.append(tx, actor, { action: 'customer.risk.assess', target: { kind: 'customer', id: customerId }, detail: { before: before.rows[0]?.risk_level ?? null, after: result.level, points: result.points } });
    });
    return { customerId, ...result, facts };
  }

  /** Records a risk-tolerance assessment (from the questionnaire), audited. */
  async recordTolerance(customerId: string, tolerance: string, assessedAt: string, actor: AuditActor): Promise<CustomerRiskProfile> {
    if (!(RISK_TOLERANCES as readonly string[]).includes(tolerance)) throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'tolerance', reason: 'enum', message: { zh: '风险承受能力须为 C1–C5', en: 'tolerance is one of C1–C5' } }] });
    const ms = Date.parse(assessedAt);
    if (!Number.isFinite(ms) || ms > this.clock.now()) throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'assessedAt', reason: 'format', message: { zh: '评估时间须为不晚于当前的 ISO 8601 时间', en: 'assessedAt is an ISO 8601 time not in the future' } }] });
    const at = new Date(this.clock.now()).toISOString();
    return this.db.transaction(async (tx) => {
      const before = await tx.query<{ tolerance: string | null }>('SELECT tolerance FROM customer_risk_profiles WHERE customer_id = $1 FOR UPDATE', [customerId]);
      const r = await tx.query<ProfileRow>(
        `INSERT INTO customer_risk_profiles (customer_id, tolerance, tolerance_assessed_at, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (customer_id) DO UPDATE SET tolerance = excluded.tolerance, tolerance_assessed_at = excluded.tolerance_assessed_at, updated_by = excluded.updated_by, updated_at = excluded.updated_at
         RETURNING *`,
        [customerId, tolerance, new Date(ms).toISOString(), actor.id, at],
      );
      await this.audit.append(tx, actor, { action: 'customer.tolerance.record', target: { kind: 'customer', id: customerId }, detail: { before: before.rows[0]?.tolerance ?? null, after: tolerance, assessedAt: new Date(ms).toISOString() } });
      return fromRow(r.rows[0]!);
    });
  }

  /** Whether a wealth product may be offered to the customer now; recorded either way. */
  async checkSuitability(customerId: string, productId: string, actor: AuditActor): Promise<SuitabilityResult & { checkId: string; checkedAt: string }> {
    const product = Object.hasOwn(this.products.products, productId) ? this.products.products[productId] : undefined;
    if (!product) throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'productId', reason: 'unknown', message: { zh: '未配置该理财产品', en: 'no such wealth product is configured' } }] });
    const p = await this.profile(customerId);
    const now = this.clock.now();
    const assessment = p?.tolerance && p.toleranceAssessedAt ? { tolerance: p.tolerance, assessedAt: p.toleranceAssessedAt } : null;
    const result = checkSuitability(assessment, product, now, this.products);
    const checkId = `suit_${randomBytes(8).toString('hex')}`;
    const checkedAt = new Date(now).toISOString();
    await this.db.query(
      `INSERT INTO suitability_checks (id, customer_id, product_id, product_risk, customer_tolerance, allowed, code, reason, checked_by, checked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [checkId, customerId, productId, product.riskLevel, result.tolerance, result.allowed, result.code, JSON.stringify(result.reason), actor.id, checkedAt],
    );
    return { ...result, checkId, checkedAt };
  }

  /** Recorded checks, newest first (refused ones only with `refused`). */
  async checks(q: { customerId?: string; refused?: boolean; limit?: number } = {}): Promise<Array<Record<string, unknown>>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.customerId) where.push(`customer_id = $${params.push(q.customerId)}`);
    if (q.refused) where.push('NOT allowed');
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
    const r = await this.db.query<Record<string, unknown>>(
      `SELECT id, customer_id AS "customerId", product_id AS "productId", product_risk AS "productRisk", customer_tolerance AS tolerance, allowed, code, reason, checked_by AS "checkedBy", checked_at AS "checkedAt"
       FROM suitability_checks ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY checked_at DESC, id LIMIT ${limit}`,
      params,
    );
    return r.rows.map((x) => ({ ...x, checkedAt: new Date(x.checkedAt as Date).toISOString() }));
  }
}
