import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mask } from './domain/mask.js';
import { newKeyFileText, parseKeyFile } from './keyring.js';
import { PiiVault } from './pii-vault.js';

test('masks each kind of C2 value', () => {
  assert.equal(mask('nationalId', '110105194912310021'), '110***********0021');
  assert.equal(mask('phone', '13912345678'), '139****5678');
  assert.equal(mask('cardNumber', '6222021234567890123'), '6222***********0123');
  assert.equal(mask('name', '欧阳修'), '欧**');
  assert.equal(mask('name', '李'), '*');
  assert.equal(mask('email', 'wang@example.cn'), 'w***@example.cn');
  assert.equal(mask('amount', 123456), '****');
});

test('encrypts with a fresh IV, decrypts, and refuses tampering or a swapped key id', () => {
  const vault = new PiiVault(parseKeyFile(newKeyFileText()));
  const a = vault.encrypt('110105194912310021');
  const b = vault.encrypt('110105194912310021');
  assert.notEqual(a, b, 'same value, different ciphertext');
  assert.equal(vault.decrypt(a), '110105194912310021');
  assert.ok(a.startsWith('k1.'));
  const parts = a.split('.');
  const flipped = [parts[0], parts[1], Buffer.from('x' + Buffer.from(parts[2]!, 'base64url').toString('latin1').slice(1), 'latin1').toString('base64url'), parts[3]].join('.');
  assert.throws(() => vault.decrypt(flipped));
  assert.throws(() => vault.decrypt(`k9.${parts.slice(1).join('.')}`), /PII_KEY_UNKNOWN/);
});

test('keyed hashes are equal for equal values and differ across keyrings', () => {
  const v1 = new PiiVault(parseKeyFile(newKeyFileText()));
  const v2 = new PiiVault(parseKeyFile(newKeyFileText()));
  assert.equal(v1.hash('13912345678'), v1.hash('13912345678'));
  assert.notEqual(v1.hash('13912345678'), v2.hash('13912345678'));
});

test('a keyring with a missing active key or a short key is refused', () => {
  assert.throws(() => parseKeyFile(JSON.stringify({ active: 'k2', keys: { k1: Buffer.alloc(32).toString('base64') }, index: Buffer.alloc(32).toString('base64') })), /CONFIG_INVALID/);
  assert.throws(() => parseKeyFile(JSON.stringify({ active: 'k1', keys: { k1: Buffer.alloc(16).toString('base64') }, index: Buffer.alloc(32).toString('base64') })), /CONFIG_INVALID/);
});

test('a reloaded keyring seals under its new active key and still opens the old values', () => {
  const text = newKeyFileText();
  const file = JSON.parse(text) as { active: string; keys: Record<string, string>; index: string };
  const vault = new PiiVault(parseKeyFile(text));
  const old = vault.encrypt({ n: 1 });
  const h = vault.hash('13912345678');
  vault.reload(parseKeyFile(JSON.stringify({ ...file, active: 'k2', keys: { ...file.keys, k2: Buffer.alloc(32, 7).toString('base64') } })));
  assert.equal(vault.activeKeyId, 'k2');
  assert.ok(vault.encrypt('x').startsWith('k2.'));
  assert.deepEqual(vault.decrypt(old), { n: 1 });
  const again = vault.reencrypt(old);
  assert.ok(again.startsWith('k2.'));
  assert.deepEqual(vault.decrypt(again), { n: 1 });
  assert.equal(vault.hash('13912345678'), h, 'hashes do not change');
});

test('a reload that changes the index key or drops or alters a data key is refused', () => {
  const text = newKeyFileText();
  const file = JSON.parse(text) as { active: string; keys: Record<string, string>; index: string };
  const vault = new PiiVault(parseKeyFile(text));
  const k2 = Buffer.alloc(32, 7).toString('base64');
  const variants = [
    { ...file, index: Buffer.alloc(32, 1).toString('base64') },
    { ...file, active: 'k2', keys: { k2 } },
    { ...file, keys: { k1: Buffer.alloc(32, 2).toString('base64') } },
  ];
  for (const v of variants) assert.throws(() => vault.reload(parseKeyFile(JSON.stringify(v))), /CONFIG_INVALID/);
  assert.equal(vault.activeKeyId, 'k1');
});

test('an unknown key id asks the reload hook once before giving up', () => {
  const text = newKeyFileText();
  const file = JSON.parse(text) as { active: string; keys: Record<string, string>; index: string };
  const newer = parseKeyFile(JSON.stringify({ ...file, active: 'k2', keys: { ...file.keys, k2: Buffer.alloc(32, 7).toString('base64') } }));
  const sealedElsewhere = new PiiVault(newer).encrypt('secret');
  const vault = new PiiVault(parseKeyFile(text));
  let asked = 0;
  vault.onUnknownKey = () => {
    asked++;
    vault.reload(newer);
    return true;
  };
  assert.equal(vault.decrypt(sealedElsewhere), 'secret');
  assert.equal(asked, 1);
  vault.onUnknownKey = () => false;
  assert.throws(() => vault.decrypt(`k7.${sealedElsewhere.split('.').slice(1).join('.')}`), /PII_KEY_UNKNOWN/);
});
