/**
 * Reads JSON Lines in constant memory: splits each chunk on the '\n' byte (UTF-8 never uses that
 * byte inside a character) and decodes only each line, so no chunk-sized string is built and
 * sliced; each line is parsed on its own, so one bad line never stops the rest.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { problem } from '../domain/field-problems.js';
import type { RecordType } from '../domain/record-schemas.js';
import type { ReadItem, ReadOptions } from './read-item.js';

const CHUNK_BYTES = 1 << 20;
const NL = 0x0a;
const CR = 0x0d;
const OPEN_BRACE = 0x7b;
const BOM = [0xef, 0xbb, 0xbf];

/** The item for one physical line (bytes start..end of buf, '\n' excluded), or null for a blank line. */
function parseLine(buf: Buffer, start: number, end: number, line: number, type: RecordType | undefined): ReadItem | null {
  if (end > start && buf[end - 1] === CR) end--;
  if (end === start) return null;
  const source = buf.toString('utf8', start, end);
  // Records start with '{'; only other lines pay for the blank check.
  if (buf[start] !== OPEN_BRACE && source.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    // The parser's own message quotes the line, which may hold personal data: leave it out.
    return { line, error: problem('', 'invalid_json') };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { line, error: problem('', 'not_object') };
  if (type && !Object.hasOwn(value, 'type')) (value as Record<string, unknown>).type = type;
  return { line, value };
}

export async function* readJsonLines(path: string, opts: ReadOptions): AsyncGenerator<ReadItem> {
  const total = (await stat(path)).size;
  // The unfinished last line of a chunk, carried into the next.
  let carry: Buffer | null = null;
  let atStart = true;
  let line = 0;
  let bytes = 0;
  for await (const read of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    bytes += read.length;
    opts.onProgress?.(bytes, total);
    const chunk: Buffer = carry ? Buffer.concat([carry, read]) : read;
    let start = 0;
    if (atStart && chunk.length >= BOM.length) {
      atStart = false;
      if (BOM.every((b, i) => chunk[i] === b)) start = BOM.length;
    }
    // The carried tail holds no '\n', so the search starts after it.
    for (let nl = chunk.indexOf(NL, carry ? carry.length : start); nl !== -1; nl = chunk.indexOf(NL, start)) {
      const item = parseLine(chunk, start, nl, ++line, opts.type);
      if (item) yield item;
      start = nl + 1;
    }
    carry = start < chunk.length ? chunk.subarray(start) : null;
  }
  if (carry) {
    const rest = carry;
    const from = atStart && rest.length >= BOM.length && BOM.every((b, i) => rest[i] === b) ? BOM.length : 0;
    const last = parseLine(rest, from, rest.length, ++line, opts.type);
    if (last) yield last;
  }
  opts.onProgress?.(bytes, total);
}
