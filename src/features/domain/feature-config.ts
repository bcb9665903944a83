/**
 * Reads the YAML that declares velocity features and checks it, reporting every problem with its
 * path (`features[3].window`) in 简体中文 and English, never only the first.
 */
import { parseDocument } from 'yaml';
import { EventSchemas } from '../../ingest/domain/record-schemas.js';
import type { Bilingual } from '../../shared/i18n.js';
import {
  AGGREGATES,
  type Aggregate,
  FIELD_AGGREGATES,
  type FeatureSpec,
  MAX_WINDOW_MS,
  MIN_WINDOW_MS,
  parseDuration,
  type WhereValue,
} from './feature-spec.js';

/** One thing wrong with a configuration: where (`features[3].window`), a stable code, the words. */
export interface ConfigProblem {
  path: string;
  reason: string;
  message: Bilingual;
}

export type FeatureConfigResult = { ok: true; specs: FeatureSpec[] } | { ok: false; problems: ConfigProblem[] };

export interface FeatureConfigOptions {
  /** Event types `eventTypes` may name; defaults to the ingestion schema's types. */
  knownEventTypes?: readonly string[];
}

const NAME = /^[a-z][a-z0-9_]*$/;
const MAX_NAME = 64;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const FEATURE_KEYS = new Set(['name', 'description', 'aggregate', 'key', 'field', 'window', 'eventTypes', 'where']);
const DEFAULT_EVENT_TYPES: readonly string[] = Object.keys(EventSchemas);

/**
 * Parses and checks a feature configuration.
 * @example
 * const r = parseFeatureConfig('features:\n  - {name: c_pay_10m, aggregate: count, key: customerId, window: 10m}');
 * if (!r.ok) for (const p of r.problems) console.log(p.path, p.message.en);
 */
export function parseFeatureConfig(text: string, options: FeatureConfigOptions = {}): FeatureConfigResult {
  const problems: ConfigProblem[] = [];
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const line = e.linePos?.[0]?.line;
      const where = line === undefined ? '' : ` (line ${line})`;
      const zhWhere = line === undefined ? '' : `(第 ${line} 行)`;
      problems.push({ path: '', reason: 'yaml_syntax', message: { zh: `YAML 语法错误${zhWhere}`, en: `YAML syntax error${where}` } });
    }
    return { ok: false, problems };
  }
  const root: unknown = doc.toJS();
  if (!isMapping(root)) {
    problems.push(p('', 'not_mapping', '配置必须是含 features 列表的映射', 'The configuration must be a mapping with a features list'));
    return { ok: false, problems };
  }
  for (const k of Object.keys(root)) {
    if (k !== 'features') problems.push(p(k, 'unknown_key', '未定义的配置项', 'Unknown setting'));
  }
  const list = root['features'];
  if (list === undefined) problems.push(p('features', 'required', '缺少 features 列表', 'The features list is missing'));
  else if (!Array.isArray(list)) problems.push(p('features', 'not_list', 'features 必须是列表', 'features must be a list'));
  const specs: Partial<FeatureSpec>[] = [];
  const listIndex: number[] = [];
  if (Array.isArray(list)) {
    list.forEach((raw: unknown, i) => {
      const spec = readFeature(raw, `features[${i}]`, problems);
      if (spec) {
        specs.push(spec);
        listIndex.push(i);
      }
    });
  }
  // Meaning is checked on whatever could be read, so shape and meaning problems come back together;
  // a path whose shape was already refused is not reported a second time.
  const refused = new Set(problems.map((x) => x.path));
  for (const x of validateFeatureSpecs(specs, options, (i) => `features[${listIndex[i]}]`)) {
    if (!refused.has(x.path)) problems.push(x);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, specs: specs as FeatureSpec[] };
}

/**
 * Checks specs built in code (or read from YAML): names, duplicates, aggregate/field compatibility,
 * window range, paths and event types. Returns every problem; empty when the specs are usable.
 */
