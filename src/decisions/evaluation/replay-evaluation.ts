/**
 * Measures a strategy pack on a generated data set with ground truth: every event a decision
 * point takes is decided in time order (features, rules, lists) exactly as the engine does, without
 * storing; then recall per fraud pattern, and alert rate and precision per decision point.
 * What a risk team asks before publishing: how many alerts, how many of them true.
 */
import { demoRecords, type DemoOptions } from '../../demo/demo-records.js';
import { parseFeatureConfig } from '../../features/domain/feature-config.js';
import { openFeatureStore } from '../../features/feature-store.js';
import { validateRecord } from '../../ingest/domain/validate-record.js';
import { FengkongError } from '../../shared/errors.js';
import { decide } from '../domain/decide.js';
import { DECISION_POINT_NAMES, type DecisionPoint, decisionPointOf } from '../domain/decision-points.js';
import { type CompiledStrategy, parseStrategy } from '../domain/strategy.js';
import { DEFAULT_PACK_DIR, featuresReadableBy, loadPack } from '../pack.js';

interface Tally {
  decisions: number;
  alerts: number;
  blocks: number;
  fraud: number;
  fraudAlerted: number;
}

export interface PatternResult {
  labelled: number;
  decided: number;
  alerted: number;
  blocked: number;
  recall: number | null;
}

export interface PointResult extends Tally {
  alertRate: number | null;
  precision: number | null;
  recall: number | null;
}

export interface EvaluationReport {
  dataset: Required<DemoOptions> & { events: number; decisions: number };
  pack: string;
  overall: PointResult;
  byPattern: Record<string, PatternResult>;
  byDecisionPoint: Record<string, PointResult>;
  seconds: number;
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);

function pointResult(t: Tally): PointResult {
  return { ...t, alertRate: ratio(t.alerts, t.decisions), precision: ratio(t.fraudAlerted, t.alerts), recall: ratio(t.fraudAlerted, t.fraud) };
}

export async function evaluatePack(data: DemoOptions, packDir: string = DEFAULT_PACK_DIR): Promise<EvaluationReport> {
  const started = performance.now();
  const pack = loadPack(packDir);
  const parsed = parseFeatureConfig(pack.featuresText);
  if (!parsed.ok) throw new FengkongError('CONFIG_INVALID', { note: 'features.yaml', details: parsed.problems.map((p) => ({ field: p.path, reason: p.reason, message: p.message })) });
  const ctx = { featuresFor: (types: readonly string[]) => featuresReadableBy(parsed.specs, types), lists: pack.lists.map((l) => l.name), models: [] };
  const strategies = new Map<DecisionPoint, CompiledStrategy>();
  for (const point of DECISION_POINT_NAMES) {
    const s = parseStrategy(pack.strategies.get(point)!, ctx, 1);
    if (!s.ok) throw new FengkongError('STRATEGY_INVALID', { note: point, details: { problems: s.problems } });
    strategies.set(point, s.strategy);
  }
  const features = await openFeatureStore(parsed.specs, { backend: 'memory' });

  // Labels follow their events in the stream; outcomes are kept until the label arrives.
  const outcomes = new Map<string, { point: DecisionPoint; alerted: boolean; blocked: boolean }>();
  const patterns = new Map<string, PatternResult>();
  const points = new Map<DecisionPoint, Tally>(DECISION_POINT_NAMES.map((p) => [p, { decisions: 0, alerts: 0, blocks: 0, fraud: 0, fraudAlerted: 0 }]));
  const noList = () => false;
  let events = 0;
  let decisions = 0;
  let options: Required<DemoOptions> | null = null;
  try {
    for (const { file, record } of demoRecords(data)) {
      if (file === 'labels') {
        if (record.kind !== 'fraud') continue;
        const pattern = String(record.pattern);
        const r = patterns.get(pattern) ?? { labelled: 0, decided: 0, alerted: 0, blocked: 0, recall: null };
        patterns.set(pattern, r);
        r.labelled++;
        const o = outcomes.get(String(record.eventId));
        if (!o) continue;
        r.decided++;
        const tally = points.get(o.point)!;
        tally.fraud++;
        if (o.alerted) {
          r.alerted++;
          tally.fraudAlerted++;
        }
        if (o.blocked) r.blocked++;
        continue;
      }
      if (file !== 'events') continue;
      events++;
      const point = decisionPointOf(String(record.type));
      if (!point) continue;
      const v = validateRecord(record, { now: Number.MAX_SAFE_INTEGER, maxFutureSkewMs: 0 });
      if (!v.ok) continue;
      const strategy = strategies.get(point)!;
      const values = await features.evaluateAndRecord({ id: v.record.id, type: v.record.type, occurredAtMs: v.record.occurredAtMs, fields: v.record.data }, strategy.featuresUsed);
      const verdict = decide(strategy, { event: v.record.data, features: values, models: {}, inList: noList });
      decisions++;
      const tally = points.get(point)!;
      tally.decisions++;
      const alerted = verdict.outcome !== 'allow';
      if (alerted) tally.alerts++;
      if (verdict.outcome === 'block') tally.blocks++;
      outcomes.set(v.record.id, { point, alerted, blocked: verdict.outcome === 'block' });
    }
  } finally {
    await features.close();
  }
  options = { customers: data.customers, days: data.days, seed: data.seed, start: data.start ?? '2026-10-01' };
  for (const r of patterns.values()) r.recall = ratio(r.alerted, r.decided);
  const total: Tally = { decisions: 0, alerts: 0, blocks: 0, fraud: 0, fraudAlerted: 0 };
  for (const t of points.values()) for (const k of Object.keys(total) as Array<keyof Tally>) total[k] += t[k];
  return {
    dataset: { ...options, events, decisions },
    pack: pack.dir,
    overall: pointResult(total),
    byPattern: Object.fromEntries([...patterns].sort(([a], [b]) => a.localeCompare(b))),
    byDecisionPoint: Object.fromEntries([...points].map(([p, t]) => [p, pointResult(t)])),
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}
