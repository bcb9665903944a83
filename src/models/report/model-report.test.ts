/**
 * The model report through its public function: every section heading in both languages, the
 * metric values, one well-formed accessible SVG per chart with every coordinate inside its
 * viewBox, input text escaped, nothing loaded from outside, optional parts left out cleanly,
 * deterministic output, and a written file of sensible size.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { escapeHtml } from './html-escape.js';
import { renderModelReport } from './model-report.js';
import { fullInput, INJECTED_NAME, syntheticEvaluation, treeInput } from './model-report.fixture.js';
import type { ModelReportInput } from './report-input.js';
import { HEADINGS, LABELS } from './report-labels.js';
import { reviewFlags } from './summary-section.js';

const has = (doc: string, text: string): boolean => doc.includes(escapeHtml(text));

function svgs(doc: string): string[] {
  return doc.match(/<svg\b[\s\S]*?<\/svg>/g) ?? [];
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/** Every coordinate an SVG draws at (paths, dots, rects, text), checked against its viewBox. */
function assertInsideViewBox(svg: string): number {
  const box = attr(svg.slice(0, svg.indexOf('>')), 'viewBox')?.split(' ').map(Number);
  assert.ok(box && box.length === 4, 'viewBox');
  const [x0, y0, w, h] = box as [number, number, number, number];
  const inside = (x: number, y: number, what: string): void => {
    assert.ok(Number.isFinite(x) && Number.isFinite(y), `${what}: finite (${x}, ${y})`);
    assert.ok(x >= x0 && x <= x0 + w && y >= y0 && y <= y0 + h, `${what}: (${x}, ${y}) outside 0 0 ${w} ${h}`);
  };
  let checked = 0;
  for (const tag of svg.match(/<(path|circle|rect|text|polyline)\b[^>]*>/g) ?? []) {
    const d = attr(tag, 'd') ?? attr(tag, 'points');
    if (d !== undefined) {
      assert.match(d, /^[ML0-9.\s,-]+$/, 'absolute move/line commands only');
      const nums = (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
      assert.equal(nums.length % 2, 0, 'coordinates come in pairs');
      for (let i = 0; i < nums.length; i += 2) inside(nums[i]!, nums[i + 1]!, 'path');
      checked += nums.length / 2;
    }
    if (tag.startsWith('<circle')) inside(Number(attr(tag, 'cx')), Number(attr(tag, 'cy')), 'circle');
    if (tag.startsWith('<text')) inside(Number(attr(tag, 'x')), Number(attr(tag, 'y')), 'text');
    if (tag.startsWith('<rect')) {
      const [x, y, rw, rh] = ['x', 'y', 'width', 'height'].map((a) => Number(attr(tag, a)));
      assert.ok(rw! >= 0 && rh! >= 0, 'rect size');
      inside(x!, y!, 'rect');
      inside(x! + rw!, y! + rh!, 'rect end');
    }
  }
  return checked;
}

/** Open and close tags balance (void elements and self-closed SVG elements aside). */
function assertBalanced(doc: string): void {
  const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);
  const stack: string[] = [];
  for (const m of doc.replace(/<!DOCTYPE html>/i, '').matchAll(/<(\/?)([a-zA-Z][\w-]*)\b[^>]*?(\/?)>/g)) {
    const [, close, name, selfClose] = m;
    if (VOID.has(name!.toLowerCase()) || selfClose) continue;
    if (!close) stack.push(name!);
    else assert.equal(stack.pop(), name, `closing </${name}>`);
  }
  assert.deepEqual(stack, []);
}

