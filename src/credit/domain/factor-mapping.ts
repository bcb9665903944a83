/**
 * Maps one raw input to a value — a 0–100 sub-score for a composite score, or risk points for
 * customer risk — through a configured linear range, numeric bands, categories or a flag.
 *
 * YAML (one of these keys on a factor):
 * ```yaml
 * linear: { min: 300000, max: 3000000 }          # with the factor's direction
 * bands: [{ max: 0.2, score: 100 }, { min: 0.2, max: 0.5, score: 60 }, { min: 0.5, score: 0 }]
 * categories: { values: { A: 0, B: 5 }, groups: [{ in: [casino, lottery], points: 30 }], otherwise: 10 }
 * flag: { points: 20 }                           # when the input is true
 * ```
 * Bands are `min` inclusive, `max` exclusive, contiguous; only the first may omit `min` and only the
 * last may omit `max`. An input outside the bands takes the nearest band.
 */
import { at, type Problems, type Raw } from './config-reader.js';

/** Which way the mapped value moves as the input rises: more income is better, a higher debt ratio worse. */
export type Direction = 'higher_is_better' | 'higher_is_worse';
export const DIRECTIONS: readonly Direction[] = ['higher_is_better', 'higher_is_worse'];

export type MappingKind = 'linear' | 'bands' | 'categories' | 'flag';
export const MAPPING_KINDS: readonly MappingKind[] = ['linear', 'bands', 'categories', 'flag'];

/** One numeric band: `min` inclusive, `max` exclusive; null = open-ended. */
export interface Band {
  min: number | null;
  max: number | null;
  value: number;
}

export type FactorMapping =
  | { kind: 'linear'; min: number; max: number; direction: Direction; scale: number }
  | { kind: 'bands'; bands: Band[] }
  | { kind: 'categories'; values: Record<string, number>; otherwise: number | null }
  | { kind: 'flag'; value: number };

/** A raw input as callers hand it over; null and undefined mean missing. */
export type RawInput = number | string | boolean | null | undefined;

export interface MappingOptions {
  kinds: readonly MappingKind[];
  /** What a band, group or flag calls its value in YAML. */
  valueKey: 'score' | 'points';
  /** Largest value allowed; a linear range maps onto 0..maxValue. */
  maxValue: number;
  /** When known, linear ranges follow it and band values must be monotone in it. */
  direction?: Direction | undefined;
}

/** Reads the one mapping key a factor carries; records every problem under `path`. */
export function parseMapping(pr: Problems, factor: Raw, path: string, opts: MappingOptions): FactorMapping | undefined {
  const present = opts.kinds.filter((k) => factor[k] !== undefined);
  if (present.length !== 1) {
    pr.add(path, `须且只须有以下之一:${opts.kinds.join(', ')}`, `needs exactly one of: ${opts.kinds.join(', ')}`);
    return undefined;
  }
  const kind = present[0]!;
  const p = at(path, kind);
  const value = (v: unknown, vp: string) => pr.number(v, vp, 0, opts.maxValue);
  switch (kind) {
    case 'linear': {
      const o = pr.object(factor.linear, p, ['min', 'max']);
      if (!o) return undefined;
      const min = pr.finite(o.min, at(p, 'min'));
      const max = pr.finite(o.max, at(p, 'max'));
      if (!opts.direction) {
        pr.add(p, '线性映射需要方向 direction', 'a linear range needs a direction');
        return undefined;
      }
      if (min === undefined || max === undefined) return undefined;
      if (min >= max) {
        pr.add(p, 'min 须小于 max', 'min must be below max');
        return undefined;
      }
      return { kind, min, max, direction: opts.direction, scale: opts.maxValue };
    }
    case 'bands':
      return parseBands(pr, factor.bands, p, opts);
    case 'categories': {
      const o = pr.object(factor.categories, p, ['values', 'groups', 'otherwise']);
      if (!o) return undefined;
      const values: Record<string, number> = {};
      const put = (key: string, v: unknown, vp: string) => {
        if (Object.prototype.hasOwnProperty.call(values, key)) pr.add(vp, `类别 ${key} 重复`, `category ${key} appears twice`);
        const n = value(v, vp);
        if (n !== undefined) values[key] = n;
      };
      if (o.values !== undefined) {
        const map = pr.object(o.values, at(p, 'values'));
        if (map) for (const [k, v] of Object.entries(map)) put(k, v, at(at(p, 'values'), k));
      }
      if (o.groups !== undefined) {
        pr.list(o.groups, at(p, 'groups'), 1)?.forEach((g, i) => {
          const gp = at(at(p, 'groups'), i);
          const go = pr.object(g, gp, ['in', opts.valueKey]);
          if (!go) return;
          const members = pr.list(go.in, at(gp, 'in'), 1);
          members?.forEach((m, j) => {
            if (typeof m !== 'string' && typeof m !== 'number') pr.add(at(at(gp, 'in'), j), '须为文本', 'must be a text');
            else put(String(m), go[opts.valueKey], at(gp, opts.valueKey));
          });
        });
      }
      if (o.values === undefined && o.groups === undefined) pr.add(p, '需要 values 或 groups', 'needs values or groups');
      const otherwise = o.otherwise === undefined ? null : value(o.otherwise, at(p, 'otherwise'));
      return { kind, values, otherwise: otherwise ?? null };
    }
    case 'flag': {
      const o = pr.object(factor.flag, p, [opts.valueKey]);
      const v = o ? value(o[opts.valueKey], at(p, opts.valueKey)) : undefined;
      return v === undefined ? undefined : { kind, value: v };
    }
  }
}

