/**
 * HTML built with escaping by default: the `html` tag escapes every interpolated value unless it is
 * already `SafeHtml`, so a model, variable or bin name can never become markup.
 */

/** Markup that is already safe to emit (built by `html` or from trusted constants via `trusted`). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text and numbers are escaped, SafeHtml passes, null/undefined/booleans vanish. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element body or a double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function render(v: HtmlValue): string {
  if (v === null || v === undefined || typeof v === 'boolean') return '';
  if (v instanceof SafeHtml) return v.value;
  if (typeof v === 'string') return escapeHtml(v);
  if (typeof v === 'number') return escapeHtml(String(v));
  return (v as readonly HtmlValue[]).map(render).join('');
}

/**
 * Template tag: `html\`<td>${name}</td>\`` escapes `name`; nested `html` results and arrays of them
 * are inserted as they are; `${cond && html\`…\`}` renders nothing when `cond` is false.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Marks a trusted constant (the stylesheet) as markup. Never pass input-derived text here. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
