/** Which backups fit this version's migrations, and which tables the migrations seed: table-driven. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MIGRATIONS } from '../../store/migrations/index.js';
import type { Migration } from '../../store/migrations/migration.js';
import { changesExistingRows, checkMigrations, seededTables } from './migration-compat.js';

const m = (id: number, up: string, name = `m${id}`): Migration => ({ id, name, up, down: '' });

test('what changes rows already there, and what only adds structure or seeds a new table', () => {
  const cases: Array<[string, boolean]> = [
    ['CREATE TABLE a (id text PRIMARY KEY);\nCREATE INDEX a_id ON a (id);', false],
    ['ALTER TABLE a ADD COLUMN b text;\nALTER TABLE a ADD COLUMN c integer NOT NULL DEFAULT 0;', false],
    ["CREATE TABLE s (k text PRIMARY KEY, n integer);\nINSERT INTO s (k, n) VALUES ('x', 1), ('y', 2);", false],
    ['-- update the docs, delete nothing\nCREATE TABLE a (id text);', false],
    ['ALTER TABLE a ALTER COLUMN b SET DEFAULT 1;\nALTER TABLE a ALTER COLUMN b SET NOT NULL;', false],
    ["UPDATE a SET b = 'x';", true],
    ['DELETE FROM a WHERE b IS NULL;', true],
    ['TRUNCATE a;', true],
    ["INSERT INTO old_table (k) VALUES ('x');", true],
    ['CREATE TABLE r (u text);\nINSERT INTO r (u) SELECT id FROM users;', true],
    ['ALTER TABLE a ALTER COLUMN b TYPE bigint;', true],
    ['ALTER TABLE a ALTER b SET DATA TYPE numeric;', true],
  ];
  for (const [up, expected] of cases) assert.equal(changesExistingRows(m(1, up)), expected, up);
  for (const known of MIGRATIONS) assert.equal(changesExistingRows(known), false, `${known.id} ${known.name} only adds`);
});

test('the tables the migrations seed', () => {
  assert.deepEqual([...seededTables([m(1, "CREATE TABLE s (k text);\nINSERT INTO s (k) VALUES ('x');"), m(2, 'CREATE TABLE t (k text);')])], ['s']);
  assert.ok(seededTables(MIGRATIONS).has('sla_policies'));
});

test('a backup fits when its migrations are known and those it lacks only add structure', () => {
  const known = [m(1, 'CREATE TABLE a (id text);'), m(2, 'ALTER TABLE a ADD COLUMN b text;'), m(3, 'CREATE TABLE c (id text);')];
  const cases: Array<[string, Array<{ id: number; name: string }>, string[] | string]> = [
    ['the same migrations', [{ id: 1, name: 'm1' }, { id: 2, name: 'm2' }, { id: 3, name: 'm3' }], []],
    ['an older backup', [{ id: 1, name: 'm1' }], ['m2', 'm3']],
    ['an unknown migration', [{ id: 1, name: 'm1' }, { id: 4, name: 'm4' }], 'BACKUP_TOO_NEW'],
    ['a migration of another name', [{ id: 1, name: 'other' }], 'BACKUP_INCOMPATIBLE'],
  ];
  for (const [name, backup, expected] of cases) {
    if (typeof expected === 'string') assert.throws(() => checkMigrations(backup, known), (e: { code: string }) => e.code === expected, name);
    else assert.deepEqual(checkMigrations(backup, known).map((x) => x.name), expected, name);
  }
  const rewriting = [...known, m(4, "UPDATE a SET b = 'x';")];
  assert.throws(() => checkMigrations([{ id: 1, name: 'm1' }], rewriting), (e: { code: string; note: string }) => e.code === 'BACKUP_INCOMPATIBLE' && e.note.includes('4 m4'));
  assert.deepEqual(checkMigrations(rewriting.map(({ id, name }) => ({ id, name })), rewriting), [], 'applied before the backup: its rows are in it');
});
