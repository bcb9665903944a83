/**
 * Where in a rule's text a problem is: 1-based line and column from a character offset, and the
 * offset worth pointing at for a node (the operator of a binary expression, the name of a call).
 */

/** Line and column (1-based; columns count Unicode code points, a tab is one) of `offset`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      column = 1;
    } else if (c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff) {
      // low half of a surrogate pair: same code point as the previous unit
    } else {
      column++;
    }
  }
  return { line, column };
}

/** The parts of a library AST node this module reads. */
export interface NodeLike {
  op?: string;
  args?: unknown;
  start?: number;
  end?: number;
  pos?: number;
}

const BINARY = new Set(['==', '!=', '<', '<=', '>', '>=', 'in', '+', '-', '*', '/', '%', '&&', '||']);

const isNode = (v: unknown): v is NodeLike => typeof v === 'object' && v !== null && 'op' in v;

/**
 * The offset to report for `node`: for `a > b` the `>` (the library places the whole expression),
 * for `x.f()` the method name, otherwise `fallback` (the library's own position).
 */
export function anchorOffset(text: string, node: unknown, fallback: number): number {
  if (!isNode(node) || !Array.isArray(node.args)) return fallback;
  const [a, b] = node.args as unknown[];
  if (node.op !== undefined && BINARY.has(node.op) && isNode(a) && isNode(b) && a.end !== undefined && b.start !== undefined) {
    const i = text.indexOf(node.op, a.end);
    return i >= 0 && i < b.start ? i : fallback;
  }
  if (node.op === 'rcall' && typeof a === 'string' && isNode(b) && b.end !== undefined) {
    const i = text.indexOf(a, b.end);
    return i >= 0 && (node.end === undefined || i < node.end) ? i : fallback;
  }
  return fallback;
}
