/**
 * Turns a row of named cells (CSV, Parquet) into a record: types text by the record type's schema,
 * folds `attributes.<key>` columns into `attributes`, and names the type when the row does not.
 * Anything it cannot type is left as it was, so validation names the field and says why.
 */
import { type RecordType, schemaOf } from '../domain/record-schemas.js';

/** What a text cell should become; text stays text. */
export type FieldKind = 'integer' | 'number' | 'boolean' | 'text';

/** How one column is read, decided once per file rather than once per cell. */
export interface ColumnPlan {
  readonly name: string;
  /** The key inside `attributes` for an `attributes.<key>` column, else null. */
  readonly attribute: string | null;
  readonly kind: FieldKind;
}

const ATTRIBUTE_PREFIX = 'attributes.';
// Plain decimal or exponent notation only: Number() would also take '0x1f', ' ' and 'Infinity'.
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function kindOf(schema: unknown): FieldKind {
  const t = (schema as { type?: unknown } | undefined)?.type;
  return t === 'integer' || t === 'number' || t === 'boolean' ? t : 'text';
}

export function planColumns(names: readonly string[], type: RecordType | undefined): ColumnPlan[] {
  const properties: Record<string, unknown> = type ? schemaOf(type).properties : {};
  return names.map((name) => {
    const attribute = name.startsWith(ATTRIBUTE_PREFIX) && name.length > ATTRIBUTE_PREFIX.length ? name.slice(ATTRIBUTE_PREFIX.length) : null;
    const kind = attribute === null && Object.hasOwn(properties, name) ? kindOf(properties[name]) : 'text';
    return { name, attribute, kind };
  });
}

/** A number or boolean when the text plainly is one, else the text unchanged. */
export function coerceText(text: string, kind: FieldKind): unknown {
  switch (kind) {
    case 'integer':
    case 'number': {
      const trimmed = text.trim();
      if (!NUMERIC.test(trimmed)) return text;
      const n = Number(trimmed);
      return Number.isFinite(n) ? n : text;
    }
    case 'boolean': {
      const lower = text.trim().toLowerCase();
      if (lower === 'true' || lower === '1') return true;
      if (lower === 'false' || lower === '0') return false;
      return text;
    }
    default:
      return text;
  }
}

/** Sets an own property even for `__proto__`, which plain assignment would treat as the prototype. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Builds one record from the cells of a row, in column order. Empty cells (`''`, null, undefined)
 * are omitted so that optional fields stay absent; attribute values are kept as they are.
 */
export function assembleRecord(columns: readonly ColumnPlan[], cells: ArrayLike<unknown>, type: RecordType | undefined): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  let attributes: Record<string, unknown> | undefined;
  for (let i = 0; i < columns.length; i++) {
    const value = cells[i];
    if (value === undefined || value === null || value === '') continue;
    const column = columns[i]!;
    if (column.attribute !== null) setOwn((attributes ??= {}), column.attribute, value);
    else setOwn(record, column.name, typeof value === 'string' ? coerceText(value, column.kind) : value);
  }
  // A whole `attributes` column wins over folded ones; validation then judges that column.
  if (attributes && record.attributes === undefined) record.attributes = attributes;
  if (type && record.type === undefined) record.type = type;
  return record;
}
