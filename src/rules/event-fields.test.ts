import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Type } from '@sinclair/typebox';
import { celTypeOf, eventFields } from './event-fields.js';
import { lineColumn } from './rule-positions.js';

test('schema types map to CEL types', () => {
  const table: Array<[unknown, string]> = [
    [Type.String(), 'string'],
    [Type.Integer(), 'int'],
    [Type.Number(), 'double'],
    [Type.Boolean(), 'bool'],
    [Type.Literal('payment'), 'string'],
    [Type.Union([Type.Literal('M'), Type.Literal('F')]), 'string'],
    [Type.Union([Type.Literal(1), Type.Literal(2)]), 'int'],
    [Type.Union([Type.String(), Type.Integer()]), 'dyn'],
    [Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])), 'map<string, dyn>'],
    [Type.Array(Type.String()), 'dyn'],
  ];
  for (const [schema, cel] of table) assert.equal(celTypeOf(schema as never), cel, JSON.stringify(schema));
});

test('one event type: its fields, optional ones marked', () => {
  const fields = new Map(eventFields(['login']).map((f) => [f.name, f]));
  assert.deepEqual(fields.get('success'), { name: 'success', type: 'bool', optional: false });
  assert.deepEqual(fields.get('deviceId'), { name: 'deviceId', type: 'string', optional: true });
  assert.deepEqual(fields.get('attributes'), { name: 'attributes', type: 'map<string, dyn>', optional: true });
  assert.equal(fields.has('amount'), false);
});

test('several event types: the union, a field missing from one type is optional', () => {
  const fields = new Map(eventFields(['payment', 'transfer']).map((f) => [f.name, f]));
  assert.deepEqual(fields.get('amount'), { name: 'amount', type: 'int', optional: false });
  assert.deepEqual(fields.get('merchantId'), { name: 'merchantId', type: 'string', optional: true });
  assert.deepEqual(fields.get('counterpartyId'), { name: 'counterpartyId', type: 'string', optional: true });
});

test('a field typed differently by two event types becomes dyn', () => {
  const schemas = {
    a: Type.Object({ code: Type.String(), n: Type.Integer() }),
    b: Type.Object({ code: Type.Integer(), n: Type.Integer() }),
  };
  const fields = eventFields(['a', 'b'], schemas);
  assert.deepEqual(fields, [
    { name: 'code', type: 'dyn', optional: false },
    { name: 'n', type: 'int', optional: false },
  ]);
});

test('an unknown event type is refused', () => {
  assert.throws(() => eventFields(['refund']), /unknown event type/);
  assert.throws(() => eventFields(['toString']), /unknown event type/);
});

test('lineColumn counts lines from 1 and columns in characters', () => {
  const text = 'a &&\n  b == "风控😀" &&\n  c';
  assert.deepEqual(lineColumn(text, 0), { line: 1, column: 1 });
  assert.deepEqual(lineColumn(text, 5), { line: 2, column: 1 });
  assert.deepEqual(lineColumn(text, text.indexOf('&&', 6)), { line: 2, column: 14 });
  assert.deepEqual(lineColumn(text, text.length - 1), { line: 3, column: 3 });
  assert.deepEqual(lineColumn(text, 10_000), lineColumn(text, text.length));
});
