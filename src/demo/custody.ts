/**
 * The custody bank's statement (资金存管): every top-up, withdrawal, disbursement and repayment
 * settles through the custody bank, which posts a statement line minutes later. A small share of
 * lines disagree with the platform — missing, different amount, failed, or with no platform
 * transaction at all — and those are labelled so reconciliation has something real to find.
 */
import { localIso } from './timeline.js';
import type { DemoCustomer, World } from './world.js';

const CUSTODY_BANK = 'CMB';

export type CustodyIssue = 'missing_at_bank' | 'amount_mismatch' | 'status_mismatch' | 'unmatched_bank_line';

const DIRECTION: Record<string, 'credit' | 'debit'> = { top_up: 'credit', repayment: 'credit', withdrawal: 'debit', loan_disbursement: 'debit' };

function custodyLabel(issue: CustodyIssue, at: string, refs: { eventId?: string; bankTxnRef?: string; customerId?: string }) {
  return { file: 'labels' as const, record: { kind: 'custody', issue, ...refs, occurredAt: at } };
}

/** Schedules the bank's statement line for a platform money movement at `ms`. */
export function settleAtCustody(world: World, ms: number, record: Record<string, unknown>, customer: DemoCustomer): void {
  const direction = DIRECTION[record.type as string];
  if (!direction || !world.inWindow(ms)) return;
  const rng = world.rng;
  const postedMs = ms + rng.int(20_000, record.type === 'withdrawal' ? 7_200_000 : 1_800_000);
  const roll = rng.next();
  if (roll < 0.003) {
    world.timeline.add(postedMs, custodyLabel('missing_at_bank', localIso(postedMs), { eventId: record.id as string, customerId: customer.id }));
    return;
  }
  const bankTxnRef = world.id('bk');
  let amount = record.amount as number;
  let status = 'settled';
  let issue: CustodyIssue | null = null;
  if (roll < 0.006) {
    amount = Math.max(1, amount + (rng.chance(0.5) ? 1 : -1) * rng.int(1, Math.max(1, Math.min(50_000, Math.floor(amount / 10)))));
    if (amount === record.amount) amount += 1;
    issue = 'amount_mismatch';
  } else if (roll < 0.008) {
    status = rng.pick(['failed', 'returned']);
    issue = 'status_mismatch';
  }
  const line = world.event('custody_statement', postedMs, customer, {
    amount,
    currency: record.currency,
    bankTxnRef,
    platformTxnId: record.id,
    accountId: customer.walletId,
    direction,
    status,
    bankCode: CUSTODY_BANK,
    valueDate: localIso(postedMs).slice(0, 10),
    source: 'custody-bank',
  });
  world.emit(postedMs, line, undefined, issue ? [custodyLabel(issue, line.occurredAt as string, { eventId: record.id as string, bankTxnRef, customerId: customer.id })] : []);
  // Now and then the bank posts a line the platform never initiated.
  if (rng.chance(0.001)) {
    const strayMs = postedMs + rng.int(60_000, 3_600_000);
    const stray = world.event('custody_statement', strayMs, null, {
      amount: rng.int(100, 500_000),
      currency: 'CNY',
      bankTxnRef: world.id('bk'),
      direction: rng.pick(['credit', 'debit'] as const),
      status: 'settled',
      bankCode: CUSTODY_BANK,
      valueDate: localIso(strayMs).slice(0, 10),
      source: 'custody-bank',
    });
    world.emit(strayMs, stray, undefined, [custodyLabel('unmatched_bank_line', stray.occurredAt as string, { bankTxnRef: stray.bankTxnRef as string })]);
  }
}
