/**
 * `fengkong keys rotate|reencrypt|status`: installs a new PII data key and re-encrypts every sealed
 * value under it, while the service keeps running. On PostgreSQL this command does the work
 * itself, beside running servers; on the embedded store held by a running server, it installs the
 * key and the server — which watches its key file — re-encrypts in the background.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformConfig } from '../../app/config.js';
import { openPlatform, type Platform } from '../../app/platform.js';
import { rotateKeyFile } from '../../pii/key-file-rotation.js';
import { KeyRotation, oldKeyTotal, type ReencryptSummary } from '../../pii/key-rotation.js';
import { KEY_WATCH_INTERVAL_MS } from '../../pii/key-watcher.js';
import { keyFileOf, type Keyring, parseKeyFile } from '../../pii/keyring.js';
import { FengkongError } from '../../shared/errors.js';
import type { Command } from '../command.js';
import { cliActor, parseFlags, runCommand, STORE_FLAGS, UsageError } from '../cli-support.js';
import { configFromStoreFlags } from '../store-flags.js';

const USAGE = `fengkong keys rotate [--json] [--data-dir D | --database-url URL]
fengkong keys reencrypt [--json] [--data-dir D | --database-url URL]
fengkong keys status [--json] [--data-dir D | --database-url URL]

  rotate     新数据密钥写入密钥文件并启用,旧值全部用它重新加密(服务可继续运行)
             installs a new active data key and re-encrypts every value under it (the service may keep running)
  reencrypt  只重新加密仍在旧密钥下的值(继续一次中断的轮换)/ only re-encrypts values still under old keys (resumes a rotation)
  status     各密钥下的值的数量 / values per key id
  索引密钥(查询哈希、审计链)不轮换 / the index key (look-up hashes, audit chain) is never rotated.
  退出码 / exit code: 0 完成 done · 1 仍有值在旧密钥下或失败 values left under old keys, or failed`;

type Flags = { 'data-dir'?: string | undefined; 'database-url'?: string | undefined; json?: boolean | undefined };

export const command: Command = {
  name: 'keys',
  summary: { zh: '个人信息密钥轮换', en: 'Rotate the personal-data keys' },
  usage: USAGE,
  run: (argv) =>
    runCommand(async () => {
      const [sub, ...rest] = argv;
      const { values } = parseFlags(rest, { ...STORE_FLAGS, json: { type: 'boolean' } });
      if (sub === 'rotate') return rotate(values);
      if (sub === 'reencrypt') return reencrypt(values);
      if (sub === 'status') return status(values);
      throw new UsageError(`用法 / usage:\n${USAGE}`);
    }),
};

function keyFileFor(config: PlatformConfig): string {
  const file = keyFileOf(process.env, join(config.dataDir, 'keys.json'));
  if (!file) throw new FengkongError('PII_KEYS_FROM_ENV');
  // Never create one here: a fresh key file would not open the data already stored.
  if (!existsSync(file)) throw new FengkongError('CONFIG_INVALID', { note: `no PII key file at ${file}` });
  return file;
}

/** The platform, or the pid of the running process that holds the embedded store. */
async function openOrLocked(config: PlatformConfig): Promise<{ platform: Platform } | { lockedBy: number | null }> {
  try {
    return { platform: await openPlatform(config) };
  } catch (err) {
    if (err instanceof FengkongError && err.code === 'DATA_DIR_LOCKED') return { lockedBy: Number((err.details as { pid?: number } | undefined)?.pid) || null };
    throw err;
  }
}

