/**
 * Reading complaints: filtered lists newest first with keyset paging (a cursor, never OFFSET),
 * one complaint with its timeline, and statistics over a time range. What the customer and the
 * handlers wrote is shown masked here; the clear text is an audited read (complaint-text.ts).
 */
import { mask } from '../pii/domain/mask.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError } from '../shared/errors.js';
import { decodeCursor, encodeCursor } from '../shared/keyset-cursor.js';
import type { SqlClient } from '../store/sql-client.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, FEEDBACK_OUTCOMES } from './domain/complaint-catalogue.js';
import { standing } from './domain/complaint-deadlines.js';
import { type ComplaintStatistics, ComplaintStatsBuilder } from './domain/complaint-stats.js';

export interface ComplaintFilter {
  category?: string;
  status?: string;
  channel?: string;
  assignee?: string;
  customerId?: string;
  /** Only complaints that missed a deadline (true) or missed none so far (false). */
  breached?: boolean;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

const DAY_MS = 86_400_000;
const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
const ms = (d: Date | null): number | null => (d ? new Date(d).getTime() : null);

function instant(field: string, v: string): number {
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new FengkongError('REQUEST_INVALID', { details: [{ field, reason: 'format', message: { zh: '应为 ISO 8601 时间', en: 'an ISO 8601 time' } }] });
  return t;
}

export class ComplaintQueries {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
  ) {}

  async list(f: ComplaintFilter): Promise<{ complaints: Record<string, unknown>[]; next: string | null }> {
    const parts: string[] = [];
    const params: unknown[] = [];
    // Each `?` takes the next value.
    const add = (sql: string, ...values: unknown[]) => {
      let i = 0;
      parts.push(sql.replace(/\?/g, () => `$${params.push(values[i++])}`));
    };
    if (f.category) add('category = ?', f.category);
    if (f.status) add('status = ?', f.status);
    if (f.channel) add('channel = ?', f.channel);
    if (f.assignee) add('assignee = ?', f.assignee);
    if (f.customerId) add('customer_id = ?', f.customerId);
    if (f.breached === true) add('(response_breached_at IS NOT NULL OR feedback_breached_at IS NOT NULL)');
    if (f.breached === false) add('response_breached_at IS NULL AND feedback_breached_at IS NULL');
    if (f.from) add('received_at >= ?::timestamptz', f.from);
    if (f.to) add('received_at < ?::timestamptz', f.to);
    if (f.cursor) {
      const [at, id] = decodeCursor(f.cursor);
      add('(received_at, id) < (?::timestamptz, ?)', at, id);
    }
    const limit = Math.min(Math.max(f.limit ?? 50, 1), 500);
    const where = parts.length ? `WHERE ${parts.join(' AND ')}` : '';
    const r = await this.db.query<Record<string, unknown> & { id: string; received_at: Date }>(`SELECT ${LIST_COLUMNS} FROM complaints ${where} ORDER BY received_at DESC, id DESC LIMIT ${limit + 1}`, params);
    const rows = r.rows.slice(0, limit);
    const now = this.clock.now();
    const last = rows[rows.length - 1];
    return { complaints: rows.map((row) => complaintView(row, now)), next: r.rows.length > limit && last ? encodeCursor(last.received_at, last.id) : null };
  }

  /** One complaint with its whole timeline; its texts masked. */
  async complaint(id: string): Promise<Record<string, unknown> | null> {
    const r = await this.db.query<Record<string, unknown>>(`SELECT ${LIST_COLUMNS}, description IS NOT NULL AS has_description, response_text IS NOT NULL AS has_response, feedback_text IS NOT NULL AS has_feedback FROM complaints WHERE id = $1`, [id]);
    const row = r.rows[0];
    if (!row) return null;
    const events = await this.db.query<{ seq: number; at: Date; actor: string; kind: string; detail: Record<string, unknown> }>('SELECT seq, at, actor, kind, detail FROM complaint_events WHERE complaint_id = $1 ORDER BY seq', [id]);
    const masked = (present: unknown) => (present ? mask('text', '') : null);
    return {
      ...complaintView(row, this.clock.now()),
      text: { description: masked(row.has_description), response: masked(row.has_response), feedback: masked(row.has_feedback) },
      timeline: events.rows.map((e) => ({ seq: Number(e.seq), at: iso(e.at), actor: e.actor, kind: e.kind, detail: e.detail })),
    };
  }

