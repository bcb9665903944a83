/**
 * Grows one regression tree on gradients and hessians: rows are kept partitioned by node in one
 * index array, each new node gets its best split from a histogram (the smaller child scanned, the
 * larger by subtraction), and nodes are expanded level by level (depthwise) or best gain first
 * (leafwise) within maxDepth and maxLeaves.
 */
import type { BinnedFeature } from './gbdt-binning.js';
import { buildHistogram, findBestSplit, type HistogramLayout, type Split, type SplitParams, subtractHistogram } from './gbdt-split.js';
import { OP_IN, OP_LE, type RawNode } from './tree-arrays.js';

export interface GrowParams extends SplitParams {
  growth: 'depthwise' | 'leafwise';
  maxDepth: number;
  maxLeaves: number;
  learningRate: number;
}

/** Reusable buffers for growing many trees over the same binned data. */
export interface GrowWorkspace {
  features: readonly BinnedFeature[];
  layout: HistogramLayout;
  index: Uint32Array;
  scratch: Uint32Array;
  gBuf: Float64Array;
  hBuf: Float64Array;
  pool: Float64Array[];
}

export function growWorkspace(features: readonly BinnedFeature[], layout: HistogramLayout, rows: number): GrowWorkspace {
  return {
    features, layout,
    index: new Uint32Array(rows), scratch: new Uint32Array(rows),
    gBuf: new Float64Array(rows), hBuf: new Float64Array(rows), pool: [],
  };
}

/** A grown tree: nodes for the model, and per node the rule on bins used to update training margins. */
export interface GrownTree {
  nodes: RawNode[];
  /** Per node: the split (null at a leaf). */
  splits: Array<Split | null>;
}

interface Pending {
  id: number;
  begin: number;
  end: number;
  depth: number;
  hist: Float64Array | null;
  split: Split | null;
  order: number;
}

/** Grows a tree on the rows `sample` (ascending); `grad`/`hess` are indexed by row. */
export function growTree(ws: GrowWorkspace, sample: Uint32Array, grad: Float64Array, hess: Float64Array, p: GrowParams): GrownTree {
  const nodes: RawNode[] = [];
  const splits: Array<Split | null> = [];
  const n = sample.length;
  ws.index.set(sample);
  let g = 0;
  let h = 0;
  for (let i = 0; i < n; i++) {
    g += grad[sample[i]!]!;
    h += hess[sample[i]!]!;
  }
  const leaf = (gs: number, hs: number, count: number): number => {
    nodes.push({ feature: -1, value: Math.fround((-gs / (hs + p.lambda)) * p.learningRate), cover: count });
    splits.push(null);
    return nodes.length - 1;
  };
  const rootId = leaf(g, h, n);
  let order = 0;
  const candidates: Pending[] = [];
  const consider = (id: number, begin: number, end: number, depth: number, hist: Float64Array | null, gs: number, hs: number) => {
    if (!hist) return;
    const split = findBestSplit(hist, ws.layout, ws.features, gs, hs, end - begin, p);
    if (!split) {
      release(ws, hist);
      return;
    }
    candidates.push({ id, begin, end, depth, hist, split, order: order++ });
  };
  const splittable = (depth: number, count: number) => depth < p.maxDepth && count >= 2 * p.minDataInLeaf;
  if (splittable(0, n)) {
    const hist = take(ws);
    buildHistogram(hist, ws.layout, ws.features, ws.index, 0, n, grad, hess, ws.gBuf, ws.hBuf);
    consider(rootId, 0, n, 0, hist, g, h);
  }
  let leaves = 1;
  while (candidates.length > 0 && leaves < p.maxLeaves) {
    const at = pick(candidates, p.growth);
    const node = candidates.splice(at, 1)[0]!;
    const s = node.split!;
    const mid = partition(ws, node.begin, node.end, s);
    const leftId = leaf(s.gl, s.hl, s.cl);
    const rightId = leaf(s.gr, s.hr, s.cr);
    const f = ws.features[s.feature]!;
    nodes[node.id] = f.kind === 'numeric'
      ? { feature: s.feature, op: OP_LE, threshold: f.upper![s.bin]!, left: leftId, right: rightId, defaultLeft: s.defaultLeft, cover: node.end - node.begin }
      : { feature: s.feature, op: OP_IN, categories: s.categories!, left: leftId, right: rightId, defaultLeft: s.defaultLeft, cover: node.end - node.begin };
    splits[node.id] = s;
    leaves++;
    const depth = node.depth + 1;
    const leftCan = splittable(depth, s.cl);
    const rightCan = splittable(depth, s.cr);
    let leftHist: Float64Array | null = null;
    let rightHist: Float64Array | null = null;
    if (leftCan || rightCan) {
      // Scan the smaller child; the larger is the parent minus it.
      const leftSmaller = s.cl <= s.cr;
      const small = take(ws);
      if (leftSmaller) buildHistogram(small, ws.layout, ws.features, ws.index, node.begin, mid, grad, hess, ws.gBuf, ws.hBuf);
      else buildHistogram(small, ws.layout, ws.features, ws.index, mid, node.end, grad, hess, ws.gBuf, ws.hBuf);
      const largeCan = leftSmaller ? rightCan : leftCan;
      let large: Float64Array | null = null;
      if (largeCan) {
        large = take(ws);
        subtractHistogram(large, node.hist!, small);
      }
      leftHist = leftSmaller ? small : large;
      rightHist = leftSmaller ? large : small;
      if (!leftCan && leftHist) {
        release(ws, leftHist);
        leftHist = null;
      }
      if (!rightCan && rightHist) {
        release(ws, rightHist);
        rightHist = null;
      }
    }
    release(ws, node.hist!);
    consider(leftId, node.begin, mid, depth, leftHist, s.gl, s.hl);
    consider(rightId, mid, node.end, depth, rightHist, s.gr, s.hr);
  }
  for (const c of candidates) release(ws, c.hist!);
  return { nodes, splits };
}

