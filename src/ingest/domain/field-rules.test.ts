import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkNationalId, nationalIdCheckChar, normaliseCardNumber, normalisePhone, parseTimestamp } from './field-rules.js';

test('timestamps: offsets, fractions, leap years', () => {
  const cases: Array<[string, number | string]> = [
    ['2026-11-23T08:00:00+08:00', Date.parse('2026-11-23T00:00:00Z')],
    ['2026-11-23T08:00:00+0800', Date.parse('2026-11-23T00:00:00Z')],
    ['2026-11-23 08:00:00Z', Date.parse('2026-11-23T08:00:00Z')],
    ['2026-11-23T08:00:00.123456-05:30', Date.parse('2026-11-23T13:30:00.123Z')],
    ['2024-02-29T00:00:00Z', Date.parse('2024-02-29T00:00:00Z')],
    ['2023-02-29T00:00:00Z', 'impossible'],
    ['2026-04-31T00:00:00Z', 'impossible'],
    ['2026-11-23T23:60:00Z', 'impossible'],
    ['2026-11-23T08:00:00+15:00', 'impossible'],
    ['2026-11-23T08:00:00', 'offset_missing'],
    ['23/11/2026', 'format'],
  ];
  for (const [text, want] of cases) {
    const r = parseTimestamp(text);
    if (typeof want === 'number') assert.deepEqual(r, { ok: true, epochMs: want }, text);
    else assert.deepEqual(r, { ok: false, reason: want }, text);
  }
});

test('resident identity numbers: checksum (GB 11643) and birth date', () => {
  const body = '11010519491231002';
  const id = body + nationalIdCheckChar(body);
  assert.equal(id, '11010519491231002X');
  assert.deepEqual(checkNationalId(id.toLowerCase()), { ok: true, value: id });
  assert.deepEqual(checkNationalId('110105194912310021'), { ok: false, reason: 'checksum' });
  assert.deepEqual(checkNationalId('110105194913310021'), { ok: false, reason: 'impossible' });
  assert.deepEqual(checkNationalId('11010519491231'), { ok: false, reason: 'format' });
  assert.equal(checkNationalId('110105491231002').ok, true, '15-digit legacy id');
});

test('phones and card numbers normalise or refuse', () => {
  assert.equal(normalisePhone('+86 139 1234 5678'), '13912345678');
  assert.equal(normalisePhone('0086-13912345678'), '13912345678');
  assert.equal(normalisePhone('+44 20 7946 0958'), '+442079460958');
  assert.equal(normalisePhone('12912345678'), null);
  assert.equal(normaliseCardNumber('6222 0212 3456 7890 123'), '6222021234567890123');
  assert.equal(normaliseCardNumber('6222-0212'), null);
});