describe('renderModelReport: a full scorecard', () => {
  const input = fullInput();
  const doc = renderModelReport(input);

  test('is one HTML document, well-formed, with every id unique', () => {
    assert.ok(doc.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">'));
    assert.ok(doc.trimEnd().endsWith('</html>'));
    assertBalanced(doc);
    const ids = [...doc.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(new Set(ids).size, ids.length, 'duplicate id');
  });

  test('every section heading in both languages, each section in the contents', () => {
    // Feature importance is for trees; see the tree model below.
    for (const [key, h] of Object.entries(HEADINGS).filter(([k]) => k !== 'importance')) {
      assert.ok(has(doc, h.zh), `${key} zh`);
      assert.ok(has(doc, h.en), `${key} en`);
    }
    for (const id of ['summary', 'metrics', 'roc', 'ks', 'distribution', 'lift', 'calibration', 'stability', 'variables', 'selection', 'notes']) {
      assert.ok(doc.includes(`<section id="${id}"`), id);
      assert.ok(doc.includes(`<a href="#${id}">`), `contents ${id}`);
    }
    assert.ok(doc.includes('<span lang="zh-CN">模型报告</span> <span lang="en" class="en">Model report</span>'));
  });

  test('table headers in both languages', () => {
    for (const l of [LABELS.badRate, LABELS.woe, LABELS.points, LABELS.iv, LABELS.cumBadShare, LABELS.predicted, LABELS.observed, LABELS.train, LABELS.test, LABELS.delta]) {
      assert.ok(has(doc, l.zh) && has(doc, l.en), l.en);
    }
  });

  test('shows the metric values, formatted', () => {
    const { train, test } = input;
    assert.ok(train);
    for (const v of [test.auc, test.ks, test.gini, train.auc, train.ks, train.gini]) assert.ok(doc.includes(v.toFixed(3)), v.toFixed(3));
    assert.ok(doc.includes('0.750'), 'test AUC 3/4');
    assert.ok(doc.includes('22.12%'), 'bad rate');
    assert.ok(doc.includes('30,000') && doc.includes('6,636'), 'counts');
    assert.ok(doc.includes('0.041'), 'score PSI');
    assert.ok(doc.includes('1:19') && doc.includes('PDO 50'), 'scale');
    assert.ok(doc.includes(`+${(test.auc - train.auc + 0).toFixed(3)}`) || doc.includes((test.auc - train.auc).toFixed(3)), 'AUC difference');
  });

  test('PSI readings: stable, watch, shift', () => {
    assert.match(doc, /class="badge stable"><span lang="zh-CN">稳定<\/span> <span lang="en" class="en">Stable/);
    assert.match(doc, /class="badge watch">/);
    assert.match(doc, /class="badge shift">/);
  });

  test('one SVG per chart, titled and labelled, every coordinate inside the viewBox', () => {
    const charts = svgs(doc);
    // ROC, KS, distribution, gains, calibration, and one WOE chart per variable.
    assert.equal(charts.length, 5 + (input.variables?.length ?? 0));
    for (const svg of charts) {
      const open = svg.slice(0, svg.indexOf('>'));
      assert.equal(attr(open, 'role'), 'img');
      const labelledBy = attr(open, 'aria-labelledby')?.split(' ') ?? [];
      assert.ok(labelledBy.length > 0);
      for (const id of labelledBy) assert.ok(svg.includes(`id="${id}"`), `labelled by #${id}`);
      assert.match(svg, /<title id="[^"]+-title">[^<]+<\/title>/);
      assert.ok(assertInsideViewBox(svg) >= 8, 'draws axes and data');
    }
    assert.ok(doc.includes('KS = 0.385'), 'KS gap marked');
    assert.match(doc, /<title id="chart-roc-title">ROC 曲线 \/ ROC curve<\/title>/);
  });

  test('escapes input text: no script element, the injected names shown as text', () => {
    assert.ok(!/<script/i.test(doc), 'no <script');
    assert.ok(!doc.includes('<b>v3</b>'));
    assert.ok(doc.includes(escapeHtml(INJECTED_NAME)));
    assert.ok(doc.includes('&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;'), 'notes escaped');
    assert.ok(doc.includes('protected attribute &lt;not allowed&gt;'), 'selection reason escaped');
    assert.equal(doc.match(/<\/style>/g)?.length, 1, 'only the stylesheet closes a style element');
  });

  test('loads nothing: no external URL, no src, only in-page links, a CSP that forbids the rest', () => {
    assert.ok(!/https?:\/\//i.test(doc), 'no http(s) URL');
    assert.ok(!/\ssrc=/i.test(doc), 'no src=');
    assert.ok(!/@import|url\(/i.test(doc), 'no CSS imports or url()');
    for (const m of doc.matchAll(/\shref="([^"]*)"/g)) assert.ok(m[1]!.startsWith('#'), `href ${m[1]}`);
    assert.match(doc, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
  });

  test('review flags: leakage, shifted and insignificant variables, none for a sound model', () => {
    const flags = reviewFlags(input).map((f) => f.en);
    assert.ok(flags.some((f) => f.includes('leakage') && f.includes('pay_0')));
    assert.ok(flags.some((f) => f.includes('shifted') && f.includes(INJECTED_NAME)));
    assert.ok(flags.some((f) => f.includes('not significant')));
    assert.ok(!flags.some((f) => f.includes('overfitting')), 'a 0.023 gap is not overfitting');
    const overfit = { ...input, train: syntheticEvaluation(21000, 0.22, 9) };
    assert.ok(reviewFlags(overfit).some((f) => f.en.includes('overfitting')));
    const sound: ModelReportInput = { ...input, psi: { score: 0.02, variables: [] }, variables: [] };
    assert.deepEqual(reviewFlags(sound), []);
  });

  test('the same input gives the same bytes', () => {
    assert.equal(renderModelReport(fullInput()), doc);
  });

  test('written to a file, it is a sensible size', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fengkong-model-report-'));
    try {
      const file = join(dir, 'model-report.html');
      writeFileSync(file, doc, 'utf8');
      const size = statSync(file).size;
      assert.ok(size > 20_000 && size < 500_000, `size ${size}`);
      assert.equal(readFileSync(file, 'utf8'), doc);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('renderModelReport: other shapes', () => {
  test('a tree model without train, variables or PSI still renders, with importance instead', () => {
    const input = treeInput();
    const doc = renderModelReport(input);
    assertBalanced(doc);
    assert.ok(!doc.includes('<section id="variables"'));
    assert.ok(!doc.includes('<section id="selection"'));
    assert.ok(doc.includes('<section id="importance"'));
    assert.ok(has(doc, HEADINGS.importance.zh) && has(doc, HEADINGS.importance.en));
    assert.ok(!/<script/i.test(doc));
    assert.ok(doc.includes('76.3%'), 'pay_0 share of gain');
    assert.ok(!has(doc, LABELS.delta.en), 'no train column');
    assert.ok(has(doc, LABELS.notProvided.zh) && has(doc, LABELS.notProvided.en), 'PSI not provided');
    const charts = svgs(doc);
    assert.equal(charts.length, 6);
    for (const svg of charts) assertInsideViewBox(svg);
  });

  test('empty curves show "no data" instead of a chart', () => {
    const test0 = { ...syntheticEvaluation(100, 0.1, 2), roc: [], ksCurve: [], lift: [], calibration: [], scoreDistribution: [] };
    const doc = renderModelReport({ ...treeInput(), importance: [], test: test0 });
    assert.equal(svgs(doc).length, 0);
    assert.ok(has(doc, LABELS.noData.en));
    assertBalanced(doc);
  });

  test('out-of-range and non-finite points are clamped or dropped, never drawn outside', () => {
    const bad = syntheticEvaluation(1000, 0.2, 2);
    bad.roc.push({ fpr: 1.5, tpr: -0.2 }, { fpr: NaN, tpr: 0.5 });
    bad.calibration.push({ bin: 11, predicted: Infinity, observed: 2, rows: 5 });
    const doc = renderModelReport({ ...treeInput(), test: bad });
    for (const svg of svgs(doc)) assertInsideViewBox(svg);
  });

  test('a 50,000-point ROC curve is thinned: the report stays small', () => {
    const doc = renderModelReport({ ...fullInput(), test: syntheticEvaluation(50_000, 0.2, 3, 50_000) });
    assert.ok(doc.length < 500_000, `length ${doc.length}`);
  });
});
