/**
 * Keyset paging cursors: the (time, id) of the last row shown, opaque to callers. A page after
 * the cursor costs what the first page costs, unlike OFFSET.
 */
import { FengkongError } from './errors.js';

export function encodeCursor(at: Date | string, id: string): string {
  return Buffer.from(`${new Date(at).toISOString()}|${id}`).toString('base64url');
}

/** The (ISO time, id) a cursor stands for; REQUEST_INVALID naming `cursor` for anything else. */
export function decodeCursor(cursor: string): [string, string] {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  if (bar < 0 || Number.isNaN(Date.parse(text.slice(0, bar)))) {
    throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'cursor', reason: 'value', message: { zh: '无效的分页游标', en: 'not a cursor this API gave out' } }] });
  }
  return [text.slice(0, bar), text.slice(bar + 1)];
}
