/** `fengkong bench …`: benchmarks that print one JSON object each (targets live here, not in tests). */
import { runIngestBench } from '../../bench/ingest-bench.js';
import type { Command } from '../command.js';
import { parseFlags, positiveInt, runCommand, UsageError } from '../cli-support.js';

export const command: Command = {
  name: 'bench',
  summary: { zh: '性能基准测试', en: 'Benchmarks (JSON output)' },
  usage: `fengkong bench ingest [--events 200000] [--database-url URL] [--seed 7] [--json]
fengkong bench decide [--customers 150000] [--days 2] [--seed 7] [--json]
fengkong bench decide --http [--rate 2000 | --rate 0 (saturation)] [--duration 60] [--warmup 5] [--connections 64] [--json]
fengkong bench features [--entities 1000000] [--events 1000000] [--customers 100000] [--json]
fengkong bench cases [--alerts 1000000] [--queries 100] --database-url URL [--json]
fengkong bench model [--rows 30000] [--variables 23] [--trees 200] [--seed 1] [--json]`,
  run: (argv) =>
    runCommand(async () => {
      const [which, ...rest] = argv;
      if (which === 'decide') {
        const { values } = parseFlags(rest, {
          customers: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, samples: { type: 'string' }, json: { type: 'boolean' },
          http: { type: 'boolean' }, rate: { type: 'string' }, duration: { type: 'string' }, warmup: { type: 'string' }, connections: { type: 'string' },
        });
        if (values.http) {
          const { runHttpDecideBench } = await import('../../bench/http-decide-bench.js');
          const result = await runHttpDecideBench({
            rate: positiveInt(values.rate, '--rate', 2_000),
            durationS: positiveInt(values.duration, '--duration', 60) || 60,
            warmupS: positiveInt(values.warmup, '--warmup', 5),
            connections: positiveInt(values.connections, '--connections', 64) || 64,
            customers: positiveInt(values.customers, '--customers', 50_000),
            seed: positiveInt(values.seed, '--seed', 7),
          });
          console.log(values.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
          return 0;
        }
        const { runDecideBench } = await import('../../bench/decide-bench.js');
        const result = await runDecideBench({
          customers: positiveInt(values.customers, '--customers', 150_000),
          days: positiveInt(values.days, '--days', 2),
          seed: positiveInt(values.seed, '--seed', 7),
          peerSamples: positiveInt(values.samples, '--samples', 20_000),
        });
        console.log(values.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
        return 0;
      }
      if (which === 'model') {
        const { values } = parseFlags(rest, { rows: { type: 'string' }, variables: { type: 'string' }, trees: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } });
        const { runModelBench } = await import('../../bench/model-bench.js');
        const result = runModelBench({
          rows: positiveInt(values.rows, '--rows', 30_000) || 30_000,
          variables: positiveInt(values.variables, '--variables', 23) || 23,
          trees: positiveInt(values.trees, '--trees', 200) || 200,
          seed: positiveInt(values.seed, '--seed', 1),
        });
        console.log(values.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
        return 0;
      }
      if (which === 'features') {
        const { values } = parseFlags(rest, { entities: { type: 'string' }, events: { type: 'string' }, customers: { type: 'string' }, json: { type: 'boolean' } });
        const { runFeatureBench } = await import('../../bench/feature-store-bench.js');
        const result = await runFeatureBench({
          entities: positiveInt(values.entities, '--entities', 1_000_000),
          events: positiveInt(values.events, '--events', 1_000_000),
          customers: positiveInt(values.customers, '--customers', 100_000),
        });
        console.log(values.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
        return 0;
      }
      if (which === 'cases') {
        const { values } = parseFlags(rest, { alerts: { type: 'string' }, queries: { type: 'string' }, 'database-url': { type: 'string' }, json: { type: 'boolean' } });
        const { runCasesBench } = await import('../../bench/cases-bench.js');
        const result = await runCasesBench({
          alerts: positiveInt(values.alerts, '--alerts', 1_000_000) || 1_000_000,
          queriesPerKind: positiveInt(values.queries, '--queries', 100) || 100,
          databaseUrl: values['database-url'] ?? process.env.DATABASE_URL,
        });
        console.log(values.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
        return 0;
      }
      if (which !== 'ingest') throw new UsageError('用法 / usage: fengkong bench ingest|decide|features|cases … --json');
      const { values } = parseFlags(rest, { events: { type: 'string' }, 'database-url': { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } });
      const result = await runIngestBench({
        events: positiveInt(values.events, '--events', 200_000),
        seed: positiveInt(values.seed, '--seed', 7),
        ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
      });
      console.log(values.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
      return 0;
    }),
};
