/**
 * Measures rule evaluation speed: two typical 5-clause fraud rules over payment events, every
 * clause evaluated (worst case for short-circuiting), on one core. `withFunctions` runs twice:
 * each evaluation on a new event (hour() parses every time), and each event seen by several
 * rules in a row as a strategy does (hour() answers from its one-entry memo).
 * Run: node --import tsx src/rules/rule-speed.bench.ts
 */
import { Environment } from '@marcbachmann/cel-js';
import { compileRule } from './compile-rule.js';
import type { RuleContextSpec, RuleInput } from './rule-types.js';

const spec: RuleContextSpec = {
  eventTypes: ['payment', 'transfer'],
  features: ['txn_count_1h', 'amount_sum_24h', 'distinct_devices_7d'],
  lists: ['block_devices', 'trusted_devices'],
  models: ['fraud_v3'],
};

const RULES = {
  predicate: "event.amount > 500000 && event.channel == 'app' && features.txn_count_1h >= 5.0 && models.fraud_v3 > 0.8 && has(event.deviceId)",
  withFunctions: "event.amount > 500000 && features.txn_count_1h >= 5.0 && models.fraud_v3 > 0.8 && !inList('trusted_devices', event.deviceId) && hour(event.occurredAt) < 6",
};

const trusted = new Set(['dev-trusted']);
const makeInputs = (sameTimestamp: boolean): RuleInput[] => Array.from({ length: 1024 }, (_, i) => ({
  event: {
    type: 'payment',
    id: `evt-${i}`,
    occurredAt: sameTimestamp ? '2025-03-01T02:15:00+08:00' : `2025-03-0${1 + (i % 9)}T0${i % 6}:15:00+08:00`,
    customerId: `cust-${i % 97}`,
    channel: 'app',
    deviceId: `dev-${i % 31}`,
    ip: '10.0.0.1',
    amount: 600_000 + i,
    currency: 'CNY',
    accountId: `acct-${i % 97}`,
    merchantId: `m-${i % 13}`,
    attributes: { campaign: 'spring' },
  },
  features: { txn_count_1h: 6 + (i % 3), amount_sum_24h: 1_000_000, distinct_devices_7d: 2 },
  models: { fraud_v3: 0.85 + (i % 10) / 100 },
  inList: (_list, value) => trusted.has(value as string),
}));

function measure(name: string, expression: string, inputs: RuleInput[]): void {
  const t0 = process.hrtime.bigint();
  const compiled = compileRule(expression, spec);
  const compileMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
  const rule = compiled.rule;
  for (const input of inputs) if (rule.evaluate(input).ok !== true) throw new Error('rule failed');
  const rates: number[] = [];
  const N = 1_000_000;
  for (let round = 0; round < 5; round++) {
    let hits = 0;
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      const r = rule.evaluate(inputs[i & 1023]!);
      if (r.ok && r.value) hits++;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(N / seconds);
    if (hits !== N) throw new Error(`expected every evaluation to fire, got ${hits}`);
  }
  rates.sort((a, b) => a - b);
  console.log(`${name.padEnd(15)} ${(rates[2]! / 1e6).toFixed(2)} M evals/s (median of 5 × 1M; min ${(rates[0]! / 1e6).toFixed(2)}, max ${(rates[4]! / 1e6).toFixed(2)}); first compile ${compileMs.toFixed(1)} ms`);
}

function measureCompile(): void {
  const start = process.hrtime.bigint();
  const n = 2000;
  for (let i = 0; i < n; i++) {
    const r = compileRule(`event.amount > ${i} && features.txn_count_1h >= 5.0 && !inList('block_devices', event.deviceId)`, spec);
    if (!r.ok) throw new Error('compile failed');
  }
  const us = Number(process.hrtime.bigint() - start) / 1e3 / n;
  console.log(`compile         ${us.toFixed(1)} µs per rule (cached environment)`);
}

/** Reference: the same predicate on the bare library with untyped maps (no field checking, no views). */
function measureUntyped(): void {
  const env = new Environment()
    .registerVariable('event', 'map<string, dyn>')
    .registerVariable('features', 'map<string, double>')
    .registerVariable('models', 'map<string, double>');
  const run = env.parse(RULES.predicate);
  if (!run.check().valid) throw new Error('untyped check failed');
  const contexts = makeInputs(false).map((i) => ({ event: { ...i.event, amount: BigInt(i.event.amount as number) }, features: i.features, models: i.models }));
  const rates: number[] = [];
  const N = 1_000_000;
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) if (run(contexts[i & 1023]) !== true) throw new Error('expected true');
    rates.push(N / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  rates.sort((a, b) => a - b);
  console.log(`${'untyped maps'.padEnd(15)} ${(rates[2]! / 1e6).toFixed(2)} M evals/s (reference: bare library, same predicate)`);
}

measure('predicate', RULES.predicate, makeInputs(false));
measure('functions', RULES.withFunctions, makeInputs(false));
measure('functions/memo', RULES.withFunctions, makeInputs(true));
measureUntyped();
measureCompile();
