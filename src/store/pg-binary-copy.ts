/**
 * Encodes rows in PostgreSQL's binary COPY format (COPY … FROM STDIN (FORMAT binary)): a header,
 * then per row a field count and each field as a 4-byte length and its bytes, then a trailer.
 * The server then parses no text for text, integer and timestamp columns — the JSON path makes it
 * parse the whole batch as JSON first, which is most of its cost per row.
 *
 * Pure: builds a Buffer, no I/O. Field order and types must match the COPY column list.
 */
import { epochMsFromIso } from '../shared/iso-time.js';

// "PGCOPY\n\xff\r\n\0", then a 32-bit flags field and a 32-bit header-extension length.
const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
const HEADER_BYTES = SIGNATURE.length + 8;
// PostgreSQL counts timestamps in microseconds from 2000-01-01T00:00:00Z.
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_32 = 0x1_0000_0000;
// Text up to this length is tried as ASCII by hand before the UTF-8 encoder.
const SHORT_TEXT = 48;
// jsonb's binary form: a version byte (1), then the JSON text.
const JSONB_VERSION = 1;

export class BinaryCopyWriter {
  private buf: Buffer;
  private at = HEADER_BYTES;

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(initialBytes, HEADER_BYTES + 2));
    SIGNATURE.forEach((b, i) => (this.buf[i] = b));
    this.buf.writeInt32BE(0, SIGNATURE.length);
    this.buf.writeInt32BE(0, SIGNATURE.length + 4);
  }

  /** Starts a row of `fields` fields. */
  row(fields: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(fields, this.at);
    this.at += 2;
    return this;
  }

  null(): this {
    this.ensure(4);
    this.buf.writeInt32BE(-1, this.at);
    this.at += 4;
    return this;
  }

  /** text, varchar, char(n): UTF-8 bytes (the connection's encoding). */
  text(value: string | null): this {
    if (value === null) return this.null();
    const len = value.length;
    this.ensure(4 + len * 3);
    const buf = this.buf;
    const start = this.at + 4;
    // Ids, codes and times are short ASCII: copied here, cheaper than a call into the encoder.
    let n = -1;
    if (len <= SHORT_TEXT) {
      n = len;
      for (let i = 0; i < len; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) {
          n = -1;
          break;
        }
        buf[start + i] = c;
      }
    }
    if (n < 0) n = buf.write(value, start, 'utf8');
    buf.writeInt32BE(n, this.at);
    this.at = start + n;
    return this;
  }

  /** bigint (int8) from a safe integer. */
  int64(value: number | null): this {
    if (value === null) return this.null();
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
    this.ensure(12);
    this.buf.writeInt32BE(8, this.at);
    this.writeInt64(value, this.at + 4);
    this.at += 12;
    return this;
  }

  /** integer (int4). */
  int32(value: number | null): this {
    if (value === null) return this.null();
    this.ensure(8);
    this.buf.writeInt32BE(4, this.at);
    this.buf.writeInt32BE(value, this.at + 4);
    this.at += 8;
    return this;
  }

  /** timestamptz from milliseconds since the Unix epoch. */
  timestampMs(ms: number | null): this {
    if (ms === null) return this.null();
    if (!Number.isFinite(ms)) throw new RangeError('not a time');
    return this.int64(Math.round(ms - PG_EPOCH_MS) * 1000);
  }

  /** timestamptz from an ISO 8601 text (millisecond precision kept). */
  timestampIso(iso: string | null): this {
    return this.timestampMs(iso === null ? null : epochMsFromIso(iso));
  }

  /** jsonb from its JSON text. */
  jsonb(json: string | null): this {
    if (json === null) return this.null();
    this.ensure(5 + json.length * 3);
    const n = this.buf.write(json, this.at + 5, 'utf8');
    this.buf.writeInt32BE(n + 1, this.at);
    this.buf[this.at + 4] = JSONB_VERSION;
    this.at += 5 + n;
    return this;
  }

  /** The whole COPY payload, trailer included. The writer must not be used afterwards. */
  finish(): Buffer {
    this.ensure(2);
    this.buf.writeInt16BE(-1, this.at);
    this.at += 2;
    return this.buf.subarray(0, this.at);
  }

  private writeInt64(v: number, at: number): void {
    // Two's complement from a safe integer without BigInt: floor division keeps the sign in the high word.
    const hi = Math.floor(v / TWO_32);
    this.buf.writeInt32BE(hi, at);
    this.buf.writeUInt32BE(v - hi * TWO_32, at + 4);
  }

  private ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
}
