/**
 * API keys for machine clients of the decision and ingestion APIs: scoped, expiring, revocable,
 * stored as SHA-256 of their secret (a 256-bit random secret needs no slow hash). A key is
 * `fk_<id>_<secret>`: the id finds the row, the secret is compared in constant time.
 *
 * Verified keys are cached because the decision path cannot afford a store round trip per
 * request: an entry older than CACHE_MS is re-checked in the background while it still answers
 * (a request never waits for the store while its key is known), and one older than STALE_MAX_MS
 * (a key unused that long, or a store that has not answered) is checked before use. Revocation in
 * this process drops the cache entry at once; other processes sharing PostgreSQL see it within
 * CACHE_MS and one store round trip for a key in steady use, at worst within STALE_MAX_MS.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError, type FieldProblem } from '../shared/errors.js';
import type { SqlClient } from '../store/sql-client.js';
import { API_KEY_SCOPE_NAMES, type ApiKeyScope, isScope, scopePermissions } from './domain/permissions.js';
import type { ApiKeyPrincipal } from './principal.js';

export interface ApiKeyInfo {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  ratePerSecond: number;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

interface Row {
  id: string;
  secret_hash: string;
  name: string;
  scopes: string[];
  rate_per_second: number;
  created_by: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const KEY = /^fk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const CACHE_MS = 5_000;
const STALE_MAX_MS = 15_000;
const MAX_CACHED = 10_000;
const USED_EVERY_MS = 60_000;
export const DEFAULT_KEY_RATE_PER_SECOND = 20_000;

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);
const digest = (secret: string): Buffer => createHash('sha256').update(secret).digest();

function info(r: Row): ApiKeyInfo {
  return {
    id: r.id,
    name: r.name,
    scopes: r.scopes.filter(isScope),
    ratePerSecond: Number(r.rate_per_second),
    createdBy: r.created_by,
    createdAt: iso(r.created_at)!,
    expiresAt: iso(r.expires_at),
    revokedAt: iso(r.revoked_at),
    lastUsedAt: iso(r.last_used_at),
  };
}

interface Cached {
  principal: ApiKeyPrincipal;
  checkedAt: number;
  expiresAt: number;
}

export class ApiKeyRegistry {
  private readonly cache = new Map<string, Cached>();
  /** Checks in flight, one per presented key: a burst of requests shares one store query. */
  private readonly checking = new Map<string, Promise<ApiKeyPrincipal | null>>();
  /** Bumped by every revocation: a check that began before it must not cache what it read. */
  private revocations = 0;
  private readonly usedAt = new Map<string, number>();

  constructor(
    private readonly db: SqlClient,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Creates a key; the clear key is in the answer only, never stored or logged. */
  async create(input: { name?: unknown; scopes?: unknown; expiresAt?: unknown; ratePerSecond?: unknown }, actor: AuditActor): Promise<ApiKeyInfo & { key: string }> {
    const problems: FieldProblem[] = [];
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name.length < 1 || name.length > 64) problems.push({ field: 'name', reason: 'value', message: { zh: '1–64 个字符', en: '1–64 characters' } });
    const scopes = Array.isArray(input.scopes) ? [...new Set(input.scopes)] : [];
    if (scopes.length === 0 || !scopes.every(isScope)) problems.push({ field: 'scopes', reason: 'value', message: { zh: `至少一个:${API_KEY_SCOPE_NAMES.join(', ')}`, en: `one or more of: ${API_KEY_SCOPE_NAMES.join(', ')}` } });
    let expiresAt: string | null = null;
    if (input.expiresAt !== undefined && input.expiresAt !== null) {
      const t = typeof input.expiresAt === 'string' ? Date.parse(input.expiresAt) : NaN;
      if (!Number.isFinite(t) || t <= this.clock.now()) problems.push({ field: 'expiresAt', reason: 'value', message: { zh: '应为将来的 ISO 8601 时间', en: 'an ISO 8601 time in the future' } });
      else expiresAt = new Date(t).toISOString();
    }
    const rate = input.ratePerSecond ?? DEFAULT_KEY_RATE_PER_SECOND;
    if (!Number.isInteger(rate) || (rate as number) < 1 || (rate as number) > 1_000_000) problems.push({ field: 'ratePerSecond', reason: 'value', message: { zh: '1–1000000 的整数', en: 'an integer in 1..1000000' } });
    if (problems.length) throw new FengkongError('REQUEST_INVALID', { details: problems });

    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const at = new Date(this.clock.now()).toISOString();
    const row = await this.db.transaction(async (tx) => {
      const r = await tx.query<Row>(
        'INSERT INTO api_keys (id, secret_hash, name, scopes, rate_per_second, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *',
        [id, digest(secret).toString('base64url'), name, scopes, rate, actor.id, at, expiresAt],
      );
      await this.audit.append(tx, actor, { action: 'apikey.create', target: { kind: 'apikey', id }, detail: { after: { name, scopes, expiresAt, ratePerSecond: rate } } });
      return r.rows[0]!;
    });
    return { ...info(row), key: `fk_${id}_${secret}` };
  }

  async list(): Promise<ApiKeyInfo[]> {
    const r = await this.db.query<Row>('SELECT * FROM api_keys ORDER BY created_at, id');
    return r.rows.map(info);
  }

  async revoke(id: string, actor: AuditActor): Promise<ApiKeyInfo> {
    const row = await this.db.transaction(async (tx) => {
      const r = await tx.query<Row>('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2), revoked_by = COALESCE(revoked_by, $3) WHERE id = $1 RETURNING *', [id, new Date(this.clock.now()).toISOString(), actor.id]);
      if (!r.rows[0]) throw new FengkongError('NOT_FOUND');
      await this.audit.append(tx, actor, { action: 'apikey.revoke', target: { kind: 'apikey', id }, detail: { name: r.rows[0].name } });
      return r.rows[0];
    });
    this.revocations++;
    for (const [k, c] of this.cache) if (c.principal.keyId === id) this.cache.delete(k);
    return info(row);
  }

  /** The principal of a presented key, or null (malformed, unknown, wrong secret, revoked, expired). */
  async authenticate(presented: string): Promise<ApiKeyPrincipal | null> {
    const now = this.clock.now();
    const hit = this.cache.get(presented);
    if (hit && now < hit.expiresAt && now - hit.checkedAt < STALE_MAX_MS) {
      if (now - hit.checkedAt >= CACHE_MS) this.check(presented).catch(() => undefined); // stays stale; the next request retries
      this.noteUse(hit.principal.keyId, now);
      return hit.principal;
    }
    return this.check(presented);
  }

  private check(presented: string): Promise<ApiKeyPrincipal | null> {
    let running = this.checking.get(presented);
    if (!running) {
      running = this.verify(presented).finally(() => this.checking.delete(presented));
      this.checking.set(presented, running);
    }
    return running;
  }

  /** Reads the key and checks it; caches the principal, or drops what was cached. */
  private async verify(presented: string): Promise<ApiKeyPrincipal | null> {
    let checked: Cached | null = null;
    for (let attempt = 0; ; attempt++) {
      const revocations = this.revocations;
      checked = await this.read(presented);
      if (revocations === this.revocations) break;
      // A revocation while the row was being read: the row may predate it. Read again; under a
      // stream of revocations, answer what was read last without caching it.
      if (attempt === 2) return checked?.principal ?? null;
    }
    if (!checked) {
      this.cache.delete(presented);
      return null;
    }
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(presented, checked);
    this.noteUse(checked.principal.keyId, checked.checkedAt);
    return checked.principal;
  }

  private async read(presented: string): Promise<Cached | null> {
    const now = this.clock.now();
    const m = KEY.exec(presented);
    if (!m) return null;
    const r = await this.db.query<Row>('SELECT * FROM api_keys WHERE id = $1', [m[1]]);
    const row = r.rows[0];
    if (!row) return null;
    const expected = Buffer.from(row.secret_hash, 'base64url');
    const actual = digest(m[2]!);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
    if (row.revoked_at) return null;
    const expiresAt = row.expires_at ? new Date(row.expires_at).getTime() : Infinity;
    if (expiresAt <= now) return null;
    const scopes = row.scopes.filter(isScope);
    const principal: ApiKeyPrincipal = { kind: 'apikey', keyId: row.id, name: row.name, scopes, permissions: scopePermissions(scopes), ratePerSecond: Number(row.rate_per_second) };
    return { principal, checkedAt: now, expiresAt };
  }

  // Last use is kept to the minute, written off the request path.
  private noteUse(id: string, now: number): void {
    const last = this.usedAt.get(id) ?? 0;
    if (now - last < USED_EVERY_MS) return;
    this.usedAt.set(id, now);
    this.db.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [id, new Date(now).toISOString()]).catch(() => {
      // A missed last-use stamp is not worth failing a decision for.
    });
  }
}
