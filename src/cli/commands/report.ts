/**
 * `fengkong report alerts`: the alert and case report for a range, as JSON, CSV (one section) or
 * Excel, written to a file (JSON and CSV may go to standard output). Every run is recorded in the
 * audit log as `report.export` by `cli:<os user>`, as an export through the API is.
 */
import { writeFileSync } from 'node:fs';
import { openPlatform } from '../../app/platform.js';
import { AlertReports, EXPORT_FORMATS, type ExportFormat } from '../../reports/alert-reports.js';
import { type Section, SECTIONS } from '../../reports/domain/report-tables.js';
import type { Command } from '../command.js';
import { cliActor, parseFlags, runCommand, STORE_FLAGS, UsageError } from '../cli-support.js';
import { configFromStoreFlags } from '../store-flags.js';

const USAGE = `fengkong report alerts --from DATE --to DATE [--grain day|week] [--tz Asia/Shanghai]
    [--queue Q] [--decision-point P] [--format json|csv|xlsx] [--section ${SECTIONS.join('|')}]
    [--out FILE] [--data-dir D | --database-url URL]
  DATE: YYYY-MM-DD (local midnight in --tz) or a date-time with offset; --from inclusive, --to exclusive.
  --out is required for xlsx; json and csv go to standard output without it.`;

export const command: Command = {
  name: 'report',
  summary: { zh: '告警与案件报表导出', en: 'Export the alert and case report' },
  usage: USAGE,
  run: (argv) =>
    runCommand(async () => {
      const [sub, ...rest] = argv;
      if (sub !== 'alerts') throw new UsageError(`用法 / usage:\n${USAGE}`);
      const { values } = parseFlags(rest, {
        ...STORE_FLAGS,
        from: { type: 'string' },
        to: { type: 'string' },
        grain: { type: 'string' },
        tz: { type: 'string' },
        queue: { type: 'string' },
        'decision-point': { type: 'string' },
        format: { type: 'string', default: 'json' },
        section: { type: 'string' },
        out: { type: 'string' },
      });
      const format = values.format as ExportFormat;
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format 应为 / must be one of ${EXPORT_FORMATS.join(', ')}`);
      if (values.section !== undefined && !(SECTIONS as readonly string[]).includes(values.section)) throw new UsageError(`--section 应为 / must be one of ${SECTIONS.join(', ')}`);
      if (format === 'xlsx' && !values.out) throw new UsageError('Excel 需要 --out 文件 / xlsx needs --out FILE');
      if (!values.from || !values.to) throw new UsageError('缺少 --from 或 --to / missing --from or --to');
      const platform = await openPlatform(configFromStoreFlags(values));
      try {
        const reports = new AlertReports(platform.db, platform.audit, platform.clock);
        const query = { from: values.from, to: values.to, grain: values.grain, tz: values.tz, queue: values.queue, decisionPoint: values['decision-point'] };
        const file = await reports.export(query, format, cliActor(), values.section as Section | undefined);
        if (values.out) {
          writeFileSync(values.out, file.body);
          console.error(`已写入 / written: ${values.out} (${file.rows} 行 rows)`);
        } else {
          process.stdout.write(file.body);
        }
        return 0;
      } finally {
        await platform.close();
      }
    }),
};
