import assert from 'node:assert/strict';
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../test-support/stores.js';
import { AppendJournal } from './append-journal.js';

test('entries not released come back at the next open, in order; a torn last line is ignored', async () => {
  const dir = tempDir('journal');
  const { journal, leftover } = AppendJournal.open<{ n: number }>(dir);
  assert.deepEqual(leftover, []);
  const tickets = await Promise.all(Array.from({ length: 100 }, (_, n) => journal.append({ n })));
  for (const t of tickets.slice(0, 40)) journal.release(t);
  // The process dies here: no close. A write cut short leaves half a line behind.
  const [file] = readdirSync(dir);
  appendFileSync(join(dir, file!), '{"n":10');
  const again = AppendJournal.open<{ n: number }>(dir);
  assert.deepEqual(
    again.leftover.map((e) => e.n),
    Array.from({ length: 100 }, (_, n) => n),
    'the whole segment comes back (releases are not persisted): the store ignores what it has',
  );
  again.journal.discard(again.leftoverSegments);
  await again.journal.close();
  assert.deepEqual(readdirSync(dir), [], 'discarded segments and an empty active one are gone');
});

test('a closed segment is deleted once all its entries are released; the active one stays until close', async () => {
  const dir = tempDir('journal');
  const { journal } = AppendJournal.open(dir, { segmentBytes: 200 });
  const tickets = [];
  for (let i = 0; i < 30; i++) tickets.push(await journal.append({ i, pad: 'x'.repeat(20) }));
  assert.ok(readdirSync(dir).length > 3, 'rotated into several segments');
  assert.equal(journal.outstanding, 30);
  for (const t of tickets) journal.release(t);
  await journal.deletions();
  assert.equal(journal.outstanding, 0);
  assert.equal(readdirSync(dir).length, 1, 'only the active segment is left');
  await journal.close();
  assert.deepEqual(readdirSync(dir), []);
});

test('appends of one turn share a write, and every caller is answered', async () => {
  const dir = tempDir('journal');
  const { journal } = AppendJournal.open(dir);
  const results = await Promise.all(Array.from({ length: 1_000 }, (_, i) => journal.append({ i })));
  assert.equal(results.length, 1_000);
  await journal.close();
  const reopened = AppendJournal.open<{ i: number }>(dir);
  assert.equal(reopened.leftover.length, 1_000, 'unreleased entries survive a clean close too');
  await reopened.journal.close();
});

test('a failed write answers its callers with the error and leaves none of its entries behind', async () => {
  const dir = tempDir('journal');
  const { journal } = AppendJournal.open<{ i: number }>(dir);
  await journal.append({ i: 1 });
  // Make the next write fail: the file descriptor goes away under the journal.
  const active = (journal as unknown as { active: { fd: number } }).active;
  const { closeSync, openSync } = await import('node:fs');
  closeSync(active.fd);
  const failed = await Promise.allSettled([journal.append({ i: 2 }), journal.append({ i: 3 })]);
  assert.deepEqual(failed.map((f) => f.status), ['rejected', 'rejected']);
  assert.equal(journal.outstanding, 1, 'only the entry that was written counts');
  active.fd = openSync('/dev/null', 'r'); // let close() close something
  const again = AppendJournal.open<{ i: number }>(dir);
  assert.deepEqual(again.leftover.map((e) => e.i), [1]);
  await again.journal.close();
});
