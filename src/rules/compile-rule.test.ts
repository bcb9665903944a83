import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRule, type RuleContextSpec, type RuleProblem } from './index.js';

const payments: RuleContextSpec = {
  eventTypes: ['payment', 'transfer'],
  features: ['txn_count_1h', 'avg_amount_30d'],
  lists: ['block_devices', 'trusted_devices'],
  models: ['fraud_v3'],
};
const logins: RuleContextSpec = { eventTypes: ['login'], features: ['failed_logins_1h'], lists: ['block_ips'], models: [] };

function problemOf(expression: string, spec: RuleContextSpec = payments): RuleProblem {
  const r = compileRule(expression, spec);
  assert.equal(r.ok, false, `expected ${JSON.stringify(expression)} to be refused`);
  assert.ok(!r.ok);
  assert.equal(r.problems.length, 1);
  const p = r.problems[0]!;
  assert.match(p.message.zh, /[\u4e00-\u9fff]/, 'the zh message is in Chinese');
  assert.doesNotMatch(p.message.en, /[\u4e00-\u9fff]/, 'the en message is in English');
  return p;
}

const cases: Array<{ name: string; expr: string; spec?: RuleContextSpec; code: RuleProblem['code']; line: number; column: number; zh: RegExp; en: RegExp }> = [
  { name: 'unknown event field, with a suggestion', expr: 'event.amout > 100', code: 'unknown_field', line: 1, column: 7, zh: /没有字段 “amout”.*“amount”/, en: /no field 'amout'.*Did you mean 'amount'/ },
  { name: 'field of another event type', expr: 'event.success', code: 'unknown_field', line: 1, column: 7, zh: /只出现在 login/, en: /only in login events/ },
  { name: 'unknown feature', expr: 'features.txn_cnt_1h > 3.0', code: 'unknown_field', line: 1, column: 10, zh: /未知特征 “txn_cnt_1h”.*“txn_count_1h”/, en: /Unknown feature 'txn_cnt_1h'/ },
  { name: 'unknown model', expr: 'models.fraud_v2 > 0.5', code: 'unknown_field', line: 1, column: 8, zh: /未知模型 “fraud_v2”/, en: /Unknown model 'fraud_v2'.*fraud_v3/ },
  { name: 'unknown list', expr: "inList('blocked_devices', event.deviceId)", code: 'unknown_field', line: 1, column: 8, zh: /未知名单 “blocked_devices”/, en: /Unknown list 'blocked_devices'.*Did you mean 'block_devices'/ },
  { name: 'list name not a literal', expr: 'inList(event.deviceId, event.deviceId)', code: 'other', line: 1, column: 14, zh: /带引号的名单名/, en: /quoted string/ },
  { name: 'list value of the wrong type', expr: "inList('block_devices', [event.deviceId])", code: 'type_mismatch', line: 1, column: 25, zh: /字符串或数字/, en: /string or a number/ },
  { name: 'unknown variable', expr: 'amount > 5', code: 'unknown_field', line: 1, column: 1, zh: /未知名称 “amount”.*event\.amount/, en: /Unknown name 'amount'.*event\.amount/ },
  { name: 'int compared with a string', expr: "event.amount > 'x'", code: 'type_mismatch', line: 1, column: 14, zh: /“>” 不能用于 int 和 string/, en: /'>' does not apply to int and string/ },
  { name: 'bool plus int', expr: 'event.success + 1 > 0', spec: logins, code: 'type_mismatch', line: 1, column: 15, zh: /“\+” 不能用于 bool 和 int/, en: /'\+' does not apply to bool and int/ },
  { name: 'int == double, with the fix', expr: 'event.amount == 100.0', code: 'type_mismatch', line: 1, column: 14, zh: /5\.0/, en: /as a double/ },
  { name: 'non-boolean operand of &&', expr: 'event.amount && true', code: 'type_mismatch', line: 1, column: 14, zh: /布尔值/, en: /boolean operands; this one is int/ },
  { name: 'helper with wrong argument type', expr: 'hour(event.amount) < 6', code: 'type_mismatch', line: 1, column: 1, zh: /函数 hour/, en: /hour\(int\)/ },
  { name: 'unknown function', expr: 'nofn(event.amount)', code: 'unknown_function', line: 1, column: 1, zh: /未知函数 “nofn”/, en: /Unknown function 'nofn'/ },
  { name: 'unknown method', expr: "event.deviceId.startWith('x')", code: 'unknown_function', line: 1, column: 16, zh: /未知函数/, en: /Did you mean 'startsWith'/ },
  { name: 'syntax: incomplete', expr: 'event.amount >', code: 'syntax', line: 1, column: 15, zh: /语法错误.*不完整/, en: /Syntax error: the expression ends too early/ },
  { name: 'syntax: missing parenthesis', expr: 'event.amount > 5 && (event.amount < 9', code: 'syntax', line: 1, column: 38, zh: /“\)”/, en: /expected '\)'/ },
  { name: 'syntax: single =', expr: 'event.amount = 5', code: 'syntax', line: 1, column: 14, zh: /==/, en: /'=='/ },
  { name: 'syntax: and instead of &&', expr: "event.amount > 5 and event.channel == 'app'", code: 'syntax', line: 1, column: 18, zh: /&&/, en: /&&/ },
  { name: 'syntax: unterminated string', expr: "event.channel == 'app", code: 'syntax', line: 1, column: 18, zh: /引号/, en: /closing quote/ },
  { name: 'syntax: empty', expr: '  ', code: 'syntax', line: 1, column: 3, zh: /为空/, en: /empty/ },
  { name: 'result is an int', expr: 'event.amount + 1', code: 'not_boolean', line: 1, column: 1, zh: /布尔值.*int/, en: /boolean.*int/ },
  { name: 'result is a string', expr: '  event.channel', code: 'not_boolean', line: 1, column: 3, zh: /string/, en: /yields string/ },
];

