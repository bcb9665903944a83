/**
 * The Redis feature store: state shared by every process that opens the same namespace. Each event
 * costs one EVALSHA of FEATURE_SCRIPT covering all its features (atomic per event); the answers are
 * finished here with the same domain arithmetic as the in-process store.
 */
import { createClient, type RedisClientType } from 'redis';
import { FengkongError } from '../shared/errors.js';
import { type FeaturePlan, type FeaturePlanSet, compileFeaturePlan, passesWhere, type SeriesPlan } from './domain/feature-plan.js';
import { checkedTime, numericValue, readPath, scalarIdentity } from './domain/event-fields.js';
import { DEFAULT_DISTINCT_CAP, type FeatureEvent, type FeatureSpec, type FeatureValues, RECENT_TIMESTAMPS } from './domain/feature-spec.js';
import { numericFeatureValue, recencyFeatureValue } from './domain/window-stats.js';
import type { FeatureStore } from './feature-store.js';
import { FEATURE_SCRIPT } from './redis-feature-script.js';

export interface RedisFeatureStoreOptions {
  /** e.g. redis://127.0.0.1:6379 */
  url: string;
  /** Prefix of every key, e.g. `fengkong:prod:`; tests use `fengkong:test:<random>:`. */
  namespace: string;
  /** Distinct values remembered per bucket of a `distinct` feature (default 256). */
  distinctCap?: number;
}

type Client = RedisClientType;

const EVALUATE = 1;
const RECORD = 2;
const BOTH = 3;

/**
 * Redis backend (node-redis 6, Redis ≥ 7.0).
 * @example
 * const store = await RedisFeatureStore.open(specs, { url: 'redis://127.0.0.1:6379', namespace: 'fengkong:prod:' });
 */
export class RedisFeatureStore implements FeatureStore {
  private sha: string;

  private constructor(
    private readonly client: Client,
    private readonly plan: FeaturePlanSet,
    private readonly namespace: string,
    private readonly distinctCap: number,
    sha: string,
  ) {
    this.sha = sha;
  }

  /** Connects (failing at once when Redis is unreachable) and loads the script. */
  static async open(specs: readonly FeatureSpec[], options: RedisFeatureStoreOptions): Promise<RedisFeatureStore> {
    let connected = false;
    const client = createClient({
      url: options.url,
      socket: {
        connectTimeout: 5000,
        // Refuse to start against an unreachable Redis; once up, ride out short outages.
        reconnectStrategy: (retries, cause) => (connected ? Math.min(50 * 2 ** retries, 2000) : cause),
      },
    });
    client.on('error', () => {}); // surfaced by the failing command; the event must not crash the process
    try {
      await client.connect();
      connected = true;
      const sha = await client.scriptLoad(FEATURE_SCRIPT);
      const cap = Math.max(1, Math.floor(options.distinctCap ?? DEFAULT_DISTINCT_CAP));
      return new RedisFeatureStore(client, compileFeaturePlan(specs), options.namespace, cap, sha);
    } catch (cause) {
      client.destroy();
      throw new FengkongError('STORE_UNAVAILABLE', { cause, note: 'redis feature store' });
    }
  }

  async evaluate(event: FeatureEvent, read?: readonly string[]): Promise<FeatureValues> {
    return (await this.run(event, EVALUATE, read)) as FeatureValues;
  }

  async record(event: FeatureEvent): Promise<void> {
    await this.run(event, RECORD);
  }

