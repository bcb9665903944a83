/**
 * What re-encryption changes in one stored value, decided without I/O: which sealed texts are
 * under a key other than the active one, and the value with those re-sealed — keyed hash `h` and
 * masked form `m` untouched, so look-ups, joins and displays read exactly as before.
 */

/** The key id a sealed text `keyId.iv.ct.tag` names ('' when it is not sealed text). */
export function keyIdOf(sealed: string): string {
  const dot = sealed.indexOf('.');
  return dot < 0 ? '' : sealed.slice(0, dot);
}

/** Re-seals one sealed text under the active key; throws when it cannot be opened. */
export type Reseal = (sealed: string) => string;

export interface Resealed<T> {
  /** The value to store, or null when nothing in it could be re-sealed. */
  next: T | null;
  /** Sealed texts re-sealed. */
  resealed: number;
  /** Sealed texts under an old key that could not be opened (unknown key id, damaged): left as they are. */
  unreadable: number;
}

/**
 * A `pii` column `{field: {c, h, m}}`: every `c` under an old key re-sealed. e.g. with active `k2`,
 * `{phone: {c: 'k1…', h, m}}` becomes `{phone: {c: 'k2…', h, m}}`.
 */
export function resealFields(pii: Record<string, unknown>, activeKeyId: string, reseal: Reseal): Resealed<Record<string, unknown>> {
  let resealed = 0;
  let unreadable = 0;
  const next: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(pii)) {
    next[field] = value;
    const c = (value as { c?: unknown } | null)?.c;
    if (typeof c !== 'string' || keyIdOf(c) === activeKeyId) continue;
    try {
      next[field] = { ...(value as object), c: reseal(c) };
      resealed++;
    } catch {
      unreadable++;
    }
  }
  return { next: resealed > 0 ? next : null, resealed, unreadable };
}

/** A column holding the sealed text itself (e.g. a TOTP secret). */
export function resealText(sealed: string, activeKeyId: string, reseal: Reseal): Resealed<string> {
  if (keyIdOf(sealed) === activeKeyId) return { next: null, resealed: 0, unreadable: 0 };
  try {
    return { next: reseal(sealed), resealed: 1, unreadable: 0 };
  } catch {
    return { next: null, resealed: 0, unreadable: 1 };
  }
}
