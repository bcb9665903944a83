/** A valid sample event for each decision point, for trying a draft strategy (edited freely before a try). */
import type { DecisionPoint } from './types';

export function sampleEvent(point: DecisionPoint, now = new Date()): Record<string, unknown> {
  const base = { id: `try-${now.getTime()}`, occurredAt: now.toISOString(), customerId: 'cust-sample-1', deviceId: 'dev-sample-1', ip: '203.0.113.10', channel: 'app' };
  switch (point) {
    case 'registration':
      return { type: 'registration', ...base, phone: '13900000000' };
    case 'login':
      return { type: 'login', ...base, success: true, method: 'password' };
    case 'payment':
      return { type: 'payment', ...base, amount: 120000, currency: 'CNY', accountId: 'acc-sample-1', merchantId: 'mch-sample-1', cardId: 'card-sample-1' };
    case 'withdrawal':
      return { type: 'withdrawal', ...base, amount: 500000, currency: 'CNY', accountId: 'acc-sample-1', cardId: 'card-sample-1' };
    case 'loan_application':
      return { type: 'loan_application', ...base, amount: 5000000, currency: 'CNY', applicationId: 'app-sample-1', productId: 'prod-sample-1', termMonths: 12 };
    case 'repayment':
      return { type: 'repayment', ...base, amount: 450000, currency: 'CNY', loanId: 'loan-sample-1', installmentNo: 1, daysPastDue: 0 };
  }
}
