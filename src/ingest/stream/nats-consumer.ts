/**
 * Ingestion from a NATS JetStream stream (the scale-out path): a durable pull consumer fetches
 * batches, the ingestion service stores them, and each message is acknowledged only after its
 * record is durable — at-least-once delivery made exactly-once by idempotency on the event id.
 * A message that is not JSON is acknowledged and counted as rejected; a store failure is
 * negatively acknowledged so the message comes back.
 */
import { AckPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { FieldProblem } from '../../shared/errors.js';
import { problem } from '../domain/field-problems.js';
import type { IngestService } from '../ingest-service.js';

export interface NatsIngestOptions {
  servers: string;
  stream: string;
  subjects: string[];
  durable: string;
  batch: number;
  /** How long one fetch waits for messages, ms. */
  expiresMs: number;
}

export const DEFAULT_NATS_OPTIONS: NatsIngestOptions = {
  servers: '127.0.0.1:4222',
  stream: 'FENGKONG_EVENTS',
  subjects: ['fengkong.events.>'],
  durable: 'fengkong-ingest',
  batch: 1_000,
  expiresMs: 1_000,
};

export interface ConsumerStats {
  messages: number;
  stored: number;
  duplicate: number;
  rejected: number;
  redelivered: number;
}

/** Creates the stream and the durable consumer when absent (idempotent). */
export async function ensureStream(nc: NatsConnection, opts: NatsIngestOptions): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(opts.stream);
  } catch {
    await jsm.streams.add({ name: opts.stream, subjects: opts.subjects });
  }
  try {
    await jsm.consumers.info(opts.stream, opts.durable);
  } catch {
    await jsm.consumers.add(opts.stream, { durable_name: opts.durable, ack_policy: AckPolicy.Explicit, max_ack_pending: opts.batch * 4 });
  }
}

export class NatsIngestConsumer {
  private stopping = false;
  private running: Promise<void> | null = null;
  readonly stats: ConsumerStats = { messages: 0, stored: 0, duplicate: 0, rejected: 0, redelivered: 0 };

  constructor(
    private readonly nc: NatsConnection,
    private readonly ingest: IngestService,
    private readonly opts: NatsIngestOptions,
  ) {}

  static async connect(ingest: IngestService, opts: NatsIngestOptions): Promise<NatsIngestConsumer> {
    const nc = await connect({ servers: opts.servers });
    await ensureStream(nc, opts);
    return new NatsIngestConsumer(nc, ingest, opts);
  }

  /** Fetches and stores batches until close(); resolves when the loop has ended. */
  run(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  private async loop(): Promise<void> {
    const js = jetstream(this.nc);
    const consumer = await js.consumers.get(this.opts.stream, this.opts.durable);
    while (!this.stopping) {
      const msgs: JsMsg[] = [];
      const iter = await consumer.fetch({ max_messages: this.opts.batch, expires: this.opts.expiresMs });
      for await (const m of iter) msgs.push(m);
      if (msgs.length > 0) await this.handle(msgs);
    }
  }

  /** Stores one fetched batch and acknowledges what is durable. */
  async handle(msgs: JsMsg[]): Promise<void> {
    const values: unknown[] = [];
    const readable: JsMsg[] = [];
    const unreadable: FieldProblem[] = [];
    for (const m of msgs) {
      this.stats.messages++;
      if (m.redelivered) this.stats.redelivered++;
      try {
        values.push(m.json());
        readable.push(m);
      } catch {
        unreadable.push(problem('', 'invalid_json'));
      }
    }
    const ctx = { source: `stream:${this.opts.stream}` };
    try {
      if (unreadable.length > 0) await this.ingest.reportUnreadable(unreadable, ctx);
      const results = values.length > 0 ? await this.ingest.ingest(values, ctx) : [];
      for (const r of results) this.stats[r.status === 'updated' ? 'stored' : r.status]++;
      this.stats.rejected += unreadable.length;
    } catch {
      // Not stored: hand everything back for redelivery after a pause.
      for (const m of msgs) m.nak(2_000);
      return;
    }
    for (const m of msgs) m.ack();
  }

  /** Finishes the batch in hand (stored and acknowledged), then disconnects. */
  async close(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => {});
    await this.nc.drain();
  }
}
