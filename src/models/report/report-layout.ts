/** The report's building blocks: sections, bilingual tables, figures, notices and reading badges. */
import type { Bilingual } from '../../shared/i18n.js';
import { html, type HtmlValue, type SafeHtml } from './html-escape.js';
import { bi, type Stability } from './report-labels.js';

/** A report section: `id` is its anchor in the table of contents. */
export function section(id: string, heading: Bilingual, body: HtmlValue): SafeHtml {
  return html`<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${bi(heading)}</h2>${body}</section>`;
}

export interface TableColumn {
  label: Bilingual;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
}

/** A table with bilingual headers; cells are escaped unless they are SafeHtml. */
export function dataTable(columns: readonly TableColumn[], rows: readonly (readonly HtmlValue[])[], caption?: Bilingual): SafeHtml {
  const cls = (c: TableColumn | undefined): string | null => (c?.numeric ? 'n' : null);
  const head = columns.map((c) => html`<th scope="col"${c.numeric ? html` class="n"` : null}>${bi(c.label)}</th>`);
  const body = rows.map((r) => html`<tr>${r.map((cell, i) => (cls(columns[i]) ? html`<td class="n">${cell}</td>` : html`<td>${cell}</td>`))}</tr>`);
  return html`<div class="table-wrap"><table>${caption ? html`<caption>${bi(caption)}</caption>` : null}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** A chart with its bilingual caption. */
export function figure(chart: SafeHtml, caption: Bilingual): SafeHtml {
  return html`<figure>${chart}<figcaption>${bi(caption)}</figcaption></figure>`;
}

/** A short paragraph; `warn` for something an approver must look at. */
export function notice(text: Bilingual, level: 'info' | 'warn' = 'info'): SafeHtml {
  return html`<p class="notice ${level}">${bi(text)}</p>`;
}

/** A reading (stable / watch / shift) as a badge: text in both languages, colour only as a second cue. */
export function badge(level: Stability | 'kept' | 'dropped', text: Bilingual): SafeHtml {
  return html`<span class="badge ${level}">${bi(text)}</span>`;
}

/** Label–value pairs. */
export function facts(pairs: readonly (readonly [Bilingual, HtmlValue])[]): SafeHtml {
  return html`<dl class="facts">${pairs.map(([k, v]) => html`<div><dt>${bi(k)}</dt><dd>${v}</dd></div>`)}</dl>`;
}