async function rotate(values: Flags): Promise<number> {
  const config = configFromStoreFlags(values);
  const file = keyFileFor(config);
  const opened = await openOrLocked(config);
  if (!('platform' in opened)) {
    const r = rotateKeyFile(file);
    if (values.json) console.log(JSON.stringify({ keyId: r.keyId, previousKeyId: r.previousKeyId, reencrypted: 0, remainingUnderOldKeys: null, background: true }));
    else {
      const pid = opened.lockedBy ? ` (pid ${opened.lockedBy})` : '';
      const s = KEY_WATCH_INTERVAL_MS / 1000;
      console.log(
        `新密钥 ${r.keyId} 已写入密钥文件并启用 / new key ${r.keyId} installed in the key file and made active.\n` +
          `数据目录正被运行中的服务${pid}使用:它会在 ${s} 秒内加载新密钥,并在后台重新加密全部个人信息。\n` +
          `The data directory is in use by the running server${pid}: it loads the new key within ${s} s and re-encrypts all personal data in the background.\n` +
          `查看进度 / progress: 服务日志 "PII re-encryption pass" 及 /metrics 指标 fengkong_pii_values_under_old_keys(0 即完成)/ the server's log lines "PII re-encryption pass" and the metric fengkong_pii_values_under_old_keys at /metrics (0 = done).\n` +
          `若该进程不是 fengkong serve,下次启动 serve 时继续 / if that process is not fengkong serve, the next serve start does it.`,
      );
    }
    return 0;
  }
  const { platform } = opened;
  try {
    await flushDecisionJournal(platform);
    const r = rotateKeyFile(file);
    platform.vault.reload(r.keyring);
    await platform.audit.record(cliActor(), { action: 'pii.keys.rotate', target: { kind: 'pii-key', id: r.keyId }, detail: { from: r.previousKeyId, to: r.keyId, keyIds: platform.vault.keyIds, trigger: 'cli' } });
    if (!values.json) console.error(`新密钥 / new key ${r.keyId} 已启用 / active (之前 / was ${r.previousKeyId})`);
    return await reencryptAndReport(platform, values, r.previousKeyId);
  } finally {
    await platform.close();
  }
}

async function reencrypt(values: Flags): Promise<number> {
  const opened = await openOrLocked(configFromStoreFlags(values));
  if (!('platform' in opened)) {
    console.error(
      `数据目录正被运行中的服务使用:它自己会在后台重新加密(见 /metrics 指标 fengkong_pii_values_under_old_keys)。\n` +
        `The data directory is in use by the running server: it re-encrypts in the background by itself (see the metric fengkong_pii_values_under_old_keys at /metrics).`,
    );
    return 1;
  }
  const { platform } = opened;
  try {
    await flushDecisionJournal(platform);
    return await reencryptAndReport(platform, values, null);
  } finally {
    await platform.close();
  }
}

async function reencryptAndReport(platform: Platform, values: Flags, previousKeyId: string | null): Promise<number> {
  // On PostgreSQL running servers may still seal under the old key until they reload their key
  // file: after a clean pass, wait out one reload interval (and their in-flight writes), then check
  // again. The embedded store is this process's alone: nobody else writes.
  const settleMs = platform.config.store.kind === 'postgres' ? KEY_WATCH_INTERVAL_MS + 1_500 : 0;
  const tty = !values.json && process.stderr.isTTY;
  const summary: ReencryptSummary = await new KeyRotation(platform.db, platform.vault).reencryptAll({
    settleMs,
    onProgress: (p) => {
      if (tty) process.stderr.write(`\r重新加密 / re-encrypting ${p.location}: ${p.reencrypted}   `);
    },
    onPass: (p) => {
      if (tty) process.stderr.write('\n');
      if (!values.json) console.error(`第 ${p.pass} 轮 / pass ${p.pass}: 重新加密 / re-encrypted ${p.reencrypted}, 旧密钥下仍有 / still under old keys ${p.remainingUnderOldKeys}`);
    },
    onSettle: (ms) => {
      if (!values.json) console.error(`等待 ${ms / 1000} 秒,待运行中的实例加载新密钥后再检查 / waiting ${ms / 1000} s for running instances to load the new key, then checking again`);
    },
  });
  if (summary.reencrypted > 0 || summary.remainingUnderOldKeys > 0 || previousKeyId) {
    await platform.audit.record(cliActor(), { action: 'pii.keys.reencrypt', target: { kind: 'pii-key', id: summary.keyId }, detail: { ...summary } });
  }
  const done = summary.remainingUnderOldKeys === 0;
  if (values.json) console.log(JSON.stringify({ ...(previousKeyId ? { previousKeyId } : {}), ...summary }));
  else console.log(`密钥 / key ${summary.keyId}: 已重新加密 / re-encrypted ${summary.reencrypted} 个值 / values; 旧密钥下剩余 / left under old keys ${summary.remainingUnderOldKeys}`);
  if (!done) {
    console.error(
      `仍有 ${summary.remainingUnderOldKeys} 个值在旧密钥下(其中 ${summary.unreadable} 个无法解密):确认各实例已加载新密钥后运行 fengkong keys reencrypt。\n` +
        `${summary.remainingUnderOldKeys} values remain under old keys (${summary.unreadable} could not be decrypted): make sure every instance has loaded the new key, then run fengkong keys reencrypt.`,
    );
  }
  return done ? 0 : 1;
}

