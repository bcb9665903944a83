/**
 * Alert and case reports: the report for a range (JSON for the API), and its exports — CSV (one
 * section per file) and Excel (every section) — each recorded in the audit log before the file is
 * handed out, so no export leaves unrecorded. Authorisation is the caller's: `reports:read` at the
 * route, the store's own credentials for the CLI.
 */
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../shared/clock.js';
import type { SqlClient } from '../store/sql-client.js';
import { type AlertReport, assembleReport } from './domain/alert-report.js';
import { rowCount, toCsv } from './domain/csv.js';
import { type ReportQuery, reportRequest } from './domain/report-request.js';
import { aboutRows, reportTables, type Section } from './domain/report-tables.js';
import { localDate } from './domain/zoned-time.js';
import { ReportQueries } from './report-queries.js';
import { toXlsx } from './xlsx-export.js';

export const EXPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ReportFile {
  body: Buffer;
  contentType: string;
  filename: string;
  /** Data rows in the file (sections summed), as the audit log records. */
  rows: number;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export class AlertReports {
  private readonly queries: ReportQueries;

  constructor(
    db: SqlClient,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.queries = new ReportQueries(db);
  }

  /** The report over a range: REQUEST_INVALID for a range, grain or time zone it cannot take. */
  async report(q: ReportQuery): Promise<AlertReport> {
    const now = this.clock.now();
    const req = reportRequest(q, now);
    // Open cases are counted as they stood at the end of the range, or now if that is still ahead.
    const asOf = new Date(Math.min(Date.parse(req.to), now)).toISOString();
    const volume = await this.queries.volume(req);
    const cases = await this.queries.cases(req, asOf);
    const rules = await this.queries.ruleCounts(req);
    return assembleReport(req, asOf, volume, cases, rules);
  }

  /** The report as a file (CSV: one `section`, the first by default), recorded as `report.export`. */
  async export(q: ReportQuery, format: ExportFormat, actor: AuditActor, section: Section = 'volume'): Promise<ReportFile> {
    const report = await this.report(q);
    const generatedAt = new Date(this.clock.now()).toISOString();
    const all = reportTables(report);
    const tables = format === 'csv' ? all.filter((t) => t.section === section) : all;
    const body =
      format === 'csv' ? Buffer.from(toCsv(tables[0]!), 'utf8')
      : format === 'xlsx' ? await toXlsx(tables, aboutRows(report, generatedAt), generatedAt)
      : Buffer.from(JSON.stringify(report), 'utf8');
    const rows = rowCount(tables);
    const { from, to, grain, tz } = report.range;
    await this.audit.record(actor, {
      action: 'report.export',
      target: { kind: 'report', id: 'alerts' },
      detail: { format, ...(format === 'csv' ? { section } : {}), from, to, grain, tz, filters: report.filters, rows },
    });
    const span = `${localDate(Date.parse(from), tz)}_${localDate(Date.parse(to), tz)}`;
    return { body, contentType: CONTENT_TYPES[format], filename: `fengkong-alert-report_${span}${format === 'csv' ? `_${section}` : ''}.${format}`, rows };
  }
}
