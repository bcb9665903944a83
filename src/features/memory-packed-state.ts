/**
 * The in-process state of one entity (one key value of one key group): a single flat number array
 * holding every window and recency series of the group, so a million entities cost one array each
 * instead of thirty objects each.
 *
 * Layout, for a group with k series: a[0..k-1] = end offset of each series' segment (segment i
 * starts at a[i-1], or at k for i = 0); a[k-1] is the used length; anything after it is spare room.
 *   window segment:  bucket records [bucket, count, …columns] (stride s.stride), ascending by bucket
 *   recency segment: [first, r_0 … r_m-1], the newest timestamps ascending (m ≤ RECENT_TIMESTAMPS)
 * Invariants: a window segment holds only buckets > head - N (head = its last bucket); an empty
 * segment has start = end.
 */
import type { SeriesPlan } from './domain/feature-plan.js';
import { RECENT_TIMESTAMPS } from './domain/feature-spec.js';
import { latestAtOrBefore, m2After, mergeM2 } from './domain/window-stats.js';

/** A new, empty entity record for a group of k series. */
export function emptyEntity(k: number): number[] {
  const a = new Array<number>(k);
  for (let i = 0; i < k; i++) a[i] = k;
  return a;
}

export function segmentStart(a: number[], k: number, slot: number): number {
  return slot === 0 ? k : (a[slot - 1] as number);
}

/**
 * Makes room for `extra` more elements. Callers reserve, once per event, what all its series will add,
 * so an event copies an entity at most once; growth is geometric (half the used size again), so an
 * entity filling its long windows is copied O(log size) times, not once per event: replacing a
 * long-lived array costs far more (garbage collection) than updating it in place.
 */
export function reserve(a: number[], k: number, extra: number): number[] {
  const used = a[k - 1] as number;
  if (a.length - used >= extra) return a;
  const out = new Array<number>(used + extra + (used >> 1));
  for (let i = 0; i < used; i++) out[i] = a[i] as number;
  return out;
}

/**
 * Replaces `remove` elements at `at` (inside segment `slot`) with `insert` unset ones, moving what
 * follows and the later segments' offsets. Returns the array, a new one when it had to grow.
 */
export function reshape(a: number[], k: number, slot: number, at: number, remove: number, insert: number): number[] {
  const used = a[k - 1] as number;
  const delta = insert - remove;
  if (delta === 0) return a;
  let out = a;
  if (used + delta > a.length) {
    out = new Array<number>(used + delta + (used >> 1));
    for (let i = 0; i < at; i++) out[i] = a[i] as number;
    for (let i = at + remove; i < used; i++) out[i + delta] = a[i] as number;
  } else {
    moveTail(a, at + remove, at + insert, used);
    // Give memory back once an entity has shrunk well below its room (evicted buckets).
    if (delta < 0 && a.length - (used + delta) > 64 && a.length > 2 * (used + delta)) a.length = used + delta;
  }
  for (let j = slot; j < k; j++) out[j] = (out[j] as number) + delta;
  return out;
}

/** Moves a[from … used) to start at `to`; a plain loop, because copyWithin is slow on holey arrays. */
function moveTail(a: number[], from: number, to: number, used: number): void {
  if (to < from) for (let i = from; i < used; i++) a[i - from + to] = a[i] as number;
  else for (let i = used - 1; i >= from; i--) a[i - from + to] = a[i] as number;
}

/** Values of a window series' numeric fields for one event: NaN where the event has none. */
export type FieldValues = Float64Array;

/**
 * Adds one event in bucket b to a window segment. Returns the (possibly new) array; an event older
 * than the retained range (b ≤ head - N) changes nothing.
 */
export function recordWindow(a: number[], k: number, s: SeriesPlan, b: number, xs: FieldValues): number[] {
  const slot = s.slot;
  const S = s.stride;
  const st = segmentStart(a, k, slot);
  const en = a[slot] as number;
  let pos: number;
  if (en === st) {
    a = reshape(a, k, slot, st, 0, S);
    pos = st;
    initRecord(a, pos, b, S);
  } else {
    const head = a[en - S] as number;
    if (b > head) {
      // The head moves: buckets that fell out of [b-N+1, b] go; the first freed record is reused.
      const lo = b - s.buckets + 1;
      let drop = 0;
      while (st + drop * S < en && (a[st + drop * S] as number) < lo) drop++;
      if (drop === 0) {
        a = reshape(a, k, slot, en, 0, S);
        pos = en;
      } else {
        for (let i = st + drop * S; i < en; i++) a[i - drop * S] = a[i] as number;
        pos = en - drop * S;
        if (drop > 1) a = reshape(a, k, slot, pos + S, (drop - 1) * S, 0);
      }
      initRecord(a, pos, b, S);
    } else if (b <= head - s.buckets) {
      return a;
    } else {
      let p = en - S;
      while (p >= st && (a[p] as number) > b) p -= S;
      if (p >= st && a[p] === b) pos = p;
      else {
        pos = p + S;
        a = reshape(a, k, slot, pos, 0, S);
        initRecord(a, pos, b, S);
      }
    }
  }
  a[pos + 1] = (a[pos + 1] as number) + 1;
  const fields = s.fields;
  for (let f = 0; f < fields.length; f++) {
    const x = xs[f] as number;
    if (x !== x) continue; // NaN: the event has no number in this field
    const c = fields[f]!;
    const n = a[pos + c.n] as number;
    const sum = a[pos + c.sum] as number;
    if (c.m2 >= 0) a[pos + c.m2] = m2After(n, sum, a[pos + c.m2] as number, x);
    if (c.min >= 0) a[pos + c.min] = n === 0 ? x : Math.min(a[pos + c.min] as number, x);
    if (c.max >= 0) a[pos + c.max] = n === 0 ? x : Math.max(a[pos + c.max] as number, x);
    a[pos + c.n] = n + 1;
    a[pos + c.sum] = sum + x;
  }
  return a;
}

