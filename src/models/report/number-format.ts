/**
 * Number formatting for the report, the same in every locale (no Intl, so a report renders
 * byte-for-byte the same on every machine): a missing or non-finite number is shown as an em dash.
 */

export const DASH = '—';

function finite(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** `d` decimals; never "-0.000". */
export function fixed(n: number | null | undefined, d: number): string {
  if (!finite(n)) return DASH;
  const s = n.toFixed(d);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** A share 0–1 as a percentage: 0.0523 → "5.23%". */
export function percent(n: number | null | undefined, d = 2): string {
  return finite(n) ? `${fixed(n * 100, d)}%` : DASH;
}

/** Rounded, with thousands separators: 30000 → "30,000". */
export function integer(n: number | null | undefined): string {
  if (!finite(n)) return DASH;
  const s = fixed(n, 0);
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A value of unknown magnitude (score cut-offs, bin edges): integers whole, else 2 or 4 decimals. */
export function auto(n: number | null | undefined): string {
  if (!finite(n)) return DASH;
  if (Number.isInteger(n) || Math.abs(n) >= 1000) return integer(n);
  return Math.abs(n) >= 1 ? fixed(n, 2) : fixed(n, 4);
}

/** A signed difference with an explicit plus: "+0.012". */
export function signed(n: number | null | undefined, d: number): string {
  if (!finite(n)) return DASH;
  const s = fixed(n, d);
  return s.startsWith('-') || /^0(\.0*)?$/.test(s) ? s : `+${s}`;
}

/** A p-value: "<0.001" below a thousandth, else three decimals. */
export function pValue(p: number | null | undefined): string {
  if (!finite(p)) return DASH;
  return p < 0.001 ? '<0.001' : fixed(p, 3);
}

/** Odds bad:good as a ratio: 1/19 → "1:19", 2 → "2:1". */
export function odds(o: number | null | undefined): string {
  if (!finite(o) || o <= 0) return DASH;
  const trim = (x: number): string => String(Number(x.toFixed(2)));
  return o < 1 ? `1:${trim(1 / o)}` : `${trim(o)}:1`;
}

/** An axis tick as a percentage with as few decimals as the tick needs: 0.2 → "20%", 0.025 → "2.5%". */
export function percentTick(n: number): string {
  for (let d = 0; d < 3; d++) if (Math.abs(n * 100 * 10 ** d - Math.round(n * 100 * 10 ** d)) < 1e-6) return percent(n, d);
  return percent(n, 3);
}
