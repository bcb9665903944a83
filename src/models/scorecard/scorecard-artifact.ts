/**
 * The stored form of a scorecard (ModelArtifact body, format 1) and its validation: the points
 * table as plain JSON — scale, intercept, base points, and per variable its coefficient, breaks or
 * category groups, and every bin's label, WOE and points.
 */
import type { ModelArtifact } from '../domain/scoring-model.js';
import { ModelError } from '../dataset/model-error.js';
import { binCount, type VariableBins } from './bins.js';
import { type PointsTable, validateScale } from './scaling.js';

export interface ScorecardArtifactBody {
  scale: { baseScore: number; baseOdds: number; pdo: number };
  intercept: number;
  basePoints: number;
  variables: Array<{
    variable: string;
    kind: 'numeric' | 'categorical';
    coefficient: number;
    breaks?: number[];
    groups?: string[][];
    bins: Array<{ label: string; woe: number; points: number }>;
  }>;
}

export function artifactFromTable(table: PointsTable): ModelArtifact {
  const body: ScorecardArtifactBody = {
    scale: { ...table.scale },
    intercept: table.intercept,
    basePoints: table.basePoints,
    variables: table.variables.map((v) => ({
      variable: v.variable,
      kind: v.bins.kind,
      coefficient: v.coefficient,
      ...(v.bins.kind === 'numeric' ? { breaks: [...v.bins.breaks] } : { groups: v.bins.groups.map((g) => [...g]) }),
      bins: v.rows.map((r) => ({ label: r.label, woe: r.woe, points: r.points })),
    })),
  };
  return { kind: 'scorecard', formatVersion: 1, body };
}

function bad(where: string): ModelError {
  return new ModelError(
    'MODEL_ARTIFACT_INVALID',
    { zh: `评分卡模型文件无效:${where}`, en: `Invalid scorecard artifact: ${where}` },
    { field: where },
  );
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The points table of a stored scorecard; refuses anything malformed, naming the place. */
export function tableFromArtifact(artifact: ModelArtifact): PointsTable {
  if (artifact?.kind !== 'scorecard') throw bad('kind');
  if (artifact.formatVersion !== 1) throw bad('formatVersion');
  const body = artifact.body as Partial<ScorecardArtifactBody> | null;
  if (!body || typeof body !== 'object') throw bad('body');
  if (!finite(body.intercept)) throw bad('body.intercept');
  if (!finite(body.basePoints)) throw bad('body.basePoints');
  let scale;
  try {
    scale = validateScale(body.scale as never, 'body.scale.');
  } catch (err) {
    throw bad((err as ModelError).field ?? 'body.scale');
  }
  if (!Array.isArray(body.variables)) throw bad('body.variables');
  const seen = new Set<string>();
  const variables = body.variables.map((v, i) => {
    const at = `body.variables[${i}]`;
    if (!v || typeof v.variable !== 'string' || seen.has(v.variable)) throw bad(`${at}.variable`);
    seen.add(v.variable);
    if (!finite(v.coefficient)) throw bad(`${at}.coefficient`);
    let bins: VariableBins;
    if (v.kind === 'numeric') {
      const b = v.breaks;
      if (!Array.isArray(b) || !b.every(finite) || b.some((x, k) => k > 0 && !(x > b[k - 1]!))) throw bad(`${at}.breaks`);
      bins = { kind: 'numeric', variable: v.variable, breaks: [...b] };
    } else if (v.kind === 'categorical') {
      const g = v.groups;
      if (!Array.isArray(g) || !g.every((x) => Array.isArray(x) && x.every((c) => typeof c === 'string'))) throw bad(`${at}.groups`);
      bins = { kind: 'categorical', variable: v.variable, groups: g.map((x) => [...x]) };
    } else throw bad(`${at}.kind`);
    if (!Array.isArray(v.bins) || v.bins.length !== binCount(bins)) throw bad(`${at}.bins`);
    const rows = v.bins.map((r, k) => {
      if (!r || typeof r.label !== 'string' || !finite(r.woe) || !finite(r.points)) throw bad(`${at}.bins[${k}]`);
      return { label: r.label, woe: r.woe, points: r.points };
    });
    return { variable: v.variable, coefficient: v.coefficient, bins, rows };
  });
  return { scale, intercept: body.intercept, basePoints: body.basePoints, variables };
}
