/**
 * The port the decision engine uses for velocity features, and the factory that opens a backend:
 * in-process (default, one process) or Redis (state shared by several processes). Both answer the
 * same questions the same way; see README.md for the semantics.
 */
import { FengkongError } from '../shared/errors.js';
import { validateFeatureSpecs } from './domain/feature-config.js';
import type { FeatureEvent, FeatureSpec, FeatureValues } from './domain/feature-spec.js';
import { MemoryFeatureStore, type MemoryFeatureStoreOptions } from './memory-feature-store.js';

export type { FeatureEvent, FeatureSpec, FeatureValues } from './domain/feature-spec.js';

/** Sliding-window state per entity. The decision engine calls evaluate, then record. */
export interface FeatureStore {
  /**
   * Feature values over events already recorded, as of the event's time: every feature, or only
   * those named in `read` (pass the same array each time; it keys a cached plan).
   */
  evaluate(event: FeatureEvent, read?: readonly string[]): Promise<FeatureValues>;
  /** Adds the event to every feature it feeds. */
  record(event: FeatureEvent): Promise<void>;
  /** evaluate then record, in one step (one Redis round trip). */
  evaluateAndRecord(event: FeatureEvent, read?: readonly string[]): Promise<FeatureValues>;
  close(): Promise<void>;
}

/** Options both backends take. */
export interface CommonStoreOptions {
  /** Distinct values remembered per bucket of a `distinct` feature (default 256). */
  distinctCap?: number;
}

export type OpenFeatureStoreOptions =
  | ({ backend: 'memory' } & CommonStoreOptions & Omit<MemoryFeatureStoreOptions, keyof CommonStoreOptions>)
  | ({ backend: 'redis'; url: string; namespace: string } & CommonStoreOptions);

/**
 * Opens a feature store over checked specs (CONFIG_INVALID with every problem otherwise).
 * @example
 * const store = await openFeatureStore(specs, { backend: 'redis', url: 'redis://127.0.0.1:6379', namespace: 'fengkong:prod:' });
 * const values = await store.evaluateAndRecord(event);
 */
export async function openFeatureStore(specs: readonly FeatureSpec[], options: OpenFeatureStoreOptions): Promise<FeatureStore> {
  const problems = validateFeatureSpecs(specs);
  if (problems.length > 0) {
    throw new FengkongError('CONFIG_INVALID', {
      details: problems.map((p) => ({ field: p.path, reason: p.reason, message: p.message })),
      note: 'feature specs',
    });
  }
  if (options.backend === 'memory') {
    const { backend: _, ...rest } = options;
    return new MemoryFeatureStore(specs, rest);
  }
  // Loaded on demand so in-process users never load the Redis client.
  const { RedisFeatureStore } = await import('./redis-feature-store.js');
  return RedisFeatureStore.open(specs, options);
}
