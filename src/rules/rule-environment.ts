/**
 * One typed CEL environment per rule context: `event` typed from the ingest schemas of the
 * decision point's event types, `features` and `models` as objects whose only fields are the
 * declared names (double), and the rule functions. Built once per distinct spec and cached,
 * because a strategy compiles dozens of rules against the same spec.
 */
import { Environment } from '@marcbachmann/cel-js';
import { isEventType } from '../ingest/domain/record-schemas.js';
import type { Bilingual } from '../shared/i18n.js';
import { type CelFieldType, type EventField, eventFields } from './event-fields.js';
import { type RecordViewClass, recordViewClass } from './record-views.js';
import { type ListLookupSlot, registerRuleFunctions } from './rule-functions.js';
import type { RuleContextSpec } from './rule-types.js';

/** A spec with sorted, de-duplicated names. */
export interface NormalisedSpec {
  eventTypes: readonly string[];
  features: readonly string[];
  lists: readonly string[];
  models: readonly string[];
}

export interface RuleEnvironment {
  readonly env: Environment;
  readonly spec: NormalisedSpec;
  readonly eventFields: ReadonlyMap<string, EventField>;
  readonly EventView: RecordViewClass;
  readonly FeaturesView: RecordViewClass;
  readonly ModelsView: RecordViewClass;
  /** The list look-up of the evaluation in progress (evaluation is synchronous). */
  readonly slot: ListLookupSlot;
  /** Every function and method name the environment knows, to tell "unknown" from "wrong types". */
  functionNames(): ReadonlySet<string>;
}

export type EnvironmentResult = { ok: true; env: RuleEnvironment } | { ok: false; message: Bilingual };

const CACHE_LIMIT = 64;
const cache = new Map<string, RuleEnvironment>();
const MAX_NAME = 128;

function names(value: unknown): string[] | null {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return null;
  return [...new Set(value as string[])].sort();
}

// A name equal to an Object.prototype member ("constructor", "toString", …) would read the
// prototype instead of a missing value; such names are refused.
const badName = (n: string) => n.length === 0 || n.length > MAX_NAME || n in Object.prototype;

function normalise(spec: RuleContextSpec): { ok: true; spec: NormalisedSpec } | { ok: false; message: Bilingual } {
  const eventTypes = names(spec?.eventTypes);
  const features = names(spec?.features);
  const lists = names(spec?.lists);
  const models = names(spec?.models);
  if (!eventTypes || !features || !lists || !models) {
    return { ok: false, message: { zh: '规则上下文无效:eventTypes、features、lists、models 须为字符串列表', en: 'Invalid rule context: eventTypes, features, lists and models must be lists of strings' } };
  }
  if (eventTypes.length === 0) return { ok: false, message: { zh: '规则上下文无效:至少需要一种事件类型', en: 'Invalid rule context: at least one event type is needed' } };
  const unknownType = eventTypes.find((t) => !isEventType(t));
  if (unknownType !== undefined) {
    return { ok: false, message: { zh: `规则上下文无效:未知事件类型 “${unknownType}”`, en: `Invalid rule context: unknown event type '${unknownType}'` } };
  }
  const bad = [...features, ...lists, ...models].find(badName);
  if (bad !== undefined) {
    return { ok: false, message: { zh: `规则上下文无效:名称 “${bad.slice(0, MAX_NAME)}” 不可用`, en: `Invalid rule context: the name '${bad.slice(0, MAX_NAME)}' cannot be used` } };
  }
  return { ok: true, spec: { eventTypes, features, lists, models } };
}

function build(spec: NormalisedSpec): RuleEnvironment {
  const fields = eventFields(spec.eventTypes);
  const eventTypes = new Map<string, CelFieldType>(fields.map((f) => [f.name, f.type]));
  const doubles = (list: readonly string[]) => new Map<string, CelFieldType>(list.map((n) => [n, 'double']));
  const EventView = recordViewClass(eventTypes);
  const FeaturesView = recordViewClass(doubles(spec.features));
  const ModelsView = recordViewClass(doubles(spec.models));
  const slot: ListLookupSlot = { inList: undefined };

  const env = new Environment({ enableOptionalTypes: true })
    .registerType('Event', { ctor: EventView, fields: Object.fromEntries(eventTypes) })
    .registerType('Features', { ctor: FeaturesView, fields: Object.fromEntries(doubles(spec.features)) })
    .registerType('Models', { ctor: ModelsView, fields: Object.fromEntries(doubles(spec.models)) })
    .registerVariable('event', 'Event', { description: `The event (${spec.eventTypes.join(', ')})` })
    .registerVariable('features', 'Features', { description: 'Feature values (double); absent when there is no history' })
    .registerVariable('models', 'Models', { description: 'Active model scores: <name> in points (higher = safer), <name>_probability as P(bad) 0–1' });
  registerRuleFunctions(env, new Set(spec.lists), slot);

  let functionNames: Set<string> | undefined;
  return {
    env,
    spec,
    eventFields: new Map(fields.map((f) => [f.name, f])),
    EventView,
    FeaturesView,
    ModelsView,
    slot,
    functionNames: () => (functionNames ??= new Set(env.getDefinitions().functions.map((f) => f.name))),
  };
}

/** The environment for `spec`, from the cache when an equal spec was seen. */
export function ruleEnvironment(spec: RuleContextSpec): EnvironmentResult {
  const n = normalise(spec);
  if (!n.ok) return n;
  const key = JSON.stringify([n.spec.eventTypes, n.spec.features, n.spec.lists, n.spec.models]);
  let env = cache.get(key);
  if (env) {
    cache.delete(key); // keep recently used entries at the end
  } else {
    env = build(n.spec);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  }
  cache.set(key, env);
  return { ok: true, env };
}
