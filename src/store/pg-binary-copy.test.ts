/**
 * The binary COPY encoder: its bytes against the format's definition, and what PostgreSQL reads
 * back from it — random values of every type the writer offers, on this machine's server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { BinaryCopyWriter } from './pg-binary-copy.js';
import { openTestStore, type TestStore } from '../test-support/stores.js';

describe('binary COPY encoding', () => {
  test('header, a row and the trailer follow the format byte for byte', () => {
    const bytes = new BinaryCopyWriter(8).row(3).text('é').null().int64(-2).finish();
    const expected = Buffer.concat([
      Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
      Buffer.from([0, 0, 0, 0, 0, 0, 0, 0]),
      Buffer.from([0, 3]),
      Buffer.from([0, 0, 0, 2, 0xc3, 0xa9]),
      Buffer.from([0xff, 0xff, 0xff, 0xff]),
      Buffer.from([0, 0, 0, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]),
      Buffer.from([0xff, 0xff]),
    ]);
    assert.deepEqual(bytes, expected);
  });

  test('64-bit integers match BigInt two-complement for any safe integer', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        const bytes = new BinaryCopyWriter().row(1).int64(n).finish();
        assert.equal(bytes.readBigInt64BE(19 + 2 + 4), BigInt(n));
      }),
      { numRuns: 2000 },
    );
  });

  test('refuses what it cannot encode exactly', () => {
    assert.throws(() => new BinaryCopyWriter().int64(2 ** 53), RangeError);
    assert.throws(() => new BinaryCopyWriter().int64(1.5), RangeError);
    assert.throws(() => new BinaryCopyWriter().timestampIso('not a time'), RangeError);
  });
});

describe('binary COPY into PostgreSQL', () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore('postgres');
    await store.db.exec('CREATE TABLE copy_probe (i int, t text, b bigint, n integer, at timestamptz, c char(3), j jsonb)');
  });
  after(async () => {
    await store?.cleanup();
  });

  test('every value reads back as written', async () => {
    const row = fc.record({
      t: fc.option(fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/\0/g, '')), { nil: null }),
      b: fc.option(fc.maxSafeInteger(), { nil: null }),
      n: fc.option(fc.integer(), { nil: null }),
      at: fc.option(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), { nil: null }),
      c: fc.option(fc.constantFrom('CNY', 'USD', 'HKD'), { nil: null }),
      j: fc.option(fc.jsonValue().map((v) => JSON.stringify(v)).filter((s) => !s.includes('\\u0000')), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), async (rows) => {
        const w = new BinaryCopyWriter(16);
        rows.forEach((r, i) => w.row(7).int32(i).text(r.t).int64(r.b).int32(r.n).timestampMs(r.at).text(r.c).jsonb(r.j));
        const back = await store.db.transaction(async (tx) => {
          const copied = await tx.copyFrom!('COPY copy_probe (i, t, b, n, at, c, j) FROM STDIN (FORMAT binary)', w.finish());
          assert.equal(copied, rows.length);
          const r = await tx.query<{ i: number; t: string | null; b: number | null; n: number | null; at: Date | null; c: string | null; j: unknown }>('SELECT * FROM copy_probe ORDER BY i');
          await tx.query('DELETE FROM copy_probe');
          return r.rows;
        });
        assert.equal(back.length, rows.length);
        rows.forEach((r, i) => {
          const got = back[i]!;
          assert.equal(got.t, r.t);
          assert.equal(got.b, r.b);
          assert.equal(got.n, r.n);
          assert.equal(got.at === null ? null : got.at.getTime(), r.at);
          assert.equal(got.c, r.c);
          assert.deepEqual(got.j, r.j === null ? null : JSON.parse(r.j));
        });
      }),
      { numRuns: 40 },
    );
  });

  test('a payload the server refuses fails the copy and leaves nothing', async () => {
    await assert.rejects(
      store.db.transaction((tx) => tx.copyFrom!('COPY copy_probe (i, t) FROM STDIN (FORMAT binary)', new BinaryCopyWriter().row(1).int32(1).finish())),
      /column|field|row/i,
    );
    const n = await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM copy_probe');
    assert.equal(n.rows[0]!.n, 0);
  });
});
