/**
 * The in-process feature store: every entity's state in this process's memory, compact enough for a
 * million active entities with thirty features, fast enough to replay history through `record` on
 * start. Synchronous at heart (the *Sync methods); the FeatureStore methods wrap them.
 */
import {
  compileFeaturePlan,
  type FeaturePlan,
  type FeaturePlanSet,
  type KeyGroupPlan,
  passesWhere,
  type SeriesPlan,
} from './domain/feature-plan.js';
import { numericValue, readPath, scalarIdentity } from './domain/event-fields.js';
import { DEFAULT_DISTINCT_CAP, type FeatureEvent, type FeatureSpec, type FeatureValues } from './domain/feature-spec.js';
import { numericFeatureValue, recencyFeatureValue } from './domain/window-stats.js';
import type { FeatureStore } from './feature-store.js';
import {
  clearDistinct,
  countDistinct,
  compactCells,
  type DistinctCell,
  distinctGrowth,
  distinctHead,
  emptyDistinctEntity,
  recordDistinct,
  reserveCells,
} from './memory-distinct-state.js';
import {
  clearSegment,
  compactEntity,
  emptyEntity,
  readRecency,
  recencyGrowth,
  recordRecency,
  recordWindow,
  reserve,
  segmentExpiry,
  summariseWindow,
  windowGrowth,
} from './memory-packed-state.js';

export interface MemoryFeatureStoreOptions {
  /** Distinct values remembered per bucket of a `distinct` feature (default 256). */
  distinctCap?: number;
  /**
   * How far behind the newest recorded event a late event may be and still find all its state
   * (default 1 h): state that no query later than (newest − lateness) can see is swept.
   */
  latenessMs?: number;
  /** Entities checked for expiry per recorded event (default 2): sweeping is spread over records. */
  sweepPerRecord?: number;
  /** A distinct state indexes its values once it holds more than this many (default 16; tuning, tests). */
  distinctIndexAt?: number;
}

interface GroupState {
  plan: KeyGroupPlan;
  /** Series in the packed entity arrays. */
  k: number;
  /** Series in the distinct entity arrays. */
  kd: number;
  packed: Map<string, number[]>;
  distinct: Map<string, DistinctCell[]>;
}

/** Distinct buckets count from here, so that even 1 s buckets stay small integers for decades. */
const DISTINCT_EPOCH_MS = Date.UTC(2025, 0, 1);

/**
 * In-process backend.
 * @example
 * const store = new MemoryFeatureStore(specs);
 * for (const e of history) store.recordSync(e);           // rebuild on start
 * const values = store.evaluateAndRecordSync(event);
 */
export class MemoryFeatureStore implements FeatureStore {
  private readonly plan: FeaturePlanSet;
  private readonly groups: GroupState[];
  private readonly distinctCap: number;
  private readonly latenessMs: number;
  private readonly sweepPerRecord: number;
  private readonly distinctIndexAt: number;
  // Scratch reused by every call: no allocation per feature.
  private readonly summary: Float64Array;
  private readonly xs: Float64Array;
  private readonly recency = new Float64Array(2);
  private readonly union = new Set<string>();
  /** Per series of the current group: whether the event feeds it. */
  private readonly feeds: Uint8Array;
  /** Per series (by index): the epoch's bucket, subtracted from distinct buckets. */
  private readonly base: number[];
  private watermark = -Infinity;
  private sweepMap = 0;
  private sweepCursor: Iterator<[string, unknown]> | null = null;

  constructor(specs: readonly FeatureSpec[], options: MemoryFeatureStoreOptions = {}) {
    this.plan = compileFeaturePlan(specs);
    this.groups = this.plan.groups.map((plan) => ({ plan, k: plan.packed.length, kd: plan.distinct.length, packed: new Map(), distinct: new Map() }));
    this.base = this.plan.series.map((s) => Math.floor(DISTINCT_EPOCH_MS / s.bucketMs));
    this.distinctCap = Math.max(1, Math.floor(options.distinctCap ?? DEFAULT_DISTINCT_CAP));
    this.latenessMs = options.latenessMs ?? 3_600_000;
    this.sweepPerRecord = options.sweepPerRecord ?? 2;
    this.distinctIndexAt = options.distinctIndexAt ?? 16;
    const maxFields = Math.max(0, ...this.plan.series.map((s) => s.fields.length));
    this.summary = new Float64Array(1 + 5 * maxFields);
    this.xs = new Float64Array(Math.max(1, maxFields));
    this.feeds = new Uint8Array(Math.max(1, this.plan.series.length));
  }

