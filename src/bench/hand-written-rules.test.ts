/** The bench's hand-written closures must cover the default pack, or `bench decide` cannot run. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { loadPack } from '../decisions/pack.js';
import { HAND_WRITTEN_RULES } from './hand-written-rules.js';

test('every rule of the default pack has a hand-written twin', () => {
  const pack = loadPack();
  const ids = [...pack.strategies.values()].flatMap((body) => (parse(body) as { rules: Array<{ id: string }> }).rules.map((r) => r.id));
  assert.ok(ids.length >= 40);
  assert.deepEqual(ids.filter((id) => !(id in HAND_WRITTEN_RULES)), []);
});
