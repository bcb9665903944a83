/**
 * The decision path: validate the event (the same envelope as ingestion), answer a repeated id
 * with its first decision, read and update the entity features, run the live strategy of the
 * event's decision point, then store event, decision (with its whole trace) and alert in one
 * transaction before answering. A feature store that is slow or failing gives the strategy's
 * fail-open or fail-closed outcome with its reason — never an error to the caller.
 */
import { randomUUID } from 'node:crypto';
import type { DecisionRecorder } from './decision-recorder.js';
import { type NormalisedRecord, validateRecord } from '../ingest/domain/validate-record.js';
import { BatchLoader } from '../shared/batch-loader.js';
import type { IdFilter } from '../shared/id-filter.js';
import { FengkongError } from '../shared/errors.js';
import type { Clock } from '../shared/clock.js';
import type { AlertRow, DecisionWrite } from './decision-write.js';
import type { DecisionQueries, DecisionView } from './decision-queries.js';
import { decide, type Reason } from './domain/decide.js';
import { type DecisionPoint, decisionPointOf } from './domain/decision-points.js';
import { storedTrace } from './domain/trace.js';
import type { ListKind, Outcome } from './domain/strategy.js';
import type { FeaturePort } from './feature-port.js';
import { type ModelPort, NO_MODELS } from './model-port.js';
import type { ListRegistry } from './list-registry.js';
import type { StrategyRegistry } from './strategy-registry.js';

export interface DecisionSettings {
  /**
   * Every event id decided in this store, when this process is the store's only writer (the
   * embedded store is locked to one process): a "no" skips the store's look-up for a new id.
   */
  decidedIds?: IdFilter;
  maxFutureSkewMs: number;
  /** Which list kind wins when an event is on several lists (from the pack's lists.yaml). */
  listPrecedence: readonly ListKind[];
  /** Active models scoring at each decision point (none by default). */
  models?: ModelPort;
}

const ENGINE_REASON = {
  timeout: { zh: '特征计算超时,按策略的降级结果处理', en: 'Feature evaluation timed out; the strategy’s fallback outcome applies' },
  fault: { zh: '特征计算故障,按策略的降级结果处理', en: 'Feature evaluation failed; the strategy’s fallback outcome applies' },
};

class FeatureTimeout extends Error {}

const EMPTY_SCORES: Record<string, number> = Object.freeze({}) as Record<string, number>;

/** A model that throws scores nothing: rules reading it fail as `error`, the decision stands. */
function scoreSafely(port: ModelPort, point: DecisionPoint, event: Record<string, unknown>, features: Record<string, number | null>): Record<string, number> {
  try {
    return port.scoresFor(point, event, features);
  } catch {
    return EMPTY_SCORES;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new FeatureTimeout()), ms)))]).finally(() => clearTimeout(timer));
}

export class DecisionService {
  /** Decisions being made, by event id: a concurrent repeat waits for the first. */
  private readonly inFlight = new Map<string, Promise<DecisionView>>();
  /** "Decided already?" for every request of one event-loop turn in one query. */
  private readonly decidedBefore: BatchLoader<string, boolean>;

  constructor(
    private readonly recorder: DecisionRecorder,
    private readonly queries: DecisionQueries,
    private readonly features: FeaturePort,
    private readonly strategies: StrategyRegistry,
    private readonly lists: ListRegistry,
    private readonly clock: Clock,
    private readonly settings: DecisionSettings,
  ) {
    this.decidedBefore = new BatchLoader((ids) => this.queries.decidedAmong(ids), false);
  }

  /**
   * Decides one event. `replay`: a past event loaded now (the demo set, a back-fill) is recorded as
   * decided when it happened, so charts over time show it in its hour, not all in the present one.
   */
  async decide(raw: unknown, source: string, opts: { replay?: boolean } = {}): Promise<DecisionView> {
    const v = validateRecord(raw, { now: this.clock.now(), maxFutureSkewMs: this.settings.maxFutureSkewMs, expectedKind: 'event' });
    if (!v.ok) throw new FengkongError(v.c3 ? 'PII_C3_REFUSED' : 'EVENT_SCHEMA_INVALID', { details: v.problems });
    const point = decisionPointOf(v.record.type);
    if (!point) throw new FengkongError('DECISION_POINT_UNSUPPORTED', { details: [{ field: 'type', reason: 'enum', message: { zh: '该类型不做实时决策', en: 'this type is not decided in real time' } }] });
    const id = v.record.id;
    const running = this.inFlight.get(id);
    if (running) return { ...(await running), repeat: true };
    const work = this.decideNew(v.record, point, source, opts.replay === true);
    this.inFlight.set(id, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(id);
    }
  }

