/**
 * Benchmark of the in-process feature store: events/s for evaluate+record and for replay (record
 * only), and memory for a million customers with their devices and addresses.
 *   fengkong bench features [--entities 1000000] [--events 1000000] [--customers 100000] --json
 * runs both over the default pack's features (memory first, in a fresh process, as RSS never
 * shrinks). The standalone form uses a synthetic set of 31 features over six key kinds:
 *   node --import tsx src/features/feature-bench.ts throughput [--events 1000000] [--customers 100000]
 *   node --expose-gc --import tsx src/features/feature-bench.ts memory [--entities 1000000]
 */
import { performance } from 'node:perf_hooks';
import { machineFacts, rssMb } from '../bench/bench-support.js';
import { parseFeatureConfig } from './domain/feature-config.js';
import type { FeatureEvent, FeatureSpec } from './domain/feature-spec.js';
import { MemoryFeatureStore } from './memory-feature-store.js';

export const BENCH_FEATURES = `
features:
  - { name: c_events_1h, aggregate: count, key: customerId, window: 1h }
  - { name: c_pay_count_10m, aggregate: count, key: customerId, window: 10m, eventTypes: [payment, transfer] }
  - { name: c_pay_count_1h, aggregate: count, key: customerId, window: 1h, eventTypes: [payment, transfer] }
  - { name: c_pay_count_1d, aggregate: count, key: customerId, window: 1d, eventTypes: [payment, transfer] }
  - { name: c_pay_sum_10m, aggregate: sum, key: customerId, field: amount, window: 10m, eventTypes: [payment, transfer] }
  - { name: c_pay_sum_1d, aggregate: sum, key: customerId, field: amount, window: 1d, eventTypes: [payment, transfer] }
  - { name: c_pay_max_1d, aggregate: max, key: customerId, field: amount, window: 1d, eventTypes: [payment, transfer] }
  - { name: c_pay_mean_7d, aggregate: mean, key: customerId, field: amount, window: 7d, eventTypes: [payment, transfer] }
  - { name: c_pay_zscore_30d, aggregate: zscore, key: customerId, field: amount, window: 30d, eventTypes: [payment, transfer] }
  - { name: c_pay_ratio_30d, aggregate: ratio_to_mean, key: customerId, field: amount, window: 30d, eventTypes: [payment, transfer] }
  - { name: c_devices_1d, aggregate: distinct, key: customerId, field: deviceId, window: 1d }
  - { name: c_ips_1h, aggregate: distinct, key: customerId, field: ip, window: 1h }
  - { name: c_payees_1d, aggregate: distinct, key: customerId, field: counterpartyId, window: 1d, eventTypes: [transfer] }
  - { name: c_failed_logins_1h, aggregate: count, key: customerId, window: 1h, eventTypes: [login], where: { field: success, equals: false } }
  - { name: c_logins_10m, aggregate: count, key: customerId, window: 10m, eventTypes: [login] }
  - { name: c_since_last_pay_30d, aggregate: since_last, key: customerId, window: 30d, eventTypes: [payment, transfer] }
  - { name: c_withdraw_sum_1d, aggregate: sum, key: customerId, field: amount, window: 1d, eventTypes: [withdrawal] }
  - { name: c_first_seen_30d, aggregate: first_seen, key: customerId, window: 30d }
  - { name: d_customers_1d, aggregate: distinct, key: deviceId, field: customerId, window: 1d }
  - { name: d_first_seen_30d, aggregate: first_seen, key: deviceId, window: 30d }
  - { name: d_events_1h, aggregate: count, key: deviceId, window: 1h }
  - { name: d_failed_logins_1h, aggregate: count, key: deviceId, window: 1h, eventTypes: [login], where: { field: success, equals: false } }
  - { name: d_pay_sum_1h, aggregate: sum, key: deviceId, field: amount, window: 1h, eventTypes: [payment, transfer] }
  - { name: ip_customers_1h, aggregate: distinct, key: ip, field: customerId, window: 1h }
  - { name: ip_events_10m, aggregate: count, key: ip, window: 10m }
  - { name: ip_failed_logins_10m, aggregate: count, key: ip, window: 10m, eventTypes: [login], where: { field: success, equals: false } }
  - { name: ip_devices_1d, aggregate: distinct, key: ip, field: deviceId, window: 1d }
  - { name: card_customers_7d, aggregate: distinct, key: cardId, field: customerId, window: 7d }
  - { name: card_moves_1d, aggregate: count, key: cardId, window: 1d, eventTypes: [withdrawal, top_up] }
  - { name: payee_senders_1d, aggregate: distinct, key: counterpartyId, field: customerId, window: 1d, eventTypes: [transfer] }
  - { name: m_payments_1m, aggregate: count, key: merchantId, window: 1m, eventTypes: [payment] }
`;

const T0 = Date.UTC(2026, 2, 1);
const TYPES = ['payment', 'payment', 'payment', 'payment', 'login', 'login', 'login', 'transfer', 'transfer', 'withdrawal', 'top_up', 'registration'];

