/**
 * The in-process feature store: every entity's state in this process's memory, compact enough for a
 * million active entities with thirty features, fast enough to replay history through `record` on
 * start. Synchronous at heart (the *Sync methods); the FeatureStore methods wrap them.
 */
import { compileFeaturePlan, type FeaturePlan, type FeaturePlanSet, type KeyGroupPlan, type SeriesPlan } from './domain/feature-plan.js';
import { checkedTime, numericValue, readPath, scalarIdentity } from './domain/event-fields.js';
import { DEFAULT_DISTINCT_CAP, type FeatureEvent, type FeatureSpec, type FeatureValues } from './domain/feature-spec.js';
import { numericFeatureValue, recencyFeatureValue } from './domain/window-stats.js';
import type { FeatureStore } from './feature-store.js';
import {
  countDistinct,
  type DistinctCell,
  distinctGrowth,
  distinctHead,
  emptyDistinctEntity,
  recordDistinct,
  reserveCells,
} from './memory-distinct-state.js';
import {
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
  /** Entities checked for expiry per recorded event (default 1): sweeping is spread over records. */
  sweepPerRecord?: number;
  /** A distinct state indexes its values once it holds more than this many (default 16; tuning, tests). */
  distinctIndexAt?: number;
}

/** One key value of one key group: its window/recency array and its distinct array. */
interface Entity {
  p: number[] | undefined;
  d: DistinctCell[] | undefined;
}

interface GroupState {
  plan: KeyGroupPlan;
  /** Series in the packed (window, recency) arrays. */
  k: number;
  /** Series in the distinct arrays. */
  kd: number;
  entities: Map<string, Entity>;
  /** Every series of the group, longest window first (the sweeper's order). */
  byWindow: SeriesPlan[];
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
  /** Per series (by index): the epoch's bucket, subtracted from distinct buckets. */
  private readonly base: number[];
  // Scratch reused by every call, so that a call allocates nothing but its answer.
  private readonly summary: Float64Array;
  private readonly xs: Float64Array;
  private readonly recency = new Float64Array(2);
  private readonly union = new Set<string>();
  private readonly feeds: Uint8Array;
  /** Per key group of the current event: its key and its entity. */
  private readonly keys: Array<string | null>;
  private readonly found: Array<Entity | undefined>;
  /** Field values of the current event by path id, valid where stamp = seq: each path read once. */
  private readonly vals: unknown[];
  private readonly stamp: Uint32Array;
  private seq = 0;
  private watermark = -Infinity;
  private sweepGroup = 0;
  private sweepCredit = 0;
  private sweepCursor: Iterator<[string, Entity]> | null = null;

  constructor(specs: readonly FeatureSpec[], options: MemoryFeatureStoreOptions = {}) {
    this.plan = compileFeaturePlan(specs);
    this.groups = this.plan.groups.map((plan) => ({
      plan,
      k: plan.packed.length,
      kd: plan.distinct.length,
      entities: new Map(),
      byWindow: [...plan.packed, ...plan.distinct].sort((x, y) => y.windowMs - x.windowMs),
    }));
    this.distinctCap = Math.max(1, Math.floor(options.distinctCap ?? DEFAULT_DISTINCT_CAP));
    this.latenessMs = options.latenessMs ?? 3_600_000;
    this.sweepPerRecord = options.sweepPerRecord ?? 1;
    this.distinctIndexAt = options.distinctIndexAt ?? 16;
    this.base = this.plan.series.map((s) => Math.floor(DISTINCT_EPOCH_MS / s.bucketMs));
    const maxFields = Math.max(0, ...this.plan.series.map((s) => s.fields.length));
    this.summary = new Float64Array(1 + 5 * maxFields);
    this.xs = new Float64Array(Math.max(1, maxFields));
    this.feeds = new Uint8Array(Math.max(1, this.plan.series.length));
    this.keys = new Array<string | null>(this.plan.groups.length).fill(null);
    this.found = new Array<Entity | undefined>(this.plan.groups.length).fill(undefined);
    this.vals = new Array<unknown>(this.plan.paths.length).fill(undefined);
    this.stamp = new Uint32Array(this.plan.paths.length);
  }

  evaluateSync(event: FeatureEvent): FeatureValues {
    return this.run(event, true, false) as FeatureValues;
  }

  recordSync(event: FeatureEvent): void {
    this.run(event, false, true);
  }

