/**
 * The compiled closures against the interpreter (the reference): every rule of the default pack
 * runs compiled, and on random inputs — values present, absent, null, of the wrong type, at the
 * edges of int64 — each rule gives exactly the interpreter's outcome, errors included.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { DECISION_POINTS, DECISION_POINT_NAMES } from '../decisions/domain/decision-points.js';
import { featuresReadableBy, loadPack } from '../decisions/pack.js';
import { parseFeatureConfig } from '../features/domain/feature-config.js';
import { Rng as SeededRng } from '../shared/prng.js';
import { compileRule } from './compile-rule.js';
import { eventFields } from './event-fields.js';
import type { CompiledRule, RuleContextSpec, RuleInput } from './rule-types.js';

type Rng = () => number;

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)]!;
}

const INTS = [0, 1, -1, 2, -4, 5, 50, 59, 100, 100_000, 500_000, 1_000_000, 5_000_000, 2 ** 31, 2 ** 53 - 1, -(2 ** 53 - 1)];
const DOUBLES = [0, -0, 0.5, 1, 2.5, 5, 10, 3600, 86_400, 1e9, -3, Number.NaN, Number.POSITIVE_INFINITY];
const STRINGS = ['', 'payment', 'transfer', 'login', '170123', '13800000000', 'dev-1', '2026-11-20T02:15:00+08:00', '2026-11-20T23:59:59Z', 'not a time'];

/** A value for a field of this CEL type: usually right, sometimes absent, null or of another type. */
function valueFor(rng: Rng, type: string): unknown {
  const r = rng();
  if (r < 0.12) return undefined;
  if (r < 0.18) return null;
  if (r < 0.22) return pick(rng, [1.5, 'x', true, 7]); // wrong type (the schema would refuse it; rules must still not crash)
  switch (type) {
    case 'int':
      return pick(rng, INTS);
    case 'double':
      return pick(rng, DOUBLES);
    case 'bool':
      return rng() < 0.5;
    case 'string':
      return pick(rng, STRINGS);
    default:
      return { k: pick(rng, STRINGS) };
  }
}

function randomInput(rng: Rng, spec: RuleContextSpec): RuleInput {
  const event: Record<string, unknown> = {};
  for (const f of eventFields(spec.eventTypes)) {
    const v = valueFor(rng, f.type);
    if (v !== undefined) event[f.name] = v;
  }
  if (rng() < 0.7) event.type = pick(rng, spec.eventTypes);
  const features: Record<string, number | null> = {};
  for (const name of spec.features) {
    const r = rng();
    if (r < 0.15) continue;
    features[name] = r < 0.3 ? null : pick(rng, DOUBLES);
  }
  const listMode = rng();
  const inList = (_list: string, value: unknown): boolean => {
    if (listMode < 0.05) throw new Error('list store down');
    return typeof value === 'string' ? value.length % 2 === 0 : listMode < 0.5;
  };
  return { event, features, models: {}, inList };
}

function both(expression: string, spec: RuleContextSpec): { fast: CompiledRule; reference: CompiledRule } {
  const fast = compileRule(expression, spec);
  const reference = compileRule(expression, spec, { closures: false });
  assert.ok(fast.ok && reference.ok, `${expression} compiles`);
  return { fast: fast.rule, reference: reference.rule };
}

function agree(fast: CompiledRule, reference: CompiledRule, spec: RuleContextSpec, seed: number, n: number): void {
  const seeded = new SeededRng(seed);
  const rng = () => seeded.next();
  for (let k = 0; k < n; k++) {
    const input = randomInput(rng, spec);
    assert.deepEqual(fast.evaluate(input), reference.evaluate(input), `${fast.expression}\non ${JSON.stringify(input.event)} ${JSON.stringify(input.features)}`);
  }
}

test('every rule of the default pack runs compiled and agrees with the interpreter on random inputs', () => {
  const pack = loadPack();
  const parsed = parseFeatureConfig(pack.featuresText);
  assert.ok(parsed.ok);
  let rules = 0;
  for (const point of DECISION_POINT_NAMES) {
    const eventTypes = [...DECISION_POINTS[point]];
    const spec: RuleContextSpec = { eventTypes, features: featuresReadableBy(parsed.specs, eventTypes), lists: pack.lists.map((l) => l.name), models: [] };
    const doc = parse(pack.strategies.get(point)!) as { rules: Array<{ id: string; when: string }> };
    for (const r of doc.rules) {
      const { fast, reference } = both(r.when, spec);
      assert.ok(fast.compiled, `${point}/${r.id} runs as closures`);
      assert.ok(!reference.compiled);
      agree(fast, reference, spec, rules + 1, 1_500);
      rules++;
    }
  }
  assert.ok(rules >= 40);
});

test('arithmetic, ternaries, strings and look-ups agree with the interpreter, overflow and division by zero included', () => {
  const spec: RuleContextSpec = { eventTypes: ['payment', 'transfer', 'loan_application'], features: ['f1', 'f2'], lists: ['watch'], models: [] };
  const expressions = [
    'event.amount + event.amount > 1000',
    'event.amount * event.amount > 1000',
    'event.amount - 9007199254740991 < 0',
    'event.amount / 7 == 71428',
    'event.amount % 7 == 3 || event.amount % -7 == -3',
    '-event.amount < -5',
    'features.f1 / features.f2 > 1.5',
    'features.f1 * 2.0 - features.f2 >= 0.0 && !(features.f1 == features.f2)',
    '(has(event.deviceId) ? event.deviceId : "none") == "dev-1"',
    'event.currency + "/" + event.type == "CNY/payment"',
    'event.deviceId.startsWith("dev") || event.deviceId.endsWith("1") || event.deviceId.contains("-")',
    "inList('watch', event.customerId) || inList('watch', event.amount)",
    'hour(event.occurredAt) >= 2 && hour(event.occurredAt) < 6',
    'features.?f1.orValue(-1.0) < 0.0 && event.?amount.orValue(0) == 0',
    'double(event.amount) / 100.0 > features.f2',
    'has(features.f1) && features.f1 != features.f1',
    // Ints reaching zero from the negative side, then divided as doubles: -0 would give -Infinity.
    '1.0 / double((event.amount - 100) / 1000) > 0.0',
    '1.0 / double(-event.amount) > 0.0',
    '1.0 / double(event.amount * -1) > 0.0',
    '1.0 / double(-event.amount % 2) > 0.0',
    '1.0 / double(event.amount - event.amount) > 0.0',
  ];
  expressions.forEach((e, k) => {
    const { fast, reference } = both(e, spec);
    assert.ok(fast.compiled, `${e} runs as closures`);
    agree(fast, reference, spec, 1_000 + k, 3_000);
  });
});

test('what the compiler does not cover is interpreted, with the same results', () => {
  const spec: RuleContextSpec = { eventTypes: ['payment'], features: ['f1'], lists: [], models: [] };
  for (const e of ['event.amount in [1, 5, 100000]', 'double(event.amount) > features.f1 && size(event.type) > 3', 'event.attributes.channel == "app"', 'string(event.amount) == "5"']) {
    const { fast, reference } = both(e, spec);
    assert.equal(fast.compiled, false, `${e} is interpreted`);
    agree(fast, reference, spec, 7, 500);
  }
});
