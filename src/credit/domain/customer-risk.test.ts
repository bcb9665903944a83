/** Customer risk: points against level thresholds, overrides that only raise, a reason per factor, the level's handling. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { orThrow } from './config-reader.js';
import { assessCustomerRisk, type CustomerFacts, parseCustomerRiskConfig } from './customer-risk.js';

const config = orThrow(parseCustomerRiskConfig(readFileSync(new URL('../../../packs/default/credit/customer-risk.yaml', import.meta.url), 'utf8')));

/** A customer with nothing against them: tier A, no alerts, healthy balance, ordinary industry. */
const clean: CustomerFacts = { creditTier: 'A', fraudAlerts90d: 0, chargebacks90d: 0, balance: 8_000_000, industry: 'software' };

test('levels from points at their thresholds, with a reason per contributing factor (table)', () => {
  const cases: Array<[string, CustomerFacts, 'low' | 'medium' | 'high', number, string[]]> = [
    ['clean', clean, 'low', 0, []],
    ['tier B, small balance', { ...clean, creditTier: 'B', balance: 50_000 }, 'low', 15, ['CREDIT_STATUS', 'ASSETS']],
    ['25 points is low', { ...clean, creditTier: 'D' }, 'low', 25, ['CREDIT_STATUS']],
    ['30 points (the medium threshold) is medium', { ...clean, creditTier: 'D', balance: 200_000 }, 'medium', 30, ['CREDIT_STATUS', 'ASSETS']],
    ['55 points is medium', { ...clean, creditTier: 'E', chargebacks90d: 1, balance: 200_000 }, 'medium', 55, ['CREDIT_STATUS', 'CHARGEBACKS', 'ASSETS']],
    ['60 points (the high threshold) is high', { ...clean, creditTier: 'E', fraudAlerts90d: 1, balance: 200_000 }, 'high', 60, ['CREDIT_STATUS', 'FRAUD_ALERTS', 'ASSETS']],
    ['high-risk industry and alerts', { ...clean, creditTier: 'C', fraudAlerts90d: 3, industry: 'virtual_currency' }, 'high', 70, ['CREDIT_STATUS', 'FRAUD_ALERTS', 'INDUSTRY']],
    ['no tier: the credit score falls back', { ...clean, creditTier: undefined, creditScore: 580 }, 'low', 25, ['CREDIT_STATUS']],
    ['nothing known: missing points add up to medium', {}, 'medium', 15 + 10 + 5, ['CREDIT_STATUS', 'ASSETS', 'INDUSTRY']],
  ];
  for (const [name, facts, level, points, reasonCodes] of cases) {
    const a = assessCustomerRisk(config, facts);
    assert.equal(a.points, points, name);
    assert.equal(a.level, level, name);
    assert.deepEqual(a.reasons.map((r) => r.code), reasonCodes, name);
    assert.equal(a.handling, config.handling[level], name);
  }
});

test('overrides: confirmed fraud, sanctions and PEP make a customer high whatever the points, and never lower', () => {
  for (const flag of ['confirmedFraud', 'sanctionsHit', 'pep']) {
    const a = assessCustomerRisk(config, { ...clean, [flag]: true });
    assert.equal(a.scoredLevel, 'low', flag);
    assert.equal(a.level, 'high', flag);
    assert.equal(a.reasons.at(-1)!.source, 'override', flag);
    assert.equal(a.handling.monitoring, 'enhanced');
    assert.equal(a.handling.manualReview, true);
    assert.equal(assessCustomerRisk(config, { ...clean, [flag]: false }).level, 'low', `${flag}: false`);
  }
  const alerts = assessCustomerRisk(config, { ...clean, fraudAlerts90d: 5 });
  assert.deepEqual(alerts.reasons.map((r) => r.code), ['FRAUD_ALERTS', 'MANY_FRAUD_ALERTS']);
  assert.equal(alerts.level, 'high');
  assert.equal(assessCustomerRisk(config, { ...clean, fraudAlerts90d: 4 }).level, 'medium');

  const lowering = orThrow(parseCustomerRiskConfig(readFileSync(new URL('../../../packs/default/credit/customer-risk.yaml', import.meta.url), 'utf8').replace('{ when: pep, level: high', '{ when: pep, level: low')));
  assert.equal(assessCustomerRisk(lowering, { ...clean, creditTier: 'E', fraudAlerts90d: 3, pep: true }).level, 'high');
});

