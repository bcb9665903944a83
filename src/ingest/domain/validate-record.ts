/**
 * Validates and normalises one incoming record: refuses C3 data, checks the schema of its type
 * (listing every problem with its field path), applies the checks a schema cannot express, and
 * returns the record with ids trimmed, timestamps in UTC and numbers in canonical form. Pure.
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import type { FieldProblem } from '../../shared/errors.js';
import { scanFields, textOrNull } from './scan-fields.js';
import {
  checkNationalId,
  isIpAddress,
  isRealDate,
  normaliseCardNumber,
  normaliseCurrency,
  normalisePhone,
  parseTimestamp,
} from './field-rules.js';
import { problem } from './field-problems.js';
import { isoFromEpochMs } from '../../shared/iso-time.js';
import { EVENT_TYPES, type MaskKind, type RecordType, isEventType, isRecordType, RECORD_TYPES, schemaOf } from './record-schemas.js';

/** A record that passed validation, in canonical form. Holds C2 values in clear: memory only. */
export interface NormalisedRecord {
  kind: 'event' | 'entity';
  type: RecordType;
  id: string;
  /** Event time (events) or source version time (entities), epoch milliseconds, UTC. */
  occurredAtMs: number;
  customerId: string | null;
  /** The whole record, normalised; timestamps as UTC ISO strings. */
  data: Record<string, unknown>;
}

export type ValidationResult =
  | { ok: true; record: NormalisedRecord }
  | { ok: false; type: string | null; id: string | null; c3: boolean; problems: FieldProblem[] };

export interface ValidateOptions {
  /** Clock for the future bound, epoch ms. */
  now: number;
  /** How far in the future an event may claim to be (sender clock skew). */
  maxFutureSkewMs?: number;
  /** When set, the record's type must be this one (or is taken from it when absent). */
  expectedType?: RecordType;
  /** When set, only events or only entities are accepted (each API route takes one kind). */
  expectedKind?: 'event' | 'entity';
}

const MIN_TIMESTAMP_MS = Date.UTC(1990, 0, 1);
const DEFAULT_FUTURE_SKEW_MS = 10 * 60_000;

type FieldRule = 'timestamp' | 'scheduleTimestamp' | 'ip' | 'phone' | 'nationalId' | 'cardNumber' | 'currency' | 'date';

interface TypeSpec {
  check: TypeCheck<TObject>;
  schema: TObject;
  rules: Array<[string, FieldRule]>;
  pii: Array<[string, MaskKind]>;
  fields: string[];
}

function ruleOf(name: string, s: TSchema): FieldRule | null {
  if (s['x-timestamp']) return s['x-schedule'] ? 'scheduleTimestamp' : 'timestamp';
  if (s['x-ip']) return 'ip';
  if (s['x-phone']) return 'phone';
  if (s['x-national-id']) return 'nationalId';
  if (s['x-card-number']) return 'cardNumber';
  if (s['x-date']) return 'date';
  if (name === 'currency') return 'currency';
  return null;
}

const SPECS = new Map<RecordType, TypeSpec>(
  RECORD_TYPES.map((type) => {
    const schema = schemaOf(type);
    const rules: Array<[string, FieldRule]> = [];
    const pii: Array<[string, MaskKind]> = [];
    for (const [name, s] of Object.entries(schema.properties)) {
      const r = ruleOf(name, s);
      if (r) rules.push([name, r]);
      if (s['x-pii']) pii.push([name, s['x-pii'] as MaskKind]);
    }
    return [type, { check: TypeCompiler.Compile(schema), schema, rules, pii, fields: Object.keys(schema.properties) }];
  }),
);

/** C2 fields of a record type with their masking rule. */
export function piiFieldsOf(type: RecordType): ReadonlyArray<readonly [string, MaskKind]> {
  return SPECS.get(type)!.pii;
}

/**
 * Personal data (C2) fields of event types, with their mask and how a value of them is normalised
 * (as validation does): for list entries keyed on personal data, hashed exactly as events are.
 */
export function personalEventField(field: string): { mask: MaskKind; normalise: (value: string) => string | null } | null {
  for (const type of EVENT_TYPES) {
    const spec = SPECS.get(type)!;
    const pii = spec.pii.find(([name]) => name === field);
    if (!pii) continue;
    const rule = spec.rules.find(([name]) => name === field)?.[1];
    const normalise = (value: string): string | null => {
      const v = value.trim();
      if (rule === 'phone') return normalisePhone(v);
      if (rule === 'nationalId') {
        const r = checkNationalId(v);
        return r.ok ? r.value : null;
      }
      if (rule === 'cardNumber') return normaliseCardNumber(v);
      return v.length > 0 ? v : null;
    };
    return { mask: pii[1], normalise };
  }
  return null;
}