export function validateFeatureSpecs(
  specs: readonly Partial<FeatureSpec>[],
  options: FeatureConfigOptions = {},
  pathOf: (index: number) => string = (i) => `features[${i}]`,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const known = new Set(options.knownEventTypes ?? DEFAULT_EVENT_TYPES);
  const firstByName = new Map<string, string>();
  specs.forEach((s, i) => {
    const at = pathOf(i);
    if (s.name === undefined) problems.push(p(`${at}.name`, 'required', '缺少特征名', 'The feature name is missing'));
    else if (!NAME.test(s.name) || s.name.length > MAX_NAME) {
      problems.push(p(`${at}.name`, 'name_format', '特征名须为小写字母开头、由小写字母/数字/下划线组成,最长 64 个字符', 'A feature name must match [a-z][a-z0-9_]* and have at most 64 characters'));
    } else if (firstByName.has(s.name)) {
      const first = firstByName.get(s.name);
      problems.push(p(`${at}.name`, 'name_duplicate', `特征名与 ${first} 重复`, `The feature name repeats ${first}`));
    } else firstByName.set(s.name, `${at}.name`);

    if (s.aggregate === undefined) {
      problems.push(p(`${at}.aggregate`, 'required', '缺少聚合方式', 'The aggregate is missing'));
    } else if (!(AGGREGATES as readonly string[]).includes(s.aggregate)) {
      problems.push(p(`${at}.aggregate`, 'aggregate_unknown', `未知的聚合方式,可选:${AGGREGATES.join(', ')}`, `Unknown aggregate; one of: ${AGGREGATES.join(', ')}`));
    } else if (FIELD_AGGREGATES.has(s.aggregate) && s.field === undefined) {
      problems.push(p(`${at}.field`, 'field_required', `聚合方式 ${s.aggregate} 需要 field(被聚合的事件字段)`, `Aggregate ${s.aggregate} needs a field (the event field it aggregates)`));
    } else if (!FIELD_AGGREGATES.has(s.aggregate) && s.field !== undefined) {
      problems.push(p(`${at}.field`, 'field_not_allowed', `聚合方式 ${s.aggregate} 不使用 field,请删除`, `Aggregate ${s.aggregate} takes no field; remove it`));
    }

    if (s.key === undefined) problems.push(p(`${at}.key`, 'required', '缺少实体键字段(如 customerId)', 'The entity key field (e.g. customerId) is missing'));
    else checkPath(s.key, `${at}.key`, problems);
    if (s.field !== undefined) checkPath(s.field, `${at}.field`, problems);

    if (s.windowMs === undefined) problems.push(p(`${at}.window`, 'required', '缺少时间窗口(如 10m)', 'The window (e.g. 10m) is missing'));
    else if (!Number.isInteger(s.windowMs / 1000) || s.windowMs < MIN_WINDOW_MS || s.windowMs > MAX_WINDOW_MS) {
      problems.push(p(`${at}.window`, 'window_range', '时间窗口须在 1m 到 30d 之间,且为整秒', 'The window must be between 1m and 30d, in whole seconds'));
    }

    if (s.eventTypes !== undefined) {
      if (s.eventTypes.length === 0) problems.push(p(`${at}.eventTypes`, 'event_types_empty', 'eventTypes 不能为空列表;省略表示全部类型', 'eventTypes cannot be empty; leave it out for every type'));
      const seen = new Set<string>();
      s.eventTypes.forEach((t, j) => {
        if (!known.has(t)) problems.push(p(`${at}.eventTypes[${j}]`, 'event_type_unknown', `未知的事件类型,可选:${[...known].join(', ')}`, `Unknown event type; one of: ${[...known].join(', ')}`));
        else if (seen.has(t)) problems.push(p(`${at}.eventTypes[${j}]`, 'event_type_duplicate', '事件类型重复', 'The event type is listed twice'));
        seen.add(t);
      });
    }
    if (s.where !== undefined) checkPath(s.where.field, `${at}.where.field`, problems);
  });
  return problems;
}

