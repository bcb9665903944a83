/**
 * Helpers for this folder's tests only: a small CSV reader (quoted fields), the German credit
 * sample as a Dataset, a seeded train/test split, and AUC by counting pairs — deliberately not
 * the rank formula the benchmark uses, so the two check each other.
 */
import { readFileSync } from 'node:fs';
import type { Column, Dataset } from '../domain/dataset.js';
import { selectRows } from '../domain/dataset.js';
import { Rng } from '../../shared/prng.js';

export const GERMAN_CREDIT = '/work/shared/data/germancredit.csv';

/** Rows of a CSV file with a header; handles quotes, doubled quotes and commas inside quotes. */
export function readCsv(text: string): { header: string[]; rows: string[][] } {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      field = '';
      if (record.some((f) => f !== '')) records.push(record);
      record = [];
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header = [], ...rows] = records;
  return { header, rows };
}

/** German credit: `creditability` bad = 1; numeric columns numeric, the rest categorical. */
export function germanCredit(): Dataset {
  const { header, rows } = readCsv(readFileSync(GERMAN_CREDIT, 'utf8'));
  const targetAt = header.indexOf('creditability');
  const columns: Column[] = [];
  header.forEach((name, j) => {
    if (j === targetAt) return;
    const raw = rows.map((r) => r[j] ?? '');
    const numeric = raw.every((v) => v === '' || Number.isFinite(Number(v)));
    columns.push(numeric
      ? { kind: 'numeric', name, values: Float64Array.from(raw, (v) => (v === '' ? Number.NaN : Number(v))) }
      : { kind: 'categorical', name, values: raw.map((v) => (v === '' ? null : v)) });
  });
  const target = Uint8Array.from(rows, (r) => (r[targetAt] === 'bad' ? 1 : 0));
  return { rows: rows.length, columns, target };
}

/** A seeded shuffle split: `share` of the rows for training, the rest held out. */
export function split(data: Dataset, share: number, seed: number): { train: Dataset; test: Dataset } {
  const rng = new Rng(seed);
  const order = Array.from({ length: data.rows }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const cut = Math.round(data.rows * share);
  return { train: selectRows(data, order.slice(0, cut)), test: selectRows(data, order.slice(cut)) };
}

/** AUC as the share of (bad, good) pairs ranked the right way round, ties counting half. */
export function pairAuc(scores: ArrayLike<number>, target: ArrayLike<number>): number {
  const bad: number[] = [];
  const good: number[] = [];
  for (let i = 0; i < scores.length; i++) (target[i] ? bad : good).push(scores[i]!);
  good.sort((a, b) => a - b);
  let wins = 0;
  for (const b of bad) {
    // Goods strictly below b, and goods equal to b (binary searches over the sorted goods).
    const below = lowerBound(good, b);
    const upTo = lowerBound(good, b, true);
    wins += below + 0.5 * (upTo - below);
  }
  return wins / (bad.length * good.length);
}

function lowerBound(a: number[], v: number, inclusive = false): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (inclusive ? a[mid]! <= v : a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Mean log-loss of probabilities. */
export function meanLogloss(p: ArrayLike<number>, target: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]!));
    s -= target[i] ? Math.log(q) : Math.log(1 - q);
  }
  return s / p.length;
}
