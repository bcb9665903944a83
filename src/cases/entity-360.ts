/**
 * Entity 360: for a customer, account, card, device, IP or counterparty — its KYC record (masked),
 * latest events, decisions with reasons, alerts and cases, and the graph of linked entities two
 * hops deep (shared devices, IPs, counterparties, accounts, cards, phones). Personal data stays
 * masked; shared phones and cards are found by their keyed hashes, never in clear.
 */
import type { EntityType } from '../ingest/domain/record-schemas.js';
import type { RecordQueries } from '../ingest/record-queries.js';
import type { SqlClient } from '../store/sql-client.js';
import type { CaseQueries } from './case-queries.js';
import { buildGraph, type LinkKind, type LinkRow } from './domain/link-graph.js';
import { type EntityLinkKind, LINK_COLUMNS } from '../ingest/entity-links.js';

export const CENTER_KINDS = ['customer', 'account', 'card', 'device', 'ip', 'counterparty'] as const;
export type CenterKind = (typeof CENTER_KINDS)[number];

const EVENT_COLUMN: Partial<Record<LinkKind, string>> = LINK_COLUMNS;
const LINK_KINDS = Object.keys(LINK_COLUMNS) as EntityLinkKind[];
const PER_KIND = 25;
const SECOND_HOP = 200;
const LATEST = 50;

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export class Entity360 {
  constructor(
    private readonly db: SqlClient,
    private readonly records: RecordQueries,
    private readonly cases: CaseQueries,
  ) {}

  async view(kind: CenterKind, id: string): Promise<Record<string, unknown>> {
    const profile = kind === 'ip' || kind === 'counterparty' ? null : await this.records.entity(kind as EntityType, id);
    const events = await this.latestEvents(kind, id);
    const eventIds = events.map((e) => e.id as string);
    const [decisions, alerts, cases, graph] = await Promise.all([this.decisions(kind, id, eventIds), this.alerts(kind, id, eventIds), this.casesOf(kind, id), this.graph(kind, id)]);
    return { entity: { kind, id }, profile, events, decisions, alerts, cases, graph };
  }

  private async latestEvents(kind: CenterKind, id: string): Promise<Array<Record<string, unknown>>> {
    const col = EVENT_COLUMN[kind as LinkKind];
    // A device, IP, counterparty or account: its events are found through the customers linked to it.
    const where =
      kind === 'customer'
        ? 'customer_id = $1'
        : kind === 'card'
          ? "data ->> 'cardId' = $1 AND customer_id = (SELECT customer_id FROM cards WHERE id = $1)"
          : `customer_id IN (SELECT customer_id FROM entity_links WHERE kind = $2 AND key = $1) AND ${col} = $1`;
    const r = await this.db.query<{ id: string; type: string; occurred_at: Date; amount: number | null; currency: string | null; customer_id: string | null; account_id: string | null; device_id: string | null; ip: string | null; counterparty_id: string | null }>(
      `SELECT id, type, occurred_at, amount, currency, customer_id, account_id, device_id, ip, counterparty_id FROM events WHERE ${where} ORDER BY occurred_at DESC LIMIT ${LATEST}`,
      col ? [id, kind] : [id],
    );
    return r.rows.map((e) => ({ id: e.id, type: e.type, occurredAt: iso(e.occurred_at), amount: e.amount === null ? null : Number(e.amount), currency: e.currency, customerId: e.customer_id, accountId: e.account_id, deviceId: e.device_id, ip: e.ip, counterpartyId: e.counterparty_id }));
  }

  private async decisions(kind: CenterKind, id: string, eventIds: string[]): Promise<Array<Record<string, unknown>>> {
    const r =
      kind === 'customer'
        ? await this.db.query<DecisionRow>(`SELECT event_id, decision_point, outcome, score, reasons, decided_at FROM decisions WHERE customer_id = $1 ORDER BY occurred_at DESC LIMIT ${LATEST}`, [id])
        : await this.db.query<DecisionRow>('SELECT event_id, decision_point, outcome, score, reasons, decided_at FROM decisions WHERE event_id = ANY($1::text[]) ORDER BY decided_at DESC', [eventIds]);
    return r.rows.map((d) => ({ eventId: d.event_id, decisionPoint: d.decision_point, outcome: d.outcome, score: Number(d.score), reasons: d.reasons, decidedAt: iso(d.decided_at) }));
  }

  private async alerts(kind: CenterKind, id: string, eventIds: string[]): Promise<Array<Record<string, unknown>>> {
    if (kind === 'customer') return (await this.cases.alerts({ customerId: id, limit: LATEST })).alerts;
    const r = await this.db.query<{ id: string; queue: string | null; severity: string; event_id: string; case_id: string | null; reasons: unknown; created_at: Date }>(
      "SELECT id, queue, severity, event_id, case_id, reasons, created_at FROM alerts WHERE source = 'decision' AND event_id = ANY($1::text[]) ORDER BY created_at DESC",
      [eventIds],
    );
    return r.rows.map((a) => ({ id: a.id, queue: a.queue ?? 'fraud', severity: a.severity, eventId: a.event_id, caseId: a.case_id, reasons: a.reasons, createdAt: iso(a.created_at) }));
  }

  private async casesOf(kind: CenterKind, id: string): Promise<Array<Record<string, unknown>>> {
    return (await this.cases.cases({ entityKind: kind, entityId: id, limit: 20 })).cases;
  }

  /** Links two hops deep: centre → what it uses or owns → who else uses or owns those. */
  async graph(kind: CenterKind, id: string): Promise<ReturnType<typeof buildGraph>> {
    const rows: LinkRow[] = [];
    const center = { kind: kind as LinkKind, id };
    if (kind === 'customer') {
      const mine = await this.linksOfCustomers([id], null);
      for (const l of mine) rows.push({ from: center, to: { kind: l.kind, id: l.key }, relation: 'used', weight: l.n, hop: 1 });
      const cards = await this.db.query<{ id: string }>(`SELECT id FROM cards WHERE customer_id = $1 LIMIT ${PER_KIND}`, [id]);
      for (const c of cards.rows) rows.push({ from: center, to: { kind: 'card', id: c.id }, relation: 'owns', weight: 1, hop: 1 });
      const phones = await this.db.query<{ id: string }>(
        `SELECT o.id FROM customers c JOIN customers o ON o.phone_hash = c.phone_hash AND o.id <> c.id WHERE c.id = $1 AND c.phone_hash IS NOT NULL LIMIT ${PER_KIND}`,
        [id],
      );
      for (const o of phones.rows) rows.push({ from: center, to: { kind: 'customer', id: o.id }, relation: 'same_phone', weight: 1, hop: 1 });
      // Second hop: who else used these devices, IPs, counterparties, accounts; who holds the same card number.
      for (const k of LINK_KINDS) {
        const keys = mine.filter((l) => l.kind === k).map((l) => l.key);
        if (keys.length === 0) continue;
        for (const o of await this.customersUsing(k, keys, id)) rows.push({ from: { kind: k, id: o.key }, to: { kind: 'customer', id: o.customer }, relation: 'used_by', weight: o.n, hop: 2 });
      }
      const sameCard = await this.db.query<{ card: string; customer_id: string }>(
        `SELECT c.id AS card, o.customer_id FROM cards c JOIN cards o ON o.card_number_hash = c.card_number_hash AND o.customer_id <> c.customer_id
          WHERE c.customer_id = $1 AND c.card_number_hash IS NOT NULL AND o.customer_id IS NOT NULL LIMIT ${SECOND_HOP}`,
        [id],
      );
      for (const s of sameCard.rows) rows.push({ from: { kind: 'card', id: s.card }, to: { kind: 'customer', id: s.customer_id }, relation: 'same_card', weight: 1, hop: 2 });
    } else {
      // A device, IP, counterparty, account or card: who used or owns it, then what else they used.
      const users =
        kind === 'card'
          ? (
              await this.db.query<{ customer: string }>(
                `SELECT o.customer_id AS customer FROM cards c JOIN cards o ON (o.card_number_hash = c.card_number_hash OR o.id = c.id) WHERE c.id = $1 AND o.customer_id IS NOT NULL GROUP BY o.customer_id LIMIT ${PER_KIND * 2}`,
                [id],
              )
            ).rows.map((u) => ({ key: id, customer: u.customer, n: 1 }))
          : await this.customersUsing(kind as LinkKind, [id], null);
      for (const u of users) rows.push({ from: center, to: { kind: 'customer', id: u.customer }, relation: kind === 'card' ? 'owned_by' : 'used_by', weight: u.n, hop: 1 });
      const customers = users.map((u) => u.customer);
      if (customers.length > 0) {
        for (const l of await this.linksOfCustomers(customers, kind === 'card' ? null : { kind: kind as LinkKind, key: id })) {
          rows.push({ from: { kind: 'customer', id: l.customer }, to: { kind: l.kind, id: l.key }, relation: 'used', weight: l.n, hop: 2 });
        }
      }
    }
    return buildGraph(center, rows);
  }

  /** What these customers used, per kind of link, busiest first (`except`: the centre itself). */
  private async linksOfCustomers(customers: string[], except: { kind: LinkKind; key: string } | null): Promise<Array<{ kind: LinkKind; key: string; customer: string; n: number }>> {
    const parts = LINK_KINDS.map((k) => `SELECT '${k}' AS kind, ${EVENT_COLUMN[k]} AS key, customer_id AS customer, count(*)::int AS n FROM events WHERE customer_id = ANY($1::text[]) AND ${EVENT_COLUMN[k]} IS NOT NULL GROUP BY 2, 3`);
    const r = await this.db.query<{ kind: LinkKind; key: string; customer: string; n: number }>(parts.join(' UNION ALL '), [customers]);
    const perKind = new Map<LinkKind, number>();
    const limit = customers.length === 1 ? PER_KIND : SECOND_HOP;
    return r.rows
      .filter((l) => !(except && l.kind === except.kind && l.key === except.key))
      .sort((a, b) => b.n - a.n)
      .filter((l) => {
        const seen = perKind.get(l.kind) ?? 0;
        perKind.set(l.kind, seen + 1);
        return seen < limit;
      });
  }

  /**
   * Who used any of these keys (`except`: a customer to leave out), with the events behind each
   * link; past SECOND_HOP links, the most recently linked customers.
   */
  private async customersUsing(kind: LinkKind, keys: string[], except: string | null): Promise<Array<{ key: string; customer: string; n: number }>> {
    const col = EVENT_COLUMN[kind]!;
    const r = await this.db.query<{ key: string; customer: string; n: number }>(
      `WITH l AS (
         SELECT key, customer_id FROM entity_links WHERE kind = $1 AND key = ANY($2::text[]) AND customer_id <> $3
         ORDER BY linked_at DESC LIMIT ${SECOND_HOP})
       SELECT l.key, l.customer_id AS customer, count(e.id)::int AS n
       FROM l LEFT JOIN events e ON e.customer_id = l.customer_id AND e.${col} = l.key
       GROUP BY 1, 2 ORDER BY 3 DESC`,
      [kind, keys, except ?? ''],
    );
    return r.rows.map((x) => ({ ...x, n: Number(x.n) }));
  }
}

interface DecisionRow {
  event_id: string;
  decision_point: string;
  outcome: string;
  score: number;
  reasons: unknown;
  decided_at: Date;
}
