/**
 * Reusable, lazy views that show a plain record (event, features, models) to CEL as a typed
 * object without copying it: a field is converted only when a rule reads it. Invariants:
 * `null` and `undefined` read as absent (`has()` false, reading it is a rule error); a safe
 * integer in an `int` field reads as a CEL int (bigint); an absent `map` field reads as `{}`.
 */
import type { CelFieldType } from './event-fields.js';

const PLAIN = 0;
const INT = 1;
const MAP = 2;
type Kind = typeof PLAIN | typeof INT | typeof MAP;

const EMPTY_MAP: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null) as Record<string, unknown>);

/** A view over one record; point `record` at the next record to reuse it. */
export interface RecordView {
  record: Record<string, unknown> | undefined;
}

export type RecordViewClass = new () => RecordView;

/**
 * A view class for one set of fields. It extends Map because the CEL library reads a typed
 * object's fields through `get()` when the object is a Map: that is the hook for lazy reads.
 */
export function recordViewClass(fields: ReadonlyMap<string, CelFieldType>): RecordViewClass {
  const kinds: Record<string, Kind> = Object.create(null) as Record<string, Kind>;
  for (const [name, type] of fields) kinds[name] = type === 'int' ? INT : type === 'map<string, dyn>' ? MAP : PLAIN;

  return class RuleRecordView extends Map<string, unknown> implements RecordView {
    record: Record<string, unknown> | undefined = undefined;

    override get(key: string): unknown {
      const kind = kinds[key];
      if (kind === undefined || this.record === undefined) return undefined;
      const v = this.record[key];
      if (v === null || v === undefined) return kind === MAP ? EMPTY_MAP : undefined;
      // A non-integer or unsafe number stays a number, so CEL reports a field type mismatch.
      if (kind === INT && typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
      return v;
    }

    override has(key: string): boolean {
      return this.get(key) !== undefined;
    }
  };
}
