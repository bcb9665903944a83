import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdFilter } from './id-filter.js';

test('an added id is always found, across growth', () => {
  const f = new IdFilter(1_000);
  for (let i = 0; i < 50_000; i++) f.add(`ev-${i}`);
  assert.equal(f.size, 50_000);
  for (let i = 0; i < 50_000; i++) assert.ok(f.mightHave(`ev-${i}`), `ev-${i}`);
});

test('ids never added are rarely reported (about the configured 1%)', () => {
  const f = new IdFilter(1_000);
  for (let i = 0; i < 50_000; i++) f.add(`ev-${i}`);
  let fp = 0;
  for (let i = 0; i < 100_000; i++) if (f.mightHave(`other-${i}`)) fp++;
  assert.ok(fp / 100_000 < 0.015, `false-positive rate ${fp / 100_000}`);
  assert.ok(!new IdFilter().mightHave('x'), 'an empty filter has nothing');
});
