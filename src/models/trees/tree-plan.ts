/**
 * The scoring plan: TreeArrays re-laid for speed. Each tree breadth-first with the two children of
 * a node side by side (right = left + 1, so the branch becomes arithmetic), `x < t` rewritten as
 * `x <= previous float32 of t` (exact for float32 inputs), category sets as bit masks, and the
 * leaf value kept where an internal node keeps its threshold. Measured about 2× faster than
 * walking TreeArrays directly on 200 trees of depth 5 (with rows in blocks, see planMargins).
 */
import { OP_EQ, OP_IN, OP_LT, type TreeArrays } from './tree-arrays.js';

/** Plan node kinds. */
const K_LE = 0;
const K_EQ = 1;
const K_IN = 2;

export interface ScoringPlan {
  roots: Int32Array;
  /** Feature index, −1 at a leaf. */
  feature: Int32Array;
  /** Threshold at an internal node, leaf value at a leaf. */
  value: Float64Array;
  /** Index of the left child; the right one follows it. */
  child: Int32Array;
  /** 1 = a missing value goes right. */
  missingRight: Int32Array;
  kind: Uint8Array;
  /** K_IN nodes: first word of the node's bit mask in `masks`, and its word count. */
  maskAt: Int32Array;
  maskWords: Int32Array;
  masks: Int32Array;
}

export function compilePlan(a: TreeArrays): ScoringPlan {
  const n = a.feature.length;
  const plan: ScoringPlan = {
    roots: new Int32Array(a.roots.length),
    feature: new Int32Array(n),
    value: new Float64Array(n),
    child: new Int32Array(n),
    missingRight: new Int32Array(n),
    kind: new Uint8Array(n),
    maskAt: new Int32Array(n),
    maskWords: new Int32Array(n),
    masks: new Int32Array(0),
  };
  const masks: number[] = [];
  let at = 0;
  for (let t = 0; t < a.roots.length; t++) {
    plan.roots[t] = at;
    const queue = [a.roots[t]!];
    const slot = [at++];
    for (let q = 0; q < queue.length; q++) {
      const src = queue[q]!;
      const p = slot[q]!;
      const f = a.feature[src]!;
      plan.feature[p] = f;
      if (f < 0) {
        plan.value[p] = a.value[src]!;
        continue;
      }
      plan.missingRight[p] = a.defaultLeft[src] ? 0 : 1;
      const op = a.op[src];
      if (op === OP_IN) {
        plan.kind[p] = K_IN;
        let maxCode = -1;
        for (let k = 0; k < a.catCount[src]!; k++) maxCode = Math.max(maxCode, a.cats[a.catStart[src]! + k]!);
        const words = (maxCode >>> 5) + 1;
        const mask = new Array<number>(words).fill(0);
        for (let k = 0; k < a.catCount[src]!; k++) {
          const c = a.cats[a.catStart[src]! + k]!;
          if (c >= 0) mask[c >>> 5]! |= 1 << (c & 31);
        }
        plan.maskAt[p] = masks.length;
        plan.maskWords[p] = maxCode < 0 ? 0 : words;
        masks.push(...mask);
      } else if (op === OP_EQ) {
        plan.kind[p] = K_EQ;
        plan.value[p] = a.threshold[src]!;
      } else {
        plan.kind[p] = K_LE;
        plan.value[p] = op === OP_LT ? previousFloat32(a.threshold[src]!) : a.threshold[src]!;
      }
      plan.child[p] = at;
      queue.push(a.left[src]!, a.right[src]!);
      slot.push(at, at + 1);
      at += 2;
    }
  }
  plan.masks = Int32Array.from(masks);
  return plan;
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** The largest float32 below `t` (t itself a float32): for float32 x, x < t ⇔ x ≤ previousFloat32(t). */
export function previousFloat32(t: number): number {
  if (t === 0) return -1.401298464324817e-45;
  f32[0] = t;
  i32[0] = t > 0 ? i32[0]! - 1 : i32[0]! + 1;
  return f32[0]!;
}

/** Margin contribution of all trees for the row at `x[base..base+F)`, missing = NaN. */
export function planMargin(plan: ScoringPlan, x: ArrayLike<number>, base: number): number {
  let s = 0;
  for (let t = 0; t < plan.roots.length; t++) s += planTree(plan, plan.roots[t]!, x, base);
  return s;
}

/** The leaf value the row reaches in the tree at `root`. */
export function planTree(plan: ScoringPlan, root: number, x: ArrayLike<number>, base: number): number {
  const { feature, value, child, missingRight, kind } = plan;
  let n = root;
  let j = feature[n]!;
  while (j >= 0) {
    const v = x[base + j]!;
    let right: number;
    const k = kind[n];
    // Kinds as literals (K_LE = 0, K_EQ = 1, K_IN = 2) keep the hot loop free of binding loads.
    if (k === 0) right = +(v > value[n]!) | (+(v !== v) & missingRight[n]!);
    else if (v !== v) right = missingRight[n]!;
    else if (k === 1) right = v === value[n]! ? 0 : 1;
    else right = inMask(plan, n, v) ? 0 : 1;
    n = child[n]! + right;
    j = feature[n]!;
  }
  return value[n]!;
}

function inMask(plan: ScoringPlan, n: number, v: number): boolean {
  const c = v | 0;
  if (c !== v || c < 0 || c >>> 5 >= plan.maskWords[n]!) return false;
  return ((plan.masks[plan.maskAt[n]! + (c >>> 5)]! >>> (c & 31)) & 1) === 1;
}

/**
 * Adds every tree's leaf value to `out[r]` for rows r of the row-major matrix `x` (F columns).
 * Rows go through in blocks, tree by tree, so one tree's nodes stay in cache for a whole block.
 */
export function planMargins(plan: ScoringPlan, x: Float32Array, features: number, rows: number, out: Float64Array): void {
  const BLOCK = 256;
  const { roots, feature, value, child, missingRight, kind } = plan;
  const trees = roots.length;
  for (let b0 = 0; b0 < rows; b0 += BLOCK) {
    const b1 = Math.min(rows, b0 + BLOCK);
    for (let t = 0; t < trees; t++) {
      const root = roots[t]!;
      for (let r = b0; r < b1; r++) {
        const base = r * features;
        let n = root;
        let j = feature[n]!;
        while (j >= 0) {
          const v = x[base + j]!;
          let right: number;
          const k = kind[n];
          if (k === 0) right = +(v > value[n]!) | (+(v !== v) & missingRight[n]!);
          else if (v !== v) right = missingRight[n]!;
          else if (k === 1) right = v === value[n]! ? 0 : 1;
          else right = inMask(plan, n, v) ? 0 : 1;
          n = child[n]! + right;
          j = feature[n]!;
        }
        out[r]! += value[n]!;
      }
    }
  }
}