  async evaluateAndRecord(event: FeatureEvent, read?: readonly string[]): Promise<FeatureValues> {
    return (await this.run(event, BOTH, read)) as FeatureValues;
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async run(event: FeatureEvent, mode: number, read?: readonly string[]): Promise<FeatureValues | null> {
    const tp = this.plan.forType(event.type, read);
    const t = checkedTime(event);
    const fields = event.fields;
    const keys: string[] = [];
    const args: string[] = [String(mode), String(t), String(this.distinctCap), String(RECENT_TIMESTAMPS)];
    const touched: SeriesPlan[] = [];
    const xs: Array<number | null> = [];
    const answered: FeaturePlan[][] = [];
    for (const { group, series, feeds: typeFeeds, reads, answers } of tp.groups) {
      const key = scalarIdentity(readPath(fields, group.keyPath));
      if (key === null) continue;
      for (let i = 0; i < series.length; i++) {
        const s = series[i]!;
        const feeds = mode !== EVALUATE && typeFeeds[i] === true && passesWhere(s, fields) ? '1' : '0';
        const answer = mode !== RECORD && reads[i] === true;
        if (feeds === '0' && !answer) continue;
        answered.push(answer ? answers[i]! : []);
        keys.push(`${this.namespace}${s.id}:${key}`);
        touched.push(s);
        // Expire once the newest bucket has left every window: N buckets plus the one being filled.
        const ttl = String(s.kind === 'recency' ? s.windowMs + s.bucketMs : (s.buckets + 1) * s.bucketMs);
        if (s.kind === 'window') {
          args.push('w', String(Math.floor(t / s.bucketMs)), String(s.buckets), ttl, feeds, String(s.fields.length));
          for (const f of s.fields) {
            const x = numericValue(readPath(fields, f.path));
            xs.push(x);
            args.push(f.pathText, x === null ? '' : String(x));
          }
        } else if (s.kind === 'distinct') {
          const v = scalarIdentity(readPath(fields, s.valuePath!));
          args.push('d', String(Math.floor(t / s.bucketMs)), String(s.buckets), ttl, feeds, v ?? '');
        } else {
          args.push('r', ttl, feeds);
        }
      }
    }
    const out: FeatureValues | null = mode === RECORD ? null : { ...tp.template };
    if (keys.length === 0) return out;
    const reply = await this.call(keys, args);
    if (out === null) return null;
    let x = 0;
    touched.forEach((s, i) => {
      const features = answered[i]!;
      if (features.length === 0) {
        if (s.kind === 'window') x += s.fields.length; // keep the own-value cursor in step
        return;
      }
      const r = String(reply[i] ?? '');
      if (s.kind === 'window') {
        const parts = r.split(';');
        const count = Number(parts[0]);
        const stats = s.fields.map((_, f) => (parts[f + 1] ?? '0,0,0,0,0').split(',').map(Number));
        const own = xs.slice(x, x + s.fields.length);
        x += s.fields.length;
        for (const f of features) {
          if (f.fieldIndex < 0) out[f.spec.name] = count;
          else {
            const [n = 0, sum = 0, m2 = 0, min = 0, max = 0] = stats[f.fieldIndex] ?? [];
            out[f.spec.name] = numericFeatureValue(f.spec.aggregate, n, sum, m2, min, max, own[f.fieldIndex] ?? null);
          }
        }
      } else if (s.kind === 'distinct') {
        for (const f of features) out[f.spec.name] = Number(r);
      } else {
        const [first, last] = r.split(',');
        for (const f of features) {
          out[f.spec.name] = recencyFeatureValue(
            f.spec.aggregate as 'since_last' | 'first_seen',
            t,
            s.windowMs,
            first ? Number(first) : null,
            last ? Number(last) : null,
          );
        }
      }
    });
    return out;
  }

  /** EVALSHA, loading the script again if Redis lost it (restart, SCRIPT FLUSH). */
  private async call(keys: string[], args: string[]): Promise<unknown[]> {
    try {
      return (await this.client.evalSha(this.sha, { keys, arguments: args })) as unknown[];
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) {
        throw new FengkongError('STORE_UNAVAILABLE', { cause: err, note: 'redis feature script' });
      }
      this.sha = await this.client.scriptLoad(FEATURE_SCRIPT);
      return (await this.client.evalSha(this.sha, { keys, arguments: args })) as unknown[];
    }
  }
}
