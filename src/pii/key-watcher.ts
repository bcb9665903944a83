/**
 * Keeps a running service on the current PII data key: polls the key file, swaps a changed
 * keyring into the vault (new values are sealed under the new key from then on), audits the
 * rotation, and re-encrypts the store in the background. Never logs key material.
 */
import { EventEmitter } from 'node:events';
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { type AuditLog, SYSTEM_ACTOR } from '../audit/audit-log.js';
import type { Logger } from '../ops/logger.js';
import { FengkongError } from '../shared/errors.js';
import type { SqlClient } from '../store/sql-client.js';
import { KeyRotation, type ReencryptSummary } from './key-rotation.js';
import { keyFileOf, type Keyring, parseKeyFile } from './keyring.js';
import type { PiiVault } from './pii-vault.js';

/** How often a running service looks at its key file; `keys rotate` waits a little longer. */
export const KEY_WATCH_INTERVAL_MS = 2_000;

export interface KeyWatchOptions {
  /** Key file polling interval (default KEY_WATCH_INTERVAL_MS). */
  intervalMs?: number;
  /** Wait after a clean pass before the final check (default 1 s: this process's own writes sealed just before the switch). */
  settleMs?: number;
  batchSize?: number;
  /** Pause between pages (default 10 ms), so live traffic keeps the store. */
  pauseMs?: number;
  /** Wait before retrying a background run that failed (default 30 s). */
  retryMs?: number;
}

export interface KeyWatchDeps {
  file: string;
  vault: PiiVault;
  db: SqlClient;
  audit: AuditLog;
  metrics: { piiValuesUnderOldKeys(n: number): void };
  log: Logger | null;
}

/**
 * Emits `reloaded` ({from, to}) when it installs a changed keyring, `reencrypted`
 * (ReencryptSummary) when a background run finishes, `failed` (error) when one fails.
 * e.g. `await once(watcher, 'reloaded'); const summary = await watcher.settled();`
 */
