/**
 * Three inline SVG chart primitives — lines, stacked columns, horizontal bars — drawn without any
 * library. Every chart carries a `<title>` and an optional `<desc>` it is labelled by (role="img"),
 * and every coordinate is clamped to the plot area, so nothing is drawn outside the viewBox.
 */
import { html, type HtmlValue, type SafeHtml } from './html-escape.js';
import { type Domain, linearScale, niceDomain, niceTicks, px, textWidth, thin, truncate } from './svg-scale.js';

/** Colours, also told apart by dash pattern or position so the charts read in grey. */
export const COLORS = {
  test: '#1f6feb',
  train: '#d4762c',
  good: '#4c9f70',
  bad: '#d1495b',
  neutral: '#8a8f98',
  ink: '#24292f',
  grid: '#e5e7eb',
} as const;

export interface ChartBase {
  /** Unique within the page: the title and desc element ids derive from it. */
  id: string;
  title: string;
  desc?: string;
}

const WIDTH = 640;
type Format = (v: number) => string;
const plain: Format = (v) => String(Number(v.toFixed(6)));

function frame(base: ChartBase, height: number, body: HtmlValue): SafeHtml {
  const labelledBy = base.desc ? `${base.id}-title ${base.id}-desc` : `${base.id}-title`;
  return html`<svg class="chart" id="${base.id}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${labelledBy}" font-size="11"><title id="${base.id}-title">${base.title}</title>${base.desc ? html`<desc id="${base.id}-desc">${base.desc}</desc>` : null}${body}</svg>`;
}

interface LegendEntry {
  name: string;
  color: string;
  dashed?: boolean;
  box?: boolean;
}

const LEGEND_LINE = 16;

/** Legend entries laid out left to right, wrapping onto further lines of LEGEND_LINE px. */
function legend(entries: readonly LegendEntry[], x0: number, y0: number): { marks: SafeHtml[]; lines: number } {
  let x = x0;
  let line = 0;
  const marks = entries.map((e) => {
    const swatchW = e.box ? 16 : 22;
    const w = swatchW + textWidth(e.name) + 18;
    if (x > x0 && x + w > WIDTH) {
      x = x0;
      line++;
    }
    const y = y0 + line * LEGEND_LINE;
    const swatch = e.box
      ? html`<rect x="${px(x)}" y="${px(y - 9)}" width="12" height="10" fill="${e.color}"/>`
      : html`<path d="M${px(x)} ${px(y - 4)} L${px(x + 18)} ${px(y - 4)}" stroke="${e.color}" stroke-width="2"${dash(e.dashed)}/>`;
    const mark = html`<g>${swatch}<text x="${px(x + swatchW)}" y="${px(y)}" fill="${COLORS.ink}">${e.name}</text></g>`;
    x += w;
    return mark;
  });
  return { marks, lines: entries.length === 0 ? 0 : line + 1 };
}

/** The legend under a plot, and the chart height that leaves room for its lines. */
function withLegend(entries: readonly LegendEntry[], left: number, bottom: number, baseHeight: number): { marks: SafeHtml[]; height: number } {
  const { marks, lines } = legend(entries, left, bottom + 62);
  return { marks, height: baseHeight + Math.max(0, lines - 1) * LEGEND_LINE };
}

function dash(dashed: boolean | undefined): SafeHtml | null {
  return dashed ? html` stroke-dasharray="6 4"` : null;
}

