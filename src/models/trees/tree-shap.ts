/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent Individualized Feature
 * Attribution for Tree Ensembles", Algorithm 2): each variable's Shapley contribution to one row's
 * margin, where a variable left out of a coalition is integrated out by the node covers. The
 * contributions of a row add up to its margin minus the covers-weighted expected margin.
 */
import { nextNode, type TreeArrays } from './tree-arrays.js';

/** Fraction of a node's cover that goes to `child`; both fractions of a split add up to 1. */
export function childFraction(a: TreeArrays, n: number, child: number): number {
  const l = a.cover[a.left[n]!]!;
  const r = a.cover[a.right[n]!]!;
  const total = l + r;
  if (!(total > 0) || !Number.isFinite(total)) return 0.5;
  // A child that saw no training weight still keeps a sliver, so unwinding never divides by zero.
  const f = a.cover[child]! / total;
  return Math.min(1 - 1e-12, Math.max(1e-12, f));
}

/** The covers-weighted mean leaf value of tree `t`: what the tree adds when nothing is known. */
export function treeExpectation(a: TreeArrays, t: number): number {
  const walk = (n: number): number =>
    a.feature[n]! < 0
      ? a.value[n]!
      : childFraction(a, n, a.left[n]!) * walk(a.left[n]!) + childFraction(a, n, a.right[n]!) * walk(a.right[n]!);
  return walk(a.roots[t]!);
}

/** Depth of the deepest tree (a lone leaf has depth 0). */
export function maxDepth(a: TreeArrays): number {
  let best = 0;
  for (let t = 0; t < a.roots.length; t++) {
    const stack: Array<[number, number]> = [[a.roots[t]!, 0]];
    while (stack.length > 0) {
      const [n, d] = stack.pop()!;
      if (a.feature[n]! < 0) best = Math.max(best, d);
      else stack.push([a.left[n]!, d + 1], [a.right[n]!, d + 1]);
    }
  }
  return best;
}

/**
 * Adds each variable's contribution for encoded row `x` (see TreeEnsemble.encode) over all trees to
 * `phi`. `depth` is maxDepth(a); the work is O(trees · leaves · depth²).
 */
export function addShapValues(a: TreeArrays, x: Float64Array, phi: Float64Array, depth: number): void {
  const stride = (depth + 2) * W;
  const path = new Float64Array(stride * (depth + 2));
  ratios(depth + 2);
  for (let t = 0; t < a.roots.length; t++) recurse(a, x, phi, path, stride, a.roots[t]!, 0, 0, 1, 1, -1);
}

/**
 * RATIO_UP[ud·R + i] = (ud+1)/(i+1) and RATIO_DOWN[ud·R + i] = (ud−i)/(ud+1): the constants of the
 * unwinding recurrences, computed once instead of per step. The one fractions are always 0 or 1
 * (hot or cold child), so dividing by them is never needed.
 */
let R = 0;
let RATIO_UP = new Float64Array(0);
let RATIO_DOWN = new Float64Array(0);

function ratios(size: number): void {
  if (size <= R) return;
  R = size;
  RATIO_UP = new Float64Array(R * R);
  RATIO_DOWN = new Float64Array(R * R);
  for (let ud = 0; ud < R; ud++) {
    for (let i = 0; i < R; i++) {
      RATIO_UP[ud * R + i] = (ud + 1) / (i + 1);
      RATIO_DOWN[ud * R + i] = (ud - i) / (ud + 1);
    }
  }
}

/**
 * The path is one Float64Array: element i of the level starting at `off` is at off + W·i, holding
 * [feature, zero fraction, one fraction, permutation weight], so the copy between levels is one
 * copyWithin.
 */
const W = 4;
const FEAT = 0;
const ZERO = 1;
const ONE = 2;
const WEIGHT = 3;

/**
 * One node of the walk. `off` is this call's copy of the path; elements 0..ud−1 are the parent's
 * (copied from the level before), and this call appends (pf, pz, po) at index ud.
 */
