/** Composite scores: the weighted sum with contributions, band and range mapping, and refused configurations. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type CompositeScorecard, parseCompositeConfig, scoreComposite } from './composite-score.js';

const card = (factors: string, scale = ''): string => `
scorecards:
  t:
    name: { zh: 测试, en: Test }
${scale}
    factors:
${factors}`;

/** A factor whose sub-score is its input (0–100, higher is better). */
const identity = (id: string, weight: number) =>
  `      - { id: ${id}, name: { zh: ${id}, en: ${id} }, input: ${id}, weight: ${weight}, direction: higher_is_better, linear: { min: 0, max: 100 } }`;

const sourceExample = card([identity('income', 0.4), identity('debt', 0.3), identity('record', 0.2), identity('activity', 0.1)].join('\n'));

const parseCard = (text: string): CompositeScorecard => {
  const r = parseCompositeConfig(text);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.value.scorecards.t!;
};

test('the source example: 0.4·80 + 0.3·50 + 0.2·90 + 0.1·40 = 69, with each contribution', () => {
  const s = scoreComposite(parseCard(sourceExample), { income: 80, debt: 50, record: 90, activity: 40 });
  assert.equal(s.score, 69);
  assert.deepEqual(s.factors.map((f) => [f.id, f.subScore, f.contribution, f.pointsLost]), [
    ['income', 80, 32, 8],
    ['debt', 50, 15, 15],
    ['record', 90, 18, 2],
    ['activity', 40, 4, 6],
  ]);
});

test('the shipped credit_basic card gives 69 from raw inputs that map to 80 / 50 / 90 / 40', () => {
  const r = parseCompositeConfig(readFileSync(new URL('../../../packs/default/credit/composite.yaml', import.meta.url), 'utf8'));
  assert.ok(r.ok);
  const s = scoreComposite(r.value.scorecards.credit_basic!, { monthlyIncome: 2_440_000, debtRatio: 0.35, worstDaysPastDue24m: 5, activeDays90d: 36 });
  assert.deepEqual(s.factors.map((f) => f.subScore), [80, 50, 90, 40]);
  assert.equal(s.score, 69);
  const op = scoreComposite(r.value.scorecards.operational_risk!, { securityRating: 90, peopleRating: 70, processRating: 80, otherRating: 'fair' });
  assert.equal(op.score, 0.4 * 90 + 0.3 * 70 + 0.2 * 80 + 0.1 * 60);
});

test('a configured scale stretches the sum; a missing input takes the missing sub-score and is flagged', () => {
  const c = parseCard(card(`${identity('a', 0.5)}\n      - { id: b, name: { zh: b, en: b }, input: b, weight: 0.5, direction: higher_is_better, missing: 20, linear: { min: 0, max: 100 } }`, '    scale: { min: 300, max: 900 }'));
  const s = scoreComposite(c, { a: 100 });
  assert.equal(s.score, 300 + 600 * (0.5 + 0.5 * 0.2));
  assert.deepEqual(s.factors.map((f) => f.missing), [false, true]);
  assert.equal(scoreComposite(c, {}).score, 300 + 600 * 0.1, 'a missing input without `missing` counts 0');
});

test('mapping: linear ranges clamp and follow their direction; bands are min-inclusive, max-exclusive; categories fall back', () => {
  const c = parseCard(
    card(`      - { id: dr, name: { zh: 负债, en: debt }, input: dr, weight: 0.5, direction: higher_is_worse, linear: { min: 0.1, max: 0.6 } }
      - id: dpd
        name: { zh: 逾期, en: dpd }
        input: dpd
        weight: 0.3
        direction: higher_is_worse
        bands: [{ max: 1, score: 100 }, { min: 1, max: 30, score: 60 }, { min: 30, score: 0 }]
      - { id: tier, name: { zh: 等级, en: tier }, input: tier, weight: 0.2, categories: { values: { good: 100 }, groups: [{ in: [ok, fine], score: 50 }], otherwise: 10 } }`),
  );
  const sub = (inputs: Record<string, number | string>) => scoreComposite(c, inputs).factors.map((f) => f.subScore);
  const cases: Array<[Record<string, number | string>, number[]]> = [
    [{ dr: 0.1, dpd: 0, tier: 'good' }, [100, 100, 100]],
    [{ dr: 0.35, dpd: 0.999, tier: 'fine' }, [50, 100, 50]],
    [{ dr: 0.6, dpd: 1, tier: 'strange' }, [0, 60, 10]],
    [{ dr: -5, dpd: 29.9, tier: 'ok' }, [100, 60, 50]],
    [{ dr: 9, dpd: 30, tier: 'good' }, [0, 0, 100]],
    [{ dr: 0.35, dpd: -3, tier: 'good' }, [50, 100, 100]],
  ];
  for (const [inputs, expected] of cases) assert.deepEqual(sub(inputs), expected, JSON.stringify(inputs));
});

