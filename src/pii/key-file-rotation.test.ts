import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../test-support/stores.js';
import { nextKeyId, rotateKeyFile } from './key-file-rotation.js';
import { type KeyFile, newKeyFileText, parseKeyFile } from './keyring.js';
import { PiiVault } from './pii-vault.js';

test('the next key id follows the highest k<n>', () => {
  for (const [ids, next] of [
    [['k1'], 'k2'],
    [['k1', 'k2'], 'k3'],
    [['k2', 'k10'], 'k11'],
    [['main'], 'k1'],
    [['main', 'k1'], 'k2'],
    [[], 'k1'],
  ] as const) {
    assert.equal(nextKeyId(ids), next, ids.join(','));
  }
});

function keyFile(): { dir: string; file: string } {
  const dir = tempDir('keyfile');
  const file = join(dir, 'keys.json');
  writeFileSync(file, newKeyFileText(), { mode: 0o600 });
  return { dir, file };
}

test('rotation adds a fresh active key, keeps every old key and the index key, mode 0600, no temp file left', () => {
  const { dir, file } = keyFile();
  try {
    const before = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
    const first = rotateKeyFile(file);
    const second = rotateKeyFile(file);
    assert.deepEqual([first.previousKeyId, first.keyId, second.previousKeyId, second.keyId], ['k1', 'k2', 'k2', 'k3']);
    const after = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
    assert.equal(after.active, 'k3');
    assert.deepEqual(Object.keys(after.keys).sort(), ['k1', 'k2', 'k3']);
    assert.equal(after.keys.k1, before.keys.k1, 'old key unchanged');
    assert.equal(after.index, before.index, 'index key never rotates');
    assert.notEqual(after.keys.k2, after.keys.k3);
    assert.equal(Buffer.from(after.keys.k3!, 'base64').length, 32);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['keys.json'], 'no temp or lock file left behind');
    // What was sealed under k1 still opens with the rotated keyring; new values go under k3.
    const sealed = new PiiVault(parseKeyFile(JSON.stringify(before))).encrypt('13912345678');
    const rotated = new PiiVault(second.keyring);
    assert.equal(rotated.decrypt(sealed), '13912345678');
    assert.ok(rotated.encrypt('x').startsWith('k3.'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a rotation while another holds the key file lock is refused, and the file is untouched', () => {
  const { dir, file } = keyFile();
  try {
    const before = readFileSync(file, 'utf8');
    writeFileSync(`${file}.lock`, String(process.pid)); // a live holder: this process
    assert.throws(() => rotateKeyFile(file), /PII_KEY_ROTATION_BUSY/);
    assert.equal(readFileSync(file, 'utf8'), before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an invalid key file is not rewritten', () => {
  const { dir, file } = keyFile();
  try {
    writeFileSync(file, '{"active":"k1","keys":{}}');
    assert.throws(() => rotateKeyFile(file), /CONFIG_INVALID/);
    assert.equal(readFileSync(file, 'utf8'), '{"active":"k1","keys":{}}');
    assert.deepEqual(readdirSync(dir), ['keys.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a key file behind a symlink (a mounted secret) is replaced where it really is; the link stays', () => {
  const { dir, file } = keyFile();
  try {
    mkdirSync(join(dir, 'conf'));
    const link = join(dir, 'conf', 'keys.json');
    symlinkSync(file, link);
    assert.equal(rotateKeyFile(link).keyId, 'k2');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as KeyFile).active, 'k2');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
