/**
 * Test oracle: feature values recomputed from the full list of recorded events, straight from the
 * definitions in README.md (bucket-aligned windows, retained range, null rules, distinct cap,
 * recency fallback), with none of the stores' incremental bookkeeping.
 */
import { numericValue, readPath, scalarIdentity, splitPath } from '../domain/event-fields.js';
import { bucketGeometry, DEFAULT_DISTINCT_CAP, type FeatureEvent, type FeatureSpec, type FeatureValues, RECENT_TIMESTAMPS } from '../domain/feature-spec.js';

export class BruteForceFeatures {
  private readonly recorded: FeatureEvent[] = [];

  constructor(
    private readonly specs: readonly FeatureSpec[],
    private readonly distinctCap = DEFAULT_DISTINCT_CAP,
  ) {}

  record(event: FeatureEvent): void {
    this.recorded.push(event);
  }

  evaluate(event: FeatureEvent): FeatureValues {
    const out: FeatureValues = {};
    // Every feature is read (null without its key); event types and `where` only govern feeding.
    for (const spec of this.specs) out[spec.name] = this.value(spec, event);
    return out;
  }

  private value(spec: FeatureSpec, event: FeatureEvent): number | null {
    const keyOf = (e: FeatureEvent) => scalarIdentity(readPath(e.fields, splitPath(spec.key)));
    const key = keyOf(event);
    if (key === null) return null;
    const t = event.occurredAtMs;
    const fed = this.recorded.filter(
      (e) =>
        (!spec.eventTypes || spec.eventTypes.includes(e.type)) &&
        (!spec.where || readPath(e.fields, splitPath(spec.where.field)) === spec.where.equals) &&
        keyOf(e) === key,
    );
    const field = (e: FeatureEvent) => readPath(e.fields, splitPath(spec.field ?? ''));

    if (spec.aggregate === 'since_last' || spec.aggregate === 'first_seen') {
      if (fed.length === 0) return null;
      const times = fed.map((e) => e.occurredAtMs).sort((a, b) => a - b);
      const first = times[0] as number;
      if (spec.aggregate === 'first_seen') return first <= t ? (t - first) / 1000 : null;
      const kept = times.slice(-RECENT_TIMESTAMPS);
      let last: number | null = [...kept].reverse().find((x) => x <= t) ?? null;
      if (last === null && kept.length >= RECENT_TIMESTAMPS && first <= t) last = first;
      return last !== null && t - last <= spec.windowMs ? (t - last) / 1000 : null;
    }

    const { bucketMs, buckets } = bucketGeometry(spec.windowMs);
    const b = (e: FeatureEvent) => Math.floor(e.occurredAtMs / bucketMs);
    // The distinct series only exists per field, but its head moves with every fed event as well.
    const head = fed.length === 0 ? -Infinity : Math.max(...fed.map(b));
    const bt = Math.floor(t / bucketMs);
    const lo = Math.max(bt, head) - buckets + 1;
    const inWindow = fed.filter((e) => b(e) >= lo && b(e) <= bt);

    if (spec.aggregate === 'count') return inWindow.length;
    if (spec.aggregate === 'distinct') {
      const perBucket = new Map<number, string[]>();
      for (const e of inWindow) {
        const v = scalarIdentity(field(e));
        if (v === null) continue;
        const list = perBucket.get(b(e)) ?? [];
        if (list.length < this.distinctCap && !list.includes(v)) list.push(v);
        perBucket.set(b(e), list);
      }
      return new Set([...perBucket.values()].flat()).size;
    }
    const values = inWindow.map((e) => numericValue(field(e))).filter((v): v is number => v !== null);
    const n = values.length;
    const sum = values.reduce((s, v) => s + v, 0);
    const mean = n > 0 ? sum / n : null;
    const x = numericValue(field(event));
    switch (spec.aggregate) {
      case 'sum':
        return sum;
      case 'mean':
        return mean;
      case 'min':
        return n > 0 ? Math.min(...values) : null;
      case 'max':
        return n > 0 ? Math.max(...values) : null;
      case 'zscore': {
        if (x === null || n < 2 || mean === null) return null;
        const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
        return sd > 0 ? (x - mean) / sd : null;
      }
      case 'ratio_to_mean':
        return x === null || mean === null || mean === 0 ? null : x / mean;
      default:
        throw new Error(`unhandled aggregate ${spec.aggregate}`);
    }
  }
}

/** Equal up to floating-point noise: both null, or numbers within 1e-9 (relative for large ones). */
export function sameValues(actual: FeatureValues, expected: FeatureValues): string | null {
  const ak = Object.keys(actual).sort().join(',');
  const ek = Object.keys(expected).sort().join(',');
  if (ak !== ek) return `features differ: [${ak}] vs [${ek}]`;
  for (const k of Object.keys(expected)) {
    const a = actual[k] ?? null;
    const e = expected[k] ?? null;
    if (a === null || e === null) {
      if (a !== e) return `${k}: ${a} vs expected ${e}`;
    } else if (Math.abs(a - e) > 1e-9 * Math.max(1, Math.abs(e))) return `${k}: ${a} vs expected ${e}`;
  }
  return null;
}
