import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountBatch, streamKey, type AccountedRecord } from './dq-accounting.js';

const ev = (over: Partial<AccountedRecord>): AccountedRecord => ({ source: 's', type: 'payment', status: 'stored', ordered: true, fields: ['id', 'amount'], ...over });

test('counts outcomes, fields and rejection reasons per stream', () => {
  const { deltas } = accountBatch(
    [ev({ occurredAtMs: 1 }), ev({ status: 'duplicate', occurredAtMs: 2 }), ev({ status: 'rejected', problems: [{ field: 'amount', reason: 'type' }] }), ev({ source: 't', occurredAtMs: 5, fields: ['id'] })],
    new Map(),
    1000,
  );
  const get = (source: string, metric: string, key = '') => deltas.find((d) => d.source === source && d.metric === metric && d.key === key)?.n ?? 0;
  assert.equal(get('s', 'received'), 3);
  assert.equal(get('s', 'stored'), 1);
  assert.equal(get('s', 'duplicate'), 1);
  assert.equal(get('s', 'rejected'), 1);
  assert.equal(get('s', 'rejected_reason', 'amount:type'), 1);
  assert.equal(get('s', 'field_present', 'amount'), 1, 'duplicates do not count towards completeness');
  assert.equal(get('t', 'field_present', 'id'), 1);
});

test('out of order against the watermark, late beyond the allowed lateness', () => {
  const wm = new Map([[streamKey('s', 'payment'), 10_000]]);
  const { deltas, marks } = accountBatch([ev({ occurredAtMs: 9_500 }), ev({ occurredAtMs: 8_000 }), ev({ occurredAtMs: 12_000 }), ev({ occurredAtMs: 11_500 })], wm, 1_000);
  const n = (metric: string) => deltas.find((d) => d.metric === metric)?.n ?? 0;
  assert.equal(n('out_of_order'), 3);
  assert.equal(n('late'), 1);
  assert.deepEqual(marks, [{ source: 's', recordType: 'payment', maxOccurredAtMs: 12_000 }]);
});

test('entity versions move the mark but are never out of order', () => {
  const { deltas } = accountBatch([ev({ type: 'customer', ordered: false, occurredAtMs: 5 }), ev({ type: 'customer', ordered: false, occurredAtMs: 1 })], new Map(), 0);
  assert.equal(deltas.find((d) => d.metric === 'out_of_order'), undefined);
});

test('counter rows come in one fixed order (no deadlocks between writers)', () => {
  const a = accountBatch([ev({ source: 'b' }), ev({ source: 'a' })], new Map(), 0).deltas;
  const keys = a.map((d) => `${d.source}|${d.recordType}|${d.metric}|${d.key}`);
  assert.deepEqual(keys, [...keys].sort());
});
