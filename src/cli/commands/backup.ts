/**
 * `fengkong backup --out FILE`: every row of every table of the store into one gzip file, read in
 * one consistent snapshot — on PostgreSQL at any time, on the embedded store while the server is
 * stopped. Recorded in the audit log as "store.backup". The file holds no keys.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { backupStore, hasJournalLeftover } from '../../backup/index.js';
import type { Command } from '../command.js';
import { cliActor, parseFlags, runCommand, STORE_FLAGS, UsageError } from '../cli-support.js';
import { keyFileFor, missingKeyFile, openUnlessLocked, progressPrinter } from '../store-maintenance.js';
import { configFromStoreFlags } from '../store-flags.js';

const USAGE = `fengkong backup --out FILE [--data-dir D | --database-url URL] [--json]

  把整个存储(所有表的所有行)在一个一致的快照中写入一个 gzip 文件;PostgreSQL 可随时进行,内嵌存储须先停止服务
  writes the whole store (every row of every table, one consistent snapshot) to one gzip file; PostgreSQL at any time, the embedded store while the server is stopped
  备份不含密钥:请另行保管密钥文件(不要与备份放在一起)/ the backup holds no keys: keep the key file backed up separately (never beside the backup)
  退出码 / exit code: 0 完成 done · 1 失败 failed · 64 用法错误 usage`;

export const command: Command = {
  name: 'backup',
  summary: { zh: '备份整个存储', en: 'Back up the whole store' },
  usage: USAGE,
  run: (argv) =>
    runCommand(async () => {
      const { values } = parseFlags(argv, { ...STORE_FLAGS, out: { type: 'string' }, json: { type: 'boolean' } });
      if (!values.out) throw new UsageError(`缺少 --out FILE / missing --out FILE\n用法 / usage:\n${USAGE}`);
      const out = resolve(values.out);
      if (!existsSync(dirname(out))) throw new UsageError(`目录不存在 / no such directory: ${dirname(out)}`);
      const config = configFromStoreFlags(values);
      if (config.store.kind === 'embedded' && !existsSync(join(config.dataDir, 'pg'))) {
        console.error(`数据目录 ${config.dataDir} 中没有内嵌存储 / no embedded store in ${config.dataDir}`);
        return 1;
      }
      const noKeys = missingKeyFile(config, { zh: '备份会记入审计日志,需要该存储的密钥文件', en: "the backup is recorded in the audit log, which needs the store's own key file" });
      if (noKeys) {
        console.error(noKeys);
        return 1;
      }
      const platform = await openUnlessLocked(config);
      if (!platform) return 1;
      try {
        // Decisions a stopped embedded server answered but had not committed go in first.
        if (config.store.kind === 'embedded' && hasJournalLeftover(config.dataDir)) await platform.decisions();
        if (!values.json) console.error(`备份 / backing up ${config.store.kind === 'postgres' ? 'PostgreSQL' : config.dataDir} → ${out}`);
        const header = await backupStore(platform, out, cliActor(), { onProgress: progressPrinter(!values.json) });
        const rows = header.tables.reduce((n, t) => n + t.rows, 0);
        const summary = {
          file: out,
          bytes: statSync(out).size,
          sha256: header.sha256,
          createdAt: header.createdAt,
          fengkongVersion: header.fengkongVersion,
          source: header.source,
          migrations: header.migrations.map((m) => m.id),
          tables: Object.fromEntries(header.tables.map((t) => [t.name, t.rows])),
          rows,
          auditHead: header.auditHead,
          keyFile: keyFileFor(config),
        };
        if (values.json) console.log(JSON.stringify(summary));
        else {
          console.log(`备份完成 / backup written: ${out} — ${header.tables.length} 张表 tables, ${rows} 行 rows, ${summary.bytes} 字节 bytes, sha256 ${header.sha256}`);
          console.log(
            `备份不含密钥:请另行备份密钥 ${summary.keyFile ?? 'FENGKONG_PII_KEYS'},且不要与备份文件放在一起。\n` +
              `The backup holds no keys: back up ${summary.keyFile ?? 'FENGKONG_PII_KEYS'} separately, and never beside the backup file.`,
          );
        }
        return 0;
      } finally {
        await platform.close();
      }
    }),
};
