/** The arithmetic behind the report's SVG charts: linear scales that clamp, round ticks, thinning. */

export type Domain = readonly [number, number];

/** Maps a domain onto a pixel range, clamping so nothing is drawn outside the plot area. */
export function linearScale(domain: Domain, range: Domain): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  const lo = Math.min(r0, r1);
  const hi = Math.max(r0, r1);
  return (v) => {
    const r = r0 + ((v - d0) / span) * (r1 - r0);
    return Number.isFinite(r) ? Math.min(hi, Math.max(lo, r)) : lo;
  };
}

/** A step of 1, 2 or 5 × 10^k near `raw`. */
function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/** Round tick values covering [min, max], about `count` of them. */
export function niceTicks(domain: Domain, count = 5): number[] {
  const [min, max] = domain;
  const step = niceStep((max - min) / count);
  const ticks: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  for (let i = first; i * step <= max + step * 1e-9; i++) ticks.push(Number((i * step).toFixed(12)));
  return ticks;
}

/** A domain from the data that starts or ends on round numbers and always contains zero. */
export function niceDomain(values: readonly number[], count = 5): [number, number] {
  const finite = values.filter(Number.isFinite);
  let lo = Math.min(0, ...finite);
  let hi = Math.max(0, ...finite);
  if (lo === hi) hi = lo + 1;
  const step = niceStep((hi - lo) / count);
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  return [Number(lo.toFixed(12)), Number(hi.toFixed(12))];
}

/** At most `max` points, evenly spaced, first and last kept (long ROC curves stay a few KB). */
export function thin<T>(points: readonly T[], max = 400): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]!);
  return out;
}

/** A pixel coordinate with two decimals at most. */
export function px(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** Rough rendered width of a label at 11 px: CJK characters are about twice as wide as Latin. */
export function textWidth(text: string, fontSize = 11): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) > 0x2e80 ? fontSize : fontSize * 0.58;
  return w;
}

/** A label cut to `max` characters with an ellipsis (by code point, never splitting a character). */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
