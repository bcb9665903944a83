/** Prometheus metrics of the platform itself: requests, latency, records by outcome, queue depth. */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { IngestObserver } from '../ingest/ingest-service.js';

export class PlatformMetrics implements IngestObserver {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly records: Counter<'type' | 'status'>;
  private readonly piiOldKeys: Gauge;

  constructor(queueDepth: () => number) {
    collectDefaultMetrics({ register: this.registry, prefix: 'fengkong_' });
    this.httpDuration = new Histogram({
      name: 'fengkong_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.records = new Counter({
      name: 'fengkong_ingest_records_total',
      help: 'Records ingested by type and outcome (stored, updated, duplicate, rejected)',
      labelNames: ['type', 'status'],
      registers: [this.registry],
    });
    this.piiOldKeys = new Gauge({
      name: 'fengkong_pii_values_under_old_keys',
      help: 'Sealed personal-data values still under a data key that is no longer active (key rotation progress), as of the last re-encryption pass',
      registers: [this.registry],
    });
    new Gauge({
      name: 'fengkong_ingest_queue_depth',
      help: 'Records waiting for the store',
      registers: [this.registry],
      collect() {
        this.set(queueDepth());
      },
    });
  }

  /** Answered decisions not yet committed (the embedded store's journal), from the engine once open. */
  watchDecisionBacklog(backlog: () => number): void {
    new Gauge({
      name: 'fengkong_decision_journal_backlog',
      help: 'Decisions answered and journaled, not yet committed to the store',
      registers: [this.registry],
      collect() {
        this.set(backlog());
      },
    });
  }

  /** Active model versions the registry could not load (bad artifact or hash): they score nothing. */
  watchModelLoadFailures(failures: () => number): void {
    new Gauge({
      name: 'fengkong_models_failed_to_load',
      help: 'Active model versions whose artifact failed to load or to match its hash at the last refresh',
      registers: [this.registry],
      collect() {
        this.set(failures());
      },
    });
  }

  /** Set after each re-encryption pass of a key rotation. */
  piiValuesUnderOldKeys(n: number): void {
    this.piiOldKeys.set(n);
  }

  recorded(type: string, status: string, n: number): void {
    this.records.inc({ type, status }, n);
  }
}
