/**
 * The flattened form every tree model is scored from — trained here or imported from XGBoost or
 * ONNX: parallel typed arrays over all nodes of all trees, built by walking each source tree from
 * its root so that shared or unreachable source nodes become a plain tree in depth-first order.
 */
import { treeError } from './tree-errors.js';

/** `x <= threshold` goes left (the in-platform trainer, ONNX BRANCH_LEQ). */
export const OP_LE = 0;
/** `x < threshold` goes left (XGBoost, ONNX BRANCH_LT). */
export const OP_LT = 1;
/** `x == threshold` goes left (ONNX BRANCH_EQ). */
export const OP_EQ = 2;
/** The category code is in the node's set → left (categorical splits of the in-platform trainer). */
export const OP_IN = 3;

export type SplitOp = typeof OP_LE | typeof OP_LT | typeof OP_EQ | typeof OP_IN;

/** Largest finite float32. */
export const FLT_MAX = 3.4028234663852886e38;

/** Deepest tree accepted; deeper ones are almost surely a cycle or a corrupt file. */
export const MAX_TREE_DEPTH = 128;

/** All nodes of all trees; node `n` is a leaf when `feature[n] === -1`. */
export interface TreeArrays {
  /** Root node of each tree. */
  readonly roots: Int32Array;
  /** Feature index the node splits on, −1 at a leaf. */
  readonly feature: Int32Array;
  readonly op: Uint8Array;
  /** Split value, a float32 value (comparisons are made in float32, as XGBoost and ONNX Runtime do). */
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** 1 = a missing value goes left. */
  readonly defaultLeft: Uint8Array;
  /** Leaf output added to the margin (log-odds); 0 at internal nodes. */
  readonly value: Float64Array;
  /** Training weight that reached the node (count, hessian sum or hit rate); drives TreeSHAP's expectations. */
  readonly cover: Float64Array;
  /** For OP_IN nodes, `cats[catStart[n] .. catStart[n] + catCount[n])` holds the sorted category codes. */
  readonly catStart: Int32Array;
  readonly catCount: Int32Array;
  readonly cats: Int32Array;
}

/** One node of a source tree, children given as indices into the same tree's node list. */
export interface RawNode {
  /** Feature index, or −1 for a leaf. */
  feature: number;
  op?: SplitOp;
  threshold?: number;
  /** Category codes for OP_IN. */
  categories?: readonly number[];
  left?: number;
  right?: number;
  defaultLeft?: boolean;
  /** Leaf value. */
  value?: number;
  /** Cover; NaN or absent when the source does not say. */
  cover?: number;
}

/** A source tree: its nodes and the index of its root. */
export interface RawTree {
  nodes: readonly RawNode[];
  root?: number;
}

/**
 * Packs source trees into TreeArrays. Thresholds are rounded to float32. When any node of a tree
 * lacks a cover, the whole tree gets even covers (each split sends half each way), so TreeSHAP
 * still has a consistent — if uninformed — expectation; see TreeEnsemble.withCovers to calibrate.
 * `field` names the model part in errors.
 */
