import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Column, Dataset } from '../domain/dataset.js';
import { loadDataset } from '../dataset/load-dataset.js';
import type { VariableBins } from './bins.js';
import { binWoe, ivOf, woeTable, woeTransform } from './woe.js';

const GERMAN_CREDIT = process.env.FENGKONG_GERMANCREDIT ?? '/work/shared/data/germancredit.csv';

test('WOE and IV of a hand-computed table', () => {
  // Totals: 100 bad, 400 good. Bin A: 20 bad / 200 good, bin B: 80 bad / 200 good.
  const a = binWoe(200, 20, 400, 100);
  const b = binWoe(200, 80, 400, 100);
  assert.ok(Math.abs(a.woe - Math.log(0.2 / 0.5)) < 1e-12);
  assert.ok(Math.abs(b.woe - Math.log(0.8 / 0.5)) < 1e-12);
  assert.ok(Math.abs(a.iv - (0.2 - 0.5) * Math.log(0.4)) < 1e-12);
  assert.ok(Math.abs(ivOf([200, 200], [20, 80]) - (a.iv + b.iv)) < 1e-12);
  assert.ok(a.woe < 0 && b.woe > 0, 'positive WOE = riskier than the sample');
});

test('smoothing: a one-class bin adds 0.5 to both of its counts; an empty bin is neutral', () => {
  const oneClass = binWoe(50, 0, 400, 100);
  assert.ok(Math.abs(oneClass.woe - Math.log((0.5 / 100) / (50.5 / 400))) < 1e-12);
  assert.ok(Number.isFinite(oneClass.iv) && oneClass.iv > 0);
  assert.deepEqual(binWoe(0, 0, 400, 100), { woe: 0, iv: 0 });
});

test('WOE table rows, shares and the transform agree with direct counts', () => {
  const column: Column = { kind: 'numeric', name: 'x', values: Float64Array.from([1, 2, 3, 4, 5, 6, NaN, NaN]) };
  const target = Uint8Array.from([0, 0, 1, 0, 1, 1, 1, 0]);
  const bins: VariableBins = { kind: 'numeric', variable: 'x', breaks: [3, 5] };
  const t = woeTable(bins, column, target);
  assert.deepEqual(t.rows.map((r) => [r.label, r.count, r.good, r.bad, r.share]), [
    ['[-inf,3)', 2, 2, 0, 0.25],
    ['[3,5)', 2, 1, 1, 0.25],
    ['[5,inf)', 2, 0, 2, 0.25],
    ['missing', 2, 1, 1, 0.25],
  ]);
  assert.equal(t.rows[1]!.badRate, 0.5);
  assert.ok(Math.abs(t.iv - t.rows.reduce((a, r) => a + r.iv, 0)) < 1e-15);
  const data: Dataset = { rows: 8, columns: [column], target };
  const m = woeTransform(data, [t]);
  assert.deepEqual(m.variables, ['x']);
  assert.deepEqual([...m.columns[0]!], [0, 1, 2, 3, 4, 5, 6, 7].map((i) => t.rows[[0, 0, 1, 1, 2, 2, 3, 3][i]!]!.woe));
  // A dataset without the column: every row is missing.
  assert.deepEqual([...woeTransform({ rows: 2, columns: [] }, [t]).columns[0]!], [t.rows[3]!.woe, t.rows[3]!.woe]);
});

/**
 * germancredit with fixed breaks, against a computation written out here: the file read with
 * csv-parse, rows counted in a loop, the formulas of the woe.ts header typed again.
 */
test('germancredit: WOE and IV with fixed breaks equal an independent count to 1e-9', async () => {
  const records = parse(readFileSync(GERMAN_CREDIT, 'utf8'), { columns: true }) as Array<Record<string, string>>;
  const isBad = records.map((r) => r.creditability === 'bad');
  const B = isBad.filter(Boolean).length;
  const G = records.length - B;
  const independent = (key: (r: Record<string, string>) => string) => {
    const cells = new Map<string, { good: number; bad: number }>();
    records.forEach((r, i) => {
      const k = key(r);
      const c = cells.get(k) ?? { good: 0, bad: 0 };
      if (isBad[i]) c.bad++;
      else c.good++;
      cells.set(k, c);
    });
    const out = new Map<string, { woe: number; iv: number }>();
    let iv = 0;
    for (const [k, c] of cells) {
      const smooth = c.good === 0 || c.bad === 0 ? 0.5 : 0;
      const bd = (c.bad + smooth) / B;
      const gd = (c.good + smooth) / G;
      const woe = Math.log(bd / gd);
      out.set(k, { woe, iv: (bd - gd) * woe });
      iv += (bd - gd) * woe;
    }
    return { cells: out, iv };
  };
  const interval = (v: number, breaks: number[]) => {
    let k = 0;
    while (k < breaks.length && v >= breaks[k]!) k++;
    return String(k);
  };

  const data = await loadDataset(GERMAN_CREDIT, { target: 'creditability', bad: 'bad' });
  const column = (name: string) => data.columns.find((c) => c.name === name)!;
  for (const [name, breaks] of [['duration_in_month', [8, 16, 34, 44]], ['credit_amount', [1400, 1800, 4000, 9200]], ['age_in_years', [26, 35, 40]]] as const) {
    const ref = independent((r) => interval(Number(r[name]), [...breaks]));
    const t = woeTable({ kind: 'numeric', variable: name, breaks: [...breaks] }, column(name), data.target!);
    assert.ok(Math.abs(t.iv - ref.iv) < 1e-9, `${name} IV ${t.iv} vs ${ref.iv}`);
    t.rows.slice(0, -1).forEach((row, k) => {
      const r = ref.cells.get(String(k))!;
      assert.ok(Math.abs(row.woe - r.woe) < 1e-9, `${name} bin ${k}`);
      assert.ok(Math.abs(row.iv - r.iv) < 1e-9, `${name} bin ${k} IV`);
    });
    assert.equal(t.rows.at(-1)!.count, 0, 'no missing values in this file');
  }
  for (const name of ['status_of_existing_checking_account', 'purpose', 'credit_history']) {
    const ref = independent((r) => r[name]!);
    const groups = [...ref.cells.keys()].sort().map((c) => [c]);
    const t = woeTable({ kind: 'categorical', variable: name, groups }, column(name), data.target!);
    assert.ok(Math.abs(t.iv - ref.iv) < 1e-9, `${name} IV ${t.iv} vs ${ref.iv}`);
    groups.forEach(([c], k) => assert.ok(Math.abs(t.rows[k]!.woe - ref.cells.get(c!)!.woe) < 1e-9, `${name} ${c}`));
  }
  // A known-order sanity check: the checking-account status is the strongest variable here.
  const status = independent((r) => r.status_of_existing_checking_account!).iv;
  assert.ok(status > 0.6 && status < 0.7, `status IV ${status}`);
});
