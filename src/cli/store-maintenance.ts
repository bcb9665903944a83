/**
 * What the commands that work on a whole store (backup, restore) share: opening it only with its
 * own key file (never creating one), a clear answer when a running server holds the embedded
 * store, and progress on stderr.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformConfig } from '../app/config.js';
import { openPlatform, type Platform } from '../app/platform.js';
import { keyFileOf } from '../pii/keyring.js';
import { FengkongError } from '../shared/errors.js';

/** The PII key file this configuration uses, or null when the keys come from FENGKONG_PII_KEYS. */
export function keyFileFor(config: PlatformConfig): string | null {
  return keyFileOf(process.env, join(config.dataDir, 'keys.json'));
}

/**
 * A bilingual refusal when the key file is missing: opening the platform would create a new one,
 * which opens none of the stored data and chains audit entries under the wrong key.
 */
export function missingKeyFile(config: PlatformConfig, why: { zh: string; en: string }): string | null {
  const file = keyFileFor(config);
  if (!file || existsSync(file)) return null;
  return `没有个人信息密钥文件 / no PII key file at ${file}: ${why.zh} / ${why.en}`;
}

/** The platform, or null (the reason printed) when a running process holds the embedded store. */
export async function openUnlessLocked(config: PlatformConfig): Promise<Platform | null> {
  try {
    return await openPlatform(config);
  } catch (err) {
    if (!(err instanceof FengkongError) || err.code !== 'DATA_DIR_LOCKED') throw err;
    const pid = (err.details as { pid?: number } | undefined)?.pid;
    const by = pid ? ` (pid ${pid})` : '';
    console.error(
      `数据目录 ${config.dataDir} 正被运行中的进程${by}使用:内嵌存储只能在服务停止时备份或恢复,请先停止 fengkong serve(PostgreSQL 可随时进行)。\n` +
        `The data directory ${config.dataDir} is in use by a running process${by}: the embedded store is backed up and restored only while the server is stopped — stop fengkong serve first (PostgreSQL: at any time).`,
    );
    return null;
  }
}

/** Per-table progress on stderr: a running count on a terminal, a line per finished table. */
export function progressPrinter(enabled: boolean): (p: { table: string; rows: number; done: boolean }) => void {
  const tty = process.stderr.isTTY;
  return (p) => {
    if (!enabled) return;
    if (p.done) process.stderr.write(`${tty ? '\r' : ''}  ${p.table.padEnd(28)} ${String(p.rows).padStart(12)} 行 rows\n`);
    else if (tty) process.stderr.write(`\r  ${p.table.padEnd(28)} ${String(p.rows).padStart(12)} 行 rows …`);
  };
}