test('refused configurations name the path of every problem', () => {
  const cases: Array<[string, string, RegExp]> = [
    [card([identity('a', 0.4), identity('b', 0.3), identity('c', 0.2), identity('d', 0.2)].join('\n')), 'scorecards.t.factors', /sum to 1\.1/],
    [card([identity('a', 0.5), identity('b', 0.4)].join('\n')), 'scorecards.t.factors', /sum to 0\.9/],
    [card(`${identity('a', 1)}\n${identity('a', 0)}`), 'scorecards.t.factors[1].id', /duplicate/],
    [card(`${identity('a', 1)}\n${identity('b', 0)}`), 'scorecards.t.factors[1].weight', /above 0/],
    [card(`      - { id: a, name: { zh: a, en: a }, input: a, weight: 1, linear: { min: 0, max: 1 } }`), 'scorecards.t.factors[0].direction', /direction/],
    [card(`      - { id: a, name: { zh: a, en: a }, input: a, weight: 1, direction: higher_is_better, linear: { min: 5, max: 1 } }`), 'scorecards.t.factors[0].linear', /below max/],
    [card(`      - { id: a, name: { zh: a, en: a }, input: a, weight: 1, direction: higher_is_better, bands: [{ max: 1, score: 10 }, { min: 2, score: 50 }] }`), 'scorecards.t.factors[0].bands[1].min', /contiguous/],
    [card(`      - { id: a, name: { zh: a, en: a }, input: a, weight: 1, direction: higher_is_better, bands: [{ max: 1, score: 60 }, { min: 1, score: 50 }] }`), 'scorecards.t.factors[0].bands[1].score', /must not fall/],
    [card(`      - { id: a, name: { zh: a, en: a }, input: a, weight: 1, direction: higher_is_better, bands: [{ max: 1, score: 10 }, { min: 1, max: 5, score: 150 }] }`), 'scorecards.t.factors[0].bands[1].score', /0 to 100/],
    [card(`      - { id: a, name: { zh: a, en: a }, input: a, weight: 1, direction: higher_is_better, bands: [{ max: 1, score: 10 }, { score: 50 }] }`), 'scorecards.t.factors[0].bands[1].min', /first band/],
    [card(`      - { id: a, name: { zh: a, en: a }, input: a, weight: 1, direction: higher_is_better, linear: { min: 0, max: 1 }, bands: [{ score: 1 }] }`), 'scorecards.t.factors[0]', /exactly one/],
    [card(`      - { id: a, name: { zh: a }, input: a, weigth: 1, direction: up, linear: { min: 0, max: 1 } }`), 'scorecards.t.factors[0].weigth', /unknown key/],
    ['scorecards: [1, 2', '', /YAML syntax/],
  ];
  for (const [text, path, re] of cases) {
    const r = parseCompositeConfig(text);
    assert.ok(!r.ok, path);
    const hit = r.problems.find((p) => p.path === path);
    assert.ok(hit, `${path} not among ${JSON.stringify(r.problems.map((p) => p.path))}`);
    assert.match(hit.message.en, re);
    for (const p of r.problems) assert.ok(p.message.zh && p.message.en);
  }
});

test('every problem is listed at once, not only the first', () => {
  const r = parseCompositeConfig(card(`      - { id: A, name: { zh: a }, input: 1a, weight: 2, direction: up, linear: { min: 0, max: 1 } }`));
  assert.ok(!r.ok);
  const paths = r.problems.map((p) => p.path);
  for (const p of ['id', 'name', 'input', 'weight', 'direction']) assert.ok(paths.includes(`scorecards.t.factors[0].${p}`), `${p} in ${paths}`);
});
