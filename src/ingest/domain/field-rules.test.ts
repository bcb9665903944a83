import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isIP } from 'node:net';
import { checkNationalId, isIpAddress, nationalIdCheckChar, normaliseCardNumber, normalisePhone, parseTimestamp, parseTimestampByPattern } from './field-rules.js';

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

test('the character scan of timestamps agrees with the pattern on valid, broken and random texts', () => {
  // Pieces that combine into well-formed, impossible and malformed timestamps.
  const pick = <T>(xs: readonly T[], r: () => number) => xs[Math.floor(r() * xs.length)]!;
  let seed = 42;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const years = ['2026', '2024', '1990', '0050', '9999', '202', '20261'];
  const two = ['00', '01', '02', '09', '12', '13', '23', '24', '28', '29', '30', '31', '59', '60', '99', '1', 'a1'];
  const seps = ['T', ' ', 't', '_'];
  const fracs = ['', '.', '.1', '.12', '.123', '.1234', '.999999999', '.1234567890', '.5a'];
  const offs = ['Z', 'z', '+08:00', '+0800', '+08', '-05:30', '-0530', '+14:00', '+15:00', '+08:60', '+8:00', '+08:0', '+08:000', '', ' ', 'Z ', 'UTC'];
  let checked = 0;
  for (let n = 0; n < 50_000; n++) {
    const secs = rand() < 0.2 ? '' : `:${pick(two, rand)}`;
    let text = `${pick(years, rand)}-${pick(two, rand)}-${pick(two, rand)}${pick(seps, rand)}${pick(two, rand)}:${pick(two, rand)}${secs}${secs ? pick(fracs, rand) : ''}${pick(offs, rand)}`;
    if (rand() < 0.1) {
      // A random edit: a character dropped, doubled or replaced.
      const at = Math.floor(rand() * text.length);
      const op = rand();
      text = op < 0.33 ? text.slice(0, at) + text.slice(at + 1) : op < 0.66 ? text.slice(0, at) + text[at] + text.slice(at) : text.slice(0, at) + pick(['9', ':', '-', 'x', '+'], rand) + text.slice(at + 1);
    }
    assert.deepEqual(parseTimestamp(text), parseTimestampByPattern(text), text);
    checked++;
  }
  assert.equal(checked, 50_000);
});

test('IP addresses: the dotted-quad scan never accepts what node:net refuses', () => {
  let seed = 7;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const parts = ['0', '1', '9', '10', '01', '001', '99', '100', '199', '255', '256', '300', '1000', '', 'a', '-1', ' 1'];
  for (let n = 0; n < 20_000; n++) {
    const count = 3 + Math.floor(rand() * 3);
    const text = Array.from({ length: count }, () => parts[Math.floor(rand() * parts.length)]).join(rand() < 0.95 ? '.' : ':');
    assert.equal(isIpAddress(text), isIP(text) !== 0, text);
  }
  for (const v6 of ['::1', '2001:db8::8a2e:370:7334', '::ffff:192.168.0.1']) assert.equal(isIpAddress(v6), true, v6);
});