function recurse(
  a: TreeArrays, x: Float64Array, phi: Float64Array, path: Float64Array, stride: number,
  node: number, off: number, ud: number, pz: number, po: number, pf: number,
): void {
  if (off > 0) path.copyWithin(off, off - stride, off - stride + W * ud);
  extend(path, off, ud, pz, po, pf);
  const f = a.feature[node]!;
  if (f < 0) {
    const v = a.value[node]!;
    for (let i = 1; i <= ud; i++) {
      const e = off + W * i;
      const w = unwoundSum(path, off, ud, i);
      phi[path[e + FEAT]!]! += w * (path[e + ONE]! - path[e + ZERO]!) * v;
    }
    return;
  }
  const hot = nextNode(a, node, x[f]!);
  const cold = hot === a.left[node] ? a.right[node]! : a.left[node]!;
  let inZero = 1;
  let inOne = 1;
  let depth = ud;
  // A variable met again on the path is one player: undo its earlier split before re-splitting.
  for (let k = 1; k <= ud; k++) {
    const e = off + W * k;
    if (path[e + FEAT] === f) {
      inZero = path[e + ZERO]!;
      inOne = path[e + ONE]!;
      unwind(path, off, ud, k);
      depth = ud - 1;
      break;
    }
  }
  recurse(a, x, phi, path, stride, hot, off + stride, depth + 1, childFraction(a, node, hot) * inZero, inOne, f);
  recurse(a, x, phi, path, stride, cold, off + stride, depth + 1, childFraction(a, node, cold) * inZero, 0, f);
}

/** Grows the path by one element and updates the permutation weights. */
function extend(p: Float64Array, off: number, ud: number, pz: number, po: number, pf: number): void {
  const e = off + W * ud;
  p[e + FEAT] = pf;
  p[e + ZERO] = pz;
  p[e + ONE] = po;
  p[e + WEIGHT] = ud === 0 ? 1 : 0;
  for (let i = ud - 1; i >= 0; i--) {
    const w = off + W * i + WEIGHT;
    p[w + W]! += (po * p[w]! * (i + 1)) / (ud + 1);
    p[w] = (pz * p[w]! * (ud - i)) / (ud + 1);
  }
}

/** Removes element k from the path, inverting extend. */
function unwind(p: Float64Array, off: number, ud: number, k: number): void {
  const one = p[off + W * k + ONE]!;
  const zero = p[off + W * k + ZERO]!;
  let next = p[off + W * ud + WEIGHT]!;
  for (let i = ud - 1; i >= 0; i--) {
    const w = off + W * i + WEIGHT;
    if (one !== 0) {
      const tmp = p[w]!;
      p[w] = (next * (ud + 1)) / ((i + 1) * one);
      next = tmp - (p[w]! * zero * (ud - i)) / (ud + 1);
    } else {
      p[w] = (p[w]! * (ud + 1)) / (zero * (ud - i));
    }
  }
  for (let i = k; i < ud; i++) {
    const e = off + W * i;
    p[e + FEAT] = p[e + W + FEAT]!;
    p[e + ZERO] = p[e + W + ZERO]!;
    p[e + ONE] = p[e + W + ONE]!;
  }
}

/** Total permutation weight of the path with element k removed, without changing the path. */
function unwoundSum(p: Float64Array, off: number, ud: number, k: number): number {
  const one = p[off + W * k + ONE]!;
  const zero = p[off + W * k + ZERO]!;
  const row = ud * R;
  let total = 0;
  if (one !== 0) {
    // one = 1 here (see ratios).
    let next = p[off + W * ud + WEIGHT]!;
    for (let i = ud - 1; i >= 0; i--) {
      const tmp = next * RATIO_UP[row + i]!;
      total += tmp;
      next = p[off + W * i + WEIGHT]! - tmp * zero * RATIO_DOWN[row + i]!;
    }
  } else {
    for (let i = ud - 1; i >= 0; i--) total += p[off + W * i + WEIGHT]! / RATIO_DOWN[row + i]!;
    total /= zero;
  }
  return total;
}