/** Top-level fields a record type may carry, for completeness reports. */
export function fieldsOf(type: RecordType): readonly string[] {
  return SPECS.get(type)!.fields;
}

function pathToField(path: string): string {
  return path.replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
}

function enumValues(schema: TSchema): string | null {
  const anyOf = schema.anyOf as TSchema[] | undefined;
  if (!anyOf || !anyOf.every((s) => 'const' in s)) return null;
  return anyOf.map((s) => String(s.const)).join(', ');
}

function toProblem(e: { type: ValueErrorType; path: string; schema: TSchema; value: unknown }): FieldProblem {
  const field = pathToField(e.path);
  switch (e.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return problem(field, 'required');
    case ValueErrorType.ObjectAdditionalProperties:
      return problem(field, 'unknown_field');
    case ValueErrorType.Integer:
      return typeof e.value === 'number' ? problem(field, 'not_integer') : problem(field, 'type', { zh: '应为整数', en: 'expected integer' });
    case ValueErrorType.String:
      return problem(field, 'type', { zh: '应为字符串', en: 'expected string' });
    case ValueErrorType.Number:
      return problem(field, 'type', { zh: '应为数值', en: 'expected number' });
    case ValueErrorType.Boolean:
      return problem(field, 'type', { zh: '应为布尔值', en: 'expected boolean' });
    case ValueErrorType.Object:
      return problem(field, 'type', { zh: '应为对象', en: 'expected object' });
    case ValueErrorType.StringMinLength:
      return problem(field, 'too_short', { zh: `至少 ${e.schema.minLength} 个字符`, en: `at least ${e.schema.minLength} characters` });
    case ValueErrorType.StringMaxLength:
      return problem(field, 'too_long', { zh: `最多 ${e.schema.maxLength} 个字符`, en: `at most ${e.schema.maxLength} characters` });
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return problem(field, 'too_small', { zh: `不小于 ${e.schema.minimum}`, en: `minimum ${e.schema.minimum}` });
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return problem(field, 'too_large', { zh: `不大于 ${e.schema.maximum}`, en: `maximum ${e.schema.maximum}` });
    case ValueErrorType.StringPattern:
      return problem(field, 'pattern');
    case ValueErrorType.Union:
    case ValueErrorType.Literal: {
      const allowed = enumValues(e.schema);
      return allowed ? problem(field, 'enum', { zh: `允许值:${allowed}`, en: `allowed: ${allowed}` }) : problem(field, 'type');
    }
    default:
      return problem(field, 'value');
  }
}

/** Due dates up to 2100-01-01: a loan schedule, not an event. */
const MAX_SCHEDULE_MS = Date.UTC(2100, 0, 1);

/** Applies one field's rule; for a valid timestamp, its instant (NaN otherwise). */
function applyRule(data: Record<string, unknown>, name: string, rule: FieldRule, opts: ValidateOptions, problems: FieldProblem[]): number {
  const value = data[name];
  if (typeof value !== 'string') return Number.NaN;
  switch (rule) {
    case 'timestamp':
    case 'scheduleTimestamp': {
      const r = parseTimestamp(value);
      if (!r.ok) {
        problems.push(problem(name, r.reason === 'format' ? 'timestamp_format' : r.reason === 'offset_missing' ? 'timestamp_offset_missing' : 'timestamp_impossible'));
        return Number.NaN;
      }
      // A schedule (a due date) may lie in the future; what happened may not.
      const latest = rule === 'scheduleTimestamp' ? MAX_SCHEDULE_MS : opts.now + (opts.maxFutureSkewMs ?? DEFAULT_FUTURE_SKEW_MS);
      if (r.epochMs < MIN_TIMESTAMP_MS || r.epochMs > latest) {
        problems.push(problem(name, 'timestamp_out_of_range'));
        return Number.NaN;
      }
      // Already canonical (UTC with milliseconds, as most senders write it): the same text.
      if (!(value.length === 24 && value.charCodeAt(23) === 90 && value.charCodeAt(10) === 84 && value.charCodeAt(19) === 46)) data[name] = isoFromEpochMs(r.epochMs);
      return r.epochMs;
    }
    case 'ip':
      if (!isIpAddress(value)) problems.push(problem(name, 'ip'));
      return Number.NaN;
    case 'phone': {
      const p = normalisePhone(value);
      if (p === null) problems.push(problem(name, 'phone'));
      else data[name] = p;
      return Number.NaN;
    }
    case 'nationalId': {
      const r = checkNationalId(value);
      if (!r.ok) problems.push(problem(name, r.reason === 'format' ? 'national_id_format' : r.reason === 'checksum' ? 'national_id_checksum' : 'national_id_impossible'));
      else data[name] = r.value;
      return Number.NaN;
    }
    case 'cardNumber': {
      const c = normaliseCardNumber(value);
      if (c === null) problems.push(problem(name, 'card_number'));
      else data[name] = c;
      return Number.NaN;
    }
    case 'currency': {
      const c = normaliseCurrency(value);
      if (c === null) problems.push(problem(name, 'currency'));
      else data[name] = c;
      return Number.NaN;
    }
    case 'date':
      if (!isRealDate(value)) problems.push(problem(name, 'date'));
      return Number.NaN;
  }
  return Number.NaN;
}

