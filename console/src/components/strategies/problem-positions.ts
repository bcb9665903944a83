/**
 * Where a compile problem sits in the YAML document the analyst is editing. The server names a
 * problem by its path (`rules[2].when`) and, for a rule expression, by line and column inside that
 * expression; the editor needs the document's line to mark it, so the path is looked up in the
 * parsed document and the expression position added to where the expression starts.
 */
import { isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { StrategyProblem } from './types';

export interface PlacedProblem {
  problem: StrategyProblem;
  /** 1-based position in the document, when it could be found. */
  line: number | null;
  column: number | null;
}

/** `rules[2].when` → ['rules', 2, 'when']. */
function pathKeys(path: string): Array<string | number> {
  const keys: Array<string | number> = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return keys;
    if (m[1]) keys.push(m[1]);
    for (const i of m[2]!.matchAll(/\[(\d+)\]/g)) keys.push(Number(i[1]));
  }
  return keys;
}

export function placeProblems(text: string, problems: readonly StrategyProblem[]): PlacedProblem[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return problems.map((problem) => {
    // No path: a YAML syntax error, already positioned in the document.
    if (!problem.path) return { problem, line: problem.line ?? null, column: problem.column ?? null };
    let keys = pathKeys(problem.path);
    let node: unknown = null;
    // A missing key (e.g. no `description`) points at the nearest thing that exists.
    while (keys.length > 0 && !isNode((node = doc.getIn(keys, true)))) keys = keys.slice(0, -1);
    if (!isNode(node) || !node.range) return { problem, line: null, column: null };
    let offset = node.range[0];
    const style = isScalar(node) ? node.type : undefined;
    if (problem.path.endsWith('.when') && problem.line === 1 && (style === 'PLAIN' || style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE')) {
      // A one-line expression: its column counts from just inside the quote.
      offset += (style === 'PLAIN' ? 0 : 1) + (problem.column ?? 1) - 1;
    }
    const pos = lines.linePos(offset);
    return { problem, line: pos.line, column: pos.col };
  });
}
