/**
 * The model report: one self-contained HTML file per model version, in 简体中文 and English side
 * by side, that an approver and an auditor read before approving. It carries its own stylesheet
 * and inline SVG charts, loads nothing (a Content-Security-Policy forbids it) and runs no script.
 */
import type { Bilingual } from '../../shared/i18n.js';
import { html, type SafeHtml, trusted } from './html-escape.js';
import { calibrationSection, distributionSection, ksSection, liftSection, rocSection } from './curve-sections.js';
import type { ModelReportInput } from './report-input.js';
import { bi, HEADINGS, LABELS } from './report-labels.js';
import { section } from './report-layout.js';
import { REPORT_CSS } from './report-styles.js';
import { metricsSection, summarySection } from './summary-section.js';
import { importanceSection, selectionSection, stabilitySection, variablesSection } from './variable-sections.js';

export type { ModelReportInput, ReportBin, ReportDataset, ReportEvaluation, ReportPsi, ReportSelection, ReportVariable } from './report-input.js';

// Inline styles only; no script, image, font, frame or connection of any origin.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

interface Part {
  id: string;
  heading: Bilingual;
  body: SafeHtml;
}

function parts(input: ModelReportInput): Part[] {
  const out: Part[] = [
    { id: 'summary', heading: HEADINGS.summary, body: summarySection(input) },
    { id: 'metrics', heading: HEADINGS.metrics, body: metricsSection(input) },
    { id: 'roc', heading: HEADINGS.roc, body: rocSection(input) },
    { id: 'ks', heading: HEADINGS.ks, body: ksSection(input) },
    { id: 'distribution', heading: HEADINGS.distribution, body: distributionSection(input) },
    { id: 'lift', heading: HEADINGS.lift, body: liftSection(input) },
    { id: 'calibration', heading: HEADINGS.calibration, body: calibrationSection(input) },
    { id: 'stability', heading: HEADINGS.stability, body: stabilitySection(input) },
  ];
  // Sections that only some models have are left out rather than shown empty.
  if (input.variables && input.variables.length > 0) out.push({ id: 'variables', heading: HEADINGS.variables, body: variablesSection(input.variables) });
  if (input.importance && input.importance.length > 0) out.push({ id: 'importance', heading: HEADINGS.importance, body: importanceSection(input.importance) });
  if (input.selectionLog && input.selectionLog.length > 0) out.push({ id: 'selection', heading: HEADINGS.selection, body: selectionSection(input.selectionLog) });
  if (input.notes && input.notes.trim() !== '') out.push({ id: 'notes', heading: HEADINGS.notes, body: section('notes', HEADINGS.notes, html`<div class="notes">${input.notes}</div>`) });
  return out;
}

/**
 * The report of one model version as a complete HTML document (UTF-8). Pure: the same input gives
 * the same bytes; every text from the input is escaped.
 *
 * @example
 * const file = renderModelReport({ name: 'A卡', version: '3', kind: 'scorecard', createdAt: '2024-05-01T08:00:00Z',
 *   createdBy: 'modeller-7', status: 'pending_approval', dataset: { name: 'loans-2023', rows: 30000, bads: 6636,
 *   trainRows: 21000, testRows: 9000 }, test: evaluateModel(model, testSample) });
 * await writeFile('model-report.html', file);
 */
export function renderModelReport(input: ModelReportInput): string {
  const sections = parts(input);
  const toc = html`<nav aria-labelledby="toc-h"><h2 id="toc-h">${bi(HEADINGS.contents)}</h2><ol>${sections.map((s) => html`<li><a href="#${s.id}">${bi(s.heading)}</a></li>`)}</ol></nav>`;
  const title = `${HEADINGS.report.zh} ${HEADINGS.report.en} — ${input.name} ${input.version}`;
  const footer = html`<footer><p>${bi(LABELS.footer)}</p>${input.generatedAt ? html`<p>${bi(LABELS.generatedAt)}: ${input.generatedAt}</p>` : null}</footer>`;
  const doc = html`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
<header><h1>${bi(HEADINGS.report)}</h1><p class="model-id">${input.name} · ${String(input.version)}</p></header>
${toc}
<main>
${sections.map((s) => html`${s.body}\n`)}</main>
${footer}
</body>
</html>
`;
  return doc.value;
}
