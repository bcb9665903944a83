/**
 * `fengkong bench features`: the in-process feature store with the default pack's features —
 * memory for a million customers (each with a device and an address, so well over a million
 * entities) and evaluate+record throughput. Memory is measured first, in this fresh process.
 */
import { parseFeatureConfig } from '../features/domain/feature-config.js';
import { memory, throughput } from '../features/feature-bench.js';
import { loadPack } from '../decisions/pack.js';
import { machineFacts } from './bench-support.js';

export interface FeatureBenchOptions {
  entities: number;
  events: number;
  customers: number;
}

export async function runFeatureBench(opts: FeatureBenchOptions): Promise<Record<string, unknown>> {
  const parsed = parseFeatureConfig(loadPack().featuresText);
  if (!parsed.ok) throw new Error(`features.yaml: ${JSON.stringify(parsed.problems)}`);
  const mem = memory(parsed.specs, opts.entities);
  const speed = throughput(parsed.specs, opts.events, opts.customers);
  return { bench: 'features', pack: 'default', features: parsed.specs.length, memory: mem, throughput: speed, ...machineFacts() };
}
