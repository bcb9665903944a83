/**
 * Cuts each candidate variable into bins: equal-frequency, chi-merge or decision-tree for numbers
 * (optionally with a monotonic bad rate), categories sorted by bad rate and merged likewise, or
 * breaks and groups given by hand. Missing values always keep a bin of their own. Deterministic:
 * the same data and options give the same bins.
 */
import type { Column, Dataset } from '../domain/dataset.js';
import { ModelError, optionError } from '../dataset/model-error.js';
import type { VariableBins } from './bins.js';
import { chiMerge, enforceMinCount, enforceMonotonic, enforceMonotonicAuto, type Group, type Impurity, treeSplit } from './cell-merge.js';

export type BinningMethod = 'chimerge' | 'quantile' | 'tree';

/** Manual bins for one variable: breaks (numeric) or category groups (categorical). */
export type ManualBins = number[] | string[][];

export interface BinningOptions {
  /** 'chimerge' (default), 'quantile' (equal frequency) or 'tree'. */
  method?: BinningMethod;
  /** Most bins per variable, not counting the missing bin (default 8). */
  maxBins?: number;
  /** Least share of all rows a bin may hold (default 0.05); the missing bin is exempt. */
  minBinShare?: number;
  /** Equal-frequency cells chi-merge and tree start from (default 50). */
  initialBins?: number;
  /** Chi-merge keeps merging while a neighbouring pair's chi-square is below this (default 2.706, p = 0.10). */
  chiThreshold?: number;
  /**
   * Numeric variables only: force the bad rate to rise or fall across bins, so points move one way
   * with the value and reasons read naturally. 'auto' (default) or `true` picks the direction that
   * keeps more IV; false leaves the trend as found (e.g. a U-shaped age effect).
   */
  monotonic?: boolean | 'auto' | 'ascending' | 'descending';
  /** Tree impurity (default 'entropy', i.e. information gain). */
  impurity?: Impurity;
  /** Tree stops when the best split gains less than this share of the root impurity (default 0.005). */
  treeMinGain?: number;
  /**
   * Hand-made bins by variable, used as given. For a categorical variable, categories met in the
   * data but absent from the groups get one bin each (in name order).
   */
  manual?: Readonly<Record<string, ManualBins>>;
}

export type ResolvedBinning = Required<Omit<BinningOptions, 'manual'>> & { manual: Readonly<Record<string, ManualBins>> };

function positiveInt(name: string, v: unknown, fallback: number, max: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
    throw optionError(name, `须为 1 到 ${max} 之间的整数`, `must be an integer from 1 to ${max}`);
  }
  return v;
}

function shareOption(name: string, v: unknown, fallback: number, max = 1): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v >= 0 && v <= max)) throw optionError(name, `须在 0 到 ${max} 之间`, `must lie between 0 and ${max}`);
  return v;
}

/** Checks binning options and fills in defaults; errors name the option with `prefix`. */
export function resolveBinningOptions(o: BinningOptions = {}, prefix = 'binning.'): ResolvedBinning {
  const method = o.method ?? 'chimerge';
  if (!['chimerge', 'quantile', 'tree'].includes(method)) {
    throw optionError(`${prefix}method`, '须为 chimerge、quantile 或 tree', 'must be chimerge, quantile or tree');
  }
  const monotonic = o.monotonic ?? 'auto';
  if (![true, false, 'auto', 'ascending', 'descending'].includes(monotonic)) {
    throw optionError(`${prefix}monotonic`, '须为 true、false、auto、ascending 或 descending', 'must be true, false, auto, ascending or descending');
  }
  const impurity = o.impurity ?? 'entropy';
  if (impurity !== 'entropy' && impurity !== 'gini') throw optionError(`${prefix}impurity`, '须为 entropy 或 gini', 'must be entropy or gini');
  const chiThreshold = o.chiThreshold ?? 2.706;
  if (typeof chiThreshold !== 'number' || !(chiThreshold >= 0) || !Number.isFinite(chiThreshold)) {
    throw optionError(`${prefix}chiThreshold`, '须为非负数', 'must be a non-negative number');
  }
  const manual = o.manual ?? {};
  for (const [name, spec] of Object.entries(manual)) {
    if (!Array.isArray(spec) || !(spec.every((b) => typeof b === 'number' && Number.isFinite(b)) || spec.every((g) => Array.isArray(g) && g.every((c) => typeof c === 'string')))) {
      throw optionError(`${prefix}manual.${name}`, '须为有限数值的切点数组或类别分组数组', 'must be an array of finite breaks or an array of category groups');
    }
  }
  return {
    method,
    maxBins: positiveInt(`${prefix}maxBins`, o.maxBins, 8, 1000),
    minBinShare: shareOption(`${prefix}minBinShare`, o.minBinShare, 0.05, 0.5),
    initialBins: positiveInt(`${prefix}initialBins`, o.initialBins, 50, 10000),
    chiThreshold,
    monotonic,
    impurity,
    treeMinGain: shareOption(`${prefix}treeMinGain`, o.treeMinGain, 0.005),
    manual,
  };
}

/** Bins of one variable, learnt from its column and the target. */
export function binVariable(column: Column, target: Uint8Array, options: BinningOptions = {}): VariableBins {
  const o = resolveBinningOptions(options);
  const manual = o.manual[column.name];
  if (manual) return manualBins(column, manual);
  const minCount = Math.max(1, Math.ceil(o.minBinShare * target.length));
  return column.kind === 'numeric' ? numericBins(column.name, column.values, target, o, minCount) : categoricalBins(column.name, column.values, target, o, minCount);
}

