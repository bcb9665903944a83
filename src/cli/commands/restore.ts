/**
 * `fengkong restore FILE`: a backup into an empty store, in one transaction — refused for a store
 * that holds data, a damaged file or one from a newer fengkong, and then the target is unchanged.
 * Afterwards it checks that this installation's keys open the restored data and say so.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { hasJournalLeftover, inspectBackup, type KeyringCheck, restoreStore } from '../../backup/index.js';
import type { Command } from '../command.js';
import { cliActor, parseFlags, runCommand, STORE_FLAGS, UsageError } from '../cli-support.js';
import { missingKeyFile, openUnlessLocked, progressPrinter } from '../store-maintenance.js';
import { configFromStoreFlags } from '../store-flags.js';

const USAGE = `fengkong restore FILE [--data-dir D | --database-url URL] [--json]

  把备份恢复到空的存储(新的数据目录,或空的 schema/数据库),在一个事务中完成:失败时目标保持为空
  restores a backup into an empty store (a new data directory, or an empty schema or database) in one transaction: on failure the target stays empty
  先放好备份数据所属的密钥文件(备份不含密钥)/ install the key file that belongs to the backed-up data first (backups hold no keys)
  退出码 / exit code: 0 已恢复,密钥匹配 restored, keys match · 1 被拒绝或失败,目标未改变 refused or failed, target unchanged
                      2 已恢复,但当前密钥打不开数据 restored, but the current keys do not open the data · 64 用法错误 usage`;

/** Bilingual lines saying what the keyring check found. */
function keyringReport(k: KeyringCheck, audited: boolean): string[] {
  const lines: string[] = [];
  const chain = k.auditChain;
  if (chain.ok) lines.push(`审计链完整 / audit chain intact: ${chain.entries} 条 entries, head #${chain.head.seq}`);
  else {
    lines.push(
      `审计链无法用当前密钥验证(第 ${chain.broken.seq} 条)/ the audit chain does not verify under the current keys (entry #${chain.broken.seq}): 索引密钥不是备份数据所用的 / the index key is not the one the backed-up data used.`,
    );
  }
  if (k.missingKeyIds.length > 0) lines.push(`密钥环中缺少密钥 / key ids missing from the keyring: ${k.missingKeyIds.join(', ')}`);
  if (k.wrongKeyIds.length > 0) lines.push(`密钥 ID 相同但密钥不同,无法解密 / same key ids, other keys — values do not decrypt: ${k.wrongKeyIds.join(', ')}`);
  if (k.indexKeyMismatch) lines.push('查询哈希与当前索引密钥不符 / look-up hashes do not match the current index key');
  if (k.ok) lines.push(`个人信息密钥匹配 / personal-data keys match${k.keyIds.length > 0 ? `: ${k.keyIds.join(', ')}` : ''}`);
  else {
    lines.push(
      '当前密钥打不开恢复的数据:请安装备份时所用的密钥文件,再运行 fengkong audit verify 与 fengkong keys status。\n' +
        'The current keys do not open the restored data: install the key file in use when the backup was taken, then run fengkong audit verify and fengkong keys status.',
    );
  }
  if (!audited) lines.push('本次恢复未记入审计日志(用错误的密钥记录会永久破坏审计链)/ this restore was not recorded in the audit log (an entry under the wrong key would break the chain for good).');
  return lines;
}

export const command: Command = {
  name: 'restore',
  summary: { zh: '从备份恢复到空存储', en: 'Restore a backup into an empty store' },
  usage: USAGE,
  run: (argv) =>
    runCommand(async () => {
      const { values, positionals } = parseFlags(argv, { ...STORE_FLAGS, json: { type: 'boolean' } }, true);
      if (positionals.length !== 1) throw new UsageError(`用法 / usage:\n${USAGE}`);
      const file = resolve(positionals[0]!);
      if (!existsSync(file)) throw new UsageError(`文件不存在 / no such file: ${file}`);
      // The file first: a damaged or too new backup is refused before any store is opened.
      const header = await inspectBackup(file);
      const config = configFromStoreFlags(values);
      const noKeys = missingKeyFile(config, { zh: '请先放入备份数据所属的密钥文件(新生成的密钥打不开备份中的数据)', en: 'put the key file that belongs to the backed-up data there first (a new key would open none of it)' });
      if (noKeys) {
        console.error(noKeys);
        return 1;
      }
      if (config.store.kind === 'embedded' && hasJournalLeftover(config.dataDir)) {
        console.error(`目标数据目录中有未提交的决策日志,不是空的 / the target data directory holds a decision journal not yet committed: it is not empty (${config.dataDir}/journal)`);
        return 1;
      }
      const platform = await openUnlessLocked(config);
      if (!platform) return 1;
      try {
        if (!values.json) console.error(`恢复 / restoring ${file} (${header.createdAt}, fengkong ${header.fengkongVersion}, ${header.source}) → ${config.store.kind === 'postgres' ? 'PostgreSQL' : config.dataDir}`);
        const outcome = await restoreStore(platform, file, cliActor(), { onProgress: progressPrinter(!values.json) });
        const { restored, keyring, audited } = outcome;
        if (values.json) {
          console.log(
            JSON.stringify({
              file,
              createdAt: header.createdAt,
              fengkongVersion: header.fengkongVersion,
              source: header.source,
              tables: Object.fromEntries(restored.tables.map((t) => [t.name, t.rows])),
              rows: restored.rows,
              sequences: restored.sequences,
              keyring,
              chainEndsAtBackup: outcome.chainEndsAtBackup,
              audited,
            }),
          );
        } else {
          console.log(`恢复完成 / restored: ${restored.tables.length} 张表 tables, ${restored.rows} 行 rows`);
          for (const line of keyringReport(keyring, audited)) (keyring.ok ? console.log : console.error)(line);
        }
        return keyring.ok ? 0 : 2;
      } finally {
        await platform.close();
      }
    }),
};