  /** Statistics of the complaints received in [from, to) (default: the 30 days up to now). */
  async stats(range: { from?: string; to?: string } = {}): Promise<ComplaintStatistics & { from: string; to: string }> {
    const now = this.clock.now();
    const to = range.to ? instant('to', range.to) : now;
    const from = range.from ? instant('from', range.from) : to - 30 * DAY_MS;
    if (from >= to) throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'from', reason: 'range', message: { zh: '开始时间应早于结束时间', en: 'must be before to' } }] });
    const stats = new ComplaintStatsBuilder(now);
    // Page through in receipt order: one pass whatever the range, memory bounded by the page.
    let after: [string, string] = [new Date(from).toISOString(), ''];
    for (;;) {
      const r = await this.db.query<StatsDbRow>(
        `SELECT id, category, status, channel, outcome, received_at, response_due_at, first_response_at, feedback_due_at, feedback_at,
                (response_breached_at IS NOT NULL OR feedback_breached_at IS NOT NULL) AS escalated
           FROM complaints WHERE received_at >= $1 AND received_at < $2 AND (received_at, id) > ($3::timestamptz, $4)
          ORDER BY received_at, id LIMIT 5000`,
        [new Date(from).toISOString(), new Date(to).toISOString(), after[0], after[1]],
      );
      for (const row of r.rows) {
        stats.add({
          category: row.category,
          status: row.status,
          channel: row.channel,
          outcome: row.outcome,
          receivedAt: ms(row.received_at)!,
          responseDueAt: ms(row.response_due_at)!,
          firstResponseAt: ms(row.first_response_at),
          feedbackDueAt: ms(row.feedback_due_at)!,
          feedbackAt: ms(row.feedback_at),
          escalated: row.escalated,
        });
      }
      const last = r.rows[r.rows.length - 1];
      if (!last || r.rows.length < 5000) break;
      after = [new Date(last.received_at).toISOString(), last.id];
    }
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), ...stats.result() };
  }
}

interface StatsDbRow {
  id: string;
  category: string;
  status: string;
  channel: string;
  outcome: string | null;
  received_at: Date;
  response_due_at: Date;
  first_response_at: Date | null;
  feedback_due_at: Date;
  feedback_at: Date | null;
  escalated: boolean;
}

// Never the sealed text columns: a list has no business with them, masked or not.
const LIST_COLUMNS = `id, reference, category, channel, status, customer_id, event_id, assignee, outcome, received_at, created_at, created_by,
  response_due_at, feedback_due_at, first_response_at, feedback_at, closed_at, response_breached_at, feedback_breached_at, updated_at`;

function complaintView(r: Record<string, unknown>, now: number): Record<string, unknown> {
  const label = <T extends Record<string, { zh: string; en: string }>>(table: T, id: unknown) => (typeof id === 'string' && Object.hasOwn(table, id) ? table[id as keyof T] : null);
  const responseBreachedAt = iso(r.response_breached_at as Date | null);
  const feedbackBreachedAt = iso(r.feedback_breached_at as Date | null);
  return {
    id: r.id,
    reference: r.reference,
    category: r.category,
    categoryLabel: label(COMPLAINT_CATEGORIES, r.category),
    channel: r.channel,
    channelLabel: label(COMPLAINT_CHANNELS, r.channel),
    status: r.status,
    customerId: r.customer_id,
    eventId: r.event_id,
    assignee: r.assignee,
    outcome: r.outcome,
    outcomeLabel: label(FEEDBACK_OUTCOMES, r.outcome),
    receivedAt: iso(r.received_at as Date),
    createdAt: iso(r.created_at as Date),
    createdBy: r.created_by,
    updatedAt: iso(r.updated_at as Date),
    response: { dueAt: iso(r.response_due_at as Date), at: iso(r.first_response_at as Date | null), standing: standing(ms(r.first_response_at as Date | null), ms(r.response_due_at as Date)!, now), breachedAt: responseBreachedAt },
    feedback: { dueAt: iso(r.feedback_due_at as Date), at: iso(r.feedback_at as Date | null), standing: standing(ms(r.feedback_at as Date | null), ms(r.feedback_due_at as Date)!, now), breachedAt: feedbackBreachedAt },
    escalated: responseBreachedAt !== null || feedbackBreachedAt !== null,
    closedAt: iso(r.closed_at as Date | null),
  };
}
