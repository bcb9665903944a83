/**
 * A dry run of a draft strategy: the strategy studio's "try it". The draft is compiled like a
 * proposal and evaluated by the same `decide` as the live decision path, on a sample event or a
 * recorded one — but nothing is recorded: features are read, never counted (the event does not
 * enter any window), and no decision, alert or audit line is written.
 */
import { fromEventRow, type EventRow } from '../ingest/event-row.js';
import { validateRecord } from '../ingest/domain/validate-record.js';
import { FengkongError } from '../shared/errors.js';
import type { Clock } from '../shared/clock.js';
import type { Bilingual } from '../shared/i18n.js';
import type { SqlClient } from '../store/sql-client.js';
import { decide, type ListHit, type Reason } from './domain/decide.js';
import { type DecisionPoint, decisionPointOf } from './domain/decision-points.js';
import type { ListKind, Outcome, RuleAction } from './domain/strategy.js';
import type { FeatureStore } from '../features/feature-store.js';
import type { ListRegistry } from './list-registry.js';
import { type ModelPort, NO_MODELS } from './model-port.js';
import type { StrategyRegistry } from './strategy-registry.js';

/** Where the trial event comes from: a sample envelope, or the id of a recorded event. */
export type TrialEvent = { event: Record<string, unknown> } | { eventId: string };

export interface TrialRule {
  id: string;
  result: 'hit' | 'miss' | 'error';
  action: RuleAction;
  score: number;
  reason: string;
  error?: Bilingual;
}

export interface TrialResult {
  decisionPoint: DecisionPoint;
  eventId: string;
  eventType: string;
  outcome: Outcome;
  score: number;
  thresholds: { review: number; block: number };
  rules: TrialRule[];
  reasons: Reason[];
  listHits: ListHit[];
  features: Record<string, number | null>;
  models: Record<string, number>;
  /**
   * Personal fields of a recorded event that rest sealed and are not unsealed for a dry run: rules
   * reading them see them absent.
   */
  sealedFields: string[];
}

export interface TrialDeps {
  db: SqlClient;
  features: FeatureStore;
  strategies: StrategyRegistry;
  lists: ListRegistry;
  clock: Clock;
  maxFutureSkewMs: number;
  listPrecedence: readonly ListKind[];
  models?: ModelPort;
}

export class StrategyTrial {
  constructor(private readonly deps: TrialDeps) {}

  /** Compiles the draft `body` (STRATEGY_INVALID with every problem) and decides the event with it. */
  async run(body: string, from: TrialEvent): Promise<TrialResult> {
    const strategy = this.deps.strategies.compileDraft(body);
    const point = strategy.decisionPoint;
    const ev = 'eventId' in from ? await this.recorded(from.eventId) : this.sample(from.event);
    if (decisionPointOf(ev.type) !== point) {
      throw new FengkongError('DECISION_POINT_UNSUPPORTED', { details: [{ field: 'type', reason: 'enum', message: { zh: `该事件类型不属于决策点 ${point}`, en: `this event type is not decided at ${point}` } }] });
    }
    // evaluate, not evaluateAndRecord: a trial must leave the feature windows as they were.
    const features = await this.deps.features.evaluate({ id: ev.id, type: ev.type, occurredAtMs: ev.occurredAtMs, fields: ev.data }, strategy.featuresUsed);
    let models: Record<string, number> = {};
    try {
      models = (this.deps.models ?? NO_MODELS).scoresFor(point, ev.data, features);
    } catch {
      // As on the decision path: a failing model scores nothing and rules reading it fail as `error`.
    }
    const verdict = decide(strategy, { event: ev.data, features, models, inList: this.deps.lists.inList }, this.deps.listPrecedence);
    return {
      decisionPoint: point,
      eventId: ev.id,
      eventType: ev.type,
      outcome: verdict.outcome,
      score: verdict.score,
      thresholds: strategy.thresholds,
      rules: verdict.rules.map((r, i) => {
        const rule = strategy.rules[i]!;
        return { ...r, action: rule.action, score: rule.score, reason: rule.reason };
      }),
      reasons: verdict.reasons,
      listHits: verdict.listHits,
      features,
      models,
      sealedFields: ev.sealed,
    };
  }

  /** A sample envelope, validated like an ingested event (the id need not be new: nothing is stored). */
  private sample(raw: Record<string, unknown>) {
    const v = validateRecord(raw, { now: this.deps.clock.now(), maxFutureSkewMs: this.deps.maxFutureSkewMs, expectedKind: 'event' });
    if (!v.ok) throw new FengkongError(v.c3 ? 'PII_C3_REFUSED' : 'EVENT_SCHEMA_INVALID', { details: v.problems });
    return { id: v.record.id, type: v.record.type as string, occurredAtMs: v.record.occurredAtMs, data: v.record.data, sealed: [] as string[] };
  }

  /** A stored event's C1 view; its sealed personal fields stay sealed. */
  private async recorded(id: string) {
    const r = await this.deps.db.query<EventRow & { occurred_at: Date }>('SELECT * FROM events WHERE id = $1', [id]);
    const row = r.rows[0];
    if (!row) throw new FengkongError('NOT_FOUND');
    const data = fromEventRow(row);
    return { id: row.id, type: row.type, occurredAtMs: new Date(row.occurred_at).getTime(), data, sealed: Object.keys(row.pii ?? {}).sort() };
  }
}
