/**
 * Human sessions in the store, so every process behind a load balancer sees the same ones. The
 * browser holds a random token; the store holds only its SHA-256. A session ends on sign-out, after
 * `idleMs` without a request, at `absoluteMs` after sign-in, or when its user is disabled.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import type { UserRow } from './user-directory.js';

export interface SessionSettings {
  idleMs: number;
  absoluteMs: number;
}

export interface OpenedSession {
  token: string;
  id: string;
  expiresAt: string;
}

export interface ResolvedSession {
  sessionId: string;
  user: UserRow;
}

// Seen-at is written at most this often: idle expiry is exact to within it, and a busy console
// does not turn every read into a write.
const TOUCH_EVERY_MS = 30_000;

export const SESSION_TOKEN_PREFIX = 'fks_';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export class SessionStore {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
    readonly settings: SessionSettings,
  ) {}

  async open(tx: SqlExecutor, userId: string, from: { ip?: string | null; userAgent?: string | null }): Promise<OpenedSession> {
    const token = SESSION_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const id = `s_${randomBytes(8).toString('hex')}`;
    const now = this.clock.now();
    const expiresAt = new Date(now + this.settings.absoluteMs).toISOString();
    await tx.query('INSERT INTO sessions (token_hash, id, user_id, created_at, last_seen_at, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $4, $5, $6, $7)', [
      tokenHash(token),
      id,
      userId,
      new Date(now).toISOString(),
      expiresAt,
      from.ip ?? null,
      from.userAgent ?? null,
    ]);
    return { token, id, expiresAt };
  }

  /** The live session of a token and its user, or null (unknown, ended, expired, idle, disabled). */
  async resolve(token: string): Promise<ResolvedSession | null> {
    if (!token.startsWith(SESSION_TOKEN_PREFIX) || token.length > 100) return null;
    const hash = tokenHash(token);
    const r = await this.db.query<UserRow & { session_id: string; last_seen_at: Date; expires_at: Date; ended_at: Date | null }>(
      `SELECT s.id AS session_id, s.last_seen_at, s.expires_at, s.ended_at, u.*
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
      [hash],
    );
    const row = r.rows[0];
    if (!row || row.ended_at || row.disabled_at) return null;
    const now = this.clock.now();
    const seen = new Date(row.last_seen_at).getTime();
    if (new Date(row.expires_at).getTime() <= now || seen + this.settings.idleMs <= now) {
      await this.db.query('UPDATE sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL', [hash, new Date(now).toISOString()]);
      return null;
    }
    if (now - seen >= TOUCH_EVERY_MS) await this.db.query('UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1', [hash, new Date(now).toISOString()]);
    return { sessionId: row.session_id, user: row };
  }

  async end(token: string): Promise<void> {
    await this.db.query('UPDATE sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL', [tokenHash(token), new Date(this.clock.now()).toISOString()]);
  }
}
