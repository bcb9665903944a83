/**
 * Links between customers and what they use — devices, IPs, counterparties, accounts — kept in
 * `entity_links` as events arrive, one row per link (migration 0011). A customer uses the same
 * few keys again and again, so a bounded memory of links already written lets nearly every event
 * pass without any write for its links.
 */
import { deriveWhenMissing } from '../store/derive-once.js';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import type { EventRow } from './event-row.js';

export type EntityLinkKind = 'device' | 'ip' | 'counterparty' | 'account';

/** The event column behind each kind of link. */
export const LINK_COLUMNS: Readonly<Record<EntityLinkKind, 'device_id' | 'ip' | 'counterparty_id' | 'account_id'>> = {
  device: 'device_id',
  ip: 'ip',
  counterparty: 'counterparty_id',
  account: 'account_id',
};
const KINDS = Object.keys(LINK_COLUMNS) as EntityLinkKind[];

export interface EntityLink {
  kind: EntityLinkKind;
  key: string;
  customer_id: string;
  linked_at: string;
}

const KIND_BIT: Readonly<Record<EntityLinkKind, number>> = { device: 1, ip: 2, counterparty: 4, account: 8 };

type Generation = Map<string, Map<string, number>>;
const NONE = (): boolean => false;

/**
 * Links known to be stored, by customer then key (a bit per kind: no key strings to build per
 * event). Bounded: two generations of at most `capacity` links each; when the young one fills
 * up, the old one is dropped. A forgotten link is only written again (a no-op insert).
 */
export class LinkMemory {
  private young: Generation = new Map();
  private old: Generation = new Map();
  private youngLinks = 0;

  constructor(private readonly capacity = 250_000) {}

  has(kind: EntityLinkKind, key: string, customer: string): boolean {
    return this.of(customer)(kind, key);
  }

  /** A customer's known links, looked up once for the several keys of one event. */
  of(customer: string): (kind: EntityLinkKind, key: string) => boolean {
    const young = this.young.get(customer);
    const old = this.old.get(customer);
    if (!young && !old) return NONE;
    return (kind, key) => (((young?.get(key) ?? 0) | (old?.get(key) ?? 0)) & KIND_BIT[kind]) !== 0;
  }

  add(link: EntityLink): void {
    if (this.youngLinks >= this.capacity) {
      this.old = this.young;
      this.young = new Map();
      this.youngLinks = 0;
    }
    let keys = this.young.get(link.customer_id);
    if (!keys) this.young.set(link.customer_id, (keys = new Map()));
    const bits = keys.get(link.key) ?? 0;
    const bit = KIND_BIT[link.kind];
    if ((bits & bit) === 0) {
      keys.set(link.key, bits | bit);
      this.youngLinks++;
    }
  }
}

/** The links of these events that memory does not hold, each once, with the earliest event time among them. */
export function unknownLinks(rows: readonly EventRow[], memory: LinkMemory): EntityLink[] {
  // Within a batch, by customer then kind and key: a customer's few links are met again and again.
  const found = new Map<string, EntityLink[]>();
  for (const row of rows) {
    const customer = row.customer_id;
    if (customer === null) continue;
    const known = memory.of(customer);
    for (const kind of KINDS) {
      const key = row[LINK_COLUMNS[kind]];
      if (key === null || known(kind, key)) continue;
      let mine = found.get(customer);
      if (!mine) found.set(customer, (mine = []));
      const seen = mine.find((l) => l.kind === kind && l.key === key);
      if (!seen) mine.push({ kind, key, customer_id: customer, linked_at: row.occurred_at });
      // Canonical UTC ISO strings of one length compare as their instants do.
      else if (row.occurred_at < seen.linked_at) seen.linked_at = row.occurred_at;
    }
  }
  return [...found.values()].flat();
}

/** Writes links not stored yet (a link already stored is left as it is). */
export async function writeLinks(tx: SqlExecutor, links: readonly EntityLink[]): Promise<void> {
  if (links.length === 0) return;
  // Bytewise order, the same in every writer: two writers sharing links cannot wait on each other.
  await tx.query(
    `INSERT INTO entity_links (kind, key, customer_id, linked_at)
     SELECT kind, key, customer_id, linked_at FROM json_to_recordset($1::json) AS r(kind text, key text, customer_id text, linked_at timestamptz)
     ORDER BY kind, key COLLATE "C", customer_id COLLATE "C"
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(links)],
  );
}

/**
 * Derives the links of events that have none: after the upgrade that added the table, or a
 * restore of a backup made before it. Under a table lock, so processes starting together derive once.
 */
export function ensureEntityLinks(db: SqlClient): Promise<boolean> {
  return deriveWhenMissing(db, {
    source: 'events',
    derived: ['entity_links'],
    derive: async (tx) => {
      await tx.query(
        `INSERT INTO entity_links (kind, key, customer_id, linked_at)
         ${KINDS.map((kind) => `SELECT '${kind}', ${LINK_COLUMNS[kind]}, customer_id, min(occurred_at) FROM events WHERE ${LINK_COLUMNS[kind]} IS NOT NULL AND customer_id IS NOT NULL GROUP BY 2, 3`).join(' UNION ALL ')}`,
      );
    },
  });
}
