/**
 * `fengkong bench ingest`: imports generated demo events (JSON Lines, all event types, personal
 * data included) into a fresh store through the real import path — parse, validate, normalise,
 * encrypt, group-commit with data-quality counting — and reports events per second.
 */
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { join } from 'node:path';
import { resolveConfig } from '../app/config.js';
import { openPlatform } from '../app/platform.js';
import { writeDemo } from '../demo/write-demo.js';
import { importFile } from '../ingest/file-import.js';
import { newKeyFileText } from '../pii/keyring.js';
import { openPostgres } from '../store/postgres-client.js';
import { tempDirFor } from './temp.js';
import { machineFacts, rssMb } from './bench-support.js';

export interface IngestBenchOptions {
  events: number;
  databaseUrl?: string;
  seed: number;
}

/** Writes the first `n` lines of the demo's events file: a realistic mix of event types. */
async function prepareEvents(n: number, seed: number, dir: string): Promise<string> {
  // About 2 events per customer per day are generated; ask for enough customers to cover n.
  const days = 30;
  const customers = Math.max(200, Math.ceil(n / (days * 1.5)));
  const demoDir = join(dir, 'demo');
  await writeDemo({ customers, days, seed }, demoDir);
  const out = join(dir, 'events.jsonl');
  const w = createWriteStream(out);
  const rl = createInterface({ input: createReadStream(join(demoDir, 'events.jsonl')), crlfDelay: Infinity });
  let written = 0;
  for await (const line of rl) {
    if (written >= n) break;
    if (!w.write(`${line}\n`)) await once(w, 'drain');
    written++;
  }
  rl.close();
  await new Promise<void>((resolve) => w.end(resolve));
  rmSync(demoDir, { recursive: true, force: true });
  return out;
}

export async function runIngestBench(opts: IngestBenchOptions): Promise<Record<string, unknown>> {
  const dir = tempDirFor('bench-ingest');
  const schema = `bench_${process.pid}_${Date.now().toString(36)}`;
  try {
    const file = await prepareEvents(opts.events, opts.seed, dir);
    const env: NodeJS.ProcessEnv = { FENGKONG_PII_KEYS: newKeyFileText(), ...(opts.databaseUrl ? { FENGKONG_DB_SCHEMA: schema } : {}) };
    const config = resolveConfig({ dataDir: join(dir, 'store'), ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}), demo: false }, env);
    const platform = await openPlatform(config, { env });
    let summary;
    try {
      summary = await importFile(platform.ingest, file, { errorReport: null, chunkSize: 2_000, inFlight: 4 });
    } finally {
      await platform.close();
    }
    return {
      bench: 'ingest',
      store: opts.databaseUrl ? 'postgres' : 'embedded',
      events: summary.lines,
      stored: summary.stored,
      rejected: summary.rejected,
      seconds: Math.round(summary.seconds * 1000) / 1000,
      eventsPerSecond: Math.round(summary.lines / summary.seconds),
      rssMb: rssMb(),
      ...machineFacts(),
    };
  } finally {
    if (opts.databaseUrl) {
      const admin = await openPostgres({ connectionString: opts.databaseUrl });
      await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.close());
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