  evaluateAndRecordSync(event: FeatureEvent, read?: readonly string[]): FeatureValues {
    return this.run(event, true, true, read) as FeatureValues;
  }

  async evaluate(event: FeatureEvent, read?: readonly string[]): Promise<FeatureValues> {
    return this.run(event, true, false, read) as FeatureValues;
  }

  async record(event: FeatureEvent): Promise<void> {
    this.run(event, false, true);
  }

  async evaluateAndRecord(event: FeatureEvent, read?: readonly string[]): Promise<FeatureValues> {
    return this.run(event, true, true, read) as FeatureValues;
  }

  async close(): Promise<void> {
    for (const g of this.groups) g.entities.clear();
  }

  /** Entities held, per key path: what the memory budget is about. */
  stats(): { entities: number; byKey: Record<string, number> } {
    const byKey: Record<string, number> = {};
    let entities = 0;
    for (const g of this.groups) {
      byKey[g.plan.keyText] = g.entities.size;
      entities += g.entities.size;
    }
    return { entities, byKey };
  }

  /** Sweeps every entity now (normally sweeping is spread over records). */
  sweep(): void {
    const cutoff = this.watermark - this.latenessMs;
    for (const g of this.groups) for (const [key, e] of g.entities) this.expire(g, key, e, cutoff);
  }

