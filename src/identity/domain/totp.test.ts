/** TOTP against the RFC 6238 test vectors, drift, and replay. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptTotp, newTotpSecret, totpCode } from './totp.js';

// RFC 6238 Appendix B: the ASCII secret "12345678901234567890" (SHA-1). The RFC lists 8 digits;
// a 6-digit code is their last six (the truncation is modulo 10^digits).
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_VECTORS: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
];

test('codes match the RFC 6238 SHA-1 test vectors', () => {
  for (const [seconds, eight] of RFC_VECTORS) assert.equal(totpCode(RFC_SECRET, seconds * 1000), eight.slice(-6), `T=${seconds}`);
});

test('a code is accepted within one step of drift, not beyond', () => {
  const { secret } = newTotpSecret('drift');
  const at = 1_800_000_000_000;
  const code = totpCode(secret, at);
  assert.notEqual(acceptTotp(secret, code, at, null), null);
  assert.notEqual(acceptTotp(secret, code, at + 30_000, null), null, 'one step late');
  assert.notEqual(acceptTotp(secret, code, at - 30_000, null), null, 'one step early');
  assert.equal(acceptTotp(secret, code, at + 90_000, null), null, 'three steps late');
});

test('each time step is accepted once: a seen code cannot be replayed', () => {
  const { secret } = newTotpSecret('replay');
  const at = 1_800_000_000_000;
  const code = totpCode(secret, at);
  const step = acceptTotp(secret, code, at, null);
  assert.equal(step, Math.floor(at / 30_000));
  assert.equal(acceptTotp(secret, code, at + 1_000, step), null);
  assert.equal(acceptTotp(secret, totpCode(secret, at + 30_000), at + 30_000, step), step! + 1);
});

test('malformed codes are refused without throwing', () => {
  const { secret, uri } = newTotpSecret('shape');
  assert.match(uri, /^otpauth:\/\/totp\/fengkong:shape\?/);
  for (const bad of [undefined, null, 123456, '12345', '1234567', 'abcdef', ' 123456']) assert.equal(acceptTotp(secret, bad, Date.now(), null), null);
});