for (const c of cases) {
  test(`refused: ${c.name}`, () => {
    const p = problemOf(c.expr, c.spec);
    assert.equal(p.code, c.code, JSON.stringify(p));
    assert.deepEqual([p.line, p.column], [c.line, c.column], JSON.stringify(p));
    assert.match(p.message.zh, c.zh);
    assert.match(p.message.en, c.en);
  });
}

test('a multi-line rule reports the line and column of the problem', () => {
  const expr = ["event.amount > 500000 &&", "  event.channel == 'app' &&", '  features.txn_count_1h >= 5.0 &&', '  event.devceId != ""'].join('\n');
  const p = problemOf(expr);
  assert.equal(p.code, 'unknown_field');
  assert.deepEqual([p.line, p.column], [4, 9]);
  assert.match(p.message.en, /devceId.*Did you mean 'deviceId'/);
});

test('columns count characters, not bytes: Chinese text before the problem', () => {
  const p = problemOf("event.channel == '小程序' && event.amout > 1");
  assert.deepEqual([p.line, p.column], [1, 33]);
});

test('fields of every event type of the decision point are known, typed from the schema', () => {
  for (const expr of [
    "event.type == 'transfer' && event.counterpartyId == 'x'", // transfer only
    "has(event.merchantCategory) && event.merchantCategory == '5812'", // payment only, optional
    'event.amount >= 100 && event.amount > 99.5', // int, compared with int and double
    'event.attributes.vip == true || event.attributes.score > 3', // attributes: map of dyn
    "features.txn_count_1h > 3 && models.fraud_v3 >= 0.9 && inList('block_devices', event.deviceId)",
    'features.?avg_amount_30d.orValue(0.0) > 1000.0', // optional access with a default
    'hour(event.occurredAt) < 6',
    "[1, 2, 3].exists(x, x == 2) && event.customerId.startsWith('c')",
    'event.attributes.flag', // dyn: accepted, checked when evaluated
  ]) {
    const r = compileRule(expr, payments);
    assert.ok(r.ok, `${expr}: ${JSON.stringify(!r.ok && r.problems)}`);
    assert.equal(r.rule.expression, expr);
  }
});

test('a bad context is a problem, not an exception', () => {
  const bad: RuleContextSpec[] = [
    { ...payments, eventTypes: [] },
    { ...payments, eventTypes: ['payment', 'refund'] },
    { ...payments, features: ['constructor'] },
    { ...payments, lists: [''] },
    { ...payments, models: null as unknown as string[] },
  ];
  for (const spec of bad) {
    const r = compileRule('true', spec);
    assert.ok(!r.ok);
    assert.equal(r.problems[0]!.code, 'other');
    assert.match(r.problems[0]!.message.en, /Invalid rule context/);
  }
});

test('an oversized expression is refused before parsing', () => {
  const r = compileRule(`${'true && '.repeat(2000)}true`, payments);
  assert.ok(!r.ok);
  assert.equal(r.problems[0]!.code, 'other');
});

test('equal specs share one environment: compiling many rules stays cheap', () => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < 200; i++) {
    const spec = { eventTypes: ['transfer', 'payment'], features: [...payments.features].reverse(), lists: [...payments.lists], models: [...payments.models] };
    assert.ok(compileRule(`event.amount > ${i}`, spec).ok);
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  assert.ok(ms < 1000, `200 compiles took ${ms.toFixed(0)} ms`);
});
