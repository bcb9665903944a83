/**
 * `fengkong bench decide` (in process): the default pack deciding a generated population of at
 * least 100,000 customers with their devices, IPs, cards and counterparties — validation, velocity
 * features (read and update) and every rule of the decision point, one core, no storage. The same
 * run decides the same events with the rules written by hand (the limit) and, for the payment
 * point's rules alone, with json-rules-engine (the peer), and prints the ratios.
 */
import { demoRecords } from '../demo/demo-records.js';
import { decide, type DecisionInput } from '../decisions/domain/decide.js';
import { DECISION_POINT_NAMES, type DecisionPoint, decisionPointOf } from '../decisions/domain/decision-points.js';
import { type CompiledStrategy, parseStrategy } from '../decisions/domain/strategy.js';
import { featuresReadableBy, loadPack } from '../decisions/pack.js';
import { parseFeatureConfig } from '../features/domain/feature-config.js';
import type { FeatureSpec } from '../features/domain/feature-spec.js';
import { MemoryFeatureStore } from '../features/memory-feature-store.js';
import { validateRecord } from '../ingest/domain/validate-record.js';
import { machineFacts, rssMb } from './bench-support.js';
import { HAND_WRITTEN_RULES } from './hand-written-rules.js';
import { PEER_RULE_COUNT, paymentPeerEngine, peerFacts } from './peer-rules.js';

export interface DecideBenchOptions {
  customers: number;
  days: number;
  seed: number;
  /** Payment decisions replayed through the rules alone, for the peer comparison. */
  peerSamples: number;
}

type Strategies = Map<DecisionPoint, CompiledStrategy>;

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (x: number) => Math.round(x * 1000) / 1000;

/** The same strategies with each CEL rule replaced by its hand-written closure. */
function handWritten(strategies: Strategies): Strategies {
  const out: Strategies = new Map();
  for (const [point, s] of strategies) {
    out.set(point, {
      ...s,
      compiled: s.rules.map((r) => {
        const fn = HAND_WRITTEN_RULES[r.id];
        if (!fn) throw new Error(`no hand-written rule for ${r.id}`);
        const hit = { ok: true as const, value: true };
        const miss = { ok: true as const, value: false };
        return { expression: r.when, compiled: true, evaluate: (input: DecisionInput) => (fn(input.event, input.features) ? hit : miss) };
      }),
    });
  }
  return out;
}

/** Decides every event in order; returns the latency of each (ms) and a sample of rule inputs. */
async function decideAll(raws: readonly Record<string, unknown>[], specs: readonly FeatureSpec[], strategies: Strategies, sampleSize: number) {
  // The in-process store, called synchronously as the decision service calls it.
  const store = new MemoryFeatureStore(specs);
  const latencies = new Float64Array(raws.length);
  const samples: DecisionInput[] = [];
  const noList = () => false;
  let flagged = 0;
  const started = performance.now();
  try {
    for (let i = 0; i < raws.length; i++) {
      const t0 = performance.now();
      const v = validateRecord(raws[i], { now: Number.MAX_SAFE_INTEGER, maxFutureSkewMs: 0 });
      if (!v.ok) throw new Error(`generated event refused: ${JSON.stringify(v.problems)}`);
      const point = decisionPointOf(v.record.type)!;
      // The features the strategy's rules read, as the decision service asks for them.
      const features = store.evaluateAndRecordSync({ id: v.record.id, type: v.record.type, occurredAtMs: v.record.occurredAtMs, fields: v.record.data }, strategies.get(point)!.featuresUsed);
      const input = { event: v.record.data, features, models: {}, inList: noList };
      if (decide(strategies.get(point)!, input).outcome !== 'allow') flagged++;
      latencies[i] = performance.now() - t0;
      if (point === 'payment' && samples.length < sampleSize) samples.push(input);
    }
  } finally {
    await store.close();
  }
  return { seconds: (performance.now() - started) / 1000, latencies, samples, flagged };
}

function rulesPerSecond(samples: readonly DecisionInput[], strategy: CompiledStrategy, rounds: number): number {
  const started = performance.now();
  for (let r = 0; r < rounds; r++) for (const s of samples) decide(strategy, s);
  return (samples.length * rounds) / ((performance.now() - started) / 1000);
}

