/**
 * The variables an application model reads, built the same way when training from the platform's
 * own labelled applications and when deciding a new one — so a model never sees at decision time
 * a variable computed differently from the one it learned on. From the loan application event:
 * amount, term, declared income, employment, purpose, product; derived: amount against income
 * and the instalment burden; and the decision-time velocity features of the anti-fraud decision
 * (prefixed `f_`). Personal data (name, ID, phone) is never a variable. Pure.
 */

export type ApplicationRow = Record<string, number | string | null>;

/**
 * A model's input row at any decision point, built one way for training and scoring: at
 * loan_application the application variables; elsewhere the event's own numbers and labels with
 * the decision-time features as `f_<name>`. Personal fields never reach a model (see
 * personal-fields.ts: no model may have them as variables).
 */
export function decisionRow(point: string, event: Readonly<Record<string, unknown>>, features: Readonly<Record<string, number | null>> | null): ApplicationRow {
  if (point === 'loan_application') return applicationVariables(event, features);
  const row: ApplicationRow = {};
  for (const [k, v] of Object.entries(event)) if (typeof v === 'number' || typeof v === 'string') row[k] = v;
  for (const [k, v] of Object.entries(features ?? {})) row[`f_${k}`] = v ?? null;
  return row;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

export function applicationVariables(event: Readonly<Record<string, unknown>>, features: Readonly<Record<string, number | null>> | null = null, extra: Readonly<Record<string, unknown>> = {}): ApplicationRow {
  const amount = num(event.amount);
  const term = num(event.termMonths);
  const income = num(event.declaredIncome);
  const row: ApplicationRow = {
    amount,
    termMonths: term,
    declaredIncome: income,
    employment: str(event.employment),
    purpose: str(event.purpose),
    productId: str(event.productId),
    amountToIncome: amount !== null && income !== null && income > 0 ? amount / income : null,
    instalmentToIncome: amount !== null && term !== null && term > 0 && income !== null && income > 0 ? amount / term / income : null,
  };
  for (const [k, v] of Object.entries(features ?? {})) row[`f_${k}`] = v ?? null;
  // Caller-supplied model inputs (e.g. bureau data sent with the application) — numbers or labels only.
  for (const [k, v] of Object.entries(extra)) if (!(k in row)) row[k] = typeof v === 'number' || typeof v === 'string' ? v : null;
  return row;
}
