/** Table-driven tests of record validation and normalisation. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { customer, payment } from '../../test-support/records.js';
import { validateRecord } from './validate-record.js';

const now = Date.parse('2026-11-23T00:00:00Z');

const rejected: Array<[string, unknown, Array<[string, string]>]> = [
  ['not an object', [1, 2], [['', 'not_object']]],
  ['missing type', { id: 'x' }, [['type', 'required']]],
  ['unknown type', { id: 'x', type: 'teleport' }, [['type', 'unknown_type']]],
  ['decimal amount', payment({ amount: 12.5 }), [['amount', 'not_integer']]],
  ['string amount', payment({ amount: '1250' }), [['amount', 'type']]],
  ['zero amount', payment({ amount: 0 }), [['amount', 'too_small']]],
  ['huge amount', payment({ amount: 2e15 }), [['amount', 'too_large']]],
  ['unknown currency', payment({ currency: 'ABC' }), [['currency', 'currency']]],
  ['no offset', payment({ occurredAt: '2026-11-20T10:15:00' }), [['occurredAt', 'timestamp_offset_missing']]],
  ['impossible date', payment({ occurredAt: '2026-02-29T10:15:00+08:00' }), [['occurredAt', 'timestamp_impossible']]],
  ['hour 25', payment({ occurredAt: '2026-02-20T25:15:00+08:00' }), [['occurredAt', 'timestamp_impossible']]],
  ['not a timestamp', payment({ occurredAt: 'yesterday' }), [['occurredAt', 'timestamp_format']]],
  ['future', payment({ occurredAt: '2026-11-24T00:00:00Z' }), [['occurredAt', 'timestamp_out_of_range']]],
  ['ancient', payment({ occurredAt: '1970-01-02T00:00:00Z' }), [['occurredAt', 'timestamp_out_of_range']]],
  ['bad ip', payment({ ip: '300.1.1.1' }), [['ip', 'ip']]],
  ['unknown field', payment({ colour: 'red' }), [['colour', 'unknown_field']]],
  ['empty id', payment({ id: '   ' }), [['id', 'too_short']]],
  ['enum', { ...payment(), type: 'login', success: true, method: 'telepathy', amount: undefined, currency: undefined, accountId: undefined, merchantId: undefined }, [['method', 'enum']]],
  ['C3 nested', payment({ attributes: { cardCvv2: 'x', cvv2: '123' } }), [['attributes.cvv2', 'c3_refused']]],
  ['C3 expiry', customer(1, { expiryDate: '12/28' }), [['expiryDate', 'c3_refused']]],
  ['national id checksum', customer(1, { nationalId: '110105196001010010' }), [['nationalId', 'national_id_checksum']]],
  ['national id birth date', customer(1, { nationalId: '110105196013010015' }), [['nationalId', 'national_id_impossible']]],
  ['bad phone', customer(1, { phone: '12345' }), [['phone', 'phone']]],
  ['several problems at once', payment({ amount: 'x', currency: 'cnyy', merchantId: undefined }), [['merchantId', 'required'], ['amount', 'type'], ['currency', 'too_long']]],
];

for (const [name, input, expected] of rejected) {
  test(`refuses: ${name}`, () => {
    const r = validateRecord(input, { now });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(
      r.problems.map((p) => [p.field, p.reason]).sort(),
      [...expected].sort(),
    );
    for (const p of r.problems) {
      assert.ok(p.message.zh.length > 0 && p.message.en.length > 0, 'bilingual message');
    }
  });
}

test('normalises: trimmed ids, UTC timestamps, upper-case currency, phone without +86', () => {
  const r = validateRecord(payment({ id: '  ev-9 ', customerId: ' c-1\t', currency: 'cny', occurredAt: '2026-11-20T10:15:00.5+08:00' }), { now });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.record.id, 'ev-9');
  assert.equal(r.record.customerId, 'c-1');
  assert.equal(r.record.data.currency, 'CNY');
  assert.equal(r.record.data.occurredAt, '2026-11-20T02:15:00.500Z');
  assert.equal(r.record.occurredAtMs, Date.parse('2026-11-20T02:15:00.500Z'));
  const c = validateRecord(customer(3, { phone: '+86 139-1234-5678', nationalId: customer(3).nationalId }), { now });
  assert.ok(c.ok && c.record.data.phone === '13912345678');
});

test('expected type and kind are enforced', () => {
  const p = payment();
  const wrongType = validateRecord(p, { now, expectedType: 'login' });
  assert.ok(!wrongType.ok && wrongType.problems[0]!.reason === 'type_mismatch');
  const { type: _t, ...untyped } = p;
  assert.ok(validateRecord(untyped, { now, expectedType: 'payment' }).ok, 'type taken from --type');
  const wrongKind = validateRecord(customer(1), { now, expectedKind: 'event' });
  assert.ok(!wrongKind.ok && wrongKind.problems[0]!.field === 'type');
});

test('error messages never contain the offending value', () => {
  const secret = '110105196001010010';
  const r = validateRecord(customer(1, { nationalId: secret, phone: 'x13912345678' }), { now });
  assert.ok(!r.ok);
  assert.ok(!JSON.stringify(r).includes(secret.slice(6)));
});

test('a due date may lie in the future; when the event happened may not', () => {
  const repayment = { id: 'r1', type: 'repayment', occurredAt: '2026-11-20T10:00:00+08:00', customerId: 'c1', amount: 100, currency: 'CNY', loanId: 'l1', dueAt: '2027-03-01T00:00:00+08:00' };
  const ok = validateRecord(repayment, { now });
  assert.ok(ok.ok);
  const late = validateRecord({ ...repayment, dueAt: '2150-01-01T00:00:00Z' }, { now });
  assert.ok(!late.ok && late.problems.some((p) => p.field === 'dueAt' && p.reason === 'timestamp_out_of_range'));
});

test('a __proto__ field is refused as an unknown field, not merged into the record', () => {
  const raw = JSON.parse(`{"__proto__": {"isAdmin": true}, ${JSON.stringify(payment()).slice(1)}`);
  const r = validateRecord(raw, { now });
  assert.ok(!r.ok && r.problems.some((p) => p.field === '__proto__' && p.reason === 'unknown_field'), JSON.stringify(r));
});

test('a NUL character anywhere is refused naming the field (the store cannot hold it)', () => {
  const r = validateRecord(payment({ merchantId: 'm\u0000x', attributes: { note: ['ok', 'b\u0000d'] } }), { now: Date.now() });
  assert.equal(r.ok, false);
  assert.deepEqual(!r.ok && r.problems.map((p) => [p.field, p.reason]), [
    ['merchantId', 'control_character'],
    ['attributes.note[1]', 'control_character'],
  ]);
});

test('C3 data is named before NUL characters, in field order, at any depth; a NUL in a name is shown escaped', () => {
  const both = validateRecord(payment({ merchantId: 'm\u0000x', attributes: { pin: '1234', note: 'a\u0000' }, cvv: '123' }), { now: Date.now() });
  assert.deepEqual(!both.ok && [both.c3, both.problems.map((p) => [p.field, p.reason])], [true, [['attributes.pin', 'c3_refused'], ['cvv', 'c3_refused']]]);
  const named = validateRecord({ ...payment(), ['bad\u0000name']: 1 }, { now: Date.now() });
  assert.deepEqual(!named.ok && [named.c3, named.problems.map((p) => [p.field, p.reason])], [false, [['bad\\u0000name', 'control_character']]]);
});

test('an unpaired surrogate anywhere is refused naming the field (no UTF-8 form to store)', () => {
  const r = validateRecord(payment({ merchantId: 'm\ud800x', attributes: { note: ['ok', '\udfffb'] } }), { now: Date.now() });
  assert.deepEqual(!r.ok && r.problems.map((p) => [p.field, p.reason]), [
    ['merchantId', 'malformed_unicode'],
    ['attributes.note[1]', 'malformed_unicode'],
  ]);
  const badId = validateRecord(payment({ id: 'ev-\ud83d' }), { now: Date.now() });
  assert.deepEqual(!badId.ok && [badId.id, badId.problems.map((p) => [p.field, p.reason])], [null, [['id', 'malformed_unicode']]]);
  const named = validateRecord({ ...payment(), ['k\udc00']: 'v' }, { now: Date.now() });
  assert.deepEqual(!named.ok && named.problems.map((p) => [p.field, p.reason]), [['k\ufffd', 'malformed_unicode']]);
  const paired = validateRecord(payment({ attributes: { emoji: '😀' } }), { now: Date.now() });
  assert.equal(paired.ok, true, 'a surrogate pair is ordinary text');
});
