/**
 * Signing in and the steps a person owes before a session is fully usable: password (argon2id),
 * TOTP when enrolled, lockout after repeated failures with a cool-down, the first-login password
 * change and TOTP enrolment for roles that change things. Every attempt is audited with its
 * address and user agent; a failure never tells whether the user name exists.
 */
import type { AuditLog } from '../audit/audit-log.js';
import type { PiiVault } from '../pii/pii-vault.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError } from '../shared/errors.js';
import type { SqlClient } from '../store/sql-client.js';
import { checkPassword } from './domain/password-policy.js';
import { isRole, requiresTotp } from './domain/permissions.js';
import { acceptTotp, newTotpSecret } from './domain/totp.js';
import type { PasswordHasher } from './password-hasher.js';
import type { SessionStage, UserPrincipal } from './principal.js';
import type { OpenedSession, SessionStore } from './session-store.js';
import { endSessionsOf, toUser, type User, type UserRow } from './user-directory.js';

export interface LockoutSettings {
  /** Consecutive failures that lock an account. */
  maxFailures: number;
  /** How long the lock lasts. */
  lockoutMs: number;
}

export interface From {
  ip?: string | null;
  userAgent?: string | null;
}

export function stageOf(row: Pick<UserRow, 'must_change_password' | 'totp_enabled' | 'roles'>): SessionStage {
  if (row.must_change_password) return 'password_change';
  if (!row.totp_enabled && requiresTotp(row.roles.filter(isRole))) return 'totp_enrolment';
  return 'active';
}

// What the audit log keeps of a typed user name: enough to see a guessing run, never a password
// typed into the wrong field in full.
const attempted = (name: unknown): string => (typeof name === 'string' ? name.trim().slice(0, 64) : '');

export class SignIn {
  constructor(
    private readonly db: SqlClient,
    private readonly audit: AuditLog,
    private readonly hasher: PasswordHasher,
    private readonly vault: PiiVault,
    private readonly sessions: SessionStore,
    private readonly clock: Clock,
    private readonly lockout: LockoutSettings,
  ) {}

  async login(input: { username?: unknown; password?: unknown; totp?: unknown }, from: From): Promise<OpenedSession & { user: User; stage: SessionStage }> {
    const name = attempted(input.username);
    const password = typeof input.password === 'string' ? input.password : '';
    const r = name ? await this.db.query<UserRow>('SELECT * FROM users WHERE username_key = $1', [name.toLowerCase()]) : { rows: [] };
    const row = r.rows[0];
    const passwordOk = row ? await this.hasher.verify(row.password_hash, password) : await this.hasher.verifyDecoy(password);
    const now = this.clock.now();
    const fail = async (reason: string): Promise<never> => {
      await this.db.transaction(async (tx) => {
        if (row && reason !== 'locked' && reason !== 'disabled') {
          // Counted atomically in the store: parallel guesses cannot slip past the limit.
          await tx.query(
            `UPDATE users SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
                              locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
             WHERE id = $1`,
            [row.id, this.lockout.maxFailures, new Date(now + this.lockout.lockoutMs).toISOString()],
          );
        }
        await this.audit.append(tx, { type: 'user', id: row ? row.username : 'anonymous', ...from }, { action: 'login.failure', detail: { username: name, reason } });
      });
      throw new FengkongError('AUTH_FAILED');
    };
    if (!row) return fail('unknown_user');
    if (row.disabled_at) return fail('disabled');
    if (row.locked_until && new Date(row.locked_until).getTime() > now) return fail('locked');
    if (!passwordOk) return fail('password');
    let step: number | null = null;
    if (row.totp_enabled && row.totp_secret) {
      // The password was right: ask for the second factor (this attempt is not a failure).
      if (input.totp === undefined || input.totp === null || input.totp === '') throw new FengkongError('TOTP_REQUIRED');
      step = acceptTotp(String(this.vault.decrypt(row.totp_secret)), input.totp, now, row.totp_last_step === null ? null : Number(row.totp_last_step));
      if (step === null) return fail('totp');
    }
    return this.db.transaction(async (tx) => {
      const u = await tx.query<UserRow>(
        'UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $2, totp_last_step = COALESCE($3, totp_last_step) WHERE id = $1 RETURNING *',
        [row.id, new Date(now).toISOString(), step],
      );
      const session = await this.sessions.open(tx, row.id, from);
      const stage = stageOf(u.rows[0]!);
      await this.audit.append(tx, { type: 'user', id: row.username, ...from }, { action: 'login.success', target: { kind: 'session', id: session.id }, detail: { stage, totp: step !== null } });
      return { ...session, user: toUser(u.rows[0]!, now), stage };
    });
  }

