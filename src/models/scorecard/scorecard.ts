/**
 * A scorecard ready to score: each variable's bins compiled for lookup (breaks as a Float64Array
 * searched by bisection, categories in a Map), then probability = logistic(β₀ + Σ βⱼ·WOE), score =
 * base points + Σ bin points, and adverse reasons = the variables whose bin lost the most points
 * against that variable's best bin.
 */
import type { Dataset, ModelRow } from '../domain/dataset.js';
import { logistic, scaleFactor, scaleOffset } from '../domain/points-scale.js';
import type { ModelArtifact, ModelScore, PointsScale, ScoreReason, ScoringModel } from '../domain/scoring-model.js';
import { type BinLocator, compileBins, locate, numericBin } from './bin-assign.js';
import { artifactFromTable, tableFromArtifact } from './scorecard-artifact.js';
import type { PointsTable } from './scaling.js';

interface CompiledVariable {
  name: string;
  loc: BinLocator;
  /** Points of each bin. */
  points: Float64Array;
  /** β·WOE of each bin: its share of the log-odds. */
  logOdds: Float64Array;
  /** Points lost against the best bin, per bin. */
  lost: Float64Array;
  /**
   * The reason each bin gives, built once: the points lost by a bin never change, so score() hands
   * out these frozen objects instead of building strings for every row.
   */
  reasons: readonly ScoreReason[];
}

/** Scores a whole dataset at once: the batch path, no per-row objects. */
export interface DatasetScores {
  scores: Float64Array;
  probabilities: Float64Array;
}

const fmt = (v: number) => String(Math.round(v * 10) / 10);

export class Scorecard implements ScoringModel {
  readonly kind = 'scorecard' as const;
  readonly variables: readonly string[];
  readonly scale: PointsScale;
  /** The points table this card scores with (treat as read-only). */
  readonly table: PointsTable;
  private readonly compiled: CompiledVariable[];
  // Per-call scratch for score(): bins of the current row. Scoring is synchronous, so one suffices.
  private readonly scratch: Int32Array;

  constructor(table: PointsTable) {
    this.table = table;
    this.scale = table.scale;
    this.variables = table.variables.map((v) => v.variable);
    this.compiled = table.variables.map((v) => {
      const points = Float64Array.from(v.rows, (r) => r.points);
      const best = Math.max(...points);
      const lost = Float64Array.from(points, (p) => best - p);
      return {
        name: v.variable,
        loc: compileBins(v.bins),
        points,
        logOdds: Float64Array.from(v.rows, (r) => v.coefficient * r.woe),
        lost,
        reasons: v.rows.map((r, b) =>
          Object.freeze({
            variable: v.variable,
            pointsLost: lost[b]!,
            value: r.label,
            description: Object.freeze({
              zh: `${v.variable} 落在 ${r.label},比该变量最佳分箱少 ${fmt(lost[b]!)} 分`,
              en: `${v.variable} is in ${r.label}, ${fmt(lost[b]!)} points below its best bin`,
            }),
          }),
        ),
      };
    });
    this.scratch = new Int32Array(this.compiled.length);
  }

  /** A scorecard from its stored artifact (see scorecard-artifact.ts); refuses a malformed one. */
  static fromArtifact(artifact: ModelArtifact): Scorecard {
    return new Scorecard(tableFromArtifact(artifact));
  }

  toArtifact(): ModelArtifact {
    return artifactFromTable(this.table);
  }

  /** ln(P(bad)/P(good)) for one row. */
  logOdds(row: ModelRow): number {
    let z = this.table.intercept;
    for (const v of this.compiled) z += v.logOdds[locate(v.loc, row[v.name])]!;
    return z;
  }

  probability(row: ModelRow): number {
    return logistic(this.logOdds(row));
  }

  /**
   * Probability, points and the `top` adverse reasons (default 3): variables that lost points
   * against their best bin, most points lost first; a variable in its best bin is never a reason.
   *
   * @example
   * card.score({ age: 23, purpose: 'car (new)' }, 2).reasons[0]?.variable
   */
  score(row: ModelRow, top = 3): ModelScore {
    const bins = this.scratch;
    let z = this.table.intercept;
    let points = this.table.basePoints;
    for (let j = 0; j < this.compiled.length; j++) {
      const v = this.compiled[j]!;
      const b = locate(v.loc, row[v.name]);
      bins[j] = b;
      z += v.logOdds[b]!;
      points += v.points[b]!;
    }
    return { probability: logistic(z), score: points, reasons: this.reasons(bins, top) };
  }

  private reasons(bins: Int32Array, top: number): ScoreReason[] {
    const picked: ScoreReason[] = [];
    // Insertion into a list of at most `top`, worst first: cheaper than sorting every variable.
    for (let j = 0; j < this.compiled.length && top > 0; j++) {
      const v = this.compiled[j]!;
      const l = v.lost[bins[j]!]!;
      if (!(l > 1e-9)) continue;
      let at = picked.length;
      while (at > 0 && picked[at - 1]!.pointsLost < l) at--;
      if (at >= top) continue;
      picked.splice(at, 0, v.reasons[bins[j]!]!);
      if (picked.length > top) picked.pop();
    }
    return picked;
  }

  /**
   * Scores and probabilities of every row of a dataset (the fast path: one pass per variable over
   * its column, no per-row objects). A variable absent from the dataset counts as missing.
   */
  scoreDataset(data: Dataset): DatasetScores {
    const n = data.rows;
    const z = new Float64Array(n).fill(this.table.intercept);
    const scores = new Float64Array(n).fill(this.table.basePoints);
    const columns = new Map(data.columns.map((c) => [c.name, c]));
    for (const v of this.compiled) {
      const column = columns.get(v.name);
      const { loc, points, logOdds } = v;
      if (column?.kind === 'numeric' && loc.kind === 'numeric') {
        const values = column.values;
        const breaks = loc.breaks;
        for (let i = 0; i < n; i++) {
          const b = numericBin(breaks, values[i]!, loc.missing);
          z[i]! += logOdds[b]!;
          scores[i]! += points[b]!;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const raw = column?.values[i];
          const b = locate(loc, typeof raw === 'number' && Number.isNaN(raw) ? null : raw);
          z[i]! += logOdds[b]!;
          scores[i]! += points[b]!;
        }
      }
    }
    const probabilities = new Float64Array(n);
    for (let i = 0; i < n; i++) probabilities[i] = logistic(z[i]!);
    return { scores, probabilities };
  }

  /** Points at which the log-odds of bad equals `logOdds` on this card's scale (for checks and charts). */
  pointsAtLogOdds(logOdds: number): number {
    return scaleOffset(this.scale) - scaleFactor(this.scale) * logOdds;
  }
}