function pathOf(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x)} ${px(y)}`).join(' ');
}

export interface LineSeries {
  name: string;
  points: readonly (readonly [number, number])[];
  color: string;
  dashed?: boolean;
  /** Draws a dot on every point (for short series such as calibration bins). */
  markers?: boolean;
}

/** A vertical segment at `x` from `y1` to `y2` with a label: the KS gap. */
export interface GapMarker {
  x: number;
  y1: number;
  y2: number;
  label: string;
}

export interface LineChartSpec extends ChartBase {
  xLabel: string;
  yLabel: string;
  xDomain: Domain;
  yDomain: Domain;
  series: readonly LineSeries[];
  /** The y = x reference line (random model, perfect calibration), with its legend name. */
  diagonal?: string;
  gap?: GapMarker;
  xFormat?: Format;
  yFormat?: Format;
}

/** Lines over a numeric x axis, with grid, ticks, axis titles and a legend under the plot. */
export function lineChart(spec: LineChartSpec): SafeHtml {
  const height = 420;
  const [left, right, top, bottom] = [64, WIDTH - 20, 16, height - 84];
  const sx = linearScale(spec.xDomain, [left, right]);
  const sy = linearScale(spec.yDomain, [bottom, top]);
  const xf = spec.xFormat ?? plain;
  const yf = spec.yFormat ?? plain;
  const parts: HtmlValue[] = [];
  for (const t of niceTicks(spec.xDomain)) {
    parts.push(html`<path d="M${px(sx(t))} ${top} L${px(sx(t))} ${bottom}" stroke="${COLORS.grid}"/>`);
    parts.push(html`<text x="${px(sx(t))}" y="${bottom + 16}" text-anchor="middle" fill="${COLORS.ink}">${xf(t)}</text>`);
  }
  for (const t of niceTicks(spec.yDomain)) {
    parts.push(html`<path d="M${left} ${px(sy(t))} L${right} ${px(sy(t))}" stroke="${COLORS.grid}"/>`);
    parts.push(html`<text x="${left - 6}" y="${px(sy(t) + 4)}" text-anchor="end" fill="${COLORS.ink}">${yf(t)}</text>`);
  }
  parts.push(html`<path d="M${left} ${top} L${left} ${bottom} L${right} ${bottom}" stroke="${COLORS.ink}" fill="none"/>`);
  parts.push(html`<text x="${px((left + right) / 2)}" y="${bottom + 36}" text-anchor="middle" fill="${COLORS.ink}">${spec.xLabel}</text>`);
  const yMid = px((top + bottom) / 2);
  parts.push(html`<text x="16" y="${yMid}" transform="rotate(-90 16 ${yMid})" text-anchor="middle" fill="${COLORS.ink}">${spec.yLabel}</text>`);
  const entries: LegendEntry[] = [];
  if (spec.diagonal !== undefined) {
    const lo = Math.max(spec.xDomain[0], spec.yDomain[0]);
    const hi = Math.min(spec.xDomain[1], spec.yDomain[1]);
    parts.push(html`<path d="${pathOf([[sx(lo), sy(lo)], [sx(hi), sy(hi)]])}" stroke="${COLORS.neutral}" stroke-dasharray="2 4" fill="none"/>`);
    entries.push({ name: spec.diagonal, color: COLORS.neutral, dashed: true });
  }
  for (const s of spec.series) {
    const pts = thin(s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))).map(([x, y]) => [sx(x), sy(y)] as const);
    if (pts.length === 0) continue;
    parts.push(html`<path d="${pathOf(pts)}" stroke="${s.color}" stroke-width="2" fill="none"${dash(s.dashed)}/>`);
    if (s.markers) for (const [x, y] of pts) parts.push(html`<circle cx="${px(x)}" cy="${px(y)}" r="3" fill="${s.color}"/>`);
    entries.push({ name: s.name, color: s.color, ...(s.dashed ? { dashed: true } : {}) });
  }
  const g = spec.gap;
  if (g && [g.x, g.y1, g.y2].every(Number.isFinite)) {
    const x = sx(g.x);
    parts.push(html`<path d="M${px(x)} ${px(sy(g.y1))} L${px(x)} ${px(sy(g.y2))}" stroke="${COLORS.ink}" stroke-width="1.5" stroke-dasharray="3 2"/>`);
    const onRight = x < (left + right) / 2;
    const ty = px((sy(g.y1) + sy(g.y2)) / 2);
    parts.push(html`<text x="${px(onRight ? x + 6 : x - 6)}" y="${ty}" text-anchor="${onRight ? 'start' : 'end'}" font-weight="bold" fill="${COLORS.ink}">${g.label}</text>`);
  }
  const key = withLegend(entries, left, bottom, height);
  parts.push(key.marks);
  return frame(spec, key.height, parts);
}

export interface ColumnStack {
  name: string;
  /** One value per category; negatives are drawn as zero (these are counts). */
  values: readonly number[];
  color: string;
}

export interface StackedColumnSpec extends ChartBase {
  /** Category names (tooltips). */
  categories: readonly string[];
  /** Shorter axis labels, one per category; the names when absent. */
  ticks?: readonly string[];
  stacks: readonly ColumnStack[];
  xLabel: string;
  yLabel: string;
  yFormat?: Format;
}

/** Columns per category, the stacks piled bottom to top in the order given; each segment has a tooltip. */
export function stackedColumnChart(spec: StackedColumnSpec): SafeHtml {
  const height = 420;
  const [left, right, top, bottom] = [72, WIDTH - 20, 16, height - 84];
  const n = spec.categories.length;
  const val = (s: ColumnStack, i: number): number => Math.max(0, Number.isFinite(s.values[i]) ? s.values[i]! : 0);
  const totals = spec.categories.map((_, i) => spec.stacks.reduce((sum, s) => sum + val(s, i), 0));
  const domain = niceDomain(totals);
  const sy = linearScale(domain, [bottom, top]);
  const yf = spec.yFormat ?? plain;
  const band = (right - left) / Math.max(1, n);
  const every = Math.max(1, Math.ceil(n / 12));
  const parts: HtmlValue[] = [];
  for (const t of niceTicks(domain)) {
    parts.push(html`<path d="M${left} ${px(sy(t))} L${right} ${px(sy(t))}" stroke="${COLORS.grid}"/>`);
    parts.push(html`<text x="${left - 6}" y="${px(sy(t) + 4)}" text-anchor="end" fill="${COLORS.ink}">${yf(t)}</text>`);
  }
  spec.categories.forEach((cat, i) => {
    const x = left + i * band + band * 0.1;
    let base = 0;
    for (const s of spec.stacks) {
      const v = val(s, i);
      if (v > 0) {
        const y0 = sy(base);
        const y1 = sy(base + v);
        parts.push(html`<rect x="${px(x)}" y="${px(y1)}" width="${px(band * 0.8)}" height="${px(y0 - y1)}" fill="${s.color}"><title>${cat}: ${s.name} ${yf(v)}</title></rect>`);
      }
      base += v;
    }
    if (i % every === 0) parts.push(html`<text x="${px(x + band * 0.4)}" y="${bottom + 16}" text-anchor="middle" fill="${COLORS.ink}">${truncate(spec.ticks?.[i] ?? cat, 10)}</text>`);
  });
  parts.push(html`<path d="M${left} ${top} L${left} ${bottom} L${right} ${bottom}" stroke="${COLORS.ink}" fill="none"/>`);
  parts.push(html`<text x="${px((left + right) / 2)}" y="${bottom + 36}" text-anchor="middle" fill="${COLORS.ink}">${spec.xLabel}</text>`);
  const yMid = px((top + bottom) / 2);
  parts.push(html`<text x="16" y="${yMid}" transform="rotate(-90 16 ${yMid})" text-anchor="middle" fill="${COLORS.ink}">${spec.yLabel}</text>`);
  const key = withLegend(spec.stacks.map((s) => ({ name: s.name, color: s.color, box: true })), left, bottom, height);
  parts.push(key.marks);
  return frame(spec, key.height, parts);
}

export interface HorizontalBarSpec extends ChartBase {
  items: readonly { label: string; value: number }[];
  valueLabel: string;
  color: string;
  /** Colour of bars below zero (WOE), when it should differ. */
  negativeColor?: string;
  /** Bar values and tooltips. */
  format: Format;
  /** Axis ticks; `format` when absent. */
  tickFormat?: Format;
}

/** One bar per item from a zero line, labels on the left and values at the bar ends; height grows with the items. */
export function horizontalBarChart(spec: HorizontalBarSpec): SafeHtml {
  const rowH = 24;
  const [left, right, top] = [190, WIDTH - 72, 12];
  const bottom = top + rowH * Math.max(1, spec.items.length);
  const height = bottom + 52;
  const domain = niceDomain(spec.items.map((d) => d.value));
  const sx = linearScale(domain, [left, right]);
  const parts: HtmlValue[] = [];
  for (const t of niceTicks(domain)) {
    parts.push(html`<path d="M${px(sx(t))} ${top} L${px(sx(t))} ${bottom}" stroke="${COLORS.grid}"/>`);
    parts.push(html`<text x="${px(sx(t))}" y="${bottom + 16}" text-anchor="middle" fill="${COLORS.ink}">${(spec.tickFormat ?? spec.format)(t)}</text>`);
  }
  const x0 = sx(0);
  spec.items.forEach((d, i) => {
    const v = Number.isFinite(d.value) ? d.value : 0;
    const x1 = sx(v);
    const y = top + i * rowH;
    const fill = v < 0 && spec.negativeColor ? spec.negativeColor : spec.color;
    parts.push(html`<text x="${left - 8}" y="${px(y + rowH / 2 + 4)}" text-anchor="end" fill="${COLORS.ink}">${truncate(d.label, 26)}</text>`);
    parts.push(html`<rect x="${px(Math.min(x0, x1))}" y="${px(y + 4)}" width="${px(Math.abs(x1 - x0))}" height="${rowH - 8}" fill="${fill}"><title>${d.label}: ${spec.format(d.value)}</title></rect>`);
    parts.push(html`<text x="${px((v < 0 ? x0 : x1) + 4)}" y="${px(y + rowH / 2 + 4)}" fill="${COLORS.ink}">${spec.format(d.value)}</text>`);
  });
  parts.push(html`<path d="M${px(x0)} ${top} L${px(x0)} ${bottom}" stroke="${COLORS.ink}"/>`);
  parts.push(html`<text x="${px((left + right) / 2)}" y="${bottom + 38}" text-anchor="middle" fill="${COLORS.ink}">${spec.valueLabel}</text>`);
  return frame(spec, height, parts);
}
