/**
 * The `event` a rule sees, derived from the ingest schemas: each field's CEL type, and for a
 * decision point with several event types the union of their fields.
 */
import type { TSchema } from '@sinclair/typebox';
import { EventSchemas } from '../ingest/domain/record-schemas.js';

/** CEL types an event field can have. `attributes` (free key/values) is the only map. */
export type CelFieldType = 'string' | 'int' | 'double' | 'bool' | 'map<string, dyn>' | 'dyn';

export interface EventField {
  name: string;
  type: CelFieldType;
  /** True when some of the event types lack the field or leave it optional: guard with `has()`. */
  optional: boolean;
}

type SchemaLike = TSchema & { const?: unknown; anyOf?: TSchema[]; type?: unknown };

/** string → string, integer → int, number → double, boolean → bool, object → map; unions of one kind keep it. */
export function celTypeOf(schema: SchemaLike): CelFieldType {
  if (schema.const !== undefined) {
    const c = schema.const;
    if (typeof c === 'string') return 'string';
    if (typeof c === 'boolean') return 'bool';
    if (typeof c === 'number') return Number.isInteger(c) ? 'int' : 'double';
    return 'dyn';
  }
  if (Array.isArray(schema.anyOf)) return same(schema.anyOf.map((s) => celTypeOf(s as SchemaLike)));
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
      return 'int';
    case 'number':
      return 'double';
    case 'boolean':
      return 'bool';
    case 'object':
      return 'map<string, dyn>';
    default:
      return 'dyn';
  }
}

function same(types: CelFieldType[]): CelFieldType {
  const first = types[0];
  return first !== undefined && types.every((t) => t === first) ? first : 'dyn';
}

interface ObjectSchemaLike {
  properties: Record<string, TSchema>;
  required?: string[];
}

/**
 * The fields of the union of `eventTypes`, sorted by name. A field present in several types with
 * different CEL types becomes `dyn` (none do today); one missing from some types is optional.
 * Throws on an unknown event type: callers validate first.
 */
export function eventFields(eventTypes: readonly string[], schemas: Record<string, ObjectSchemaLike> = EventSchemas): EventField[] {
  const byName = new Map<string, { types: CelFieldType[]; requiredIn: number }>();
  for (const t of eventTypes) {
    const schema = Object.hasOwn(schemas, t) ? schemas[t] : undefined;
    if (!schema) throw new Error(`unknown event type: ${t}`);
    const required = new Set(schema.required ?? []);
    for (const [name, prop] of Object.entries(schema.properties)) {
      const entry = byName.get(name) ?? { types: [], requiredIn: 0 };
      entry.types.push(celTypeOf(prop as SchemaLike));
      if (required.has(name)) entry.requiredIn++;
      byName.set(name, entry);
    }
  }
  return [...byName.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, e]) => ({ name, type: same(e.types), optional: e.requiredIn < eventTypes.length }));
}
