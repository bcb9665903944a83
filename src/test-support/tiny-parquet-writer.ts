/**
 * Test support only: writes a small, uncompressed, PLAIN-encoded Parquet file so the reader can be
 * tested without a writer dependency. Every column is OPTIONAL (nulls allowed); one data page per
 * column chunk. Belongs in src/test-support/ once that folder is free to edit.
 */
import { writeFileSync } from 'node:fs';

export interface TinyColumn {
  name: string;
  type: 'BOOLEAN' | 'INT32' | 'INT64' | 'DOUBLE' | 'BYTE_ARRAY';
  /** ConvertedType: UTF8 for text, TIMESTAMP_MILLIS for an INT64 instant. */
  converted?: 'UTF8' | 'TIMESTAMP_MILLIS';
  values: ReadonlyArray<boolean | number | bigint | string | null>;
}

const TYPE_CODE = { BOOLEAN: 0, INT32: 1, INT64: 2, DOUBLE: 5, BYTE_ARRAY: 6 } as const;
const CONVERTED_CODE = { UTF8: 0, TIMESTAMP_MILLIS: 9 } as const;
const OPTIONAL = 1;
const PLAIN = 0;
const RLE = 3;

/** Thrift compact protocol, only the parts Parquet metadata needs. */
class Thrift {
  readonly bytes: number[] = [];
  private lastField: number[] = [0];

  varint(n: bigint | number): void {
    let v = BigInt(n);
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }
  zigzag(n: bigint | number): void {
    const v = BigInt(n);
    this.varint(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }
  private header(id: number, type: number): void {
    const delta = id - this.lastField[this.lastField.length - 1]!;
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(id);
    }
    this.lastField[this.lastField.length - 1] = id;
  }
  i32(id: number, v: number): this {
    this.header(id, 5);
    this.zigzag(v);
    return this;
  }
  i64(id: number, v: number | bigint): this {
    this.header(id, 6);
    this.zigzag(v);
    return this;
  }
  binary(id: number, s: string): this {
    this.header(id, 8);
    const b = Buffer.from(s, 'utf8');
    this.varint(b.length);
    this.bytes.push(...b);
    return this;
  }
  struct(id: number, body: (t: Thrift) => void): this {
    this.header(id, 12);
    this.structBody(body);
    return this;
  }
  private structBody(body: (t: Thrift) => void): void {
    this.lastField.push(0);
    body(this);
    this.bytes.push(0);
    this.lastField.pop();
  }
  private listHeader(id: number, size: number, elementType: number): void {
    this.header(id, 9);
    if (size < 15) this.bytes.push((size << 4) | elementType);
    else {
      this.bytes.push(0xf0 | elementType);
      this.varint(size);
    }
  }
  /** Closes the outermost struct. */
  end(): Buffer {
    return Buffer.from([...this.bytes, 0]);
  }
  structs<T>(id: number, items: readonly T[], body: (t: Thrift, item: T) => void): this {
    this.listHeader(id, items.length, 12);
    for (const item of items) this.structBody((t) => body(t, item));
    return this;
  }
  i32s(id: number, items: readonly number[]): this {
    this.listHeader(id, items.length, 5);
    for (const v of items) this.zigzag(v);
    return this;
  }
  binaries(id: number, items: readonly string[]): this {
    this.listHeader(id, items.length, 8);
    for (const s of items) {
      const b = Buffer.from(s, 'utf8');
      this.varint(b.length);
      this.bytes.push(...b);
    }
    return this;
  }
}

function plain(column: TinyColumn, present: ReadonlyArray<boolean | number | bigint | string>): Buffer {
  switch (column.type) {
    case 'BOOLEAN': {
      const out = Buffer.alloc(Math.ceil(present.length / 8));
      present.forEach((v, i) => {
        if (v) out[i >> 3]! |= 1 << (i & 7);
      });
      return out;
    }
    case 'INT32':
      return Buffer.concat(present.map((v) => { const b = Buffer.alloc(4); b.writeInt32LE(Number(v)); return b; }));
    case 'INT64':
      return Buffer.concat(present.map((v) => { const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt(v)); return b; }));
    case 'DOUBLE':
      return Buffer.concat(present.map((v) => { const b = Buffer.alloc(8); b.writeDoubleLE(Number(v)); return b; }));
    case 'BYTE_ARRAY':
      return Buffer.concat(present.map((v) => { const s = Buffer.from(String(v), 'utf8'); const n = Buffer.alloc(4); n.writeUInt32LE(s.length); return Buffer.concat([n, s]); }));
  }
}

/** One data page: definition levels (RLE, one run per value, bit width 1) then PLAIN values. */
function dataPage(column: TinyColumn, values: TinyColumn['values']): Buffer {
  const levels = new Thrift();
  for (const v of values) {
    levels.varint(1 << 1);
    levels.bytes.push(v === null ? 0 : 1);
  }
  const levelBytes = Buffer.from(levels.bytes);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(levelBytes.length);
  const present = values.filter((v): v is NonNullable<typeof v> => v !== null);
  const body = Buffer.concat([length, levelBytes, plain(column, present)]);
  const header = new Thrift()
    .i32(1, 0)
    .i32(2, body.length)
    .i32(3, body.length)
    .struct(5, (t) => t.i32(1, values.length).i32(2, PLAIN).i32(3, RLE).i32(4, RLE))
    .end();
  return Buffer.concat([header, body]);
}

/** Writes `columns` (all the same length) as row groups of at most `rowsPerGroup` rows. */
export function writeTinyParquet(path: string, columns: readonly TinyColumn[], rowsPerGroup: number): void {
  const rows = columns[0]?.values.length ?? 0;
  const parts: Buffer[] = [Buffer.from('PAR1')];
  let offset = 4;
  const groups: Array<{ rows: number; chunks: Array<{ column: TinyColumn; offset: number; size: number; count: number }> }> = [];
  for (let start = 0; start < rows; start += rowsPerGroup) {
    const end = Math.min(rows, start + rowsPerGroup);
    const chunks = columns.map((column) => {
      const page = dataPage(column, column.values.slice(start, end));
      const chunk = { column, offset, size: page.length, count: end - start };
      parts.push(page);
      offset += page.length;
      return chunk;
    });
    groups.push({ rows: end - start, chunks });
  }
  const meta = new Thrift()
    .i32(1, 1)
    .structs(2, [null, ...columns], (t, c) => {
      if (c === null) t.binary(4, 'schema').i32(5, columns.length);
      else {
        t.i32(1, TYPE_CODE[c.type]).i32(3, OPTIONAL).binary(4, c.name);
        if (c.converted) t.i32(6, CONVERTED_CODE[c.converted]);
      }
    })
    .i64(3, rows)
    .structs(4, groups, (t, g) => {
      t.structs(1, g.chunks, (tc, ch) =>
        tc.i64(2, ch.offset).struct(3, (m) =>
          m
            .i32(1, TYPE_CODE[ch.column.type])
            .i32s(2, [PLAIN, RLE])
            .binaries(3, [ch.column.name])
            .i32(4, 0)
            .i64(5, ch.count)
            .i64(6, ch.size)
            .i64(7, ch.size)
            .i64(9, ch.offset),
        ),
      )
        .i64(2, g.chunks.reduce((n, ch) => n + ch.size, 0))
        .i64(3, g.rows);
    });
  const footer = meta.end();
  const footerLength = Buffer.alloc(4);
  footerLength.writeUInt32LE(footer.length);
  parts.push(footer, footerLength, Buffer.from('PAR1'));
  writeFileSync(path, Buffer.concat(parts));
}
