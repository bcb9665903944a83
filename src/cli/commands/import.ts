/** `fengkong import FILE --type TYPE`: streams a CSV / JSON Lines / Parquet file into the store. */
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { openPlatform } from '../../app/platform.js';
import { isRecordType, RECORD_TYPES } from '../../ingest/domain/record-schemas.js';
import { detectFormat, type FileFormat } from '../../ingest/file-readers/index.js';
import { importFile } from '../../ingest/file-import.js';
import type { Command } from '../command.js';
import { parseFlags, positiveInt, runCommand, STORE_FLAGS, UsageError } from '../cli-support.js';
import { configFromStoreFlags } from '../store-flags.js';

/** Exit code when some records were refused: the import is partial, not failed. */
export const EXIT_PARTIAL = 2;

export const command: Command = {
  name: 'import',
  summary: { zh: '导入 CSV / JSON Lines / Parquet 文件', en: 'Import a CSV / JSON Lines / Parquet file' },
  usage: `fengkong import FILE --type TYPE [--format jsonl|csv|parquet] [--source NAME] [--errors REPORT.csv]
                [--data-dir D | --database-url URL] [--json] [--chunk 2000]

  TYPE: ${RECORD_TYPES.join(', ')}
  退出码 / exit code: 0 全部成功 all stored · 2 部分导入 partial (see the error report) · 1 失败 failed`,
  run: (argv) =>
    runCommand(async () => {
      const { values, positionals } = parseFlags(
        argv,
        { ...STORE_FLAGS, type: { type: 'string' }, format: { type: 'string' }, source: { type: 'string' }, errors: { type: 'string' }, json: { type: 'boolean' }, chunk: { type: 'string' } },
        true,
      );
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError('需要且只需要一个文件 / exactly one FILE is required');
      const type = values.type;
      if (type !== undefined && !isRecordType(type)) throw new UsageError(`未知类型 / unknown --type ${type}; allowed: ${RECORD_TYPES.join(', ')}`);
      const format = (values.format ?? detectFormat(file)) as FileFormat;
      if (!['jsonl', 'csv', 'parquet'].includes(format)) throw new UsageError('--format: jsonl | csv | parquet');
      if (format !== 'jsonl' && !type) throw new UsageError('CSV / Parquet 需要 --type / CSV and Parquet need --type');
      const errorReport = values.errors ?? `${basename(file)}.errors.csv`;

      const platform = await openPlatform(configFromStoreFlags(values));
      const showBar = !values.json && process.stderr.isTTY;
      const bar = showBar ? new cliProgress.SingleBar({ format: '导入 importing |{bar}| {percentage}% · {stored} stored · {rejected} rejected', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
      bar?.start(100, 0, { stored: 0, rejected: 0 });
      let summary;
      try {
        summary = await importFile(platform.ingest, file, {
          ...(type ? { type } : {}),
          format,
          ...(values.source ? { source: values.source } : {}),
          errorReport,
          chunkSize: positiveInt(values.chunk, '--chunk', 2_000) || 2_000,
          onProgress: (bytes, total, s) => bar?.update(total > 0 ? Math.floor((bytes / total) * 100) : 0, { stored: s.stored + s.updated, rejected: s.rejected }),
        });
      } finally {
        bar?.stop();
        await platform.close();
      }
      const partial = summary.rejected > 0;
      const reported = partial || summary.duplicateInFile > 0;
      const result = { file, format, type: type ?? null, ...summary, eventsPerSecond: Math.round(summary.lines / summary.seconds), status: partial ? 'partial' : 'complete', errorReport: reported ? errorReport : null };
      if (values.json) console.log(JSON.stringify(result));
      else {
        console.log(
          `${partial ? '部分导入 / partial' : '导入完成 / complete'}: ${summary.lines} 行 lines · ${summary.stored} 新增 stored · ${summary.updated} 更新 updated · ` +
            `${summary.duplicate} 重复 duplicates (${summary.duplicateInFile} 文件内 within the file) · ${summary.rejected} 拒绝 rejected · ${summary.seconds.toFixed(1)} s`,
        );
        if (reported) console.log(`错误报告 / error report: ${errorReport}`);
      }
      return partial ? EXIT_PARTIAL : 0;
    }),
};