/** Validates one record; never throws. */
export function validateRecord(raw: unknown, opts: ValidateOptions): ValidationResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, type: null, id: null, c3: false, problems: [problem('', 'not_object')] };
  }
  const input = raw as Record<string, unknown>;
  // Only refusals name the id as sent: worked out when one is returned.
  const rawId = () => (typeof input.id === 'string' ? input.id.trim() || null : null);
  const rawType = typeof input.type === 'string' ? input.type.trim() : input.type;

  const { c3, bad, data } = scanFields(input);
  if (c3 !== null) {
    return { ok: false, type: typeof rawType === 'string' ? rawType : null, id: rawId(), c3: true, problems: c3.map((f) => problem(f, 'c3_refused')) };
  }
  // Text the store cannot hold is refused here: it would fail the whole group commit.
  if (bad !== null) {
    const id = rawId();
    return { ok: false, type: typeof rawType === 'string' ? textOrNull(rawType) : null, id: id === null ? null : textOrNull(id), c3: false, problems: bad.map(([f, reason]) => problem(f, reason)) };
  }

  let type: unknown = rawType;
  if (opts.expectedType) {
    if (type === undefined) type = opts.expectedType;
    else if (type !== opts.expectedType) {
      return { ok: false, type: String(type), id: rawId(), c3: false, problems: [problem('type', 'type_mismatch', { zh: `应为 ${opts.expectedType}`, en: `expected ${opts.expectedType}` })] };
    }
  }
  if (!isRecordType(type)) {
    const allowed = RECORD_TYPES.join(', ');
    return {
      ok: false,
      type: typeof type === 'string' ? type : null,
      id: rawId(),
      c3: false,
      problems: [type === undefined ? problem('type', 'required') : problem('type', 'unknown_type', { zh: `允许值:${allowed}`, en: `allowed: ${allowed}` })],
    };
  }

  if (opts.expectedKind && (isEventType(type) ? 'event' : 'entity') !== opts.expectedKind) {
    const allowed = RECORD_TYPES.filter((t) => (isEventType(t) ? 'event' : 'entity') === opts.expectedKind).join(', ');
    return { ok: false, type, id: rawId(), c3: false, problems: [problem('type', 'unknown_type', { zh: `此处允许:${allowed}`, en: `allowed here: ${allowed}` })] };
  }

  const spec = SPECS.get(type)!;
  data.type = type;
  const problems: FieldProblem[] = [];
  if (!spec.check.Check(data)) {
    const seen = new Set<string>();
    for (const e of spec.check.Errors(data)) {
      const p = toProblem(e);
      if (seen.has(p.field)) continue;
      seen.add(p.field);
      problems.push(p);
    }
  }
  const kind = isEventType(type) ? 'event' : 'entity';
  const timeName = kind === 'event' ? 'occurredAt' : 'updatedAt';
  let occurredAtMs = opts.now;
  for (const [name, rule] of spec.rules) {
    if (problems.length > 0 && problems.some((p) => p.field === name)) continue;
    const at = applyRule(data, name, rule, opts, problems);
    if (name === timeName && !Number.isNaN(at)) occurredAtMs = at;
  }
  if (problems.length > 0) return { ok: false, type, id: rawId(), c3: false, problems };

  const customerId = kind === 'event' || type !== 'customer' ? ((data.customerId as string | undefined) ?? null) : (data.id as string);
  return { ok: true, record: { kind, type, id: data.id as string, occurredAtMs, customerId, data } };
}
