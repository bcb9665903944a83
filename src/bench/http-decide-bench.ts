/**
 * `fengkong bench decide --http`: the real server (`fengkong serve`, a child process on a fresh
 * embedded store, so every decision is durably recorded before it is answered) driven over
 * loopback. With `--rate R` requests are offered open-loop at R per second for `--duration`
 * seconds and latency counts from the scheduled send time (no coordinated omission); with
 * `--rate 0` a fixed number of connections send as fast as answers come back (saturation).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { demoRecords } from '../demo/demo-records.js';
import { DEFAULT_START } from '../demo/world.js';
import { decisionPointOf } from '../decisions/domain/decision-points.js';
import { newKeyFileText } from '../pii/keyring.js';
import { machineFacts } from './bench-support.js';
import { tempDirFor } from './temp.js';
import { freePort } from '../shared/free-port.js';

export interface HttpDecideBenchOptions {
  rate: number;
  durationS: number;
  /** Seconds of the same load before measuring (JIT, WASM tier-up, caches), not counted. */
  warmupS: number;
  connections: number;
  customers: number;
  seed: number;
}

const BIN = fileURLToPath(new URL('../../bin/fengkong.js', import.meta.url));

async function waitHealthy(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server not ready within 30 s');
}

function serverRssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : -1;
}

/** Pre-serialised decision requests from a generated population, in time order. */
function bodies(customers: number, seed: number, max: number): Buffer[] {
  const out: Buffer[] = [];
  // Enough days of activity for `max` decisions (a customer makes about 1.5 a day).
  const days = Math.max(3, Math.ceil(max / (customers * 1.5)));
  // Started early enough that the last day is past: the API refuses events from the future.
  const latest = Date.now() - (days + 1) * 86_400_000;
  const start = new Date(Math.min(Date.parse(`${DEFAULT_START}T00:00:00Z`), latest)).toISOString().slice(0, 10);
  for (const { file, record } of demoRecords({ customers, days, seed, start })) {
    if (file === 'events' && decisionPointOf(String(record.type))) out.push(Buffer.from(JSON.stringify(record)));
    if (out.length >= max) break;
  }
  return out;
}

export async function runHttpDecideBench(opts: HttpDecideBenchOptions): Promise<Record<string, unknown>> {
  // Saturation: room for 12,000 decisions a second, so the run lasts its whole duration.
  const expected = Math.ceil((opts.rate > 0 ? opts.rate : 12_000) * (opts.durationS + opts.warmupS));
  const payloads = bodies(opts.customers, opts.seed, expected);
  const dir = tempDirFor('bench-http');
  const port = await freePort();
  // FENGKONG_BENCH_NODE_ARGS passes Node flags to the server (e.g. --cpu-prof to profile it).
  const nodeArgs = (process.env['FENGKONG_BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const env = { ...process.env, FENGKONG_LOG_LEVEL: 'warn', FENGKONG_PII_KEYS: newKeyFileText() };
  // The decision API needs a key, made the way an operator makes one: on the store before start.
  const made = spawnSync(process.execPath, [BIN, 'apikey', 'create', '--scope', 'decisions', '--rate', '1000000', '--data-dir', join(dir, 'data'), '--json'], { env, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`apikey create failed: ${made.stderr}`);
  const apiKey = (JSON.parse(made.stdout) as { key: string }).key;
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'serve', '--port', String(port), '--data-dir', join(dir, 'data'), '--no-demo'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  // What the server reports per decision (timings.totalMs): its own share of each latency.
  const serverMs: number[] = [];
  const outcomes: Record<string, number> = {};
  let errors = 0;
  // Why requests failed: HTTP status or error code, with the first error body of each kind.
  const errorKinds: Record<string, { count: number; example: string }> = {};
  const noteError = (kind: string, example: string) => {
    errors++;
    const k = (errorKinds[kind] ??= { count: 0, example: example.slice(0, 300) });
    k.count++;
  };
  let next = 0;
  let measureFrom = Infinity;
  try {
    await waitHealthy(port, child);
    const send = (body: Buffer, scheduledAt: number) =>
      new Promise<void>((resolve) => {
        const req = request({ host: '127.0.0.1', port, path: '/v1/decisions', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-api-key': apiKey } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (scheduledAt < measureFrom) return resolve(); // warm-up
            latencies.push(performance.now() - scheduledAt);
            if (res.statusCode === 200) {
              const { outcome, timings } = JSON.parse(Buffer.concat(chunks).toString()) as { outcome: string; timings: { totalMs: number } };
              serverMs.push(timings.totalMs);
              outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
            } else noteError(String(res.statusCode), Buffer.concat(chunks).toString());
            resolve();
          });
        });
        req.on('error', (e: NodeJS.ErrnoException) => {
          if (scheduledAt >= measureFrom) noteError(e.code ?? 'error', e.message);
          resolve();
        });
        req.end(body);
      });

    const started = performance.now();
    measureFrom = started + opts.warmupS * 1000;
    // The load generator's own stalls land in the latencies too: measured, to tell them apart.
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    setTimeout(() => loopDelay.enable(), opts.warmupS * 1000).unref();
    const endAt = measureFrom + opts.durationS * 1000;
    const inFlight = new Set<Promise<void>>();
    if (opts.rate > 0) {
      // Open loop: each request has its scheduled time; a slow server does not slow the offer.
      const interval = 1000 / opts.rate;
      while (next < payloads.length) {
        const due = started + next * interval;
        if (due >= endAt) break;
        const wait = due - performance.now();
        // Sleep on a timer (1 ms resolution; what is sent late counts in its latency): spinning
        // through setImmediate burned a whole core on a 2-core machine, taken from the server.
        await new Promise((r) => setTimeout(r, Math.max(1, wait)));
        while (next < payloads.length && started + next * interval <= performance.now()) {
          const p = send(payloads[next]!, started + next * interval);
          next++;
          inFlight.add(p);
          void p.finally(() => inFlight.delete(p));
        }
      }
    } else {
      const worker = async () => {
        while (performance.now() < endAt && next < payloads.length) await send(payloads[next++]!, performance.now());
      };
      await Promise.all(Array.from({ length: opts.connections }, worker));
    }
    await Promise.all(inFlight);
    loopDelay.disable();
    const seconds = (performance.now() - measureFrom) / 1000;
    const rss = serverRssMb(child.pid!);
    latencies.sort((a, b) => a - b);
    serverMs.sort((a, b) => a - b);
    const pctOf = (xs: number[], p: number) => Math.round((xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0) * 1000) / 1000;
    const pct = (p: number) => pctOf(latencies, p);
    return {
      bench: 'decide',
      mode: 'http',
      store: 'embedded',
      offeredRate: opts.rate || 'saturation',
      connections: opts.connections,
      durationS: Math.round(seconds * 10) / 10,
      warmupS: opts.warmupS,
      decisions: latencies.length - errors,
      errors,
      ...(errors > 0 ? { errorKinds } : {}),
      outcomes,
      decisionsPerSecond: Math.round((latencies.length - errors) / seconds),
      p50Ms: pct(50),
      p95Ms: pct(95),
      p99Ms: pct(99),
      maxMs: pct(100),
      serverP50Ms: pctOf(serverMs, 50),
      serverP99Ms: pctOf(serverMs, 99),
      clientLoopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e4) / 100,
      clientLoopDelayMaxMs: Math.round(loopDelay.max / 1e4) / 100,
      rssMb: rss,
      ...machineFacts(),
    };
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}
