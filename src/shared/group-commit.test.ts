import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GroupCommitter, QueueFullError } from './group-commit.js';

test('concurrent submissions share flushes and each gets its own results in order', async () => {
  const flushes: number[][] = [];
  const gc = new GroupCommitter<number, number>(async (items) => {
    flushes.push(items);
    await new Promise((r) => setTimeout(r, 5));
    return items.map((x) => x * 10);
  }, { maxItems: 100, maxQueued: 1000 });
  const results = await Promise.all([gc.submit([1, 2]), gc.submit([3]), gc.submit([4, 5, 6])]);
  assert.deepEqual(results, [[10, 20], [30], [40, 50, 60]]);
  assert.equal(flushes.length, 1, 'one transaction for all three callers');
});

test('a failed flush rejects exactly its callers; later work goes on', async () => {
  let fail = true;
  const gc = new GroupCommitter<number, number>(async (items) => {
    if (fail) {
      fail = false;
      throw new Error('store down');
    }
    return items;
  }, { maxItems: 10, maxQueued: 100 });
  await assert.rejects(gc.submit([1]), /store down/);
  assert.deepEqual(await gc.submit([2]), [2]);
});

test('back-pressure: a full queue refuses instead of growing without bound', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const gc = new GroupCommitter<number, number>(async (items) => {
    await gate;
    return items;
  }, { maxItems: 2, maxQueued: 3 });
  const first = gc.submit([1, 2]);
  await new Promise((r) => setImmediate(r));
  const second = gc.submit([3, 4]);
  await assert.rejects(gc.submit([5, 6]), QueueFullError);
  release();
  assert.deepEqual(await first, [1, 2]);
  assert.deepEqual(await second, [3, 4]);
  await gc.drain();
  assert.equal(gc.depth, 0);
});

test('maxItems splits large queues across flushes', async () => {
  const sizes: number[] = [];
  const gc = new GroupCommitter<number, number>(async (items) => {
    sizes.push(items.length);
    return items;
  }, { maxItems: 3, maxQueued: 100 });
  await Promise.all([gc.submit([1, 2]), gc.submit([3, 4]), gc.submit([5])]);
  assert.deepEqual(sizes, [2, 3]);
});
