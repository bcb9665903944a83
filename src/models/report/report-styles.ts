/**
 * The report's only stylesheet, inlined in <head>: system fonts (CJK included, no web fonts),
 * print-friendly (figures and tables do not split across pages), the English line set in grey.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #24292f; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px; color: var(--ink); line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 24px 0 8px; }
.en { color: var(--muted); font-weight: normal; }
h1 .en, h2 .en, h3 .en { margin-left: 6px; }
.model-id { font-size: 18px; margin: 0 0 16px; }
nav ol { columns: 2; margin: 0; padding-left: 20px; }
nav a { color: #0969da; text-decoration: none; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 8px 16px; margin: 0 0 16px; }
.facts div { border-left: 3px solid var(--line); padding-left: 8px; }
.facts dt { font-size: 12px; }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { flex: 1 1 160px; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: var(--soft); }
.card .k { font-size: 12px; }
.card .v { font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; }
.card .sub { font-size: 12px; color: var(--muted); }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; font-size: 13px; min-width: 50%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; }
th { background: var(--soft); text-align: left; font-weight: 600; }
th .en { display: block; font-size: 11px; margin: 0; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td { overflow-wrap: anywhere; }
figure { margin: 12px 0 20px; }
figcaption { font-size: 12px; color: var(--muted); }
svg.chart { max-width: 100%; height: auto; display: block; }
.notice { padding: 6px 10px; border-left: 4px solid var(--line); background: var(--soft); }
.notice.warn { border-left-color: #bf8700; background: #fff8c5; }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; border: 1px solid var(--line); font-size: 12px; white-space: nowrap; }
.badge.stable, .badge.kept { background: #dafbe1; border-color: #4ac26b; }
.badge.watch { background: #fff8c5; border-color: #d4a72c; }
.badge.shift, .badge.dropped { background: #ffebe9; border-color: #ff8182; }
.flags li { margin: 2px 0; }
.notes { white-space: pre-wrap; border: 1px solid var(--line); padding: 8px 12px; background: var(--soft); }
article.variable { border-top: 1px dashed var(--line); }
footer { margin-top: 40px; font-size: 12px; color: var(--muted); }
@media print {
  body { max-width: none; padding: 0; }
  nav { display: none; }
  figure, table, .card, article.variable h3 { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
`;
