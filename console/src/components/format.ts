import i18n from '../i18n';

/** A time in the browser's zone, in the console's language. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
}

/** Integer minor units as a money amount (CNY 12.34). */
export function formatMoney(minor: number | null | undefined, currency = 'CNY'): string {
  if (minor === null || minor === undefined) return '—';
  return new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { style: 'currency', currency }).format(minor / 100);
}

export function formatNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { maximumFractionDigits: digits }).format(n);
}
