/**
 * A training or scoring sample held column by column: numeric columns as Float64Array (NaN is
 * missing), categorical ones as strings (null is missing), and the binary target (1 = bad).
 * Column storage keeps 30,000 × 23 in a few megabytes and lets binning scan one variable at a time.
 */

export type Column =
  | { kind: 'numeric'; name: string; values: Float64Array }
  | { kind: 'categorical'; name: string; values: ReadonlyArray<string | null> };

export interface Dataset {
  /** Number of rows. */
  readonly rows: number;
  /** Candidate variables, in file order (the target and excluded columns are not among them). */
  readonly columns: readonly Column[];
  /** 1 = bad (the event the model predicts: default, fraud), 0 = good; absent for a scoring sample. */
  readonly target?: Uint8Array;
}

/** One applicant's variables by name: numbers, category labels, or null when missing. */
export type ModelRow = Readonly<Record<string, number | string | null | undefined>>;

/** The row at `i` of a dataset, as the scoring interface takes it. */
export function rowAt(data: Dataset, i: number): Record<string, number | string | null> {
  const row: Record<string, number | string | null> = {};
  for (const c of data.columns) {
    if (c.kind === 'numeric') {
      const v = c.values[i]!;
      row[c.name] = Number.isNaN(v) ? null : v;
    } else row[c.name] = c.values[i] ?? null;
  }
  return row;
}

/** A subset of rows (by index), columns and target copied. */
export function selectRows(data: Dataset, index: ArrayLike<number>): Dataset {
  const n = index.length;
  const columns: Column[] = data.columns.map((c) => {
    if (c.kind === 'numeric') {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = c.values[index[i]!]!;
      return { kind: 'numeric', name: c.name, values };
    }
    const values = new Array<string | null>(n);
    for (let i = 0; i < n; i++) values[i] = c.values[index[i]!] ?? null;
    return { kind: 'categorical', name: c.name, values };
  });
  let target: Uint8Array | undefined;
  if (data.target) {
    target = new Uint8Array(n);
    for (let i = 0; i < n; i++) target[i] = data.target[index[i]!]!;
  }
  return target ? { rows: n, columns, target } : { rows: n, columns };
}