function initRecord(a: number[], pos: number, b: number, S: number): void {
  a[pos] = b;
  for (let i = 1; i < S; i++) a[pos + i] = 0;
}

/**
 * Window statistics as of time t: count, then per numeric field [n, sum, m2, min, max], over the
 * retained buckets in [max(b(t), head) - N + 1, b(t)], merged oldest first. Written into `out`.
 */
export function summariseWindow(a: number[] | undefined, k: number, s: SeriesPlan, t: number, out: Float64Array): void {
  out.fill(0);
  if (a === undefined) return;
  const S = s.stride;
  const st = segmentStart(a, k, s.slot);
  const en = a[s.slot] as number;
  if (en === st) return;
  const bt = Math.floor(t / s.bucketMs);
  const head = a[en - S] as number;
  const lo = (bt > head ? bt : head) - s.buckets + 1;
  const fields = s.fields;
  let count = 0;
  for (let p = st; p < en; p += S) {
    const b = a[p] as number;
    if (b < lo) continue;
    if (b > bt) break;
    count += a[p + 1] as number;
    for (let f = 0; f < fields.length; f++) {
      const c = fields[f]!;
      const nb = a[p + c.n] as number;
      if (nb === 0) continue;
      const o = 1 + f * 5;
      const n = out[o] as number;
      const sb = a[p + c.sum] as number;
      if (c.m2 >= 0) out[o + 2] = mergeM2(n, out[o + 1] as number, out[o + 2] as number, nb, sb, a[p + c.m2] as number);
      if (c.min >= 0) out[o + 3] = n === 0 ? (a[p + c.min] as number) : Math.min(out[o + 3] as number, a[p + c.min] as number);
      if (c.max >= 0) out[o + 4] = n === 0 ? (a[p + c.max] as number) : Math.max(out[o + 4] as number, a[p + c.max] as number);
      out[o] = n + nb;
      out[o + 1] = (out[o + 1] as number) + sb;
    }
  }
  out[0] = count;
}

/** Adds a timestamp to a recency segment: the earliest ever, and the RECENT_TIMESTAMPS newest. */
export function recordRecency(a: number[], k: number, slot: number, ts: number): number[] {
  const st = segmentStart(a, k, slot);
  const en = a[slot] as number;
  if (en === st) {
    a = reshape(a, k, slot, st, 0, 2);
    a[st] = ts;
    a[st + 1] = ts;
    return a;
  }
  if (ts < (a[st] as number)) a[st] = ts;
  const m = en - st - 1;
  if (m < RECENT_TIMESTAMPS) {
    let p = en;
    while (p > st + 1 && (a[p - 1] as number) > ts) p--;
    a = reshape(a, k, slot, p, 0, 1);
    a[p] = ts;
  } else if (ts > (a[st + 1] as number)) {
    // Full: the oldest kept timestamp makes room, the rest shift down until ts fits.
    let p = st + 1;
    while (p + 1 < en && (a[p + 1] as number) < ts) {
      a[p] = a[p + 1] as number;
      p++;
    }
    a[p] = ts;
  }
  return a;
}

/** [first, latest at or before t] of a recency segment; NaN where there is none. */
export function readRecency(a: number[] | undefined, k: number, slot: number, t: number, out: Float64Array): void {
  out[0] = NaN;
  out[1] = NaN;
  if (a === undefined) return;
  const st = segmentStart(a, k, slot);
  const en = a[slot] as number;
  if (en === st) return;
  const first = a[st] as number;
  out[0] = first;
  const last = latestAtOrBefore(a, st + 1, en, RECENT_TIMESTAMPS, first, t);
  out[1] = last === null ? NaN : last;
}

/** Elements a window segment grows by when recording bucket b: a new bucket record, or nothing. */
export function windowGrowth(a: number[], k: number, s: SeriesPlan, b: number): number {
  const S = s.stride;
  const st = segmentStart(a, k, s.slot);
  const en = a[s.slot] as number;
  if (en === st) return S;
  const head = a[en - S] as number;
  if (b > head) return (a[st] as number) < b - s.buckets + 1 ? 0 : S; // an evicted record is reused
  if (b <= head - s.buckets) return 0;
  let p = en - S;
  while (p >= st && (a[p] as number) > b) p -= S;
  return p >= st && a[p] === b ? 0 : S;
}

/** Elements a recency segment grows by when recording a timestamp. */
export function recencyGrowth(a: number[], k: number, slot: number): number {
  const st = segmentStart(a, k, slot);
  const n = (a[slot] as number) - st;
  return n === 0 ? 2 : n - 1 < RECENT_TIMESTAMPS ? 1 : 0;
}

/** When a segment stops mattering: past this time no query within a window of now sees it. */
export function segmentExpiry(a: number[], k: number, s: SeriesPlan): number {
  const st = segmentStart(a, k, s.slot);
  const en = a[s.slot] as number;
  if (en === st) return -Infinity;
  if (s.kind === 'recency') return (a[en - 1] as number) + s.windowMs + 1; // since_last reads up to W inclusive
  return ((a[en - s.stride] as number) + s.buckets) * s.bucketMs;
}