export function packTrees(trees: readonly RawTree[], featureCount: number, field = 'trees'): TreeArrays {
  const out = {
    feature: [] as number[], op: [] as number[], threshold: [] as number[], left: [] as number[], right: [] as number[],
    defaultLeft: [] as number[], value: [] as number[], cover: [] as number[], catStart: [] as number[], catCount: [] as number[],
  };
  const cats: number[] = [];
  const roots: number[] = [];
  trees.forEach((tree, t) => {
    const where = `${field}[${t}]`;
    const start = out.feature.length;
    roots.push(start);
    // Explicit stack of (source index, slot to patch in the parent, depth): no recursion limits.
    const stack: Array<{ src: number; parent: number; side: 0 | 1; depth: number }> = [
      { src: tree.root ?? 0, parent: -1, side: 0, depth: 0 },
    ];
    let coversKnown = true;
    while (stack.length > 0) {
      const { src, parent, side, depth } = stack.pop()!;
      const node = tree.nodes[src];
      if (!node) throw bad(where, 'node', `node ${src} does not exist`, `节点 ${src} 不存在`);
      if (depth > MAX_TREE_DEPTH) throw bad(where, 'depth', `deeper than ${MAX_TREE_DEPTH} (a cycle?)`, `深度超过 ${MAX_TREE_DEPTH}(存在环?)`);
      const me = out.feature.length;
      if (parent >= 0) (side === 0 ? out.left : out.right)[parent] = me;
      const cover = node.cover ?? Number.NaN;
      if (!(cover >= 0)) coversKnown = false;
      out.cover.push(cover);
      if (node.feature < 0) {
        const v = node.value ?? Number.NaN;
        if (!Number.isFinite(v)) throw bad(where, 'leaf', `leaf ${src} has no finite value`, `叶节点 ${src} 没有有限的取值`);
        pushNode(out, -1, OP_LE, 0, -1, -1, 0, v, -1, 0);
        continue;
      }
      if (!Number.isInteger(node.feature) || node.feature >= featureCount) {
        throw bad(where, 'feature', `node ${src} splits on feature ${node.feature}, the model has ${featureCount}`, `节点 ${src} 使用第 ${node.feature} 个变量,模型只有 ${featureCount} 个`);
      }
      const op = node.op ?? OP_LE;
      let catStart = -1;
      let catCount = 0;
      let threshold = 0;
      if (op === OP_IN) {
        const set = [...new Set(node.categories ?? [])].sort((a, b) => a - b);
        catStart = cats.length;
        catCount = set.length;
        cats.push(...set);
      } else {
        threshold = Math.fround(node.threshold ?? Number.NaN);
        if (Number.isNaN(threshold)) throw bad(where, 'threshold', `node ${src} has no threshold`, `节点 ${src} 没有分裂阈值`);
        // ±Infinity does not survive JSON; the largest float32 splits every finite float32 the same way.
        threshold = Math.max(-FLT_MAX, Math.min(FLT_MAX, threshold));
      }
      if (node.left === undefined || node.right === undefined) {
        throw bad(where, 'children', `node ${src} lacks a child`, `节点 ${src} 缺少子节点`);
      }
      pushNode(out, node.feature, op, threshold, -1, -1, node.defaultLeft ? 1 : 0, 0, catStart, catCount);
      // Right pushed first so the left subtree is laid out right after its parent.
      stack.push({ src: node.right, parent: me, side: 1, depth: depth + 1 });
      stack.push({ src: node.left, parent: me, side: 0, depth: depth + 1 });
    }
    if (!coversKnown) evenCovers(out.cover, out.feature, out.left, out.right, start);
  });
  return {
    roots: Int32Array.from(roots),
    feature: Int32Array.from(out.feature),
    op: Uint8Array.from(out.op),
    threshold: Float64Array.from(out.threshold),
    left: Int32Array.from(out.left),
    right: Int32Array.from(out.right),
    defaultLeft: Uint8Array.from(out.defaultLeft),
    value: Float64Array.from(out.value),
    cover: Float64Array.from(out.cover),
    catStart: Int32Array.from(out.catStart),
    catCount: Int32Array.from(out.catCount),
    cats: Int32Array.from(cats),
  };
}

function pushNode(
  out: Record<'feature' | 'op' | 'threshold' | 'left' | 'right' | 'defaultLeft' | 'value' | 'catStart' | 'catCount', number[]>,
  feature: number, op: number, threshold: number, left: number, right: number, defaultLeft: number, value: number,
  catStart: number, catCount: number,
): void {
  out.feature.push(feature);
  out.op.push(op);
  out.threshold.push(threshold);
  out.left.push(left);
  out.right.push(right);
  out.defaultLeft.push(defaultLeft);
  out.value.push(value);
  out.catStart.push(catStart);
  out.catCount.push(catCount);
}

/** Root 1, each child half its parent: used when a source gives no covers. */
function evenCovers(cover: number[], feature: number[], left: number[], right: number[], root: number): void {
  const stack = [root];
  cover[root] = 1;
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (feature[n]! < 0) continue;
    cover[left[n]!] = cover[n]! / 2;
    cover[right[n]!] = cover[n]! / 2;
    stack.push(left[n]!, right[n]!);
  }
}

function bad(field: string, reason: string, en: string, zh: string): Error {
  return treeError(field, reason, { zh: `树模型结构无效:${zh}`, en: `Invalid tree structure: ${en}` });
}

/** Where one row goes from internal node `n`, given the node's feature value `v` (NaN = missing). */
export function nextNode(t: TreeArrays, n: number, v: number): number {
  if (v !== v) return t.defaultLeft[n] ? t.left[n]! : t.right[n]!;
  let goLeft: boolean;
  switch (t.op[n]) {
    case OP_LE: goLeft = v <= t.threshold[n]!; break;
    case OP_LT: goLeft = v < t.threshold[n]!; break;
    case OP_EQ: goLeft = v === t.threshold[n]!; break;
    default: goLeft = inSet(t, n, v);
  }
  return goLeft ? t.left[n]! : t.right[n]!;
}

/** Binary search of a category code in node `n`'s sorted set. */
export function inSet(t: TreeArrays, n: number, code: number): boolean {
  let lo = t.catStart[n]!;
  let hi = lo + t.catCount[n]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = t.cats[mid]!;
    if (c === code) return true;
    if (c < code) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Number of nodes in the tree rooted at `roots[t]` (trees are laid out one after another). */
export function treeSize(a: TreeArrays, t: number): number {
  const end = t + 1 < a.roots.length ? a.roots[t + 1]! : a.feature.length;
  return end - a.roots[t]!;
}