  evaluateSync(event: FeatureEvent): FeatureValues {
    return this.run(event, true, false) as FeatureValues;
  }

  recordSync(event: FeatureEvent): void {
    this.run(event, false, true);
  }

  evaluateAndRecordSync(event: FeatureEvent): FeatureValues {
    return this.run(event, true, true) as FeatureValues;
  }

  async evaluate(event: FeatureEvent): Promise<FeatureValues> {
    return this.run(event, true, false) as FeatureValues;
  }

  async record(event: FeatureEvent): Promise<void> {
    this.run(event, false, true);
  }

  async evaluateAndRecord(event: FeatureEvent): Promise<FeatureValues> {
    return this.run(event, true, true) as FeatureValues;
  }

  async close(): Promise<void> {
    for (const g of this.groups) {
      g.packed.clear();
      g.distinct.clear();
    }
  }

  /** Entities held, per key path: what the memory budget is about. */
  stats(): { entities: number; byKey: Record<string, number> } {
    const byKey: Record<string, number> = {};
    let entities = 0;
    for (const g of this.groups) {
      let n = g.packed.size;
      for (const key of g.distinct.keys()) if (!g.packed.has(key)) n++;
      byKey[g.plan.keyText] = n;
      entities += n;
    }
    return { entities, byKey };
  }

  /** Sweeps every entity now (normally sweeping is spread over records). */
  sweep(): void {
    const cutoff = this.watermark - this.latenessMs;
    for (const g of this.groups) {
      for (const [key, a] of g.packed) this.expirePacked(g, key, a, cutoff);
      for (const [key, d] of g.distinct) this.expireDistinct(g, key, d, cutoff);
    }
  }

  private run(event: FeatureEvent, evaluate: boolean, record: boolean): FeatureValues | null {
    const tp = this.plan.forType(event.type);
    const out: FeatureValues | null = evaluate ? { ...tp.template } : null;
    const t = event.occurredAtMs;
    const fields = event.fields;
    const feeds = this.feeds;
    for (const { group, series } of tp.groups) {
      const key = scalarIdentity(readPath(fields, group.keyPath));
      if (key === null) continue; // no entity: the group's features stay null and nothing is fed
      const gs = this.groups[group.index] as GroupState;
      const k = gs.k;
      const before = gs.packed.get(key);
      let ent = before;
      const dBefore = gs.kd > 0 ? gs.distinct.get(key) : undefined;
      let dist = dBefore;
      if (record) {
        // Room for all this event adds, reserved once: an entity is copied at most once per event.
        let need = 0;
        let dNeed = 0;
        for (let i = 0; i < series.length; i++) {
          const s = series[i]!;
          const f = passesWhere(s, fields);
          feeds[i] = f ? 1 : 0;
          if (!f) continue;
          if (s.kind === 'window') need += ent === undefined ? s.stride : windowGrowth(ent, k, s, Math.floor(t / s.bucketMs));
          else if (s.kind === 'recency') need += ent === undefined ? 2 : recencyGrowth(ent, k, s.slot);
          else dNeed += dist === undefined ? 4 : distinctGrowth(dist, gs.kd, s, this.bucketOf(s, t), scalarIdentity(readPath(fields, s.valuePath!)));
        }
        if (need > 0) ent = reserve(ent ?? emptyEntity(k), k, need);
        if (dNeed > 0) dist = reserveCells(dist ?? emptyDistinctEntity(gs.kd), gs.kd, dNeed);
      }
      for (let i = 0; i < series.length; i++) {
        const s = series[i]!;
        const fed = record && feeds[i] === 1;
        if (s.kind === 'window') {
          const xs = this.xs;
          for (let f = 0; f < s.fields.length; f++) xs[f] = numericValue(readPath(fields, s.fields[f]!.path)) ?? NaN;
          if (out !== null) {
            summariseWindow(ent, k, s, t, this.summary);
            for (const f of s.features) out[f.spec.name] = this.windowValue(f);
          }
          if (fed) ent = recordWindow(ent!, k, s, Math.floor(t / s.bucketMs), xs);
        } else if (s.kind === 'recency') {
          if (out !== null) {
            readRecency(ent, k, s.slot, t, this.recency);
            const first = this.recency[0] as number;
            const last = this.recency[1] as number;
            for (const f of s.features) {
              out[f.spec.name] = recencyFeatureValue(
                f.spec.aggregate as 'since_last' | 'first_seen',
                t,
                s.windowMs,
                first === first ? first : null,
                last === last ? last : null,
              );
            }
          }
          if (fed) ent = recordRecency(ent!, k, s.slot, t);
        } else {
          const b = this.bucketOf(s, t);
          if (out !== null) {
            const c = countDistinct(dist, gs.kd, s, b, this.union);
            for (const f of s.features) out[f.spec.name] = c;
          }
          if (fed) {
            const value = scalarIdentity(readPath(fields, s.valuePath!));
            dist = recordDistinct(dist!, gs.kd, s, b, value, this.distinctCap, this.distinctIndexAt);
          }
        }
      }
      if (ent !== before && ent !== undefined) gs.packed.set(key, ent);
      if (dist !== dBefore && dist !== undefined) gs.distinct.set(key, dist);
    }
    if (record) {
      if (t > this.watermark) this.watermark = t;
      if (this.sweepPerRecord > 0) this.sweepSome();
    }
    return out;
  }