  private run(event: FeatureEvent, evaluate: boolean, record: boolean, read?: readonly string[]): FeatureValues | null {
    const tp = this.plan.forType(event.type, read);
    const out: FeatureValues | null = evaluate ? { ...tp.template } : null;
    const t = checkedTime(event);
    const fields = event.fields;
    const feeds = this.feeds;
    if (++this.seq === 0xffff_ffff) {
      this.stamp.fill(0); // a stamp from 2^32 events ago must not pass for this event's
      this.seq = 1;
    }
    // Look every entity up first: independent lookups let the CPU overlap their cache misses.
    const groups = tp.groups;
    const keys = this.keys;
    const found = this.found;
    for (let g = 0; g < groups.length; g++) {
      const { group } = groups[g]!;
      const key = scalarIdentity(this.field(fields, group.keyPathId));
      keys[g] = key;
      found[g] = key === null ? undefined : (this.groups[group.index] as GroupState).entities.get(key);
    }
    for (let g = 0; g < groups.length; g++) {
      const { group, series, feeds: typeFeeds, reads, answers } = groups[g]!;
      const key = keys[g];
      keys[g] = null;
      if (key === null || key === undefined) continue; // no entity: the group's features stay null, nothing is fed
      const gs = this.groups[group.index] as GroupState;
      const k = gs.k;
      const kd = gs.kd;
      const entity = found[g];
      found[g] = undefined;
      let ent = entity?.p;
      let dist = entity?.d;
      if (record) {
        // Room for all this event adds, reserved once: an entity is copied at most once per event.
        // An upper bound first (no entity memory touched); the exact need only when room is short.
        let bound = 0;
        let dBound = 0;
        for (let i = 0; i < series.length; i++) {
          const s = series[i]!;
          const fed = typeFeeds[i] === true && (s.where === null || this.field(fields, s.where.pathId) === s.where.equals);
          feeds[i] = fed ? 1 : 0;
          if (fed) {
            if (s.kind === 'distinct') dBound += 4;
            else bound += s.kind === 'window' ? s.stride : 2;
          }
        }
        if (bound > 0 && (ent === undefined || ent.length - (ent[k - 1] as number) < bound)) {
          let need = 0;
          for (let i = 0; i < series.length; i++) {
            const s = series[i]!;
            if (feeds[i] === 0 || s.kind === 'distinct') continue;
            if (ent === undefined) need += s.kind === 'window' ? s.stride : 2;
            else need += s.kind === 'window' ? windowGrowth(ent, k, s, Math.floor(t / s.bucketMs)) : recencyGrowth(ent, k, s.slot);
          }
          if (need > 0) ent = reserve(ent ?? emptyEntity(k), k, need);
        }
        if (dBound > 0 && (dist === undefined || dist.length - (dist[kd - 1] as number) < dBound)) {
          let need = 0;
          for (let i = 0; i < series.length; i++) {
            const s = series[i]!;
            if (feeds[i] === 0 || s.kind !== 'distinct') continue;
            need += dist === undefined ? 4 : distinctGrowth(dist, kd, s, scalarIdentity(this.field(fields, s.valuePathId)));
          }
          if (need > 0) dist = reserveCells(dist ?? emptyDistinctEntity(kd), kd, need);
        }
      }
      for (let i = 0; i < series.length; i++) {
        const s = series[i]!;
        const fed = record && feeds[i] === 1;
        const answer = out !== null && reads[i] === true;
        if (!fed && !answer) continue;
        if (s.kind === 'window') {
          const xs = this.xs;
          for (let f = 0; f < s.fields.length; f++) xs[f] = numericValue(this.field(fields, s.fields[f]!.pathId)) ?? NaN;
          if (answer) {
            summariseWindow(ent, k, s, t, this.summary);
            for (const f of answers[i]!) out[f.spec.name] = this.windowValue(f);
          }
          if (fed) ent = recordWindow(ent!, k, s, Math.floor(t / s.bucketMs), xs);
        } else if (s.kind === 'recency') {
          if (answer) {
            readRecency(ent, k, s.slot, t, this.recency);
            const first = this.recency[0] as number;
            const last = this.recency[1] as number;
            for (const f of answers[i]!) {
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
          const b = Math.floor(t / s.bucketMs) - (this.base[s.index] as number);
          if (answer) {
            const c = countDistinct(dist, kd, s, b, this.union);
            for (const f of answers[i]!) out[f.spec.name] = c;
          }
          if (fed) {
            const value = scalarIdentity(this.field(fields, s.valuePathId));
            dist = recordDistinct(dist!, kd, s, b, value, this.distinctCap, this.distinctIndexAt);
          }
        }
      }
      if (entity === undefined) {
        if (ent !== undefined || dist !== undefined) gs.entities.set(key, { p: ent, d: dist });
      } else {
        entity.p = ent;
        entity.d = dist;
      }
    }
    if (record) {
      if (t > this.watermark) this.watermark = t;
      // Sweep in batches of 64 entities every 64/sweepPerRecord records: same pace, less overhead.
      if (this.sweepPerRecord > 0 && (this.sweepCredit += this.sweepPerRecord) >= 64) {
        this.sweepSome(this.sweepCredit);
        this.sweepCredit = 0;
      }
    }
    return out;
  }

  /** The event's value at a plan path, read once per event. */
  private field(fields: Record<string, unknown>, id: number): unknown {
    if (this.stamp[id] !== this.seq) {
      this.vals[id] = readPath(fields, this.plan.paths[id]!);
      this.stamp[id] = this.seq;
    }
    return this.vals[id];
  }

  private windowValue(f: FeaturePlan): number | null {
    const sm = this.summary;
    if (f.fieldIndex < 0) return sm[0] as number; // count
    const o = 1 + f.fieldIndex * 5;
    const x = this.xs[f.fieldIndex] as number;
    return numericFeatureValue(f.spec.aggregate, sm[o]!, sm[o + 1]!, sm[o + 2]!, sm[o + 3]!, sm[o + 4]!, x === x ? x : null);
  }

  /** Checks a few entities, round robin over the groups, and drops state no query can see any more. */
  private sweepSome(entities: number): void {
    const n = this.groups.length;
    if (n === 0) return;
    const cutoff = this.watermark - this.latenessMs;
    for (let budget = entities, turns = 0; budget > 0 && turns <= n; ) {
      const g = this.groups[this.sweepGroup] as GroupState;
      this.sweepCursor ??= g.entities.entries();
      const r = this.sweepCursor.next();
      if (r.done) {
        this.sweepCursor = null;
        this.sweepGroup = (this.sweepGroup + 1) % n;
        turns++;
        continue;
      }
      budget--;
      this.expire(g, r.value[0], r.value[1], cutoff);
    }
  }

  /**
   * Drops an entity once none of its state can be seen by a query at or after the cutoff. A live
   * entity is left as it is: its stale buckets go on its next record, so sweeping never copies.
   */
  private expire(g: GroupState, key: string, e: Entity, cutoff: number): void {
    // Longest windows first: the one most likely still live ends the check.
    for (const s of g.byWindow) {
      if (s.kind === 'distinct') {
        if (e.d === undefined) continue;
        const head = distinctHead(e.d, g.kd, s.slot);
        if (head !== null && (head + (this.base[s.index] as number) + s.buckets) * s.bucketMs > cutoff) return;
      } else if (e.p !== undefined && segmentExpiry(e.p, g.k, s) > cutoff) return;
    }
    g.entities.delete(key);
  }
}

