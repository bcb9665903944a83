import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CompiledRule, compileRule, type RuleContextSpec, type RuleInput } from './index.js';

const spec: RuleContextSpec = {
  eventTypes: ['payment', 'transfer'],
  features: ['txn_count_1h', 'avg_amount_30d'],
  lists: ['block_devices', 'trusted_devices'],
  models: ['fraud_v3'],
};

const payment = {
  type: 'payment',
  id: 'evt-1',
  occurredAt: '2025-03-01T02:30:00+08:00',
  customerId: 'cust-1',
  channel: 'app',
  deviceId: 'dev-1',
  amount: 880_000,
  currency: 'CNY',
  accountId: 'acct-1',
  merchantId: 'm-1',
  attributes: { vip: true, score: 5, label: null },
};

function input(over: Partial<RuleInput> = {}): RuleInput {
  return {
    event: payment,
    features: { txn_count_1h: 7, avg_amount_30d: null },
    models: { fraud_v3: 0.91 },
    inList: () => false,
    ...over,
  };
}

function rule(expression: string): CompiledRule {
  const r = compileRule(expression, spec);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.rule;
}

const cases: Array<{ expr: string; value: boolean; event?: Record<string, unknown> }> = [
  { expr: 'event.amount > 500000', value: true },
  { expr: 'event.amount > 1000000', value: false },
  { expr: 'event.amount > 500000.5', value: true },
  { expr: "event.channel == 'app' && event.currency == 'CNY'", value: true },
  { expr: 'has(event.cardId)', value: false },
  { expr: 'has(event.deviceId)', value: true },
  { expr: "has(event.cardId) && event.cardId == 'x'", value: false },
  { expr: "event.type == 'transfer' && event.counterpartyId == 'x'", value: false },
  { expr: 'features.txn_count_1h >= 5.0 && features.txn_count_1h > 5', value: true },
  { expr: 'has(features.avg_amount_30d)', value: false },
  { expr: 'features.?avg_amount_30d.orValue(0.0) > 100.0', value: false },
  { expr: 'models.fraud_v3 > 0.9', value: true },
  { expr: 'hour(event.occurredAt) < 6', value: true },
  { expr: "hour('2025-03-01T20:30:00Z') == 4", value: true },
  { expr: 'event.attributes.vip && event.attributes.score == 5 && event.attributes.score > 4', value: true },
  { expr: 'event.attributes.label == null && !has(event.attributes.campaign)', value: true },
  { expr: 'event.attributes.vip', value: true },
  { expr: 'has(event.attributes.vip)', value: false, event: { ...payment, attributes: undefined } },
  { expr: 'event.amount > 500000', value: true, event: { ...payment, type: 'transfer', counterpartyId: 'p-1' } },
];

for (const c of cases) {
  test(`evaluates ${c.expr} → ${c.value}`, () => {
    assert.deepEqual(rule(c.expr).evaluate(input(c.event ? { event: c.event } : {})), { ok: true, value: c.value });
  });
}

const failures: Array<{ name: string; expr: string; over?: Partial<RuleInput>; zh: RegExp; en: RegExp }> = [
  { name: 'division by zero', expr: 'event.amount / (event.amount - 880000) > 1', zh: /第 1 行第 14 列:除数为零/, en: /Line 1, column 14: Division by zero/ },
  { name: 'missing optional event field', expr: "event.cardId == 'c-1'", zh: /事件中没有 “cardId” 的值.*has\(event\.cardId\)/, en: /no value for 'cardId'; guard it with has\(event\.cardId\)/ },
  { name: 'field of the other event type', expr: "event.counterpartyId == 'x'", zh: /counterpartyId/, en: /no value for 'counterpartyId'/ },
  { name: 'feature with no history', expr: 'features.avg_amount_30d > 100.0', zh: /特征 “avg_amount_30d” 没有值/, en: /Feature 'avg_amount_30d' has no value/ },
  { name: 'model score not provided', expr: 'models.fraud_v3 > 0.5', over: { models: {} }, zh: /模型 “fraud_v3” 没有评分/, en: /Model 'fraud_v3' has no score/ },
  { name: 'missing attribute', expr: 'event.attributes.nope == 1', zh: /事件属性中没有 “nope”/, en: /attributes have no 'nope'/ },
  { name: 'malformed input value', expr: 'event.amount > 5', over: { event: { ...payment, amount: 12.5 } }, zh: /“amount” 的类型不对/, en: /'amount' has the wrong type/ },
  { name: 'unreadable timestamp', expr: 'hour(event.occurredAt) < 6', over: { event: { ...payment, occurredAt: '2025-03-01 02:30' } }, zh: /时间无法解析/, en: /ISO 8601 with an offset/ },
  { name: 'list look-up throws', expr: "inList('block_devices', event.deviceId)", over: { inList: () => { throw new Error('redis down'); } }, zh: /名单查询失败/, en: /list look-up failed/ },
  { name: 'list look-up answers a non-boolean', expr: "inList('block_devices', event.deviceId)", over: { inList: (() => 'yes') as unknown as RuleInput['inList'] }, zh: /名单查询失败/, en: /list look-up failed/ },
  { name: 'a dyn rule that is not a boolean', expr: 'event.attributes.score', zh: /不是布尔值/, en: /did not yield a boolean/ },
  { name: 'no event at all', expr: 'event.amount > 5', over: { event: null as unknown as Record<string, unknown> }, zh: /规则运行出错/, en: /failed at run time/ },
];

