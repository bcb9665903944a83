/**
 * The first pass over an incoming record's fields, before its schema is checked: C3 fields and
 * text the store cannot hold (NUL, unpaired surrogates) found at any depth, and a copy of the
 * record with top-level and `attributes` strings trimmed. Pure.
 */
import { findC3Fields, isC3Name } from './c3-fields.js';

export type TextFault = 'control_character' | 'malformed_unicode';

/**
 * Why PostgreSQL could not store this text, or null: a NUL character (text and JSON cannot hold
 * it) or an unpaired UTF-16 surrogate (no UTF-8 form; JSON.parse lets `"\ud800"` through).
 */
function textFault(s: string): TextFault | null {
  if (s.includes('\u0000')) return 'control_character';
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed() ? null : 'malformed_unicode';
}

/** Whether PostgreSQL can store this text (no NUL, no unpaired surrogate). */
export function isStorableText(s: string): boolean {
  return textFault(s) === null;
}

/** A field path as shown in a problem: NUL characters escaped, unpaired surrogates replaced. */
function shownPath(path: string): string {
  return (path as unknown as { toWellFormed(): string }).toWellFormed().replace(/\u0000/g, '\\u0000');
}

export type Fault = [path: string, reason: TextFault];

/** Every string (value or key) the store could not hold, at any depth, with its path and reason. */
function unstorableText(value: unknown, prefix = '', depth = 0, found: Fault[] = []): Fault[] {
  if (depth > 8 || value === null || typeof value !== 'object') return found;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v === 'string') {
        const f = textFault(v);
        if (f) found.push([`${prefix}[${i}]`, f]);
      } else if (v !== null && typeof v === 'object') unstorableText(v, `${prefix}[${i}]`, depth + 1, found);
    }
    return found;
  }
  const obj = value as Record<string, unknown>;
  for (const key in obj) {
    const v = obj[key];
    // Hot path (every record): a path string is built only for a hit or a nested object.
    const f = textFault(key) ?? (typeof v === 'string' ? textFault(v) : null);
    if (f) found.push([shownPath(prefix ? `${prefix}.${key}` : key), f]);
    else if (v !== null && typeof v === 'object') unstorableText(v, prefix ? `${prefix}.${key}` : key, depth + 1, found);
  }
  return found;
}

const C3_NAME = 1;
const BAD_NAME = 2;
const PROTO = 4;
// Field names repeat from record to record: what a name is, worked out once (bounded: names come from outside).
const nameFlags = new Map<string, number>();

function flagsOf(name: string): number {
  let f = nameFlags.get(name);
  if (f === undefined) {
    f = (isC3Name(name) ? C3_NAME : 0) | (textFault(name) ? BAD_NAME : 0) | (name === '__proto__' ? PROTO : 0);
    if (nameFlags.size < 10_000) nameFlags.set(name, f);
  }
  return f;
}

/**
 * One pass over the top-level fields (every record goes through it): the paths of C3 fields and of
 * text the store cannot hold, at any depth, and the record with every string at the top level and
 * in `attributes` trimmed — ids and codes arrive padded. Nested values are walked only when present.
 */
export function scanFields(raw: Record<string, unknown>): { c3: string[] | null; bad: Fault[] | null; data: Record<string, unknown> } {
  let c3: string[] | null = null;
  let bad: Fault[] | null = null;
  const out: Record<string, unknown> = {};
  for (const k in raw) {
    const v = raw[k];
    const flags = flagsOf(k);
    if (typeof v === 'string') {
      const fault = textFault(v);
      if (flags !== 0 || fault !== null) {
        if (flags & C3_NAME && v !== '') (c3 ??= []).push(k);
        if (flags & BAD_NAME) (bad ??= []).push([shownPath(k), textFault(k)!]);
        else if (fault !== null) (bad ??= []).push([k, fault]);
        if (flags & PROTO && c3 === null && bad === null) keepOwn(out, k, v.trim());
      } else if (c3 === null && bad === null) out[k] = v.trim();
      continue;
    }
    if (v !== null && typeof v === 'object') {
      if (flags & C3_NAME) (c3 ??= []).push(k);
      else {
        const found = findC3Fields(v, k, 1);
        if (found.length > 0) (c3 ??= []).push(...found);
      }
      if (flags & BAD_NAME) (bad ??= []).push([shownPath(k), textFault(k)!]);
      else {
        const found = unstorableText(v, k, 1);
        if (found.length > 0) (bad ??= []).push(...found);
      }
      if (c3 !== null || bad !== null) continue; // refused: no copy needed
      if (flags & PROTO) keepOwn(out, k, v);
      else if (k === 'attributes' && !Array.isArray(v)) {
        const attrs: Record<string, unknown> = {};
        for (const [ak, av] of Object.entries(v)) attrs[ak] = typeof av === 'string' ? av.trim() : av;
        out[k] = attrs;
      } else out[k] = v;
      continue;
    }
    // Numbers, booleans, null and undefined.
    if (flags & C3_NAME && v !== null && v !== undefined) (c3 ??= []).push(k);
    if (flags & BAD_NAME) (bad ??= []).push([shownPath(k), textFault(k)!]);
    if (c3 !== null || bad !== null || v === undefined) continue;
    if (flags & PROTO) keepOwn(out, k, v);
    else out[k] = v;
  }
  return { c3, bad, data: out };
}

/** A refused record's id or type as reported: only text that can be stored and shown. */
export function textOrNull(s: string): string | null {
  return textFault(s) === null ? s : null;
}

/** Kept as an own field, so validation refuses it instead of it replacing the prototype. */
function keepOwn(out: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
}