/** Depthwise: the oldest candidate (level order); leafwise: the largest gain, oldest on ties. */
function pick(candidates: Pending[], growth: 'depthwise' | 'leafwise'): number {
  let at = 0;
  for (let i = 1; i < candidates.length; i++) {
    const c = candidates[i]!;
    const b = candidates[at]!;
    if (growth === 'depthwise' ? c.order < b.order : c.split!.gain > b.split!.gain || (c.split!.gain === b.split!.gain && c.order < b.order)) at = i;
  }
  return at;
}

/** Stable partition of `index[begin..end)` into left then right rows; returns the boundary. */
function partition(ws: GrowWorkspace, begin: number, end: number, s: Split): number {
  const bins = ws.features[s.feature]!.bins;
  const missing = ws.features[s.feature]!.valueBins;
  const goesLeft = binRule(s, missing);
  let l = begin;
  let r = 0;
  for (let i = begin; i < end; i++) {
    const row = ws.index[i]!;
    if (goesLeft(bins[row]!)) ws.index[l++] = row;
    else ws.scratch[r++] = row;
  }
  ws.index.set(ws.scratch.subarray(0, r), l);
  return l;
}

/** The split as a rule on bins (what the tree's threshold or category set means for binned rows). */
export function binRule(s: Split, missingBin: number): (bin: number) => boolean {
  if (s.categories) {
    const member = new Uint8Array(256);
    for (const c of s.categories) member[c] = 1;
    return (b) => (b === missingBin ? s.defaultLeft : member[b] === 1);
  }
  return (b) => (b === missingBin ? s.defaultLeft : b <= s.bin);
}

function take(ws: GrowWorkspace): Float64Array {
  return ws.pool.pop() ?? new Float64Array(ws.layout.size);
}

function release(ws: GrowWorkspace, hist: Float64Array): void {
  ws.pool.push(hist);
}
