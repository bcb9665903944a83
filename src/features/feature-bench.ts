/**
 * Benchmark of the in-process feature store with a realistic set of 31 features over six key kinds:
 * events/s for evaluate+record and for replay (record only), and memory for a million entities.
 * Run: node --expose-gc --import tsx src/features/feature-bench.ts [throughput|memory] [--events 1000000]
 *        [--customers 100000] [--entities 1000000]   (each part in its own process: RSS never shrinks)
 */
import { performance } from 'node:perf_hooks';
import { machineFacts, rssMb } from '../bench/bench-support.js';
import { parseFeatureConfig } from './domain/feature-config.js';
import type { FeatureEvent } from './domain/feature-spec.js';
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

/** A deterministic stream: `n` events of `customers` customers over `spanMs`, in time order with jitter. */
export function benchEvents(n: number, customers: number, spanMs: number): FeatureEvent[] {
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
      ip: `10.${(c >> 16) & 255}.${(c >> 8) & 255}.${Math.floor(rnd() * 4)}`,
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

function main(): void {
  const parsed = parseFeatureConfig(BENCH_FEATURES);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const specs = parsed.specs;
  const n = arg('events', 1_000_000);
  const customers = arg('customers', 100_000);
  const entities = arg('entities', 1_000_000);
  const part = process.argv[2] === 'memory' ? 'memory' : 'throughput';
  const report: Record<string, unknown> = { machine: machineFacts(), features: specs.length };
  if (part === 'throughput') throughput(report);
  else memory(report);
  console.log(JSON.stringify(report, null, 2));

  function throughput(report: Record<string, unknown>): void {
  const events = benchEvents(n, customers, 86_400_000);
  const store = new MemoryFeatureStore(specs);
  const warm = Math.min(100_000, n / 10);
  for (let i = 0; i < warm; i++) store.evaluateAndRecordSync(events[i]!);
  let t = performance.now();
  let sink = 0;
  for (let i = warm; i < n; i++) sink += store.evaluateAndRecordSync(events[i]!)['c_events_1h'] ?? 0;
  const evalRecordPerSec = Math.round((n - warm) / ((performance.now() - t) / 1000));
  const replay = new MemoryFeatureStore(specs);
  t = performance.now();
  for (let i = 0; i < n; i++) replay.recordSync(events[i]!);
  const recordPerSec = Math.round(n / ((performance.now() - t) / 1000));
  report['throughput'] = { events: n, customers, evaluateAndRecordPerSec: evalRecordPerSec, recordOnlyPerSec: recordPerSec, entities: store.stats(), sink };
  void store.close();
  void replay.close();
  }

  function memory(report: Record<string, unknown>): void {
  // Memory: `entities` customers, each with a login and a payment on its own device within a day.
  global.gc?.();
  const before = rssMb();
  const big = new MemoryFeatureStore(specs);
  let s = 1;
  for (let c = 0; c < entities; c++) {
    s = (s * 48271) % 2147483647;
    const at = T0 + (c % 86_400) * 1000;
    const base = { customerId: `C${c}`, deviceId: `D${c}`, ip: `10.${(c >> 16) & 255}.${(c >> 8) & 255}.${c & 3}` };
    big.recordSync({ id: `l${c}`, type: 'login', occurredAtMs: at, fields: { type: 'login', success: s % 10 !== 0, ...base } });
    big.recordSync({ id: `p${c}`, type: 'payment', occurredAtMs: at + 30_000, fields: { type: 'payment', amount: 100 + (s % 100_000), merchantId: `M${s % 2000}`, ...base } });
  }
  global.gc?.();
  report['memory'] = { customers: entities, entities: big.stats(), rssBeforeMb: before, rssAfterMb: rssMb(), heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20) };
  }
}

if (process.argv[1]?.endsWith('feature-bench.ts')) main();
