import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchLoader } from './batch-loader.js';

test('look-ups in one turn share one call; each gets its own answer', async () => {
  const calls: number[][] = [];
  const loader = new BatchLoader<number, string | null>(async (keys) => {
    calls.push(keys);
    return new Map(keys.filter((k) => k % 2 === 0).map((k) => [k, `v${k}`]));
  }, null);
  const answers = await Promise.all([1, 2, 3, 4, 2].map((k) => loader.load(k)));
  assert.deepEqual(answers, [null, 'v2', null, 'v4', 'v2']);
  assert.deepEqual(calls, [[1, 2, 3, 4]]);
  assert.equal(await loader.load(6), 'v6');
  assert.equal(calls.length, 2);
});

test('a failed call rejects exactly its waiters; the next batch goes on', async () => {
  let fail = true;
  const loader = new BatchLoader<string, boolean>(async (keys) => {
    if (fail) throw new Error('store down');
    return new Map(keys.map((k) => [k, true]));
  }, false);
  await assert.rejects(Promise.all([loader.load('a'), loader.load('b')]), /store down/);
  fail = false;
  assert.equal(await loader.load('a'), true);
});

test('a full batch is sent at once', async () => {
  const sizes: number[] = [];
  const loader = new BatchLoader<number, boolean>(async (keys) => {
    sizes.push(keys.length);
    return new Map();
  }, false, 3);
  await Promise.all([1, 2, 3, 4, 5].map((k) => loader.load(k)));
  assert.deepEqual(sizes, [3, 2]);
});
