import { compileRule } from './src/rules/compile-rule.js';
import { ruleEnvironment } from './src/rules/rule-environment.js';
const spec = { eventTypes: ['payment', 'transfer'], features: ['cust_payments_10m', 'dev_first_seen', 'cust_amount_ratio_30d'], lists: ['block_customers'], models: [] };
const b = ruleEnvironment(spec as any); if (!b.ok) throw 1;
const run = b.env.env.parse(`event.type == 'payment' && features.cust_payments_10m >= 5.0 && !has(features.dev_first_seen) && features.?cust_amount_ratio_30d.orValue(0.0) >= 10.0 && event.amount >= 100000 && hour(event.occurredAt) < 6 && inList('block_customers', event.customerId) && double(event.amount) > 1.0 && event.amount / 2 > 3`);
console.log(JSON.stringify(run.ast, (k, v) => (typeof v === 'bigint' ? `${v}n` : v), 1).slice(0, 6000));