/** Bins of every column of a dataset (or of the named ones), in column order. */
export function binDataset(data: Dataset, options: BinningOptions = {}, variables?: readonly string[]): VariableBins[] {
  if (!data.target) throw new ModelError('DATASET_INVALID', { zh: '分箱需要目标列', en: 'Binning needs the target' }, { field: 'target' });
  const o = resolveBinningOptions(options);
  const wanted = variables ? new Set(variables) : undefined;
  return data.columns.filter((c) => !wanted || wanted.has(c.name)).map((c) => binVariable(c, data.target!, o));
}

/** Merged groups by method, before any monotonic step. */
function mergeCells(cells: Group[], o: ResolvedBinning, minCount: number): Group[] {
  if (o.method === 'tree') return treeSplit(cells, { maxBins: o.maxBins, minCount, impurity: o.impurity, minGain: o.treeMinGain });
  // Equal frequency: the cells already are the bins (categories: one per bin), so chi-merge only
  // brings the count down to maxBins; then small bins join their most similar neighbour.
  const threshold = o.method === 'quantile' ? 0 : o.chiThreshold;
  return enforceMinCount(chiMerge(cells, o.maxBins, threshold), minCount);
}

function numericBins(variable: string, values: Float64Array, target: Uint8Array, o: ResolvedBinning, minCount: number): VariableBins {
  const order: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) order.push(i);
  if (order.length === 0) return { kind: 'numeric', variable, breaks: [] };
  order.sort((a, b) => values[a]! - values[b]! || a - b);
  const n = order.length;
  // Equal-frequency edges: the value at each quantile position, each new edge above the last.
  const cellsWanted = o.method === 'quantile' ? o.maxBins : o.initialBins;
  const edges: number[] = [];
  const min = values[order[0]!]!;
  for (let q = 1; q < cellsWanted; q++) {
    const v = values[order[Math.floor((q * n) / cellsWanted)]!]!;
    if (v > min && (edges.length === 0 || v > edges[edges.length - 1]!)) edges.push(v);
  }
  const good = new Float64Array(edges.length + 1);
  const bad = new Float64Array(edges.length + 1);
  let cell = 0;
  for (const i of order) {
    while (cell < edges.length && values[i]! >= edges[cell]!) cell++;
    if (target[i] === 1) bad[cell]!++;
    else good[cell]!++;
  }
  const cells: Group[] = [];
  for (let c = 0; c < good.length; c++) cells.push({ first: c, last: c, good: good[c]!, bad: bad[c]! });
  let groups = mergeCells(cells, o, minCount);
  if (o.monotonic === 'ascending' || o.monotonic === 'descending') groups = enforceMonotonic(groups, o.monotonic);
  else if (o.monotonic === true || o.monotonic === 'auto') groups = enforceMonotonicAuto(groups).groups;
  // A group starting at cell f begins at that cell's lower edge, edges[f − 1].
  return { kind: 'numeric', variable, breaks: groups.slice(1).map((g) => edges[g.first - 1]!) };
}

function categoricalBins(variable: string, values: ReadonlyArray<string | null>, target: Uint8Array, o: ResolvedBinning, minCount: number): VariableBins {
  const counts = new Map<string, { good: number; bad: number }>();
  for (let i = 0; i < values.length; i++) {
    const c = values[i];
    if (c === null || c === undefined) continue;
    let e = counts.get(c);
    if (!e) counts.set(c, (e = { good: 0, bad: 0 }));
    if (target[i] === 1) e.bad++;
    else e.good++;
  }
  // Sorted by bad rate, so merging neighbours joins categories of similar risk; name breaks ties.
  const cats = [...counts.entries()].sort(([an, a], [bn, b]) => a.bad / (a.good + a.bad) - b.bad / (b.good + b.bad) || (an < bn ? -1 : an > bn ? 1 : 0));
  if (cats.length === 0) return { kind: 'categorical', variable, groups: [] };
  const cells: Group[] = cats.map(([, e], i) => ({ first: i, last: i, good: e.good, bad: e.bad }));
  const groups = mergeCells(cells, o, minCount);
  return { kind: 'categorical', variable, groups: groups.map((g) => cats.slice(g.first, g.last + 1).map(([name]) => name)) };
}

function manualBins(column: Column, spec: ManualBins): VariableBins {
  const numericSpec = spec.every((b) => typeof b === 'number');
  if (column.kind === 'numeric') {
    if (!numericSpec) {
      throw optionError(`binning.manual.${column.name}`, '数值变量须给出切点', 'a numeric variable takes breaks');
    }
    const breaks = [...new Set(spec as number[])].sort((a, b) => a - b);
    return { kind: 'numeric', variable: column.name, breaks };
  }
  if (spec.length > 0 && numericSpec) throw optionError(`binning.manual.${column.name}`, '类别变量须给出类别分组', 'a categorical variable takes category groups');
  const groups = (spec as string[][]).map((g) => [...g]);
  const listed = new Set<string>();
  for (const g of groups) {
    for (const c of g) {
      if (listed.has(c)) throw optionError(`binning.manual.${column.name}`, '同一类别出现在两个分组中', 'a category appears in two groups');
      listed.add(c);
    }
  }
  const rest = [...new Set(column.values.filter((c): c is string => c !== null && !listed.has(c)))].sort();
  return { kind: 'categorical', variable: column.name, groups: [...groups.filter((g) => g.length > 0), ...rest.map((c) => [c])] };
}
