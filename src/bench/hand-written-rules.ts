/**
 * The default pack's rules written by hand as plain closures: the limit a rule language can
 * approach, for `fengkong bench decide`. A feature with no value reads as NaN, so a comparison
 * with it is false — as an unguarded CEL read of a missing feature makes its rule miss.
 */
type F = Record<string, number | null | undefined>;
type E = Record<string, unknown>;
export type HandRule = (event: E, features: F) => boolean;

const n = (v: number | null | undefined) => (v === null || v === undefined ? NaN : v);
const has = (v: unknown) => v !== undefined && v !== null;
const or = (v: number | null | undefined, d: number) => (v === null || v === undefined ? d : v);
const amount = (e: E) => e.amount as number;
/** Hour in China Standard Time of a normalised (UTC, `Z`) timestamp. */
const hour = (e: E) => (Number((e.occurredAt as string).slice(11, 13)) + 8) % 24;

export const HAND_WRITTEN_RULES: Record<string, HandRule> = {
  LOAN_NEW_CUSTOMER_LARGE: (e, f) => has(f.cust_first_seen) && n(f.cust_first_seen) < 86400 && amount(e) >= 1_000_000,
  LOAN_INCOME_INFLATED: (e) => has(e.declaredIncome) && (e.declaredIncome as number) >= 3_000_000,
  LOAN_DEVICE_MANY_APPLICANTS: (e, f) => has(e.deviceId) && n(f.dev_loan_apps_24h) >= 2,
  LOAN_DEVICE_SHARED: (e, f) => has(e.deviceId) && n(f.dev_customers_30d) >= 3,
  LOAN_REPEATED_APPS: (_e, f) => n(f.cust_loan_apps_30d) >= 3,
  LOAN_RECENT_ARREARS: (_e, f) => or(f.cust_late_repayments_30d, 0) >= 30,
  LOAN_PROXY_NEW_CUSTOMER: (e, f) => has(f.cust_first_seen) && n(f.cust_first_seen) < 3600 && has(e.deviceId) && n(f.dev_customers_30d) <= 1,
  LOGIN_BRUTE_FORCE: (_e, f) => n(f.cust_failed_logins_1h) >= 5,
  LOGIN_NEW_DEVICE_AFTER_FAILURES: (e, f) => e.success === true && has(e.deviceId) && !has(f.dev_first_seen) && n(f.cust_failed_logins_1h) >= 2,
  LOGIN_FAILURES_ON_NEW_DEVICE: (e, f) => e.success !== true && has(e.deviceId) && n(f.cust_failed_logins_1h) >= 2 && or(f.dev_first_seen, 0) < 3600,
  LOGIN_NEW_DEVICE: (e, f) => e.success === true && has(e.deviceId) && !has(f.dev_first_seen) && or(f.cust_first_seen, 0) > 86400,
  LOGIN_IP_SPRAY: (_e, f) => n(f.ip_failed_logins_1h) >= 10,
  LOGIN_IP_MANY_CUSTOMERS: (e, f) => has(e.ip) && n(f.ip_customers_1h) >= 5,
  LOGIN_DEVICE_MANY_CUSTOMERS: (e, f) => has(e.deviceId) && n(f.dev_customers_24h) >= 3,
  LOGIN_MANY_DEVICES: (_e, f) => n(f.cust_devices_30d) >= 5,
  LOGIN_NIGHT_NEW_DEVICE: (e, f) => hour(e) < 6 && has(e.deviceId) && !has(f.dev_first_seen),
  PAY_CARD_TESTING_BURST: (e, f) => e.type === 'payment' && n(f.cust_payments_10m) >= 5 && or(f.cust_payment_mean_10m, 100_000) < 1000,
  PAY_DECLINES_BURST: (e, f) => e.type === 'payment' && n(f.cust_declined_10m) >= 3,
  PAY_MANY_CARDS: (e, f) => e.type === 'payment' && n(f.cust_cards_1h) >= 3,
  PAY_CARD_VELOCITY: (e, f) => e.type === 'payment' && has(e.cardId) && n(f.card_payments_10m) >= 5,
  PAY_LARGE_AFTER_SMALL: (e, f) => e.type === 'payment' && n(f.cust_payments_10m) >= 5 && amount(e) >= 100_000,
  TRF_AMOUNT_OUTLIER: (e, f) => or(f.cust_amount_ratio_30d, 0) >= 10 && amount(e) >= 500_000,
  TRF_AMOUNT_ZSCORE: (_e, f) => or(f.cust_amount_zscore_30d, 0) >= 4,
  TRF_NEW_DEVICE_LARGE: (e, f) => has(e.deviceId) && !has(f.dev_first_seen) && amount(e) >= 500_000,
  TRF_AFTER_FAILED_LOGINS: (e, f) => n(f.cust_failed_logins_1h) >= 2 && amount(e) >= 200_000,
  TRF_TAKEOVER_PATTERN: (e, f) => e.type === 'transfer' && n(f.cust_failed_logins_1h) >= 2 && has(e.deviceId) && or(f.dev_first_seen, 1e9) < 3600,
  TRF_NEW_PAYEE_LARGE: (e, f) => e.type === 'transfer' && !has(f.cp_first_seen) && amount(e) >= 1_000_000,
  TRF_MULE_INFLOW: (e, f) => e.type === 'transfer' && n(f.cp_senders_24h) >= 3,
  TRF_MANY_PAYEES: (e, f) => e.type === 'transfer' && n(f.cust_payees_24h) >= 5,
  TRF_HOURLY_OUTFLOW: (e, f) => e.type === 'transfer' && n(f.cust_transfer_sum_1h) + amount(e) >= 5_000_000,
  PAY_NIGHT_LARGE: (e) => hour(e) < 6 && amount(e) >= 500_000,
  PAY_SHARED_DEVICE: (e, f) => has(e.deviceId) && n(f.dev_customers_24h) >= 3,
  PAY_MANY_IPS: (_e, f) => n(f.cust_ips_24h) >= 5,
  PAY_HIGH_VELOCITY: (_e, f) => n(f.cust_txn_count_1h) >= 20,
  REG_DEVICE_FARM: (e, f) => has(e.deviceId) && n(f.dev_registrations_24h) >= 3,
  REG_DEVICE_SHARED: (e, f) => has(e.deviceId) && n(f.dev_customers_30d) >= 3,
  REG_IP_BURST: (e, f) => has(e.ip) && n(f.ip_registrations_24h) >= 5,
  REG_VIRTUAL_NUMBER: (e) => /^(170|171|165)/.test(e.phone as string),
  REG_NIGHT: (e) => hour(e) < 5,
  REG_REFERRAL_ON_SHARED_DEVICE: (e, f) => has(e.referrerId) && has(e.deviceId) && n(f.dev_registrations_24h) >= 1,
  REPAY_SEVERELY_LATE: (e) => has(e.daysPastDue) && (e.daysPastDue as number) >= 60,
  REPAY_LATE: (e) => has(e.daysPastDue) && (e.daysPastDue as number) >= 8,
  REPAY_NEW_DEVICE: (e, f) => has(e.deviceId) && !has(f.dev_first_seen),
  REPAY_SHARED_DEVICE: (e, f) => has(e.deviceId) && n(f.dev_customers_24h) >= 3,
  WD_AFTER_TAKEOVER_SIGNS: (e, f) => n(f.cust_failed_logins_1h) >= 2 && has(e.deviceId) && or(f.dev_first_seen, 1e9) < 3600,
  WD_NEW_CARD: (_e, f) => n(f.card_customers_30d) === 0,
  WD_RAPID_OUT: (_e, f) => n(f.cust_withdrawals_24h) >= 3,
  WD_LARGE_SUM: (e, f) => n(f.cust_withdrawal_sum_24h) + amount(e) >= 5_000_000,
  WD_AMOUNT_OUTLIER: (e, f) => or(f.cust_amount_ratio_30d, 0) >= 8 && amount(e) >= 300_000,
  WD_SHARED_CARD: (e, f) => has(e.cardId) && n(f.card_customers_30d) >= 2,
  WD_NIGHT: (e) => hour(e) < 6 && amount(e) >= 200_000,
};
