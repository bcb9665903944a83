/**
 * The payment decision point's rules for json-rules-engine, the common JavaScript rules library:
 * the peer `fengkong bench decide` compares the CEL engine with. Facts are the event's fields
 * (`e_<field>`) and feature values (`f_<feature>`); `present` / `absent` stand in for CEL's
 * `has()`, and two computed facts for what JSON conditions cannot express (local hour, a sum).
 */
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';

type Cond = { fact: string; operator: string; value: unknown };
const c = (fact: string, operator: string, value: unknown = null): Cond => ({ fact, operator, value });
const all = (...conds: Cond[]): TopLevelCondition => ({ all: conds });
const isPayment = c('e_type', 'equal', 'payment');
const isTransfer = c('e_type', 'equal', 'transfer');

const RULES: Array<[string, TopLevelCondition]> = [
  ['PAY_CARD_TESTING_BURST', all(isPayment, c('f_cust_payments_10m', 'greaterThanInclusive', 5), c('f_cust_payment_mean_10m', 'present'), c('f_cust_payment_mean_10m', 'lessThan', 1000))],
  ['PAY_DECLINES_BURST', all(isPayment, c('f_cust_declined_10m', 'greaterThanInclusive', 3))],
  ['PAY_MANY_CARDS', all(isPayment, c('f_cust_cards_1h', 'greaterThanInclusive', 3))],
  ['PAY_CARD_VELOCITY', all(isPayment, c('e_cardId', 'present'), c('f_card_payments_10m', 'greaterThanInclusive', 5))],
  ['PAY_LARGE_AFTER_SMALL', all(isPayment, c('f_cust_payments_10m', 'greaterThanInclusive', 5), c('e_amount', 'greaterThanInclusive', 100_000))],
  ['TRF_AMOUNT_OUTLIER', all(c('f_cust_amount_ratio_30d', 'present'), c('f_cust_amount_ratio_30d', 'greaterThanInclusive', 10), c('e_amount', 'greaterThanInclusive', 500_000))],
  ['TRF_AMOUNT_ZSCORE', all(c('f_cust_amount_zscore_30d', 'present'), c('f_cust_amount_zscore_30d', 'greaterThanInclusive', 4))],
  ['TRF_NEW_DEVICE_LARGE', all(c('e_deviceId', 'present'), c('f_dev_first_seen', 'absent'), c('e_amount', 'greaterThanInclusive', 500_000))],
  ['TRF_AFTER_FAILED_LOGINS', all(c('f_cust_failed_logins_1h', 'greaterThanInclusive', 2), c('e_amount', 'greaterThanInclusive', 200_000))],
  ['TRF_TAKEOVER_PATTERN', all(isTransfer, c('f_cust_failed_logins_1h', 'greaterThanInclusive', 2), c('e_deviceId', 'present'), c('f_dev_first_seen', 'present'), c('f_dev_first_seen', 'lessThan', 3600))],
  ['TRF_NEW_PAYEE_LARGE', all(isTransfer, c('f_cp_first_seen', 'absent'), c('e_amount', 'greaterThanInclusive', 1_000_000))],
  ['TRF_MULE_INFLOW', all(isTransfer, c('f_cp_senders_24h', 'greaterThanInclusive', 3))],
  ['TRF_MANY_PAYEES', all(isTransfer, c('f_cust_payees_24h', 'greaterThanInclusive', 5))],
  ['TRF_HOURLY_OUTFLOW', all(isTransfer, c('outflow_1h_with_this', 'greaterThanInclusive', 5_000_000))],
  ['PAY_NIGHT_LARGE', all(c('local_hour', 'lessThan', 6), c('e_amount', 'greaterThanInclusive', 500_000))],
  ['PAY_SHARED_DEVICE', all(c('e_deviceId', 'present'), c('f_dev_customers_24h', 'greaterThanInclusive', 3))],
  ['PAY_MANY_IPS', all(c('f_cust_ips_24h', 'greaterThanInclusive', 5))],
  ['PAY_HIGH_VELOCITY', all(c('f_cust_txn_count_1h', 'greaterThanInclusive', 20))],
];

export const PEER_RULE_COUNT = RULES.length;

export function paymentPeerEngine(): Engine {
  const engine = new Engine(
    RULES.map(([name, conditions]): RuleProperties => ({ name, conditions, event: { type: name } })),
    { allowUndefinedFacts: true },
  );
  engine.addOperator('present', (v: unknown) => v !== undefined && v !== null);
  engine.addOperator('absent', (v: unknown) => v === undefined || v === null);
  engine.addFact('local_hour', async (_p, almanac) => (Number(String(await almanac.factValue('e_occurredAt')).slice(11, 13)) + 8) % 24);
  engine.addFact('outflow_1h_with_this', async (_p, almanac) => Number(await almanac.factValue('f_cust_transfer_sum_1h')) + Number(await almanac.factValue('e_amount')));
  return engine;
}

/** The facts of one decision, flattened for the peer engine. */
export function peerFacts(event: Record<string, unknown>, features: Record<string, number | null>): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const k in event) facts[`e_${k}`] = event[k];
  for (const k in features) facts[`f_${k}`] = features[k];
  return facts;
}