  private async decideNew(rec: NormalisedRecord, point: DecisionPoint, source: string, replay: boolean): Promise<DecisionView> {
    const known = this.settings.decidedIds;
    if (this.recorder.pending(rec.id) || ((!known || known.mightHave(rec.id)) && (await this.decidedBefore.load(rec.id)))) {
      const earlier = await this.queries.find(rec.id);
      if (earlier) return { ...earlier, repeat: true };
    }
    // Room in the store first: a decision refused here has counted in no feature.
    const admitted = performance.now();
    const room = this.recorder.admit();
    if (room) await room;
    // From here on the id counts as decided: a failed write only leaves a harmless false "maybe".
    known?.add(rec.id);
    const started = performance.now();
    const strategy = this.strategies.live(point);
    let degraded: 'timeout' | 'fault' | null = null;
    let features: Record<string, number | null> = {};
    const featureEvent = { id: rec.id, type: rec.type, occurredAtMs: rec.occurredAtMs, fields: rec.data };
    try {
      // In-process state answers synchronously: no timer, no promise (a timeout cannot happen).
      const sync = this.features.evaluateAndRecordSync;
      features = sync
        ? sync.call(this.features, featureEvent, strategy.featuresUsed)
        : await withTimeout(this.features.evaluateAndRecord(featureEvent, strategy.featuresUsed), strategy.timeoutMs);
    } catch (err) {
      degraded = err instanceof FeatureTimeout ? 'timeout' : 'fault';
    }
    const featuresMs = performance.now() - started;
    const models = degraded ? EMPTY_SCORES : scoreSafely(this.settings.models ?? NO_MODELS, point, rec.data, features);
    const verdict = degraded ? null : decide(strategy, { event: rec.data, features, models, inList: this.lists.inList }, this.settings.listPrecedence);
    const rulesMs = performance.now() - started - featuresMs;
    const outcome: Outcome = verdict ? verdict.outcome : strategy.onError;
    const reasons: Reason[] = verdict ? verdict.reasons : [{ code: degraded === 'timeout' ? 'ENGINE_TIMEOUT' : 'ENGINE_FAULT', source: 'engine', description: ENGINE_REASON[degraded!] }];
    const decidedAt = new Date(replay ? rec.occurredAtMs : this.clock.now()).toISOString();
    const write: DecisionWrite = {
      row: {
        event_id: rec.id,
        decision_point: point,
        event_type: rec.type,
        customer_id: rec.customerId,
        outcome,
        score: verdict?.score ?? 0,
        strategy_version: strategy.version,
        reasons,
        trace: storedTrace(verdict, features, strategy.featuresUsed, { featuresMs: round(featuresMs), rulesMs: round(rulesMs) }, models) as unknown as Record<string, unknown>,
        degraded,
        occurred_at: new Date(rec.occurredAtMs).toISOString(),
        decided_at: decidedAt,
      },
      alert: outcome === 'allow' ? null : alertOf(rec.id, rec.customerId, point, outcome, verdict?.score ?? 0, reasons, decidedAt),
      stored: false,
    };
    await this.recorder.record(rec, source, write);
    if (!write.stored) {
      // Another process decided this id first: its decision stands.
      const first = await this.queries.find(rec.id);
      if (first) return { ...first, repeat: true };
    }
    // A wait for room in the store is part of the decision's time.
    const totalMs = performance.now() - admitted;
    return {
      eventId: rec.id,
      decisionPoint: point,
      eventType: rec.type,
      outcome,
      score: write.row.score,
      reasons,
      strategyVersion: strategy.version,
      degraded,
      decidedAt,
      timings: { featuresMs: round(featuresMs), rulesMs: round(rulesMs), totalMs: round(totalMs) },
      repeat: false,
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function alertOf(eventId: string, customerId: string | null, point: string, outcome: Outcome, score: number, reasons: Reason[], at: string): AlertRow {
  return { id: randomUUID(), source: 'decision', event_id: eventId, customer_id: customerId, decision_point: point, outcome, score, severity: outcome === 'block' ? 'high' : 'medium', reasons, created_at: at };
}

