/** The password policy: each rule refuses what it should, and names itself. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPassword } from './password-policy.js';

const reasons = (pw: unknown, user = 'li.wei') => checkPassword(pw, user).map((p) => p.reason).sort();

test('a long, varied password passes', () => {
  assert.deepEqual(reasons('Tq7!vXr2#pLm9wZe'), []);
  assert.deepEqual(reasons('长城-Great-Wall-2026'), []);
});

test('each weakness is named, all at once', () => {
  assert.deepEqual(reasons('short1A!'), ['too_short']);
  assert.deepEqual(reasons('alllowercaseletters'), ['too_simple']);
  assert.deepEqual(reasons('Li.Wei-Secure-2026', 'li.wei'), ['contains_username']);
  assert.deepEqual(reasons('MyPassword-2026!'), ['common']);
  assert.deepEqual(reasons('Aaaaa-1234-Zq!x'), ['repetitive']);
  assert.deepEqual(reasons('x'.repeat(129)), ['repetitive', 'too_long', 'too_simple']);
  assert.deepEqual(reasons(12345678901234), ['type']);
});

test('problems carry both languages and the field', () => {
  const [p] = checkPassword('short', 'someone', 'newPassword');
  assert.equal(p!.field, 'newPassword');
  assert.ok(p!.message.zh && p!.message.en);
});
