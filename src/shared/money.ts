/** ISO 4217 currencies the platform accepts, with their minor-unit exponents. */

/** Exponent of each accepted currency: amounts are integers in 10^-exponent of the major unit. */
export const CURRENCY_EXPONENT: Readonly<Record<string, number>> = {
  CNY: 2, HKD: 2, MOP: 2, TWD: 2, USD: 2, EUR: 2, GBP: 2, JPY: 0, KRW: 0, SGD: 2, AUD: 2, CAD: 2,
  CHF: 2, NZD: 2, THB: 2, MYR: 2, IDR: 2, PHP: 2, VND: 0, INR: 2, RUB: 2, AED: 2, SAR: 2, BRL: 2,
  MXN: 2, ZAR: 2, SEK: 2, NOK: 2, DKK: 2, PLN: 2, TRY: 2, KZT: 2, PKR: 2, BDT: 2, LKR: 2, NGN: 2,
  KWD: 3, BHD: 3, OMR: 3, JOD: 3, TND: 3, CLP: 0, ISK: 0, UGX: 0, XOF: 0, XAF: 0,
};

/** Largest amount accepted, in minor units: far above any real transfer, far below 2^53. */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000_000;

export function isKnownCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(CURRENCY_EXPONENT, code);
}

/** Formats minor units for people, e.g. 123456 CNY → "1234.56 CNY". */
export function formatMoney(amountMinor: number, currency: string): string {
  const exp = CURRENCY_EXPONENT[currency] ?? 2;
  if (exp === 0) return `${amountMinor} ${currency}`;
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  const major = Math.floor(abs / 10 ** exp);
  const minor = String(abs % 10 ** exp).padStart(exp, '0');
  return `${sign}${major}.${minor} ${currency}`;
}
