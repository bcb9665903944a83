/** Test events for the feature stores: times relative to T0, a minute boundary (windows' buckets start there). */
import type { FeatureEvent } from '../domain/feature-spec.js';

export const S = 1000;
export const M = 60 * S;
export const H = 60 * M;
export const T0 = Date.UTC(2026, 2, 1, 8, 0, 0);

let seq = 0;

export function ev(type: string, at: number, fields: Record<string, unknown>): FeatureEvent {
  return { id: `e${seq++}`, type, occurredAtMs: T0 + at, fields: { type, ...fields } };
}

export const pay = (at: number, customerId: string, amount?: number, more: Record<string, unknown> = {}): FeatureEvent =>
  ev('payment', at, { customerId, ...(amount === undefined ? {} : { amount }), ...more });
