/**
 * The report as an Excel workbook (exceljs): a cover sheet with the parameters and definitions,
 * then one sheet per section with bilingual headers, a frozen header row and a filter, counts as
 * whole numbers, minutes with two decimals and shares as percentages. Cells hold values, never
 * formulas, so a queue name or reason code cannot run as one.
 */
import ExcelJS from 'exceljs';
import { type CellKind, heading, type ReportTable } from './domain/report-tables.js';

const FORMATS: Record<CellKind, string | undefined> = { text: undefined, count: '0', minutes: '0.00', share: '0.0%' };

export async function toXlsx(tables: readonly ReportTable[], about: ReadonlyArray<[string, string]>, generatedAt: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'fengkong';
  wb.created = new Date(generatedAt);

  const cover = wb.addWorksheet('说明 About');
  cover.columns = [{ width: 28 }, { width: 110 }];
  for (const row of about) cover.addRow(row);
  cover.getColumn(1).font = { bold: true };

  for (const t of tables) {
    const ws = wb.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = t.columns.map((c) => ({ header: heading(c), width: Math.max(12, Math.min(40, heading(c).length + 4)), ...(FORMATS[c.kind] ? { style: { numFmt: FORMATS[c.kind]! } } : {}) }));
    ws.getRow(1).font = { bold: true };
    for (const row of t.rows) ws.addRow(row);
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