export async function runDecideBench(opts: DecideBenchOptions): Promise<Record<string, unknown>> {
  const pack = loadPack();
  const parsed = parseFeatureConfig(pack.featuresText);
  if (!parsed.ok) throw new Error(`features.yaml: ${JSON.stringify(parsed.problems)}`);
  const ctx = { featuresFor: (types: readonly string[]) => featuresReadableBy(parsed.specs, types), lists: pack.lists.map((l) => l.name), models: [] };
  const strategies: Strategies = new Map();
  let ruleCount = 0;
  for (const point of DECISION_POINT_NAMES) {
    const s = parseStrategy(pack.strategies.get(point)!, ctx, 1);
    if (!s.ok) throw new Error(`${point}: ${JSON.stringify(s.problems)}`);
    strategies.set(point, s.strategy);
    ruleCount += s.strategy.rules.length;
  }

  // The population: every event a decision point takes, in time order.
  const raws: Record<string, unknown>[] = [];
  const keys = { customers: new Set<unknown>(), devices: new Set<unknown>(), ips: new Set<unknown>(), cards: new Set<unknown>(), counterparties: new Set<unknown>() };
  for (const { file, record } of demoRecords({ customers: opts.customers, days: opts.days, seed: opts.seed })) {
    if (file !== 'events' || !decisionPointOf(String(record.type))) continue;
    // As the decision API receives it: parsed from JSON (flat strings, not the generator's concatenations).
    raws.push(JSON.parse(JSON.stringify(record)) as Record<string, unknown>);
    keys.customers.add(record.customerId);
    if (record.deviceId) keys.devices.add(record.deviceId);
    if (record.ip) keys.ips.add(record.ip);
    if (record.cardId) keys.cards.add(record.cardId);
    if (record.counterpartyId) keys.counterparties.add(record.counterpartyId);
  }

  // Warm-up of both paths on a slice (JIT, and the generator's garbage collected) before measuring.
  const warm = raws.slice(0, Math.min(raws.length, 50_000));
  await decideAll(warm, parsed.specs, strategies, 0);
  await decideAll(warm, parsed.specs, handWritten(strategies), 0);
  const cel = await decideAll(raws, parsed.specs, strategies, opts.peerSamples);
  const rssAfterCel = rssMb();
  const hand = await decideAll(raws, parsed.specs, handWritten(strategies), 0);
  const sorted = cel.latencies.slice().sort();

  // Rules alone on recorded payment inputs: CEL, hand-written, json-rules-engine.
  const payment = strategies.get('payment')!;
  const rounds = Math.max(1, Math.ceil(200_000 / Math.max(1, cel.samples.length)));
  const celRules = rulesPerSecond(cel.samples, payment, rounds);
  const handRules = rulesPerSecond(cel.samples, handWritten(new Map([['payment', payment]])).get('payment')!, rounds);
  const engine = paymentPeerEngine();
  const peerN = Math.min(cel.samples.length, 20_000);
  const peerStarted = performance.now();
  for (let i = 0; i < peerN; i++) await engine.run(peerFacts(cel.samples[i]!.event, cel.samples[i]!.features));
  const peerRules = peerN / ((performance.now() - peerStarted) / 1000);

  const dps = raws.length / cel.seconds;
  const handDps = raws.length / hand.seconds;
  return {
    bench: 'decide',
    mode: 'in-process',
    decisions: raws.length,
    distinct: Object.fromEntries(Object.entries(keys).map(([k, s]) => [k, s.size])),
    rules: ruleCount,
    features: parsed.specs.length,
    alertRate: Math.round((cel.flagged / raws.length) * 10_000) / 10_000,
    decisionsPerSecond: Math.round(dps),
    p50Ms: ms(percentile(sorted, 50)),
    p95Ms: ms(percentile(sorted, 95)),
    p99Ms: ms(percentile(sorted, 99)),
    maxMs: ms(sorted[sorted.length - 1] ?? 0),
    rssMb: rssAfterCel,
    handWritten: { decisionsPerSecond: Math.round(handDps), ratio: Math.round((handDps / dps) * 100) / 100 },
    rulesOnly: {
      decisionPoint: 'payment',
      rules: payment.rules.length,
      peerRules: PEER_RULE_COUNT,
      samples: cel.samples.length,
      celPerSecond: Math.round(celRules),
      handWrittenPerSecond: Math.round(handRules),
      jsonRulesEnginePerSecond: Math.round(peerRules),
      celVsJsonRulesEngine: Math.round((celRules / peerRules) * 10) / 10,
      handWrittenVsCel: Math.round((handRules / celRules) * 100) / 100,
    },
    ...machineFacts(),
  };
}