/** Reads one raw list entry into a partial spec, reporting shape problems; semantics come later. */
function readFeature(raw: unknown, at: string, problems: ConfigProblem[]): Partial<FeatureSpec> | null {
  if (!isMapping(raw)) {
    problems.push(p(at, 'not_mapping', '每个特征必须是映射(name、aggregate、key、window …)', 'Each feature must be a mapping (name, aggregate, key, window, …)'));
    return null;
  }
  const spec: Partial<FeatureSpec> = {};
  for (const k of Object.keys(raw)) {
    if (!FEATURE_KEYS.has(k)) problems.push(p(`${at}.${k}`, 'unknown_key', `未定义的特征属性,可选:${[...FEATURE_KEYS].join(', ')}`, `Unknown feature setting; one of: ${[...FEATURE_KEYS].join(', ')}`));
  }
  const str = (k: string): string | undefined => {
    const v = raw[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    problems.push(p(`${at}.${k}`, 'type', '必须是字符串', 'Must be a string'));
    return undefined;
  };
  const name = str('name');
  if (name !== undefined) spec.name = name;
  const aggregate = str('aggregate');
  if (aggregate !== undefined) spec.aggregate = aggregate as Aggregate;
  const key = str('key');
  if (key !== undefined) spec.key = key;
  const field = str('field');
  if (field !== undefined) spec.field = field;

  const window = raw['window'];
  if (window !== undefined && window !== null) {
    const ms = typeof window === 'string' ? parseDuration(window) : null;
    if (ms === null) problems.push(p(`${at}.window`, 'window_format', '时间窗口格式应为数字加单位 s/m/h/d,如 90s、10m、1h、30d', 'A window is a number with unit s, m, h or d, e.g. 90s, 10m, 1h, 30d'));
    else spec.windowMs = ms;
  }

  const description = raw['description'];
  if (description !== undefined && description !== null) {
    if (isMapping(description) && typeof description['zh'] === 'string' && typeof description['en'] === 'string' && Object.keys(description).length === 2) {
      spec.description = { zh: description['zh'], en: description['en'] };
    } else problems.push(p(`${at}.description`, 'description_format', 'description 须为 {zh: 中文, en: English}', 'description must be {zh: …, en: …}'));
  }

  const types = raw['eventTypes'];
  if (types !== undefined && types !== null) {
    if (Array.isArray(types) && types.every((t) => typeof t === 'string')) spec.eventTypes = types as string[];
    else problems.push(p(`${at}.eventTypes`, 'type', 'eventTypes 须为事件类型列表,如 [payment, transfer]', 'eventTypes must be a list of event types, e.g. [payment, transfer]'));
  }

  const where = raw['where'];
  if (where !== undefined && where !== null) {
    const w = readWhere(where, `${at}.where`, problems);
    if (w) spec.where = w;
  }
  return spec;
}

function readWhere(raw: unknown, at: string, problems: ConfigProblem[]): FeatureSpec['where'] | null {
  if (!isMapping(raw)) {
    problems.push(p(at, 'where_format', 'where 须为 {field: 字段, equals: 值}', 'where must be {field: …, equals: …}'));
    return null;
  }
  let ok = true;
  for (const k of Object.keys(raw)) {
    if (k !== 'field' && k !== 'equals') {
      problems.push(p(`${at}.${k}`, 'unknown_key', 'where 只支持 field 与 equals', 'where supports only field and equals'));
      ok = false;
    }
  }
  const field = raw['field'];
  if (typeof field !== 'string') {
    problems.push(p(`${at}.field`, 'required', 'where 缺少 field(字段路径)', 'where needs field (a field path)'));
    ok = false;
  }
  if (!('equals' in raw)) {
    problems.push(p(`${at}.equals`, 'required', 'where 缺少 equals(比较值)', 'where needs equals (the value to compare with)'));
    ok = false;
  } else if (!isWhereValue(raw['equals'])) {
    problems.push(p(`${at}.equals`, 'type', 'equals 须为字符串、数字、布尔值或 null', 'equals must be a string, number, boolean or null'));
    ok = false;
  }
  return ok ? { field: field as string, equals: raw['equals'] as WhereValue } : null;
}

function checkPath(path: string, at: string, problems: ConfigProblem[]): void {
  if (!PATH.test(path)) {
    problems.push(p(at, 'path_format', '字段路径须为点分的标识符,如 customerId 或 attributes.result', 'A field path is dotted identifiers, e.g. customerId or attributes.result'));
  }
}

function isWhereValue(v: unknown): v is WhereValue {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function p(path: string, reason: string, zh: string, en: string): ConfigProblem {
  return { path, reason, message: { zh, en } };
}
