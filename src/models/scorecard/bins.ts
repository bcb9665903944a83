/**
 * How a variable is cut into bins, as data: the breaks of a numeric variable or the category
 * groups of a categorical one, always followed by one bin for missing values. Binning produces
 * it, WOE and the points table read it, the artifact stores it.
 */

/**
 * A numeric variable: `breaks` b₀ < b₁ < … cut the line into left-closed intervals
 * [-inf,b₀), [b₀,b₁), …, [b_last,inf); bin `breaks.length + 1` is the missing bin.
 */
export interface NumericBins {
  kind: 'numeric';
  variable: string;
  breaks: number[];
}

/**
 * A categorical variable: each group of categories is one bin; bin `groups.length` is the missing
 * bin, which also takes categories never seen in training (no evidence either way).
 */
export interface CategoricalBins {
  kind: 'categorical';
  variable: string;
  groups: string[][];
}

export type VariableBins = NumericBins | CategoricalBins;

/** Number of bins including the missing bin. */
export function binCount(bins: VariableBins): number {
  return (bins.kind === 'numeric' ? bins.breaks.length + 1 : bins.groups.length) + 1;
}

/** Index of the missing bin (always the last). */
export function missingBin(bins: VariableBins): number {
  return binCount(bins) - 1;
}

/** Display labels of every bin, e.g. `[-inf,1000)`, `[1000,3000)`, `[3000,inf)`, `a,b`, `missing`. */
export function binLabels(bins: VariableBins): string[] {
  const labels: string[] = [];
  if (bins.kind === 'numeric') {
    const edges = [-Infinity, ...bins.breaks, Infinity];
    for (let i = 0; i + 1 < edges.length; i++) labels.push(`[${edgeText(edges[i]!)},${edgeText(edges[i + 1]!)})`);
  } else {
    for (const g of bins.groups) labels.push(g.join(','));
  }
  labels.push('missing');
  return labels;
}

function edgeText(v: number): string {
  return v === -Infinity ? '-inf' : v === Infinity ? 'inf' : String(v);
}
