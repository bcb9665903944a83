/** Reading feature inputs out of an event record: its time, dotted paths, numbers and scalar identities. */
import { FengkongError } from '../../shared/errors.js';
import type { FeatureEvent } from './feature-spec.js';

/** The event's time in ms; a time that is not an integer would corrupt every bucket it touched. */
export function checkedTime(event: FeatureEvent): number {
  const t = event.occurredAtMs;
  if (!Number.isSafeInteger(t)) throw new FengkongError('EVENT_SCHEMA_INVALID', { note: 'occurredAtMs must be an integer epoch ms' });
  return t;
}

/** A field path split once at compile time, e.g. `attributes.result` → ['attributes', 'result']. */
export type FieldPath = readonly string[];

export function splitPath(path: string): FieldPath {
  return path.split('.');
}

/** The value at a path, or undefined when any step is missing or not an object. */
export function readPath(fields: Record<string, unknown>, path: FieldPath): unknown {
  let v: unknown = fields[path[0] as string];
  for (let i = 1; i < path.length; i++) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[path[i] as string];
  }
  return v;
}

/** A finite JSON number, or null: numeric strings do not count, so sums never parse text. */
export function numericValue(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The identity of an entity key or a distinct value: strings, finite numbers and booleans compared
 * by their string form (so `1` and `"1"` are the same value); empty strings, null, objects → null.
 */
export function scalarIdentity(v: unknown): string | null {
  if (typeof v === 'string') return v.length > 0 ? v : null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return null;
}
