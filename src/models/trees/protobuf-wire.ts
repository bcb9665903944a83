/**
 * Just enough of the protobuf wire format (varint, 64-bit, length-delimited, 32-bit; packed and
 * unpacked repeated scalars) to read and write ONNX models without a schema compiler: ONNX tree
 * ensembles need about twenty fields of eight messages, addressed here by field number.
 */
import { treeError } from './tree-errors.js';

export const WIRE_VARINT = 0;
export const WIRE_64 = 1;
export const WIRE_LEN = 2;
export const WIRE_32 = 5;

/** One field occurrence: a varint or fixed-width value in `num`, a length-delimited one in `bytes`. */
export interface ProtoField {
  field: number;
  wire: number;
  num: number;
  bytes: Uint8Array;
}

/** A decoded message: its fields in order of appearance. */
export type ProtoMessage = ProtoField[];

const EMPTY = new Uint8Array(0);

/** Decodes one message; throws a field-named error on a truncated or malformed buffer. */
export function decodeMessage(buf: Uint8Array, what = 'onnx'): ProtoMessage {
  const out: ProtoMessage = [];
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const at = { pos: 0 };
  while (at.pos < buf.length) {
    const key = readVarint(buf, at, what);
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (field < 1) throw malformed(what);
    if (wire === WIRE_VARINT) out.push({ field, wire, num: readVarint(buf, at, what), bytes: EMPTY });
    else if (wire === WIRE_64 || wire === WIRE_32) {
      const n = wire === WIRE_64 ? 8 : 4;
      if (at.pos + n > buf.length) throw malformed(what);
      const num = wire === WIRE_32 ? view.getFloat32(at.pos, true) : view.getFloat64(at.pos, true);
      out.push({ field, wire, num, bytes: buf.subarray(at.pos, at.pos + n) });
      at.pos += n;
    } else if (wire === WIRE_LEN) {
      const len = readVarint(buf, at, what);
      if (len < 0 || at.pos + len > buf.length) throw malformed(what);
      out.push({ field, wire, num: 0, bytes: buf.subarray(at.pos, at.pos + len) });
      at.pos += len;
    } else throw malformed(what);
  }
  return out;
}

/** One varint at `at.pos` (advanced past it); int64 values beyond 2^53 lose precision, negatives decode right. */
function readVarint(buf: Uint8Array, at: { pos: number }, what: string): number {
  let result = 0;
  let scale = 1;
  let big: bigint | null = null;
  for (let i = 0; i < 10; i++) {
    if (at.pos >= buf.length) throw malformed(what);
    const b = buf[at.pos++]!;
    if (i < 7) result += (b & 0x7f) * scale;
    else {
      // Past 49 bits: finish in BigInt so negative int64 (ten-byte two's complement) decode right.
      big ??= BigInt(result);
      big += BigInt(b & 0x7f) << BigInt(7 * i);
    }
    scale *= 128;
    if ((b & 0x80) === 0) return big === null ? result : Number(BigInt.asIntN(64, big));
  }
  throw malformed(what);
}

function malformed(what: string): Error {
  return treeError(what, 'protobuf', { zh: 'ONNX 文件损坏或被截断(protobuf 解码失败)', en: 'The ONNX file is damaged or truncated (protobuf decoding failed)' });
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function getString(m: ProtoMessage, field: number): string | undefined {
  const f = m.find((x) => x.field === field && x.wire === WIRE_LEN);
  return f ? utf8.decode(f.bytes) : undefined;
}

export function getStrings(m: ProtoMessage, field: number): string[] {
  return m.filter((x) => x.field === field && x.wire === WIRE_LEN).map((x) => utf8.decode(x.bytes));
}

export function getInt(m: ProtoMessage, field: number): number | undefined {
  const f = m.find((x) => x.field === field && x.wire === WIRE_VARINT);
  return f?.num;
}

/** Float field (wire 32) — ONNX AttributeProto.f. */
export function getFloat(m: ProtoMessage, field: number): number | undefined {
  const f = m.find((x) => x.field === field && x.wire === WIRE_32);
  return f?.num;
}

export function getMessages(m: ProtoMessage, field: number, what: string): ProtoMessage[] {
  return m.filter((x) => x.field === field && x.wire === WIRE_LEN).map((x) => decodeMessage(x.bytes, what));
}

export function getBytes(m: ProtoMessage, field: number): Uint8Array | undefined {
  return m.find((x) => x.field === field && x.wire === WIRE_LEN)?.bytes;
}

/** Repeated int64/int32: packed (one LEN field) or one varint per value, in order. */
export function getInts(m: ProtoMessage, field: number, what = 'onnx'): number[] {
  const out: number[] = [];
  for (const x of m) {
    if (x.field !== field) continue;
    if (x.wire === WIRE_VARINT) out.push(x.num);
    else if (x.wire === WIRE_LEN) for (const v of decodePackedVarints(x.bytes, what)) out.push(v);
  }
  return out;
}

/** Repeated float: packed (one LEN field of 4-byte values) or one 32-bit field per value. */
export function getFloats(m: ProtoMessage, field: number): number[] {
  return getFixed(m, field, 4);
}

/** Repeated double: packed or one 64-bit field per value. */
export function getDoubles(m: ProtoMessage, field: number): number[] {
  return getFixed(m, field, 8);
}

function getFixed(m: ProtoMessage, field: number, size: 4 | 8): number[] {
  const out: number[] = [];
  for (const x of m) {
    if (x.field !== field) continue;
    if (x.wire === (size === 4 ? WIRE_32 : WIRE_64)) out.push(x.num);
    else if (x.wire === WIRE_LEN) {
      const v = new DataView(x.bytes.buffer, x.bytes.byteOffset, x.bytes.byteLength);
      for (let i = 0; i + size <= x.bytes.length; i += size) out.push(size === 4 ? v.getFloat32(i, true) : v.getFloat64(i, true));
    }
  }
  return out;
}

function decodePackedVarints(bytes: Uint8Array, what: string): number[] {
  const out: number[] = [];
  const at = { pos: 0 };
  while (at.pos < bytes.length) out.push(readVarint(bytes, at, what));
  return out;
}

/** Builds one message; nested messages are written from their own writer. */
export class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private length = 0;

  private push(b: Uint8Array): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  private key(field: number, wire: number): void {
    this.push(varintBytes(field * 8 + wire));
  }

  /** int32/int64/enum/bool; negative values take ten bytes (two's complement), as protobuf does. */
  int(field: number, value: number): this {
    this.key(field, WIRE_VARINT);
    this.push(varintBytes(value));
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, WIRE_32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, WIRE_LEN);
    this.push(varintBytes(value.length));
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  packedInts(field: number, values: readonly number[]): this {
    const w = new ProtoWriter();
    for (const v of values) w.push(varintBytes(v));
    return this.bytes(field, w.finish());
  }

  packedFloats(field: number, values: readonly number[]): this {
    const b = new Uint8Array(4 * values.length);
    const v = new DataView(b.buffer);
    values.forEach((x, i) => v.setFloat32(4 * i, x, true));
    return this.bytes(field, b);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function varintBytes(value: number): Uint8Array {
  if (!Number.isInteger(value)) throw new RangeError(`varint of a non-integer: ${value}`);
  let v = value >= 0 ? BigInt(value) : BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return Uint8Array.from(out);
}
