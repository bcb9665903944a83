/** Mapping a backup onto the target's tables, and the order tables are written in: table-driven. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CatalogTable, dependencyOrder, planRestore } from './restore-plan.js';

test('referenced tables come first; otherwise name order; a cycle does not hang', () => {
  const cases: Array<[string, string[], Array<{ from: string; to: string }>, string[]]> = [
    ['no references', ['c', 'a', 'b'], [], ['a', 'b', 'c']],
    ['a chain', ['sessions', 'users', 'api_keys'], [{ from: 'sessions', to: 'users' }, { from: 'users', to: 'api_keys' }], ['api_keys', 'users', 'sessions']],
    ['self reference', ['a'], [{ from: 'a', to: 'a' }], ['a']],
    ['a cycle', ['x', 'y', 'z'], [{ from: 'x', to: 'y' }, { from: 'y', to: 'x' }], ['z', 'x', 'y']],
    ['a reference outside the schema', ['a'], [{ from: 'a', to: 'elsewhere' }], ['a']],
  ];
  for (const [name, tables, refs, expected] of cases) assert.deepEqual(dependencyOrder(tables, refs), expected, name);
});

test("the backup's columns, typed as the target declares them; a missing table or column is refused by name", () => {
  const target: CatalogTable[] = [{ name: 'customers', columns: [{ name: 'id', type: 'text' }, { name: 'data', type: 'jsonb' }, { name: 'added_later', type: 'text' }], generated: ['phone_hash'] }];
  const plan = planRestore([{ name: 'customers', rows: 1, columns: [{ name: 'data', type: 'json' }, { name: 'id', type: 'text' }] }], target);
  assert.deepEqual(plan, [{ table: 'customers', columns: [{ name: 'data', type: 'jsonb' }, { name: 'id', type: 'text' }] }]);
  const refused: Array<[string, Parameters<typeof planRestore>[0], string]> = [
    ['no such table', [{ name: 'gone', rows: 0, columns: [] }], 'table gone'],
    ['no such column', [{ name: 'customers', rows: 0, columns: [{ name: 'dropped', type: 'text' }] }], 'customers.dropped does not exist'],
    ['a generated column', [{ name: 'customers', rows: 0, columns: [{ name: 'phone_hash', type: 'text' }] }], 'customers.phone_hash is generated'],
  ];
  for (const [name, backup, note] of refused) {
    assert.throws(() => planRestore(backup, target), (e: { code: string; note: string }) => e.code === 'BACKUP_INCOMPATIBLE' && e.note.includes(note), name);
  }
});
