/** Suitability: a product above the customer's tolerance, or sold on a missing or expired assessment, is refused with a reason. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSuitability, parseSuitabilityConfig, type ProductRiskLevel, type RiskTolerance, type SuitabilityCode, toleranceFromSimple } from './suitability.js';

const NOW = '2026-06-01T00:00:00.000Z';
const product = (riskLevel: ProductRiskLevel) => ({ id: `p_${riskLevel.toLowerCase()}`, riskLevel });
const assessed = (tolerance: RiskTolerance, assessedAt: string | Date | number = '2026-01-10T00:00:00.000Z') => ({ tolerance, assessedAt });

test('tolerance against product level (table): Cn covers up to Rn', () => {
  const cases: Array<[RiskTolerance, ProductRiskLevel, boolean]> = [
    ['C3', 'R4', false], ['C3', 'R3', true], ['C3', 'R1', true], ['C1', 'R1', true], ['C1', 'R2', false],
    ['C2', 'R3', false], ['C4', 'R4', true], ['C4', 'R5', false], ['C5', 'R5', true],
  ];
  for (const [tolerance, level, allowed] of cases) {
    const r = checkSuitability(assessed(tolerance), product(level), NOW);
    assert.equal(r.allowed, allowed, `${tolerance} ${level}`);
    assert.equal(r.code, allowed ? 'SUITABLE' : 'PRODUCT_ABOVE_TOLERANCE', `${tolerance} ${level}`);
    assert.ok(r.reason.zh && r.reason.en);
  }
  const refused = checkSuitability(assessed('C3'), product('R4'), NOW);
  assert.match(refused.reason.en, /R4 medium-high risk is above R3.*C3 balanced/);
  assert.match(refused.reason.zh, /C3 平衡型/);
});

test('the assessment must exist, be readable, not lie in the future and be younger than its validity (table)', () => {
  const DAY = 86_400_000;
  const nowMs = Date.parse(NOW);
  const cases: Array<[string, Parameters<typeof checkSuitability>[0], SuitabilityCode]> = [
    ['missing', null, 'ASSESSMENT_MISSING'],
    ['undefined', undefined, 'ASSESSMENT_MISSING'],
    ['exactly 365 days old', assessed('C5', new Date(nowMs - 365 * DAY).toISOString()), 'ASSESSMENT_EXPIRED'],
    ['two years old', assessed('C5', '2024-05-01T00:00:00Z'), 'ASSESSMENT_EXPIRED'],
    ['one millisecond short of a year', assessed('C5', new Date(nowMs - 365 * DAY + 1)), 'SUITABLE'],
    ['epoch milliseconds', assessed('C5', nowMs - DAY), 'SUITABLE'],
    ['assessed just now', assessed('C5', NOW), 'SUITABLE'],
    ['in the future', assessed('C5', '2026-06-02T00:00:00Z'), 'ASSESSMENT_INVALID'],
    ['unreadable date', assessed('C5', 'last spring'), 'ASSESSMENT_INVALID'],
    ['unknown tolerance', { tolerance: 'C9' as RiskTolerance, assessedAt: NOW }, 'ASSESSMENT_INVALID'],
  ];
  for (const [name, customer, code] of cases) {
    const r = checkSuitability(customer, product('R2'), NOW);
    assert.equal(r.code, code, name);
    assert.equal(r.allowed, code === 'SUITABLE', name);
    assert.ok(r.reason.zh && r.reason.en, name);
  }
  const expired = checkSuitability(assessed('C5', '2025-06-01T00:00:00.000Z'), product('R1'), NOW);
  assert.equal(expired.expiresAt, '2026-06-01T00:00:00.000Z');
  const shorter = checkSuitability(assessed('C5', '2026-01-10T00:00:00Z'), product('R1'), NOW, { assessmentValidityDays: 90, covers: { C1: 'R1', C2: 'R2', C3: 'R3', C4: 'R4', C5: 'R5' } });
  assert.equal(shorter.code, 'ASSESSMENT_EXPIRED', 'a configured validity');
});

test('configured coverage: a stricter ladder refuses what the default allows', () => {
  const r = parseSuitabilityConfig(`
assessmentValidityDays: 180
covers: { C1: R1, C2: R1, C3: R2, C4: R3, C5: R5 }
products: [{ id: equity_fund, name: { zh: 股票基金, en: Equity fund }, riskLevel: R4 }]`);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  const fund = r.value.products.equity_fund!;
  assert.equal(checkSuitability(assessed('C4'), fund, NOW, r.value).code, 'PRODUCT_ABOVE_TOLERANCE');
  assert.equal(checkSuitability(assessed('C4'), fund, NOW).code, 'SUITABLE');
});

test('refused product configurations name the path of every problem (table)', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['covers: { C1: R2, C2: R1, C3: R3, C4: R4, C5: R5 }\nproducts: [{ id: a, name: { zh: a, en: a }, riskLevel: R1 }]', 'covers', /higher tolerance may not cover a lower/],
    ['covers: { C1: R1, C2: R2, C3: R3, C4: R4, C5: R6 }\nproducts: [{ id: a, name: { zh: a, en: a }, riskLevel: R1 }]', 'covers.C5', /R1, R2/],
    ['products: [{ id: a, name: { zh: a, en: a }, riskLevel: R7 }]', 'products[0].riskLevel', /R1, R2, R3, R4, R5/],
    ['products: [{ id: a, name: { zh: a, en: a }, riskLevel: R1 }, { id: a, name: { zh: b, en: b }, riskLevel: R2 }]', 'products[1].id', /duplicate/],
    ['assessmentValidityDays: 0\nproducts: [{ id: a, name: { zh: a, en: a }, riskLevel: R1 }]', 'assessmentValidityDays', /1 to 3660/],
    ['products: []', 'products', /at least 1/],
  ];
  for (const [text, path, re] of cases) {
    const r = parseSuitabilityConfig(text);
    assert.ok(!r.ok, path);
    const hit = r.problems.find((p) => p.path === path && re.test(p.message.en));
    assert.ok(hit, `${path} ${re}: got ${JSON.stringify(r.problems.map((p) => [p.path, p.message.en]))}`);
  }
});

test('a three-step tolerance maps onto C1 / C3 / C5', () => {
  assert.deepEqual((['low', 'medium', 'high'] as const).map(toleranceFromSimple), ['C1', 'C3', 'C5']);
});
