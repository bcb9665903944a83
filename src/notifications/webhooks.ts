/**
 * Signed webhooks: subscriptions per event type, an outbox written in the transaction of what it
 * announces (a rolled-back change announces nothing; a committed one is never lost), delivery after
 * commit with retries and backoff, and a dead-letter list an admin can replay. At-least-once: a
 * receiver dedupes on the delivery id (`X-Fengkong-Delivery`).
 */
import { randomBytes } from 'node:crypto';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { PiiVault } from '../pii/pii-vault.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError, type FieldProblem } from '../shared/errors.js';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import { MAX_ATTEMPTS, retryDelayMs } from './domain/backoff.js';
import { SIGNATURE_HEADER, signatureHeader } from './domain/webhook-signature.js';

export const WEBHOOK_EVENTS = ['alert.created', 'case.sla_breached', 'case.closed', 'complaint.escalated'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What domain code needs: announce an event inside its own transaction. */
export interface Notifier {
  emit(tx: SqlExecutor, type: WebhookEvent, payload: Record<string, unknown>): Promise<void>;
}

export interface Subscription {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdBy: string;
  createdAt: string;
}

interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  attempts: number;
  url: string;
  secret: string;
  created_at: Date;
}

// A delivery being sent is leased for this long: a process that dies mid-send leaves it to others.
const LEASE_MS = 60_000;
const TIMEOUT_MS = 5_000;

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export class Webhooks implements Notifier {
  private subscribers: Promise<Array<{ id: string; events: string[] }>> | null = null;

  constructor(
    private readonly db: SqlClient,
    private readonly vault: PiiVault,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly send: typeof fetch = fetch,
  ) {}

  async subscribe(input: { url?: unknown; events?: unknown }, actor: AuditActor): Promise<Subscription & { secret: string }> {
    const problems: FieldProblem[] = [];
    let url: URL | null = null;
    try {
      url = new URL(String(input.url));
      if (url.protocol !== 'https:' && url.protocol !== 'http:') url = null;
    } catch {
      url = null;
    }
    if (!url || url.username || url.password) problems.push({ field: 'url', reason: 'value', message: { zh: '应为不含账号密码的 http(s) 地址', en: 'an http(s) URL without credentials' } });
    const events = Array.isArray(input.events) ? [...new Set(input.events)] : [];
    if (events.length === 0 || !events.every((e) => (WEBHOOK_EVENTS as readonly unknown[]).includes(e))) {
      problems.push({ field: 'events', reason: 'value', message: { zh: `至少一个:${WEBHOOK_EVENTS.join(', ')}`, en: `one or more of: ${WEBHOOK_EVENTS.join(', ')}` } });
    }
    if (problems.length) throw new FengkongError('REQUEST_INVALID', { details: problems });
    const id = `wh_${randomBytes(8).toString('hex')}`;
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const at = new Date(this.clock.now()).toISOString();
    await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO webhook_subscriptions (id, url, secret, events, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [id, url!.toString(), this.vault.encrypt(secret), events, actor.id, at]);
      await this.audit.append(tx, actor, { action: 'webhook.subscribe', target: { kind: 'webhook', id }, detail: { url: url!.origin + url!.pathname, events } });
    });
    this.subscribers = null;
    return { id, url: url!.toString(), events: events as string[], active: true, createdBy: actor.id, createdAt: at, secret };
  }

  async list(): Promise<Subscription[]> {
    const r = await this.db.query<{ id: string; url: string; events: string[]; active: boolean; created_by: string; created_at: Date }>('SELECT id, url, events, active, created_by, created_at FROM webhook_subscriptions ORDER BY created_at, id');
    return r.rows.map((x) => ({ id: x.id, url: x.url, events: x.events, active: x.active, createdBy: x.created_by, createdAt: iso(x.created_at)! }));
  }

  async deactivate(id: string, actor: AuditActor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const r = await tx.query('UPDATE webhook_subscriptions SET active = false WHERE id = $1', [id]);
      if (r.rowCount === 0) throw new FengkongError('NOT_FOUND');
      await this.audit.append(tx, actor, { action: 'webhook.deactivate', target: { kind: 'webhook', id } });
    });
    this.subscribers = null;
  }

  async emit(tx: SqlExecutor, type: WebhookEvent, payload: Record<string, unknown>): Promise<void> {
    // Subscriptions change rarely: read once, refreshed when this process changes them. Another
    // process's new subscription is seen within a minute.
    // Read through the caller's transaction: the embedded store has one connection, which that
    // transaction holds until it commits.
    this.subscribers ??= this.loadSubscribers(tx);
    const subs = (await this.subscribers).filter((s) => s.events.includes(type));
    if (subs.length === 0) return;
    const at = new Date(this.clock.now()).toISOString();
    const rows = subs.map((s) => ({ id: `dl_${randomBytes(10).toString('hex')}`, subscription_id: s.id, event_type: type, payload: { type, at, data: payload }, created_at: at }));
    await tx.query(
      `INSERT INTO webhook_deliveries (id, subscription_id, event_type, payload, status, next_attempt_at, created_at)
       SELECT id, subscription_id, event_type, payload, 'pending', created_at, created_at FROM jsonb_to_recordset($1::jsonb) AS r(id text, subscription_id text, event_type text, payload jsonb, created_at timestamptz)`,
      [JSON.stringify(rows)],
    );
  }

  private async loadSubscribers(tx: SqlExecutor): Promise<Array<{ id: string; events: string[] }>> {
    try {
      const r = await tx.query<{ id: string; events: string[] }>('SELECT id, events FROM webhook_subscriptions WHERE active');
      setTimeout(() => (this.subscribers = null), 60_000).unref();
      return r.rows;
    } catch (err) {
      this.subscribers = null;
      throw err;
    }
  }

  /** Sends every delivery now due (leased first, so several processes never send one twice at once). */
  async deliverDue(limit = 100): Promise<{ delivered: number; failed: number; dead: number }> {
    const now = this.clock.now();
    const due = await this.db.transaction(async (tx) => {
      const r = await tx.query<DeliveryRow>(
        `SELECT d.id, d.subscription_id, d.event_type, d.payload, d.attempts, d.created_at, s.url, s.secret
           FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1 ORDER BY d.next_attempt_at LIMIT ${Math.max(1, limit)} FOR UPDATE OF d SKIP LOCKED`,
        [new Date(now).toISOString()],
      );
      if (r.rows.length) await tx.query('UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = ANY($1::text[])', [r.rows.map((d) => d.id), new Date(now + LEASE_MS).toISOString()]);
      return r.rows;
    });
    const tally = { delivered: 0, failed: 0, dead: 0 };
    await Promise.all(
      due.map(async (d) => {
        const outcome = await this.attempt(d);
        const attempts = d.attempts + 1;
        const at = this.clock.now();
        if (outcome.ok) {
          tally.delivered++;
          await this.db.query("UPDATE webhook_deliveries SET status = 'delivered', attempts = $2, last_status = $3, last_error = NULL, delivered_at = $4 WHERE id = $1", [d.id, attempts, outcome.status, new Date(at).toISOString()]);
        } else {
          const dead = attempts >= MAX_ATTEMPTS;
          tally[dead ? 'dead' : 'failed']++;
          await this.db.query('UPDATE webhook_deliveries SET status = $2, attempts = $3, last_status = $4, last_error = $5, next_attempt_at = $6 WHERE id = $1', [
            d.id,
            dead ? 'dead' : 'pending',
            attempts,
            outcome.status,
            outcome.error,
            new Date(at + retryDelayMs(attempts)).toISOString(),
          ]);
        }
      }),
    );
    return tally;
  }

  private async attempt(d: DeliveryRow): Promise<{ ok: boolean; status: number | null; error: string | null }> {
    const body = JSON.stringify({ id: d.id, ...d.payload });
    try {
      const res = await this.send(d.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'fengkong-webhooks',
          'x-fengkong-event': d.event_type,
          'x-fengkong-delivery': d.id,
          [SIGNATURE_HEADER]: signatureHeader(String(this.vault.decrypt(d.secret)), body, this.clock.now()),
        },
        body,
      });
      await res.arrayBuffer().catch(() => undefined);
      return { ok: res.status >= 200 && res.status < 300, status: res.status, error: res.status >= 300 ? `HTTP ${res.status}` : null };
    } catch (err) {
      return { ok: false, status: null, error: ((err as Error).name === 'TimeoutError' ? 'timeout' : (err as Error).message).slice(0, 200) };
    }
  }

  async deadLetters(limit = 100): Promise<Array<Record<string, unknown>>> {
    const r = await this.db.query<{ id: string; subscription_id: string; event_type: string; attempts: number; last_status: number | null; last_error: string | null; created_at: Date }>(
      `SELECT id, subscription_id, event_type, attempts, last_status, last_error, created_at FROM webhook_deliveries WHERE status = 'dead' ORDER BY created_at DESC LIMIT ${Math.min(Math.max(limit, 1), 1000)}`,
    );
    return r.rows.map((x) => ({ id: x.id, subscriptionId: x.subscription_id, event: x.event_type, attempts: Number(x.attempts), lastStatus: x.last_status, lastError: x.last_error, createdAt: iso(x.created_at) }));
  }

  /** Puts a dead delivery back in line, its attempts reset. */
  async replay(id: string, actor: AuditActor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const r = await tx.query("UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $2 WHERE id = $1 AND status = 'dead'", [id, new Date(this.clock.now()).toISOString()]);
      if (r.rowCount === 0) throw new FengkongError('NOT_FOUND');
      await this.audit.append(tx, actor, { action: 'webhook.replay', target: { kind: 'webhook_delivery', id } });
    });
  }
}