test('handling differs by level: fast track for low, enhanced monitoring and lower limits for high', () => {
  const low = assessCustomerRisk(config, clean).handling;
  const high = assessCustomerRisk(config, { ...clean, confirmedFraud: true }).handling;
  assert.equal(low.fastTrack, true);
  assert.equal(high.fastTrack, false);
  assert.ok(high.limitMultiplier < low.limitMultiplier);
  assert.ok(high.reviewIntervalDays < low.reviewIntervalDays);
  for (const h of [low, high]) assert.ok(h.description.zh && h.description.en);
});

const minimal = (extra = '', handling = '{ monitoring: enhanced, fastTrack: false, manualReview: true, limitMultiplier: 0.5, reviewIntervalDays: 90, description: { zh: 高, en: high } }') => `
levels: { medium: 30, high: 60 }
factors:
  - { id: alerts, name: { zh: 预警, en: alerts }, input: fraudAlerts90d, bands: [{ max: 1, points: 0 }, { min: 1, points: 20 }] }
${extra}
handling:
  low: { monitoring: light, fastTrack: true, manualReview: false, limitMultiplier: 1, reviewIntervalDays: 365, description: { zh: 低, en: low } }
  medium: { monitoring: standard, fastTrack: false, manualReview: false, limitMultiplier: 0.8, reviewIntervalDays: 180, description: { zh: 中, en: medium } }
  high: ${handling}`;

test('refused configurations name the path of every problem (table)', () => {
  assert.ok(parseCustomerRiskConfig(minimal()).ok);
  const cases: Array<[string, string, RegExp]> = [
    [minimal().replace('{ medium: 30, high: 60 }', '{ medium: 60, high: 30 }'), 'levels', /0 < medium < high/],
    [minimal().replace('{ min: 1, points: 20 }', '{ min: 2, points: 20 }'), 'factors[0].bands[1].min', /contiguous/],
    [minimal().replace('input: fraudAlerts90d', 'input: 9alerts'), 'factors[0].input', /input field name/],
    [minimal('overrides:\n  - { when: pep, level: extreme, code: pep, message: { zh: x } }'), 'overrides[0].level', /low, medium, high/],
    [minimal('overrides:\n  - { when: pep, level: high, code: pep, message: { zh: x, en: x } }'), 'overrides[0].code', /upper-case/],
    [minimal('overrides:\n  - { when: pep, level: high, code: PEP, message: { zh: x } }'), 'overrides[0].message', /both languages/],
    [minimal('', '{ monitoring: enhanced, fastTrack: false, manualReview: true, limitMultiplier: 1.5, reviewIntervalDays: 90, description: { zh: 高, en: high } }'), 'handling', /limitMultiplier must not grow/],
    [minimal('', '{ monitoring: enhanced, fastTrack: true, manualReview: true, limitMultiplier: 0.5, reviewIntervalDays: 90, description: { zh: 高, en: high } }'), 'handling.high.fastTrack', /fast-tracked/],
    [minimal('', '{ monitoring: light, fastTrack: false, manualReview: true, limitMultiplier: 0.5, reviewIntervalDays: 900, description: { zh: 高, en: high } }'), 'handling', /reviewIntervalDays/],
    [minimal().replace('  high: {', '  severe: {'), 'handling.high', /mapping/],
    [minimal().replace('factors:', 'factorz:'), 'factorz', /unknown key/],
  ];
  for (const [text, path, re] of cases) {
    const r = parseCustomerRiskConfig(text);
    assert.ok(!r.ok, path);
    const hit = r.problems.find((p) => p.path === path && re.test(p.message.en));
    assert.ok(hit, `${path} ${re}: got ${JSON.stringify(r.problems.map((p) => [p.path, p.message.en]))}`);
  }
});
