import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { checkDemoOptions, demoRecords } from './demo-records.js';
import { validateRecord } from '../ingest/domain/validate-record.js';

const opts = { customers: 300, days: 20, seed: 7, start: '2026-09-01' };

function digest(o: typeof opts): string {
  const h = createHash('sha256');
  for (const line of demoRecords(o)) h.update(`${line.file}\t${JSON.stringify(line.record)}\n`);
  return h.digest('hex');
}

test('the same seed gives the same data set, another seed a different one', () => {
  assert.equal(digest(opts), digest(opts));
  assert.notEqual(digest(opts), digest({ ...opts, seed: 8 }));
});

test('every record passes the platform validation; events are in time order with unique ids', () => {
  const ids = new Set<string>();
  const customers = new Set<string>();
  let last = -Infinity;
  const labels: Array<Record<string, unknown>> = [];
  const types = new Set<string>();
  const windowStart = Date.parse('2026-09-01T00:00:00+08:00');
  const windowEnd = windowStart + 20 * 86_400_000;
  for (const { file, record } of demoRecords(opts)) {
    if (file === 'labels') {
      labels.push(record);
      continue;
    }
    const v = validateRecord(record, { now: windowEnd, maxFutureSkewMs: 0 });
    assert.ok(v.ok, `${JSON.stringify(record)} → ${JSON.stringify(!v.ok && v.problems)}`);
    if (file === 'customers') customers.add(record.id as string);
    if (file !== 'events') continue;
    const at = Date.parse(record.occurredAt as string);
    assert.ok(at >= last, `out of order: ${record.id}`);
    assert.ok(at < windowEnd);
    assert.match(record.occurredAt as string, /\+08:00$/);
    last = at;
    assert.ok(!ids.has(record.id as string), `duplicate id ${record.id}`);
    ids.add(record.id as string);
    types.add(record.type as string);
    if (record.customerId) assert.ok(customers.has(record.customerId as string), `unknown customer ${record.customerId}`);
  }
  assert.equal(customers.size, 300);
  for (const t of ['registration', 'login', 'payment', 'transfer', 'withdrawal', 'top_up', 'loan_application', 'loan_disbursement', 'repayment', 'custody_statement', 'complaint']) {
    assert.ok(types.has(t), `no ${t} event`);
  }
  // Every labelled event exists; every pattern and both credit outcomes are present.
  const patterns = new Set<string>();
  let defaulted = 0;
  let performing = 0;
  for (const l of labels) {
    if (l.kind === 'fraud') {
      patterns.add(l.pattern as string);
      assert.ok(ids.has(l.eventId as string), `label for unknown event ${l.eventId}`);
    } else if (l.kind === 'credit') {
      if (l.defaulted) defaulted++;
      else performing++;
    }
  }
  assert.deepEqual([...patterns].sort(), ['account_takeover', 'card_testing', 'identity_fraud', 'mule', 'shared_device']);
  assert.ok(defaulted > 0 && performing > defaulted, `credit labels: ${defaulted} defaulted, ${performing} performing`);
  assert.ok(labels.some((l) => l.kind === 'custody'));
});

test('card testing is a burst of small payments; a device farm puts many customers on one device', () => {
  const testing: Array<Record<string, unknown>> = [];
  const farm = new Map<string, Set<string>>();
  const byId = new Map<string, Record<string, unknown>>();
  const fraud = new Map<string, string>();
  for (const { file, record } of demoRecords(opts)) {
    if (file === 'events') byId.set(record.id as string, record);
    if (file === 'labels' && record.kind === 'fraud') fraud.set(record.eventId as string, record.pattern as string);
  }
  for (const [id, pattern] of fraud) {
    const e = byId.get(id)!;
    if (pattern === 'card_testing') testing.push(e);
    if (pattern === 'shared_device') farm.set(e.deviceId as string, (farm.get(e.deviceId as string) ?? new Set()).add(e.customerId as string));
  }
  const small = testing.filter((e) => (e.amount as number) < 1_000);
  assert.ok(small.length >= 10, `${small.length} small card-testing payments`);
  const span = Date.parse(small.at(-1)!.occurredAt as string) - Date.parse(small[0]!.occurredAt as string);
  assert.ok(span < 30 * 60_000, `burst spans ${span} ms`);
  assert.ok([...farm.values()].some((s) => s.size >= 3));
});

test('bad options are refused naming the option', () => {
  assert.throws(() => checkDemoOptions({ customers: 5, days: 10, seed: 1 }), /customers/);
  assert.throws(() => checkDemoOptions({ customers: 100, days: 0, seed: 1 }), /days/);
  assert.throws(() => checkDemoOptions({ customers: 100, days: 10, seed: -1 }), /seed/);
  assert.throws(() => checkDemoOptions({ customers: 100, days: 10, seed: 1, start: '2026-02-30' }), /start/);
});
