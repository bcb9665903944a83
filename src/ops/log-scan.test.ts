/** The log scanner finds each kind of secret and personal value, and passes ordinary log lines. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardNumber, nationalId, phone } from '../test-support/records.js';
import { scanText, validNationalId } from './log-scan.js';

const kinds = (text: string, known: string[] = []) => scanText(text, known).map((f) => f.kind);

test('national ID check digit (GB 11643)', () => {
  assert.equal(validNationalId('11010519491231002X'), true);
  assert.equal(validNationalId('110105194912310021'), false);
});

test('each kind is found, and the report does not repeat the value', () => {
  const id = nationalId(7);
  assert.deepEqual(kinds(`{"msg":"x","who":"${id}"}`), ['national_id']);
  assert.deepEqual(kinds(`card ${cardNumber(3)} used`), ['card_number']);
  assert.deepEqual(kinds(`phone ${phone(5)}`), ['phone']);
  assert.deepEqual(kinds('call +86 139-1234-5678 now'), ['phone']);
  assert.deepEqual(kinds('Bearer fk_0123456789abcdef_' + 'a'.repeat(43)), ['api_key']);
  assert.deepEqual(kinds('cookie fks_' + 'Zz9_-'.repeat(9)), ['session_token']);
  assert.deepEqual(kinds('secret JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'), ['totp_secret']);
  assert.deepEqual(kinds('pw Sup3r-Secret!', ['Sup3r-Secret!']), ['known_secret']);
  const f = scanText(`a\nb ${id}`)[0]!;
  assert.deepEqual([f.line, f.column], [2, 3]);
  assert.ok(!JSON.stringify(f).includes(id));
});

test('ordinary log lines pass', () => {
  const line = JSON.stringify({ level: 30, time: '2026-11-23T08:00:00.000Z', pid: 12345, reqId: 'req-1a', route: '/v1/decisions', status: 200, ms: 0.4, recovered: 1234567890123, seq: 17, hash: 'aGVsbG8td29ybGQtdGhpcy1pcy1hLWhhc2g' });
  assert.deepEqual(kinds(line), []);
  assert.deepEqual(kinds('{"msg":"masked","phone":"139****5678","nationalId":"110***********002X"}'), []);
});
