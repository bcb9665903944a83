/**
 * The audit chain: each entry's hash covers its content and the previous entry's hash, and
 * positions run 1, 2, 3 … without gaps. Editing an entry breaks its own hash, deleting one leaves
 * a gap, reordering breaks the link to the previous hash — the verifier names the first entry
 * where the chain no longer holds. The hash is an HMAC-SHA256 under a key the database does not
 * hold, so someone who can write to the database cannot recompute a consistent chain after an
 * edit. Pure (node:crypto only).
 */
import { createHmac } from 'node:crypto';
import { canonicalJson } from '../../pii/seal-record.js';

export const GENESIS_HASH = '0'.repeat(64);

export type ActorType = 'user' | 'apikey' | 'system';

/** What is recorded about one action (the chain fields are added when it is appended). */
export interface AuditFacts {
  /** ISO 8601 UTC with milliseconds, as stored. */
  at: string;
  actorType: ActorType;
  actorId: string;
  /** Dotted verb: strategy.publish, list.entry.add, pii.unmask, login.failure … */
  action: string;
  targetKind: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** Why personal data was unmasked or exported (required for those actions). */
  purpose: string | null;
  /** Before/after and other specifics, as canonical JSON (sorted keys): exactly what is hashed. */
  detail: string;
}

export interface AuditEntry extends AuditFacts {
  seq: number;
  prevHash: string;
  hash: string;
}

export function entryHash(key: Buffer, seq: number, facts: AuditFacts, prevHash: string): string {
  const content = canonicalJson({
    seq,
    at: facts.at,
    actorType: facts.actorType,
    actorId: facts.actorId,
    action: facts.action,
    targetKind: facts.targetKind,
    targetId: facts.targetId,
    ip: facts.ip,
    userAgent: facts.userAgent,
    purpose: facts.purpose,
    detail: facts.detail,
    prevHash,
  });
  return createHmac('sha256', key).update(content).digest('hex');
}

export function chainEntry(key: Buffer, previous: { seq: number; hash: string } | null, facts: AuditFacts): AuditEntry {
  const seq = (previous?.seq ?? 0) + 1;
  const prevHash = previous?.hash ?? GENESIS_HASH;
  return { ...facts, seq, prevHash, hash: entryHash(key, seq, facts, prevHash) };
}

export type ChainBreak =
  | { seq: number; reason: 'missing'; message: { zh: string; en: string } }
  | { seq: number; reason: 'edited'; message: { zh: string; en: string } }
  | { seq: number; reason: 'relinked'; message: { zh: string; en: string } };

/** Checks entries fed in seq order; remembers where the chain stands. */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  count = 0;

  constructor(private readonly key: Buffer) {}

  /** The first break this entry shows, or null when it continues the chain. */
  push(e: AuditEntry): ChainBreak | null {
    if (e.seq !== this.expectedSeq) {
      const seq = this.expectedSeq;
      return { seq, reason: 'missing', message: { zh: `第 ${seq} 条审计记录缺失(下一条为第 ${e.seq} 条)`, en: `audit entry ${seq} is missing (the next one is ${e.seq})` } };
    }
    if (e.prevHash !== this.prevHash) {
      return { seq: e.seq, reason: 'relinked', message: { zh: `第 ${e.seq} 条审计记录与前一条的链接不符(被删除、插入或调换顺序)`, en: `audit entry ${e.seq} does not link to the entry before it (deleted, inserted or reordered)` } };
    }
    if (entryHash(this.key, e.seq, e, e.prevHash) !== e.hash) {
      return { seq: e.seq, reason: 'edited', message: { zh: `第 ${e.seq} 条审计记录的内容被改动`, en: `audit entry ${e.seq} was altered` } };
    }
    this.expectedSeq = e.seq + 1;
    this.prevHash = e.hash;
    this.count++;
    return null;
  }

  /** The newest verified entry: record it elsewhere to detect a cut-off tail later. */
  get head(): { seq: number; hash: string } {
    return { seq: this.expectedSeq - 1, hash: this.prevHash };
  }
}
