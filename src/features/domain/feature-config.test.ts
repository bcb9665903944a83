import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFeatureConfig, validateFeatureSpecs } from './feature-config.js';

const EXAMPLE = `
features:
  - name: customer_payments_10m
    description: { zh: 客户10分钟内支付笔数, en: Customer payments in 10 minutes }
    aggregate: count
    key: customerId
    window: 10m
    eventTypes: [payment, transfer]
  - name: customer_amount_zscore_30d
    aggregate: zscore
    key: customerId
    field: amount
    window: 30d
    eventTypes: [payment]
  - name: customer_failed_logins_1h
    aggregate: count
    key: customerId
    window: 1h
    eventTypes: [login]
    where: { field: success, equals: false }
  - name: device_first_seen_30d
    aggregate: first_seen
    key: deviceId
    window: 30d
  - name: ip_customers_90s
    aggregate: distinct
    key: ip
    field: customerId
    window: 90s
`;

test('a valid configuration becomes specs', () => {
  const r = parseFeatureConfig(EXAMPLE);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  assert.deepEqual(r.specs[0], {
    name: 'customer_payments_10m',
    description: { zh: '客户10分钟内支付笔数', en: 'Customer payments in 10 minutes' },
    aggregate: 'count',
    key: 'customerId',
    windowMs: 600_000,
    eventTypes: ['payment', 'transfer'],
  });
  assert.deepEqual(r.specs[2]?.where, { field: 'success', equals: false });
  assert.equal(r.specs[3]?.windowMs, 30 * 86_400_000);
  assert.deepEqual(r.specs.map((s) => s.field), [undefined, 'amount', undefined, undefined, 'customerId']);
});

test('every problem is listed with its path, in both languages', () => {
  const r = parseFeatureConfig(`
features:
  - name: Payments                 # 0: bad name
    aggregate: count
    key: customerId
    window: 10m
    field: amount                  # count takes no field
  - name: dup
    aggregate: sum                 # 1: sum needs a field
    key: customerId
    window: 30s                    # below 1m
  - name: dup                      # 2: duplicate
    aggregate: median              # unknown aggregate
    key: customer id               # not a path
    window: 10 minutes             # not a duration
    eventTypes: [payment, payments, payment]
    windw: 1h                      # typo
  - just a string                  # 3
  - name: far
    aggregate: max
    key: cardId
    field: amount
    window: 31d
    where: { field: success, is: true }
    description: only english
  - name: empty_types
    aggregate: since_last
    window: 1h
    eventTypes: []
`);
  assert.ok(!r.ok);
  const got = r.problems.map((p) => `${p.path} ${p.reason}`);
  assert.deepEqual(got, [
    'features[2].windw unknown_key',
    'features[2].window window_format',
    'features[3] not_mapping',
    'features[4].description description_format',
    'features[4].where.is unknown_key',
    'features[4].where.equals required',
    'features[0].name name_format',
    'features[0].field field_not_allowed',
    'features[1].field field_required',
    'features[1].window window_range',
    'features[2].name name_duplicate',
    'features[2].aggregate aggregate_unknown',
    'features[2].key path_format',
    'features[2].eventTypes[1] event_type_unknown',
    'features[2].eventTypes[2] event_type_duplicate',
    'features[4].window window_range',
    'features[5].key required',
    'features[5].eventTypes event_types_empty',
  ]);
  for (const p of r.problems) {
    assert.match(p.message.zh, /[\u4e00-\u9fff]/, `${p.path}: zh`);
    assert.ok(p.message.en.length > 10 && !/[\u4e00-\u9fff]/.test(p.message.en), `${p.path}: en`);
  }
  assert.match(r.problems.find((p) => p.reason === 'name_duplicate')!.message.en, /features\[1\]\.name/, 'names the first use');
});

test('documents that are not a feature list say so', () => {
  const cases: Array<[string, string[]]> = [
    ['features: [', [' yaml_syntax']],
    ['- a\n- b', [' not_mapping']],
    ['other: 1', ['other unknown_key', 'features required']],
    ['features: {name: x}', ['features not_list']],
    ['features:\n  - {name: a, aggregate: count, key: customerId, window: 1m}\n  - {name: a, aggregate: count, key: customerId, window: 1m}', ['features[1].name name_duplicate']],
  ];
  for (const [text, expected] of cases) {
    const r = parseFeatureConfig(text);
    assert.ok(!r.ok, text);
    assert.deepEqual(r.problems.map((p) => `${p.path} ${p.reason}`), expected, text);
  }
  const syntax = parseFeatureConfig('features:\n  - name: a\n   bad: [');
  assert.ok(!syntax.ok && /line \d+/.test(syntax.problems[0]!.message.en) && /第 \d+ 行/.test(syntax.problems[0]!.message.zh));
});

test('window bounds: 1m and 30d are allowed, both ends are checked', () => {
  const win = (w: string) => parseFeatureConfig(`features:\n  - {name: a, aggregate: count, key: customerId, window: ${w}}`);
  for (const ok of ['1m', '60s', '90s', '10m', '24h', '30d']) assert.ok(win(ok).ok, ok);
  for (const [bad, reason] of [['59s', 'window_range'], ['31d', 'window_range'], ['721h', 'window_range'], ['0m', 'window_format'], ['1w', 'window_format'], ['1.5h', 'window_format'], ['10', 'window_format']] as const) {
    const r = win(bad);
    assert.ok(!r.ok && r.problems[0]?.reason === reason, `${bad}: ${!r.ok && r.problems[0]?.reason}`);
  }
});

test('every field aggregate needs a field and every other one refuses it', () => {
  for (const agg of ['sum', 'mean', 'min', 'max', 'zscore', 'ratio_to_mean', 'distinct']) {
    const r = parseFeatureConfig(`features:\n  - {name: a, aggregate: ${agg}, key: customerId, window: 1m}`);
    assert.ok(!r.ok && r.problems[0]?.reason === 'field_required', agg);
  }
  for (const agg of ['count', 'since_last', 'first_seen']) {
    const r = parseFeatureConfig(`features:\n  - {name: a, aggregate: ${agg}, key: customerId, field: amount, window: 1m}`);
    assert.ok(!r.ok && r.problems[0]?.reason === 'field_not_allowed', agg);
  }
});

test('specs built in code are checked the same way', () => {
  assert.deepEqual(validateFeatureSpecs([{ name: 'ok', aggregate: 'count', key: 'customerId', windowMs: 60_000 }]), []);
  const problems = validateFeatureSpecs(
    [{ name: 'x', aggregate: 'count', key: 'customerId', windowMs: 60_500, eventTypes: ['wire'] }],
    { knownEventTypes: ['payment'] },
  );
  assert.deepEqual(problems.map((p) => `${p.path} ${p.reason}`), ['features[0].window window_range', 'features[0].eventTypes[0] event_type_unknown']);
});
