/**
 * Checks a schema cannot express: real calendar timestamps with offsets, IP addresses, Chinese
 * mobile numbers, resident-ID checksums, card numbers and ISO 4217 codes. Pure functions.
 */
import { isIP } from 'node:net';
import { isKnownCurrency } from '../../shared/money.js';

const TS_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

export type TimestampResult = { ok: true; epochMs: number } | { ok: false; reason: 'format' | 'offset_missing' | 'impossible' };

/**
 * Parses an ISO 8601 timestamp that states its UTC offset; a wall-clock time without an offset is
 * refused because its instant is unknowable. Impossible dates (Feb 30, hour 25) are refused too.
 */
export function parseTimestamp(text: string): TimestampResult {
  // Every event carries one or two: a character scan first, the pattern only for what it refuses.
  const fast = scanTimestamp(text);
  return fast === null ? parseTimestampByPattern(text) : { ok: true, epochMs: fast };
}

/** The value of `n` ASCII digits at `at`, or -1 when one of them is not a digit. */
function digits(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = text.charCodeAt(i) - 48; // NaN past the end: refused like a non-digit
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * The grammar of `TS_RE` read character by character: the instant of a well-formed, possible
 * timestamp, or null for anything else (then the pattern decides, and names the reason).
 */
function scanTimestamp(text: string): number | null {
  const len = text.length;
  if (len < 17 || len > 40) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const sep = text.charCodeAt(10);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return null;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 32) || text.charCodeAt(13) !== 58) return null;
  let i = 16;
  let second = 0;
  let ms = 0;
  if (text.charCodeAt(i) === 58) {
    second = digits(text, i + 1, 2);
    if (second < 0) return null;
    i += 3;
    if (text.charCodeAt(i) === 46) {
      let n = 0;
      i++;
      while (i < len && n < 10) {
        const d = text.charCodeAt(i) - 48;
        if (!(d >= 0 && d <= 9)) break;
        if (n < 3) ms = ms * 10 + d;
        n++;
        i++;
      }
      if (n === 0 || n > 9) return null;
      for (let k = n; k < 3; k++) ms *= 10;
    }
  }
  let offsetMin = 0;
  const z = text.charCodeAt(i);
  if (z === 90 || z === 122) {
    if (i + 1 !== len) return null;
  } else if (z === 43 || z === 45) {
    const oh = digits(text, i + 1, 2);
    if (oh < 0) return null;
    let om = 0;
    const rest = len - (i + 3);
    if (rest === 3 && text.charCodeAt(i + 3) === 58) om = digits(text, i + 4, 2);
    else if (rest === 2) om = digits(text, i + 3, 2);
    else if (rest !== 0) return null;
    if (om < 0 || oh > 14 || om > 59) return null;
    offsetMin = (z === 45 ? -1 : 1) * (oh * 60 + om);
  } else return null;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMin * 60_000;
}

/** The reference reading (and the one that names why a timestamp is refused). */
export function parseTimestampByPattern(text: string): TimestampResult {
  const m = TS_RE.exec(text);
  if (!m) {
    return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? { ok: false, reason: 'offset_missing' } : { ok: false, reason: 'format' };
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] ? Number(m[6]) : 0;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: 'impossible' };
  }
  let offsetMin = 0;
  const off = m[8]!;
  if (off !== 'Z' && off !== 'z') {
    const sign = off[0] === '-' ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 14 || om > 59) return { ok: false, reason: 'impossible' };
    offsetMin = sign * (oh * 60 + om);
  }
  return { ok: true, epochMs: Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMin * 60_000 };
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(Number(m[1]), month);
}

export function isIpAddress(text: string): boolean {
  return isDottedQuad(text) || isIP(text) !== 0;
}

/** `a.b.c.d` with each part 0–255 and no leading zero (what `isIP` takes as IPv4), without a pattern. */
function isDottedQuad(text: string): boolean {
  const len = text.length;
  if (len < 7 || len > 15) return false;
  let parts = 0;
  let value = 0;
  let width = 0;
  for (let i = 0; i <= len; i++) {
    const c = i === len ? 46 : text.charCodeAt(i);
    if (c === 46) {
      if (width === 0 || value > 255) return false;
      parts++;
      value = 0;
      width = 0;
    } else if (c >= 48 && c <= 57) {
      if (width === 1 && value === 0) return false; // a leading zero
      value = value * 10 + (c - 48);
      if (++width > 3) return false;
    } else return false;
  }
  return parts === 4;
}

/** Removes the separators people type into numbers: spaces, dashes, dots. */
export function stripSeparators(text: string): string {
  return text.replace(/[\s\-.]/g, '');
}

/** Mainland mobile numbers normalise to 11 digits; others must be E.164 (`+` and 7–15 digits). */
export function normalisePhone(text: string): string | null {
  let p = stripSeparators(text).replace(/[()]/g, '');
  if (p.startsWith('+86')) p = p.slice(3);
  else if (p.startsWith('0086')) p = p.slice(4);
  if (/^1[3-9]\d{9}$/.test(p)) return p;
  if (/^\+[1-9]\d{6,14}$/.test(p)) return p;
  return null;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Check character of an 18-digit resident identity number (GB 11643, ISO 7064 MOD 11-2). */
export function nationalIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

export type NationalIdResult = { ok: true; value: string } | { ok: false; reason: 'format' | 'checksum' | 'impossible' };

/** Validates an 18-digit (with checksum and a real birth date) or legacy 15-digit identity number. */
export function checkNationalId(text: string): NationalIdResult {
  const v = text.toUpperCase();
  if (/^\d{15}$/.test(v)) {
    return isRealDate(`19${v.slice(6, 8)}-${v.slice(8, 10)}-${v.slice(10, 12)}`) ? { ok: true, value: v } : { ok: false, reason: 'impossible' };
  }
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, reason: 'format' };
  if (!isRealDate(`${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`)) return { ok: false, reason: 'impossible' };
  if (nationalIdCheckChar(v.slice(0, 17)) !== v[17]) return { ok: false, reason: 'checksum' };
  return { ok: true, value: v };
}

/** Bank card and account numbers: 12–19 digits once separators are removed. */
export function normaliseCardNumber(text: string): string | null {
  const v = stripSeparators(text);
  return /^\d{12,19}$/.test(v) ? v : null;
}

export function normaliseCurrency(text: string): string | null {
  const v = text.toUpperCase();
  return isKnownCurrency(v) ? v : null;
}
