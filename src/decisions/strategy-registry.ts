/**
 * The live strategy of each decision point, and its versions. Publishing compiles the new body,
 * records it as the next version and swaps it in at once — no restart. On a new installation the
 * default pack becomes version 1 of each point.
 */
import { parse as parseYaml } from 'yaml';
import { type AuditActor, type AuditLog, SYSTEM_ACTOR } from '../audit/audit-log.js';
import type { SqlClient } from '../store/sql-client.js';
import type { ApplyOptions } from '../approvals/apply-options.js';
import { FengkongError } from '../shared/errors.js';
import type { Clock } from '../shared/clock.js';
import { DECISION_POINT_NAMES, type DecisionPoint } from './domain/decision-points.js';
import { type CompiledStrategy, parseStrategy, type StrategyContext, type StrategyProblem } from './domain/strategy.js';

export interface StrategyVersion {
  decisionPoint: DecisionPoint;
  version: number;
  status: string;
  createdBy: string;
  createdAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
}

export class StrategyRegistry {
  private readonly liveByPoint = new Map<DecisionPoint, CompiledStrategy>();
  /** Rule ids per published version, `point@version`: versions never change once recorded. */
  private readonly ruleIdCache = new Map<string, readonly string[] | null>();

  constructor(
    private readonly db: SqlClient,
    private readonly ctx: StrategyContext,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  /** Loads the published versions; points without one get the default pack's strategy. */
  async load(defaults: ReadonlyMap<DecisionPoint, string>): Promise<void> {
    const r = await this.db.query<{ decision_point: DecisionPoint; version: number; body: string }>("SELECT decision_point, version, body FROM strategy_versions WHERE status = 'published'");
    for (const row of r.rows) this.install(row.body, Number(row.version));
    for (const point of DECISION_POINT_NAMES) {
      if (this.liveByPoint.has(point)) continue;
      const body = defaults.get(point);
      if (!body) throw new FengkongError('CONFIG_INVALID', { note: `no default strategy for ${point}` });
      await this.publish(point, body, SYSTEM_ACTOR);
    }
  }

  /** Every problem of a draft, without saving it (the strategy studio checks as the analyst types). */
  check(body: string): StrategyProblem[] {
    const parsed = parseStrategy(body, this.ctx);
    return parsed.ok ? [] : parsed.problems;
  }

  live(point: DecisionPoint): CompiledStrategy {
    const s = this.liveByPoint.get(point);
    if (!s) throw new FengkongError('CONFIG_INVALID', { note: `no live strategy for ${point}` });
    return s;
  }

  /** Compiles a body for a decision point, or throws STRATEGY_INVALID with every problem. */
  compile(point: DecisionPoint, body: string): CompiledStrategy {
    const parsed = parseStrategy(body, this.ctx);
    if (!parsed.ok) throw new FengkongError('STRATEGY_INVALID', { details: { problems: parsed.problems } });
    if (parsed.strategy.decisionPoint !== point) throw new FengkongError('STRATEGY_INVALID', { details: { problems: [{ path: 'decisionPoint', message: { zh: `应为 ${point}`, en: `expected ${point}` } }] } });
    return parsed.strategy;
  }

  /** Compiles a draft for whichever decision point it names, or throws STRATEGY_INVALID with every problem. */
  compileDraft(body: string): CompiledStrategy {
    const parsed = parseStrategy(body, this.ctx);
    if (!parsed.ok) throw new FengkongError('STRATEGY_INVALID', { details: { problems: parsed.problems } });
    return parsed.strategy;
  }

  /** Compiles, records as the next version (and in the audit log), retires the previous one and makes it live. */
  async publish(point: DecisionPoint, body: string, actor: AuditActor, opts: ApplyOptions = {}): Promise<CompiledStrategy> {
    const by = actor.id;
    const maker = opts.proposedBy ?? by;
    const strategy = this.compile(point, body);
    const at = new Date(this.clock.now()).toISOString();
    const version = await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`strategy:${point}`]);
      const next = await tx.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM strategy_versions WHERE decision_point = $1', [point]);
      const v = Number(next.rows[0]!.v);
      const before = await tx.query<{ version: number; body: string }>("SELECT version, body FROM strategy_versions WHERE decision_point = $1 AND status = 'published'", [point]);
      await tx.query("UPDATE strategy_versions SET status = 'retired' WHERE decision_point = $1 AND status = 'published'", [point]);
      await tx.query("INSERT INTO strategy_versions (decision_point, version, body, status, created_by, created_at, published_by, published_at) VALUES ($1, $2, $3, 'published', $4, $5, $6, $5)", [point, v, body, maker, at, by]);
      const prev = before.rows[0];
      await this.audit.append(tx, actor, {
        action: 'strategy.publish',
        target: { kind: 'strategy', id: point },
        detail: { ...(opts.proposedBy ? { proposedBy: maker } : {}), before: prev ? { version: Number(prev.version), body: prev.body } : null, after: { version: v, body } },
      });
      await opts.within?.(tx, { decisionPoint: point, version: v });
      return v;
    });
    const compiled = { ...strategy, version };
    this.liveByPoint.set(point, compiled);
    return compiled;
  }

  /** A version's rule ids in order (what a stored trace's hits and errors are read against). */
  async ruleIds(point: string, version: number): Promise<readonly string[] | null> {
    const key = `${point}@${version}`;
    if (this.ruleIdCache.has(key)) return this.ruleIdCache.get(key)!;
    const r = await this.db.query<{ body: string }>('SELECT body FROM strategy_versions WHERE decision_point = $1 AND version = $2', [point, version]);
    const body = r.rows[0]?.body;
    const doc = body === undefined ? null : (parseYaml(body) as { rules?: Array<{ id?: unknown }> } | null);
    const ids = Array.isArray(doc?.rules) ? doc.rules.map((x) => String(x?.id)) : null;
    if (ids) this.ruleIdCache.set(key, ids);
    return ids;
  }

  /** The YAML body of one recorded version (the studio edits and diffs bodies), or null. */
  async body(point: DecisionPoint, version: number): Promise<string | null> {
    const r = await this.db.query<{ body: string }>('SELECT body FROM strategy_versions WHERE decision_point = $1 AND version = $2', [point, version]);
    return r.rows[0]?.body ?? null;
  }

  async versions(point: DecisionPoint): Promise<StrategyVersion[]> {
    const r = await this.db.query<{ version: number; status: string; created_by: string; created_at: Date; published_by: string | null; published_at: Date | null }>(
      'SELECT version, status, created_by, created_at, published_by, published_at FROM strategy_versions WHERE decision_point = $1 ORDER BY version DESC',
      [point],
    );
    return r.rows.map((x) => ({
      decisionPoint: point,
      version: Number(x.version),
      status: x.status,
      createdBy: x.created_by,
      createdAt: new Date(x.created_at).toISOString(),
      publishedBy: x.published_by,
      publishedAt: x.published_at ? new Date(x.published_at).toISOString() : null,
    }));
  }

  private install(body: string, version: number): void {
    const parsed = parseStrategy(body, this.ctx, version);
    // A published body that no longer compiles (e.g. a feature was removed) must not start silently.
    if (!parsed.ok) throw new FengkongError('CONFIG_INVALID', { note: `published strategy version ${version} no longer compiles`, details: { problems: parsed.problems } });
    this.liveByPoint.set(parsed.strategy.decisionPoint, parsed.strategy);
  }
}
