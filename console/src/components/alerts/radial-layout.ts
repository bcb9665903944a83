/**
 * Positions for the entity 360 graph: the centre in the middle, its direct links on a ring around
 * it, and each second-hop node in its parent's slice of an outer ring. Computed once, the same for
 * the same graph: no force simulation that keeps moving (or, with nodes on top of each other,
 * diverges) while someone reads it. ECharts fits the coordinates to the chart's box.
 */
import type { GraphNode } from './types';

export interface Placed {
  x: number;
  y: number;
}

const RING = 100;

export function radialLayout(nodes: readonly GraphNode[], edges: ReadonlyArray<{ from: string; to: string }>): Map<string, Placed> {
  const at = new Map<string, Placed>();
  const hop = new Map(nodes.map((n) => [n.id, n.hop]));
  const byOrder = (a: GraphNode, b: GraphNode) => a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key);
  for (const n of nodes) if (n.hop === 0) at.set(n.id, { x: 0, y: 0 });

  const first = nodes.filter((n) => n.hop === 1).sort(byOrder);
  const slice = first.length > 0 ? (2 * Math.PI) / first.length : 2 * Math.PI;
  const angle = new Map<string, number>();
  first.forEach((n, i) => {
    const a = i * slice - Math.PI / 2;
    angle.set(n.id, a);
    at.set(n.id, { x: RING * Math.cos(a), y: RING * Math.sin(a) });
  });

  // A second-hop node belongs to the first first-hop node it is linked to; orphans share one group.
  const children = new Map<string | null, GraphNode[]>();
  for (const n of nodes.filter((x) => x.hop === 2).sort(byOrder)) {
    let parent: string | null = null;
    for (const e of edges) {
      const other = e.from === n.id ? e.to : e.to === n.id ? e.from : null;
      if (other !== null && hop.get(other) === 1) {
        parent = other;
        break;
      }
    }
    const group = children.get(parent) ?? [];
    group.push(n);
    children.set(parent, group);
  }
  for (const [parent, group] of children) {
    const centre = parent === null ? 0 : angle.get(parent)!;
    const width = parent === null ? 2 * Math.PI : slice * 0.9;
    group.forEach((n, j) => {
      const a = centre + width * ((j + 0.5) / group.length - 0.5);
      // Crowded slices alternate between two radii so labels and symbols do not sit on each other.
      const r = RING * (group.length > 6 && j % 2 === 1 ? 2.5 : 2);
      at.set(n.id, { x: r * Math.cos(a), y: r * Math.sin(a) });
    });
  }
  return at;
}