export class KeyWatcher extends EventEmitter {
  private readonly rotation: KeyRotation;
  private readonly abort = new AbortController();
  private readonly listener = () => void this.checkNow();
  private lastText: string | null = null;
  private lastMiss = 0;
  private job: Promise<void> | null = null;
  private again = false;
  private retry: NodeJS.Timeout | null = null;
  private last: ReencryptSummary | null = null;
  private readonly audits = new Set<Promise<unknown>>();
  private startup: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly deps: KeyWatchDeps,
    private readonly opts: KeyWatchOptions = {},
  ) {
    super();
    this.rotation = new KeyRotation(deps.db, deps.vault);
  }

  /** Starts polling; resumes a re-encryption that an earlier run left unfinished. */
  start(): this {
    // Not persistent: the watch alone never keeps the process alive.
    watchFile(this.deps.file, { interval: this.opts.intervalMs ?? KEY_WATCH_INTERVAL_MS, persistent: false }, this.listener);
    // A value sealed by another process under a key installed since the last poll: look now, once a second at most.
    this.deps.vault.onUnknownKey = () => {
      const now = Date.now();
      if (now - this.lastMiss < 1_000) return false;
      this.lastMiss = now;
      return this.checkNow();
    };
    this.checkNow();
    this.startup = this.rotation.needsResume().then(
      (resume) => resume && this.schedule(),
      (err: unknown) => this.deps.log?.error({ err }, 'PII key state unreadable / 无法读取个人信息密钥状态'),
    );
    return this;
  }

  /** Reads the key file and installs it when its keys changed; true when it did. */
  checkNow(): boolean {
    const { vault, log } = this.deps;
    let text: string;
    try {
      text = readFileSync(this.deps.file, 'utf8');
    } catch (err) {
      log?.warn({ code: (err as NodeJS.ErrnoException).code }, 'PII key file unreadable / 无法读取个人信息密钥文件');
      return false;
    }
    if (text === this.lastText || this.closed) return false;
    this.lastText = text;
    let next: Keyring;
    try {
      next = parseKeyFile(text);
    } catch (err) {
      // Only the code and note: a JSON parser's message may quote the file.
      log?.error({ code: (err as FengkongError).code, note: (err as FengkongError).note }, 'PII key file invalid, keys unchanged / 个人信息密钥文件无效,密钥未变');
      return false;
    }
    const from = vault.activeKeyId;
    if (next.activeKeyId === from && next.dataKeys.size === vault.keyIds.length) return false;
    try {
      vault.reload(next);
    } catch (err) {
      log?.error({ code: (err as FengkongError).code, note: (err as FengkongError).note }, 'PII key file refused, keys unchanged / 个人信息密钥文件被拒绝,密钥未变');
      return false;
    }
    const to = next.activeKeyId;
    log?.info({ from, to, keyIds: vault.keyIds }, 'PII keys reloaded / 已加载新的个人信息密钥');
    this.emit('reloaded', { from, to });
    // Called from decrypt too, which cannot wait: the entry is written in the background.
    const audit = this.deps.audit
      .record(SYSTEM_ACTOR, { action: 'pii.keys.rotate', target: { kind: 'pii-key', id: to }, detail: { from, to, keyIds: vault.keyIds, trigger: 'key-file' } })
      .catch((err: unknown) => log?.error({ err }, 'key rotation not audited / 密钥轮换未能写入审计日志'));
    this.audits.add(audit);
    void audit.finally(() => this.audits.delete(audit));
    if (to !== from) this.schedule();
    return true;
  }

  /** Resolves once no background re-encryption is running or due, nor an audit entry being written; the last run's summary. */
  async settled(): Promise<ReencryptSummary | null> {
    await this.startup;
    while (this.job || this.audits.size > 0) await Promise.all([this.job, ...this.audits]);
    return this.last;
  }

  /** Stops polling and the background run (the next start resumes it). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    unwatchFile(this.deps.file, this.listener);
    this.deps.vault.onUnknownKey = null;
    if (this.retry) clearTimeout(this.retry);
    this.abort.abort();
    await Promise.all([this.startup, this.job, ...this.audits]);
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.job) {
      this.again = true;
      return;
    }
    this.job = this.run().finally(() => {
      this.job = null;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    });
  }

  private async run(): Promise<void> {
    const { log, metrics } = this.deps;
    try {
      const s = await this.rotation.reencryptAll({
        settleMs: this.opts.settleMs ?? 1_000,
        pauseMs: this.opts.pauseMs ?? 10,
        ...(this.opts.batchSize ? { batchSize: this.opts.batchSize } : {}),
        signal: this.abort.signal,
        onPass: (p) => {
          metrics.piiValuesUnderOldKeys(p.remainingUnderOldKeys);
          log?.info({ keyId: this.deps.vault.activeKeyId, ...p }, 'PII re-encryption pass / 个人信息重新加密一轮完成');
        },
      });
      this.last = s;
      if (s.remainingUnderOldKeys > 0) log?.warn({ ...s }, 'PII re-encryption stopped with values under old keys / 个人信息重新加密结束,仍有值在旧密钥下');
      if (s.reencrypted > 0 || s.remainingUnderOldKeys > 0) {
        await this.deps.audit.record(SYSTEM_ACTOR, { action: 'pii.keys.reencrypt', target: { kind: 'pii-key', id: s.keyId }, detail: { ...s } });
      }
      this.emit('reencrypted', s);
    } catch (err) {
      if (this.closed) return;
      log?.error({ err }, 'PII re-encryption failed, will retry / 个人信息重新加密失败,稍后重试');
      this.emit('failed', err);
      this.retry = setTimeout(() => this.schedule(), this.opts.retryMs ?? 30_000).unref();
    }
  }
}

/** Starts watching the platform's key file; null when the keys come from FENGKONG_PII_KEYS (a restart is needed there). */
export function watchKeyFile(env: NodeJS.ProcessEnv, defaultKeyFile: string, deps: Omit<KeyWatchDeps, 'file'>, opts: KeyWatchOptions = {}): KeyWatcher | null {
  const file = keyFileOf(env, defaultKeyFile);
  return file ? new KeyWatcher({ ...deps, file }, opts).start() : null;
}