for (const f of failures) {
  test(`a run-time failure is an error result, not a throw: ${f.name}`, () => {
    const r = rule(f.expr).evaluate(input(f.over));
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.ok(!r.ok);
    assert.match(r.error.zh, f.zh);
    assert.match(r.error.en, f.en);
  });
}

test('a run-time error names its line and column in a multi-line rule', () => {
  const r = rule("event.amount > 500000 &&\n  event.cardId == 'c-1'").evaluate(input());
  assert.ok(!r.ok);
  assert.match(r.error.en, /^Line 2, column 9: /);
  assert.match(r.error.zh, /^第 2 行第 9 列:/);
});

test('error messages never carry event values', () => {
  const secret = '13800138000';
  const event = { ...payment, deviceId: secret, amount: secret };
  for (const expr of ['event.amount > 5', "inList('block_devices', event.deviceId)", 'event.attributes[event.deviceId] == 1']) {
    const r = rule(expr).evaluate(input({ event, inList: () => { throw new Error(`lookup ${secret}`); } }));
    assert.ok(!r.ok);
    assert.ok(!r.error.zh.includes(secret) && !r.error.en.includes(secret), JSON.stringify(r.error));
  }
});

test('inList receives the list name and the value as the record holds it', () => {
  const calls: Array<[string, unknown]> = [];
  const lookup = (list: string, value: unknown) => {
    calls.push([list, value]);
    return list === 'block_devices' && value === 'dev-1';
  };
  const r = rule("inList('block_devices', event.deviceId) && !inList('trusted_devices', event.amount)").evaluate(input({ inList: lookup }));
  assert.deepEqual(r, { ok: true, value: true });
  assert.deepEqual(calls, [
    ['block_devices', 'dev-1'],
    ['trusted_devices', 880_000], // an int goes back as a number, not a bigint
  ]);
});

test('each evaluation sees its own input: reuse leaks nothing between events', () => {
  const r = rule("has(event.cardId) && features.txn_count_1h > 3.0 && inList('block_devices', event.cardId)");
  const withCard = input({ event: { ...payment, cardId: 'card-1' }, inList: (_l, v) => v === 'card-1' });
  assert.deepEqual(r.evaluate(withCard), { ok: true, value: true });
  assert.deepEqual(r.evaluate(input()), { ok: true, value: false });
  assert.deepEqual(r.evaluate(input({ event: { ...payment, cardId: 'card-2' }, features: { txn_count_1h: 1 } })), { ok: true, value: false });
  assert.deepEqual(r.evaluate(withCard), { ok: true, value: true });
});

test('a list look-up that evaluates a rule (re-entrancy) does not disturb the outer evaluation', () => {
  const inner = rule("inList('trusted_devices', event.deviceId)");
  const outer = rule("inList('block_devices', event.deviceId) && event.amount > 500000");
  const innerInput = input({ event: { ...payment, deviceId: 'dev-9', amount: 1 }, inList: () => true });
  const r = outer.evaluate(
    input({
      inList: () => {
        assert.deepEqual(inner.evaluate(innerInput), { ok: true, value: true });
        assert.deepEqual(outer.evaluate(innerInput), { ok: true, value: false });
        return true;
      },
    }),
  );
  assert.deepEqual(r, { ok: true, value: true });
});

test('every rule of a strategy can share one input object', () => {
  const shared = input({ inList: (l) => l === 'block_devices' });
  const rules = ['event.amount > 500000', "inList('block_devices', event.deviceId)", 'models.fraud_v3 < 0.5', 'hour(event.occurredAt) == 2'].map(rule);
  assert.deepEqual(
    rules.map((r) => r.evaluate(shared)),
    [true, true, false, true].map((value) => ({ ok: true, value })),
  );
});