  async logout(token: string, p: UserPrincipal, from: From): Promise<void> {
    await this.sessions.end(token);
    await this.audit.record({ type: 'user', id: p.username, ...from }, { action: 'logout', target: { kind: 'session', id: p.sessionId } });
  }

  /** Changes one's own password (the current one is required); other sessions of the user end. */
  async changePassword(p: UserPrincipal, current: unknown, next: unknown, from: From): Promise<SessionStage> {
    const r = await this.db.query<UserRow>('SELECT * FROM users WHERE id = $1', [p.userId]);
    const row = r.rows[0];
    if (!row || typeof current !== 'string' || !(await this.hasher.verify(row.password_hash, current))) {
      await this.audit.record({ type: 'user', id: p.username, ...from }, { action: 'user.password.change', detail: { ok: false } });
      throw new FengkongError('AUTH_FAILED');
    }
    const problems = checkPassword(next, row.username, 'newPassword');
    if (typeof next === 'string' && next === current) problems.push({ field: 'newPassword', reason: 'unchanged', message: { zh: '新密码不能与当前密码相同', en: 'must differ from the current password' } });
    if (problems.length) throw new FengkongError('PASSWORD_POLICY', { details: problems });
    const hash = await this.hasher.hash(next as string);
    return this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const u = await tx.query<UserRow>('UPDATE users SET password_hash = $2, must_change_password = false, password_changed_at = $3 WHERE id = $1 RETURNING *', [p.userId, hash, new Date(now).toISOString()]);
      await endSessionsOf(tx, p.userId, now, p.sessionId);
      await this.audit.append(tx, { type: 'user', id: p.username, ...from }, { action: 'user.password.change', target: { kind: 'user', id: p.username }, detail: { ok: true } });
      return stageOf(u.rows[0]!);
    });
  }

  /** Starts TOTP enrolment: a new secret (sealed at rest), shown once to put in an authenticator. */
  async beginTotp(p: UserPrincipal): Promise<{ secret: string; uri: string }> {
    const r = await this.db.query<UserRow>('SELECT * FROM users WHERE id = $1', [p.userId]);
    if (r.rows[0]?.totp_enabled) throw new FengkongError('TOTP_ALREADY_ENROLLED');
    const fresh = newTotpSecret(p.username);
    await this.db.query('UPDATE users SET totp_secret = $2, totp_last_step = NULL WHERE id = $1 AND totp_enabled = false', [p.userId, this.vault.encrypt(fresh.secret)]);
    return fresh;
  }

  /** Confirms enrolment with a first code from the authenticator; the session becomes usable. */
  async confirmTotp(p: UserPrincipal, code: unknown, from: From): Promise<SessionStage> {
    const r = await this.db.query<UserRow>('SELECT * FROM users WHERE id = $1', [p.userId]);
    const row = r.rows[0];
    if (row?.totp_enabled) throw new FengkongError('TOTP_ALREADY_ENROLLED');
    if (!row?.totp_secret) throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'code', reason: 'no_enrolment', message: { zh: '请先开始绑定(/v1/auth/totp/setup)', en: 'start enrolment first (/v1/auth/totp/setup)' } }] });
    const now = this.clock.now();
    const step = acceptTotp(String(this.vault.decrypt(row.totp_secret)), code, now, null);
    if (step === null) throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'code', reason: 'totp', message: { zh: '动态验证码不正确', en: 'the one-time code is wrong' } }] });
    return this.db.transaction(async (tx) => {
      const u = await tx.query<UserRow>('UPDATE users SET totp_enabled = true, totp_last_step = $2 WHERE id = $1 RETURNING *', [p.userId, step]);
      await this.audit.append(tx, { type: 'user', id: p.username, ...from }, { action: 'user.totp.enrol', target: { kind: 'user', id: p.username } });
      return stageOf(u.rows[0]!);
    });
  }
}
