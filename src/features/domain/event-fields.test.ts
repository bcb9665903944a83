import assert from 'node:assert/strict';
import { test } from 'node:test';
import { numericValue, readPath, scalarIdentity, splitPath } from './event-fields.js';

test('dotted paths', () => {
  const fields = { customerId: 'c1', attributes: { result: 'pass', nested: { n: 1 } }, list: [1] };
  const table: Array<[string, unknown]> = [
    ['customerId', 'c1'],
    ['attributes.result', 'pass'],
    ['attributes.nested.n', 1],
    ['attributes.missing', undefined],
    ['customerId.length', undefined],
    ['nothing.at.all', undefined],
  ];
  for (const [path, expected] of table) assert.equal(readPath(fields, splitPath(path)), expected, path);
});

test('numbers and scalar identities', () => {
  const numbers: Array<[unknown, number | null]> = [[12, 12], [-1.5, -1.5], ['12', null], [Number.NaN, null], [Infinity, null], [true, null], [null, null]];
  for (const [v, expected] of numbers) assert.equal(numericValue(v), expected, String(v));
  const ids: Array<[unknown, string | null]> = [['d1', 'd1'], ['', null], [42, '42'], [true, 'true'], [null, null], [undefined, null], [{}, null], [Number.NaN, null]];
  for (const [v, expected] of ids) assert.equal(scalarIdentity(v), expected, String(v));
});