  /** A distinct series' bucket of t, counted from the epoch. */
  private bucketOf(s: SeriesPlan, t: number): number {
    return Math.floor(t / s.bucketMs) - (this.base[s.index] as number);
  }

  private windowValue(f: FeaturePlan): number | null {
    const sm = this.summary;
    if (f.fieldIndex < 0) return sm[0] as number; // count
    const o = 1 + f.fieldIndex * 5;
    const x = this.xs[f.fieldIndex] as number;
    return numericFeatureValue(f.spec.aggregate, sm[o]!, sm[o + 1]!, sm[o + 2]!, sm[o + 3]!, sm[o + 4]!, x === x ? x : null);
  }

  /** Checks a few entities, round robin over every map, and drops state no query can see any more. */
  private sweepSome(): void {
    const maps = this.groups.length * 2;
    if (maps === 0) return;
    const cutoff = this.watermark - this.latenessMs;
    for (let budget = this.sweepPerRecord, turns = 0; budget > 0 && turns <= maps; ) {
      const g = this.groups[this.sweepMap >> 1] as GroupState;
      const packed = (this.sweepMap & 1) === 0;
      this.sweepCursor ??= (packed ? g.packed.entries() : g.distinct.entries()) as Iterator<[string, unknown]>;
      const r = this.sweepCursor.next();
      if (r.done) {
        this.sweepCursor = null;
        this.sweepMap = (this.sweepMap + 1) % maps;
        turns++;
        continue;
      }
      budget--;
      const [key, state] = r.value;
      if (packed) this.expirePacked(g, key, state as number[], cutoff);
      else this.expireDistinct(g, key, state as DistinctCell[], cutoff);
    }
  }

  private expirePacked(g: GroupState, key: string, a: number[], cutoff: number): void {
    let cur = a;
    for (const s of g.plan.packed) {
      const expiry = segmentExpiry(cur, g.k, s);
      if (expiry !== -Infinity && expiry <= cutoff) cur = clearSegment(cur, g.k, s.slot);
    }
    if (cur[g.k - 1] === g.k) g.packed.delete(key);
    else {
      if (cur !== a) cur = compactEntity(cur, g.k);
      if (cur !== a) g.packed.set(key, cur);
    }
  }

  private expireDistinct(g: GroupState, key: string, d: DistinctCell[], cutoff: number): void {
    let cur = d;
    for (const s of g.plan.distinct) {
      const head = distinctHead(cur, g.kd, s.slot);
      if (head !== null && (head + (this.base[s.index] as number) + s.buckets) * s.bucketMs <= cutoff) cur = clearDistinct(cur, g.kd, s.slot);
    }
    if (cur[g.kd - 1] === g.kd) g.distinct.delete(key);
    else {
      if (cur !== d) cur = compactCells(cur, g.kd);
      if (cur !== d) g.distinct.set(key, cur);
    }
  }
}