function parseBands(pr: Problems, raw: unknown, path: string, opts: MappingOptions): FactorMapping | undefined {
  const items = pr.list(raw, path, 1);
  if (!items) return undefined;
  const bands: Band[] = [];
  const before = pr.items.length;
  items.forEach((b, i) => {
    const bp = at(path, i);
    const o = pr.object(b, bp, ['min', 'max', opts.valueKey]);
    if (!o) return;
    const bound = (v: unknown, key: string) => (v === undefined ? null : pr.finite(v, at(bp, key)) ?? null);
    const min = bound(o.min, 'min');
    const max = bound(o.max, 'max');
    const value = pr.number(o[opts.valueKey], at(bp, opts.valueKey), 0, opts.maxValue);
    if (i > 0 && o.min === undefined) pr.add(at(bp, 'min'), '只有第一档可以省略 min', 'only the first band may omit min');
    if (i < items.length - 1 && o.max === undefined) pr.add(at(bp, 'max'), '只有最后一档可以省略 max', 'only the last band may omit max');
    if (min !== null && max !== null && min >= max) pr.add(bp, 'min 须小于 max', 'min must be below max');
    const prev = bands[bands.length - 1];
    if (prev && prev.max !== null && min !== null && min !== prev.max) {
      pr.add(at(bp, 'min'), `须等于上一档的 max(${prev.max}):分档须连续、不重叠`, `must equal the previous band's max (${prev.max}): bands must be contiguous and not overlap`);
    }
    bands.push({ min, max, value: value ?? 0 });
  });
  if (pr.items.length > before) return undefined;
  if (opts.direction) {
    const rising = opts.direction === 'higher_is_better';
    for (let i = 1; i < bands.length; i++) {
      const ok = rising ? bands[i]!.value >= bands[i - 1]!.value : bands[i]!.value <= bands[i - 1]!.value;
      if (!ok) {
        pr.add(at(at(path, i), opts.valueKey), rising ? '方向为 higher_is_better:分值须随输入升高而不降' : '方向为 higher_is_worse:分值须随输入升高而不升', rising ? 'direction higher_is_better: values must not fall as the input rises' : 'direction higher_is_worse: values must not rise as the input rises');
      }
    }
  }
  return { kind: 'bands', bands };
}

/** The mapped value of one input, or null when the input is missing or cannot be mapped. */
export function applyMapping(m: FactorMapping, input: RawInput): number | null {
  switch (m.kind) {
    case 'linear': {
      if (typeof input !== 'number' || !Number.isFinite(input)) return null;
      const t = Math.min(1, Math.max(0, (input - m.min) / (m.max - m.min)));
      return (m.direction === 'higher_is_better' ? t : 1 - t) * m.scale;
    }
    case 'bands': {
      if (typeof input !== 'number' || !Number.isFinite(input)) return null;
      const hit = m.bands.find((b) => (b.min === null || input >= b.min) && (b.max === null || input < b.max));
      if (hit) return hit.value;
      // Outside every band: the nearest one.
      const first = m.bands[0]!;
      return first.min !== null && input < first.min ? first.value : m.bands[m.bands.length - 1]!.value;
    }
    case 'categories': {
      if (typeof input !== 'string' && typeof input !== 'number') return null;
      const key = String(input);
      return Object.prototype.hasOwnProperty.call(m.values, key) ? m.values[key]! : m.otherwise;
    }
    case 'flag':
      return input === true ? m.value : input === false ? 0 : null;
  }
}
