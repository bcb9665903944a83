import { demoRecords } from './src/demo/demo-records.js';
import { decisionPointOf, DECISION_POINT_NAMES } from './src/decisions/domain/decision-points.js';
import { validateRecord } from './src/ingest/domain/validate-record.js';
import { loadPack, featuresReadableBy } from './src/decisions/pack.js';
import { parseFeatureConfig } from './src/features/domain/feature-config.js';
import { parseStrategy } from './src/decisions/domain/strategy.js';
import { decide } from './src/decisions/domain/decide.js';
import { MemoryFeatureStore } from './src/features/memory-feature-store.js';
const raws: Record<string, unknown>[] = [];
for (const { file, record } of demoRecords({ customers: 50000, days: 2, seed: 7 })) if (file === 'events' && decisionPointOf(String(record.type))) raws.push(record);
const pack = loadPack(); const parsed = parseFeatureConfig(pack.featuresText); if (!parsed.ok) throw 1;
const ctx = { featuresFor: (t: readonly string[]) => featuresReadableBy(parsed.specs, t), lists: pack.lists.map((l) => l.name), models: [] };
const strategies = new Map(); for (const p of DECISION_POINT_NAMES) { const s = parseStrategy(pack.strategies.get(p)!, ctx, 1); if (!s.ok) throw 2; strategies.set(p, s.strategy); }
const N = raws.length; console.log('decisions', N);
for (let round = 0; round < 2; round++) {
let t = performance.now(); const recs = raws.map((r) => { const v = validateRecord(r, { now: Number.MAX_SAFE_INTEGER, maxFutureSkewMs: 0 }); if (!v.ok) throw 3; return v.record; });
const tv = (performance.now() - t) / N * 1000;
const store = new MemoryFeatureStore(parsed.specs);
t = performance.now(); const feats = recs.map((r) => store.evaluateAndRecordSync({ id: r.id, type: r.type, occurredAtMs: r.occurredAtMs, fields: r.data }, strategies.get(decisionPointOf(r.type)).featuresUsed));
const tf = (performance.now() - t) / N * 1000;
const noList = () => false;
t = performance.now(); let flagged = 0; recs.forEach((r, i) => { if (decide(strategies.get(decisionPointOf(r.type)), { event: r.data, features: feats[i]!, models: {}, inList: noList }).outcome !== 'allow') flagged++; });
const tr = (performance.now() - t) / N * 1000;
console.log(`validate ${tv.toFixed(2)}us features ${tf.toFixed(2)}us rules ${tr.toFixed(2)}us total ${(tv + tf + tr).toFixed(2)}us => ${Math.round(1e6 / (tv + tf + tr))}/s flagged ${flagged}`);
}