/**
 * Decisions an embedded server journaled but had not committed when it stopped are sealed under
 * the key of that time: commit them first (opening the engine does), so this pass re-encrypts them.
 */
async function flushDecisionJournal(platform: Platform): Promise<void> {
  const { store } = platform.config;
  if (store.kind !== 'embedded' || !store.dataDir) return;
  const dir = join(store.dataDir, 'journal');
  const leftover = existsSync(dir) && readdirSync(dir).some((f) => /^\d+\.jsonl$/.test(f) && statSync(join(dir, f)).size > 0);
  if (leftover) await platform.decisions();
}

async function status(values: Flags): Promise<number> {
  const config = configFromStoreFlags(values);
  const file = keyFileOf(process.env, join(config.dataDir, 'keys.json'));
  if (file && !existsSync(file)) throw new FengkongError('CONFIG_INVALID', { note: `no PII key file at ${file}` });
  const keyring: Keyring = parseKeyFile(file ? readFileSync(file, 'utf8') : process.env.FENGKONG_PII_KEYS!);
  const keys = { activeKeyId: keyring.activeKeyId, keyIds: [...keyring.dataKeys.keys()], source: file ? 'file' : 'env', keyFile: file };
  const opened = await openOrLocked(config);
  if (!('platform' in opened)) {
    if (values.json) console.log(JSON.stringify({ ...keys, usage: null, remainingUnderOldKeys: null, storeInUseBy: opened.lockedBy }));
    else {
      printKeys(keys);
      console.log(
        `存储正被运行中的服务使用,无法统计;其 /metrics 指标 fengkong_pii_values_under_old_keys 给出旧密钥下的值的数量。\n` +
          `The store is in use by the running server and cannot be counted here; its metric fengkong_pii_values_under_old_keys at /metrics gives the values under old keys.`,
      );
    }
    return 0;
  }
  const { platform } = opened;
  try {
    const rotation = new KeyRotation(platform.db, platform.vault);
    const usage = await rotation.usage();
    const remaining = oldKeyTotal(usage, platform.vault.activeKeyId);
    const last = await rotation.lastOutcome();
    if (values.json) console.log(JSON.stringify({ ...keys, usage, remainingUnderOldKeys: remaining, lastReencryption: last }));
    else {
      printKeys(keys);
      for (const [location, byKey] of Object.entries(usage)) {
        const counts = Object.entries(byKey).map(([k, n]) => `${k}: ${n}`).join('  ');
        console.log(`  ${location.padEnd(22)} ${counts || '—'}`);
      }
      console.log(`旧密钥下的值 / values under old keys: ${remaining}`);
      if (last) console.log(`上次重新加密 / last re-encryption: ${last.at} (${last.activeKeyId}, ${last.complete ? '完成 complete' : `未完成 incomplete, ${last.remainingUnderOldKeys} left`})`);
    }
    return 0;
  } finally {
    await platform.close();
  }
}

function printKeys(keys: { activeKeyId: string; keyIds: string[]; source: string; keyFile: string | null }): void {
  console.log(`当前密钥 / active key: ${keys.activeKeyId}   全部密钥 / all keys: ${keys.keyIds.join(', ')}   来源 / from: ${keys.keyFile ?? 'FENGKONG_PII_KEYS'}`);
}
