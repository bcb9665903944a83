/**
 * Re-encrypts every sealed value still under an old data key with the vault's active key, while
 * the platform keeps writing: page by page over each sealed location, compare-and-set per row,
 * pass after pass until none is left. The work itself is never bookmarked: a run that stops
 * (crash, Ctrl-C, shutdown) is resumed by the next, which finds the same rows still under old
 * keys. Only the outcome is kept, so a restarting service knows whether to resume at all.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SqlClient } from '../store/sql-client.js';
import { type Resealed, resealFields, resealText } from './domain/reseal.js';
import type { PiiVault } from './pii-vault.js';
import { locationName, SEALED_LOCATIONS, type SealedLocation } from './sealed-locations.js';
import { type ReencryptionMark, SealedValueStore, type Swap } from './sealed-value-store.js';

export interface ReencryptOptions {
  /** Rows per page and per compare-and-set statement (default 500). */
  batchSize?: number;
  /**
   * After the first pass that leaves nothing under an old key, wait this long and check again:
   * writers that sealed under the old key just before they loaded the new one may still commit.
   * 0 when nobody else can be writing (the embedded store, opened by this process).
   */
  settleMs?: number;
  /** Pause between pages, leaving the store to live traffic (default 0). */
  pauseMs?: number;
  /** Passes in a row that re-encrypt nothing while values remain (unreadable, locked) before giving up (default 3). */
  maxStalledPasses?: number;
  signal?: AbortSignal;
  /** After each page: the location and this pass's running counts there. */
  onProgress?: (p: { location: string; reencrypted: number; unreadable: number }) => void;
  /** After each pass: values still under old keys everywhere. */
  onPass?: (p: { pass: number; reencrypted: number; remainingUnderOldKeys: number }) => void;
  /** Before a settle wait. */
  onSettle?: (ms: number) => void;
}

export interface ReencryptSummary {
  keyId: string;
  /** Sealed values re-encrypted by this run. */
  reencrypted: number;
  /** Values under an old key that could not be opened in the last pass (unknown key id, damaged). */
  unreadable: number;
  remainingUnderOldKeys: number;
  passes: number;
}

/** Sealed values per location and key id: what `keys status` shows. */
export type KeyUsage = Record<string, Record<string, number>>;

export class KeyRotation {
  private readonly store: SealedValueStore;

  constructor(
    db: SqlClient,
    private readonly vault: PiiVault,
    private readonly locations: readonly SealedLocation[] = SEALED_LOCATIONS,
  ) {
    this.store = new SealedValueStore(db);
  }

  /** Passes until no value is left under an old key (or progress stops); records the outcome. */
  async reencryptAll(opts: ReencryptOptions = {}): Promise<ReencryptSummary> {
    const locations = await this.store.present(this.locations);
    let settled = !opts.settleMs;
    let stalled = 0;
    let reencrypted = 0;
    let retryMs = 250;
    for (let pass = 1; ; pass++) {
      const p = await this.pass(locations, opts);
      reencrypted += p.reencrypted;
      const remaining = oldKeyTotal(await this.usageAt(locations), this.vault.activeKeyId);
      opts.onPass?.({ pass, reencrypted: p.reencrypted, remainingUnderOldKeys: remaining });
      stalled = p.reencrypted === 0 && remaining > 0 ? stalled + 1 : 0;
      if ((remaining === 0 && settled) || stalled >= (opts.maxStalledPasses ?? 3)) {
        const summary = { keyId: this.vault.activeKeyId, reencrypted, unreadable: p.unreadable, remainingUnderOldKeys: remaining, passes: pass };
        await this.store.setMark({ activeKeyId: summary.keyId, complete: remaining === 0, remainingUnderOldKeys: remaining, at: new Date().toISOString() });
        return summary;
      }
      if (remaining === 0) {
        opts.onSettle?.(opts.settleMs!);
        await sleep(opts.settleMs!, undefined, { signal: opts.signal });
        settled = true;
      } else {
        // Values remain: someone still writes under an old key, or rows were busy. Back off a little.
        await sleep(retryMs, undefined, { signal: opts.signal });
        retryMs = Math.min(retryMs * 2, 30_000);
      }
    }
  }

  /** One pass over every location: each value under an old key re-sealed under the active one. */
  async pass(locations: readonly SealedLocation[], opts: ReencryptOptions = {}): Promise<{ reencrypted: number; unreadable: number }> {
    let reencrypted = 0;
    let unreadable = 0;
    for (const loc of locations) {
      const at = await this.passAt(loc, opts);
      reencrypted += at.reencrypted;
      unreadable += at.unreadable;
    }
    return { reencrypted, unreadable };
  }

  private async passAt(loc: SealedLocation, opts: ReencryptOptions): Promise<{ reencrypted: number; unreadable: number }> {
    const limit = opts.batchSize ?? 500;
    const location = locationName(loc);
    const reseal = (c: string) => this.vault.reencrypt(c);
    let reencrypted = 0;
    let unreadable = 0;
    for (let after = ''; ; ) {
      opts.signal?.throwIfAborted();
      // Read per page: a key installed mid-pass is used from the next page on.
      const active = this.vault.activeKeyId;
      const rows = await this.store.page<unknown>(loc, after, active, limit);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      const swaps: Array<Swap<unknown>> = [];
      const counts = new Map<string, number>();
      for (const row of rows) {
        const r: Resealed<unknown> = loc.shape === 'fields' ? resealFields(row.value as Record<string, unknown>, active, reseal) : resealText(row.value as string, active, reseal);
        unreadable += r.unreadable;
        if (r.next === null) continue;
        swaps.push({ id: row.id, old: row.value, next: r.next });
        counts.set(row.id, r.resealed);
      }
      for (const id of await this.store.swap(loc, swaps)) reencrypted += counts.get(id) ?? 0;
      opts.onProgress?.({ location, reencrypted, unreadable });
      if (rows.length < limit) break;
      if (opts.pauseMs) await sleep(opts.pauseMs, undefined, { signal: opts.signal });
    }
    return { reencrypted, unreadable };
  }

  /** Sealed values per location and key id. */
  async usage(): Promise<KeyUsage> {
    return this.usageAt(await this.store.present(this.locations));
  }

  private async usageAt(locations: readonly SealedLocation[]): Promise<KeyUsage> {
    const out: KeyUsage = {};
    for (const loc of locations) out[locationName(loc)] = await this.store.countByKeyId(loc);
    return out;
  }

  /** What the last finished re-encryption left behind, if any ran on this store. */
  lastOutcome(): Promise<ReencryptionMark | null> {
    return this.store.mark();
  }

  /** Whether a restart must resume: the last run was for another key or left values behind. */
  async needsResume(): Promise<boolean> {
    const mark = await this.store.mark();
    return !mark || !mark.complete || mark.activeKeyId !== this.vault.activeKeyId;
  }
}

/** Values under any key but the active one. */
export function oldKeyTotal(usage: KeyUsage, activeKeyId: string): number {
  let n = 0;
  for (const byKey of Object.values(usage)) for (const [keyId, count] of Object.entries(byKey)) if (keyId !== activeKeyId) n += count;
  return n;
}