/**
 * A deterministic stream: `n` events of `customers` customers over `spanMs`, in time order with a few
 * seconds of jitter. IPs: `typical` gives each customer its own address and sends 5 % of events through
 * 200 shared NAT addresses; `hot` puts every 64 customers behind one address (much more distinct work).
 */
export function benchEvents(n: number, customers: number, spanMs: number, ips: 'typical' | 'hot' = 'typical'): FeatureEvent[] {
  let s = 0x9e3779b9;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const out: FeatureEvent[] = [];
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rnd() * customers);
    const type = TYPES[Math.floor(rnd() * TYPES.length)] as string;
    const fields: Record<string, unknown> = {
      type,
      customerId: `C${c}`,
      deviceId: `D${rnd() < 0.9 ? c : Math.floor(rnd() * customers)}`,
      ip:
        ips === 'hot'
          ? `10.${(c >> 16) & 255}.${(c >> 8) & 255}.${Math.floor(rnd() * 4)}`
          : rnd() < 0.05
            ? `100.64.0.${Math.floor(rnd() * 200)}`
            : `10.${(c >> 16) & 255}.${(c >> 8) & 255}.${c & 255}`,
    };
    if (type === 'login') fields['success'] = rnd() > 0.1;
    else if (type !== 'registration') {
      fields['amount'] = 100 + Math.floor(rnd() * 100_000);
      if (type === 'payment') fields['merchantId'] = `M${Math.floor(rnd() * 2000)}`;
      if (type === 'transfer') fields['counterpartyId'] = `P${Math.floor(rnd() * 20_000)}`;
      if (type === 'withdrawal' || type === 'top_up') fields['cardId'] = `K${c}`;
    }
    const at = T0 + Math.floor((i / n) * spanMs) - Math.floor(rnd() * 5000); // a few seconds out of order
    out.push({ id: `e${i}`, type, occurredAtMs: at, fields });
  }
  return out;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Events/s for evaluate+record and for record only (replay), with typical and with hot IPs. */
export function throughput(specs: readonly FeatureSpec[], n: number, customers: number): Record<string, unknown> {
  const out: Record<string, unknown> = { events: n, customers };
  for (const ips of ['typical', 'hot'] as const) {
    const events = benchEvents(n, customers, 86_400_000, ips);
    const store = new MemoryFeatureStore(specs);
    const warm = Math.floor(n / 10);
    for (let i = 0; i < warm; i++) store.evaluateAndRecordSync(events[i]!);
    let t = performance.now();
    let sink = 0;
    for (let i = warm; i < n; i++) sink += Object.keys(store.evaluateAndRecordSync(events[i]!)).length;
    const evaluateAndRecordPerSec = Math.round((n - warm) / ((performance.now() - t) / 1000));
    const replay = new MemoryFeatureStore(specs);
    t = performance.now();
    for (let i = 0; i < n; i++) replay.recordSync(events[i]!);
    const recordOnlyPerSec = Math.round(n / ((performance.now() - t) / 1000));
    out[ips] = { evaluateAndRecordPerSec, recordOnlyPerSec, entities: store.stats(), sink };
  }
  return out;
}

/** Memory for `customers` customers, each with a login and a payment on its own device within a day. */
export function memory(specs: readonly FeatureSpec[], customers: number): Record<string, unknown> {
  global.gc?.();
  const before = rssMb();
  const store = new MemoryFeatureStore(specs);
  let s = 1;
  for (let c = 0; c < customers; c++) {
    s = (s * 48271) % 2147483647;
    const at = T0 + (c % 86_400) * 1000;
    const base = { customerId: `C${c}`, deviceId: `D${c}`, ip: `10.${(c >> 16) & 255}.${(c >> 8) & 255}.${c & 3}` };
    store.recordSync({ id: `l${c}`, type: 'login', occurredAtMs: at, fields: { type: 'login', success: s % 10 !== 0, ...base } });
    const pay = { type: 'payment', amount: 100 + (s % 100_000), merchantId: `M${s % 2000}`, ...base };
    store.recordSync({ id: `p${c}`, type: 'payment', occurredAtMs: at + 30_000, fields: pay });
  }
  global.gc?.();
  const heapUsedMb = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  return { customers, entities: store.stats(), rssBeforeMb: before, rssAfterMb: rssMb(), heapUsedMb };
}

function main(): void {
  const parsed = parseFeatureConfig(BENCH_FEATURES);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const report: Record<string, unknown> = { machine: machineFacts(), features: parsed.specs.length };
  if (process.argv[2] === 'memory') report['memory'] = memory(parsed.specs, arg('entities', 1_000_000));
  else report['throughput'] = throughput(parsed.specs, arg('events', 1_000_000), arg('customers', 100_000));
  console.log(JSON.stringify(report, null, 2));
}

if (/feature-bench\.[jt]s$/.test(process.argv[1] ?? '')) main();
