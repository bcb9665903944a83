/**
 * The vocabulary of velocity features: what a feature declares, what an event offers it, what it
 * answers, and the bucket geometry every backend shares. Pure: no I/O.
 */
import type { Bilingual } from '../../shared/i18n.js';

/** Every aggregate a feature can compute. */
export const AGGREGATES = [
  'count',
  'sum',
  'mean',
  'min',
  'max',
  'distinct',
  'since_last',
  'first_seen',
  'zscore',
  'ratio_to_mean',
] as const;

export type Aggregate = (typeof AGGREGATES)[number];

/** Aggregates over a numeric `field` (events whose field is not a finite number do not feed them). */
export const NUMERIC_AGGREGATES: ReadonlySet<Aggregate> = new Set(['sum', 'mean', 'min', 'max', 'zscore', 'ratio_to_mean']);

/** Aggregates that need `field`; every other aggregate refuses one. */
export const FIELD_AGGREGATES: ReadonlySet<Aggregate> = new Set([...NUMERIC_AGGREGATES, 'distinct']);

/** Aggregates that read per-key timestamps instead of buckets: the window is their memory horizon. */
export const RECENCY_AGGREGATES: ReadonlySet<Aggregate> = new Set(['since_last', 'first_seen']);

/** A scalar a `where` filter compares with (strict equality). */
export type WhereValue = string | number | boolean | null;

/** One declared feature, as `parseFeatureConfig` returns it. */
export interface FeatureSpec {
  /** `[a-z][a-z0-9_]*`, unique: the name rules use. */
  name: string;
  description?: Bilingual;
  aggregate: Aggregate;
  /** Dotted path of the event field that identifies the entity, e.g. `customerId`, `attributes.phoneHash`. */
  key: string;
  /** Dotted path of the aggregated field: present exactly when the aggregate needs one. */
  field?: string;
  /** Window length in ms, 1 minute to 30 days, a whole number of seconds. */
  windowMs: number;
  /** Event types that feed and read the feature; undefined = every type. */
  eventTypes?: readonly string[];
  /** Only events whose `field` strictly equals `equals` feed the feature (reading is not filtered). */
  where?: { field: string; equals: WhereValue };
}

/** An event as the feature stores see it. */
export interface FeatureEvent {
  id: string;
  type: string;
  /** `occurredAt` as epoch ms: the time the event is evaluated at and recorded under. */
  occurredAtMs: number;
  /** The record itself (top-level fields; dotted paths reach into `attributes` and other objects). */
  fields: Record<string, unknown>;
}

/** Feature name → value; null = no data (see the null rules in README.md). */
export type FeatureValues = Record<string, number | null>;

export const MIN_WINDOW_MS = 60_000;
export const MAX_WINDOW_MS = 30 * 86_400_000;

/** Buckets a window is split into (fewer only when a bucket would be shorter than 1 s). */
export const TARGET_BUCKETS = 60;

/** Default number of distinct values one bucket of a `distinct` feature remembers. */
export const DEFAULT_DISTINCT_CAP = 256;

/** How many most recent timestamps a `since_last` state keeps to answer late events exactly. */
export const RECENT_TIMESTAMPS = 8;

export interface BucketGeometry {
  bucketMs: number;
  /** N: a query at t covers buckets floor(t/bucketMs)-N+1 … floor(t/bucketMs). */
  buckets: number;
}

/**
 * Splits a window into whole-second buckets: bucket = ceil(W / 60) rounded up to a second,
 * N = ceil(W / bucket). Every window that is a whole number of minutes gets exactly 60 buckets
 * and covers exactly W; a window such as 61 s gets 31 buckets of 2 s (62 s).
 */
export function bucketGeometry(windowMs: number): BucketGeometry {
  const windowSec = Math.ceil(windowMs / 1000);
  const bucketSec = Math.max(1, Math.ceil(windowSec / TARGET_BUCKETS));
  return { bucketMs: bucketSec * 1000, buckets: Math.ceil(windowSec / bucketSec) };
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `90s`, `10m`, `1h`, `30d` to ms; null when the text is not such a duration. */
export function parseDuration(text: string): number | null {
  const m = /^([1-9][0-9]{0,6})(s|m|h|d)$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}
