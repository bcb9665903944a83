/**
 * The entity graph an investigator reads: the entity at the centre, what it is linked to (devices,
 * IPs, counterparties, accounts, cards, shared phones) and, one hop further, who else is linked to
 * those. Pure: builds nodes and edges from link rows, each node once, each edge with its weight.
 */

export type LinkKind = 'customer' | 'device' | 'ip' | 'counterparty' | 'account' | 'card';

export interface LinkRow {
  from: { kind: LinkKind; id: string };
  to: { kind: LinkKind; id: string };
  /** How the two are linked: `used` (events), `owns` (KYC records), `same_phone`, `same_card`. */
  relation: string;
  /** Events behind the link (1 for KYC facts). */
  weight: number;
  hop: 1 | 2;
}

export interface GraphNode {
  id: string;
  kind: LinkKind;
  key: string;
  hop: 0 | 1 | 2;
}

export interface GraphEdge {
  from: string;
  to: string;
  relation: string;
  weight: number;
}

export const nodeId = (kind: LinkKind, key: string): string => `${kind}:${key}`;

export function buildGraph(center: { kind: LinkKind; id: string }, rows: readonly LinkRow[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const add = (kind: LinkKind, key: string, hop: 0 | 1 | 2) => {
    const id = nodeId(kind, key);
    const seen = nodes.get(id);
    // A node reached by a shorter path keeps the shorter hop.
    if (!seen || seen.hop > hop) nodes.set(id, { id, kind, key, hop });
    return id;
  };
  add(center.kind, center.id, 0);
  const edges = new Map<string, GraphEdge>();
  for (const r of rows) {
    const from = add(r.from.kind, r.from.id, r.hop === 1 ? 0 : 1);
    const to = add(r.to.kind, r.to.id, r.hop);
    const key = `${from}|${to}|${r.relation}`;
    const e = edges.get(key);
    if (e) e.weight += r.weight;
    else edges.set(key, { from, to, relation: r.relation, weight: r.weight });
  }
  return { nodes: [...nodes.values()].sort((a, b) => a.hop - b.hop || a.id.localeCompare(b.id)), edges: [...edges.values()] };
}
