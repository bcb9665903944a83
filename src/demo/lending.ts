/**
 * Online lending (网络借贷): applications, the lender's own screening, disbursement and monthly
 * repayments, from half a year before the window so that repayment histories and defaults exist.
 * Whether a loan defaults follows a latent probability driven by the applicant's employment,
 * income against the amount, age and a behavioural trait that also shows in their activity, so
 * a model built on the data has real signal to find and cannot read the answer off one field.
 */
import { settleAtCustody } from './custody.js';
import { DAY_MS, localIso } from './timeline.js';
import type { DemoCustomer, FraudPattern, World } from './world.js';

const EMPLOYMENT_RISK: Record<DemoCustomer['employment'], number> = { employed: 0, self_employed: 0.35, student: 0.5, retired: 0.1, unemployed: 1.1, other: 0.4 };
const PURPOSES = ['消费', '装修', '教育', '旅游', '经营周转', '医疗', '购车'];

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Probability that a loan of `amount` over `termMonths` to `c` ends in default. */
export function defaultProbability(c: DemoCustomer, amount: number, termMonths: number, atMs: number): number {
  const age = new Date(atMs).getUTCFullYear() - c.birthYear;
  const burden = Math.log(Math.max(0.05, amount / Math.max(c.monthlyIncome * 3, 1)));
  return sigmoid(-2.9 + 0.95 * c.riskTrait + EMPLOYMENT_RISK[c.employment] + 0.45 * burden + (age < 25 ? 0.35 : 0) + (termMonths >= 12 ? 0.2 : 0) + 0.25 * c.openLoans);
}

export interface Application {
  applicationId: string;
  eventId: string;
  amount: number;
  termMonths: number;
  occurredAt: string;
}

/** Emits a loan application; `overrides` let a fraud pattern change what is declared. */
export function applyForLoan(world: World, c: DemoCustomer, t: number, env: Record<string, unknown>, overrides: Record<string, unknown> = {}, pattern?: FraudPattern): Application | null {
  const rng = world.rng;
  const amount = Math.min(20_000_000, Math.max(100_000, Math.round(Math.exp(Math.log(800_000) + 0.7 * rng.normal()) / 10_000) * 10_000));
  const termMonths = rng.weighted([[3, 20], [6, 30], [12, 35], [24, 15]] as const);
  const record = world.event('loan_application', t, c, {
    channel: 'app',
    ...env,
    amount,
    currency: 'CNY',
    applicationId: world.id('app'),
    productId: rng.chance(0.6) ? 'cash_loan' : 'consumer_loan',
    termMonths,
    purpose: rng.pick(PURPOSES),
    // Applicants round up and overstate a little; the lender cannot tell.
    declaredIncome: Math.round((c.monthlyIncome * (1 + Math.max(0, 0.15 * rng.normal()))) / 100) * 100,
    employment: c.employment,
    name: c.name,
    nationalId: c.nationalId,
    phone: c.phone,
    ...overrides,
  });
  if (!world.emit(t, record, pattern)) return null;
  return { applicationId: record.applicationId as string, eventId: record.id as string, amount: record.amount as number, termMonths: record.termMonths as number, occurredAt: record.occurredAt as string };
}

/**
 * Books the loan (disbursement, then monthly installments until default or payoff) and writes the
 * credit label. `pd` is the true default probability; `forceDefault` for fraud that never repays.
 */
export function bookLoan(world: World, c: DemoCustomer, app: Application, t: number, pd: number, forceDefault = false): number {
  const rng = world.rng;
  if (!c.loanAccountId) {
    c.loanAccountId = world.id('acc');
    world.entity(t, 'accounts', { id: c.loanAccountId, type: 'account', customerId: c.id, kind: 'loan', currency: 'CNY', openedAt: localIso(t), status: 'active' });
  }
  const loanId = world.id('loan');
  const annualRateBps = Math.round(Math.min(2_400, 900 + pd * 6_000) / 10) * 10;
  const disbursedAt = t + rng.int(120_000, 6 * 3_600_000);
  const disbursement = world.event('loan_disbursement', disbursedAt, c, { amount: app.amount, currency: 'CNY', loanId, applicationId: app.applicationId, accountId: c.walletId, termMonths: app.termMonths, annualRateBps, channel: 'api', source: 'loan-core' });
  if (world.emit(disbursedAt, disbursement)) settleAtCustody(world, disbursedAt, disbursement, c);

  const defaulted = forceDefault || rng.chance(pd);
  world.timeline.add(t, { file: 'labels', record: { kind: 'credit', applicationId: app.applicationId, eventId: app.eventId, loanId, customerId: c.id, defaulted, occurredAt: app.occurredAt } });
  c.openLoans++;

  const installment = Math.round((app.amount * (1 + (annualRateBps / 10_000) * (app.termMonths / 12))) / app.termMonths);
  // A defaulting borrower stops paying at some installment (often early), after a few late ones.
  const stopAt = defaulted ? (forceDefault ? 1 : rng.int(1, Math.min(app.termMonths, 5))) : app.termMonths + 1;
  for (let k = 1; k <= app.termMonths && k < stopAt; k++) {
    const dueMs = disbursedAt + k * 30 * DAY_MS;
    const late = defaulted && k >= stopAt - 2 ? rng.int(3, 40) : rng.weighted([[0, 88 - 8 * Math.max(0, c.riskTrait)], [rng.int(1, 7), 9], [rng.int(8, 30), 3]] as const);
    const paidMs = late === 0 ? dueMs - rng.int(0, 3 * DAY_MS) : dueMs + late * DAY_MS + rng.int(0, DAY_MS / 2);
    if (paidMs >= world.windowEndMs) break;
    const repayment = world.event('repayment', paidMs, c, { amount: installment, currency: 'CNY', loanId, installmentNo: k, dueAt: localIso(dueMs), daysPastDue: late, accountId: c.walletId, channel: 'app' });
    if (world.emit(paidMs, repayment)) settleAtCustody(world, paidMs, repayment, c);
  }
  return disbursedAt;
}

/** A regular customer may apply on any day, more often when their latent risk is high. */
export function maybeBorrow(world: World, c: DemoCustomer, day: number): void {
  const rng = world.rng;
  const dayStart = world.timeline.dayStart(day);
  if (c.registeredAtMs >= dayStart || !rng.chance(0.0016 * Math.exp(0.45 * c.riskTrait) * (c.openLoans > 0 ? 0.3 : 1))) return;
  const t = world.timeOfDay(day);
  const app = applyForLoan(world, c, t, { deviceId: c.devices[0], ip: c.ips[0] });
  if (!app) return;
  const pd = defaultProbability(c, app.amount, app.termMonths, t);
  // The lender's own screening turns away the riskiest applicants it can see.
  if (pd + 0.05 * rng.normal() < 0.22) bookLoan(world, c, app, t, pd);
}
