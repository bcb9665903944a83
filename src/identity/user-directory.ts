/**
 * The people who use the platform: create, list, change roles, disable, reset a password or a
 * second factor. Every change is audited with its before and after, in the same transaction.
 * User names are immutable (they are what the audit log records) and unique whatever their case.
 */
import { randomBytes } from 'node:crypto';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError, type FieldProblem } from '../shared/errors.js';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import { checkPassword } from './domain/password-policy.js';
import { isRole, type Role } from './domain/permissions.js';
import type { PasswordHasher } from './password-hasher.js';

export interface User {
  id: string;
  username: string;
  displayName: string | null;
  roles: Role[];
  mustChangePassword: boolean;
  totpEnabled: boolean;
  /** Set while a lockout is in force. */
  lockedUntil: string | null;
  disabled: boolean;
  lastLoginAt: string | null;
  createdBy: string;
  createdAt: string;
}

export interface UserRow {
  id: string;
  username: string;
  display_name: string | null;
  roles: string[];
  password_hash: string;
  must_change_password: boolean;
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_step: number | null;
  failed_logins: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  last_login_at: Date | null;
  created_by: string;
  created_at: Date;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function toUser(r: UserRow, now: number): User {
  const locked = r.locked_until && new Date(r.locked_until).getTime() > now ? iso(r.locked_until) : null;
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: r.roles.filter(isRole),
    mustChangePassword: r.must_change_password,
    totpEnabled: r.totp_enabled,
    lockedUntil: locked,
    disabled: r.disabled_at !== null,
    lastLoginAt: iso(r.last_login_at),
    createdBy: r.created_by,
    createdAt: iso(r.created_at)!,
  };
}

/** The part of a user the audit log shows as before/after. */
function auditView(u: User): Record<string, unknown> {
  return { username: u.username, displayName: u.displayName, roles: u.roles, disabled: u.disabled };
}

function checkRoles(roles: unknown): Role[] {
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) {
    throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'roles', reason: 'value', message: { zh: '至少一个有效角色', en: 'at least one valid role' } }] });
  }
  return [...new Set(roles)];
}

/** A password that meets the policy, for first runs and resets (shown once, changed at first sign-in). */
export function generatePassword(): string {
  // 18 random bytes → 24 base64url characters; the fixed tail guarantees every character class.
  return `${randomBytes(18).toString('base64url')}-9a`;
}

export class UserDirectory {
  constructor(
    private readonly db: SqlClient,
    private readonly audit: AuditLog,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async count(): Promise<number> {
    const r = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    return Number(r.rows[0]!.n);
  }

  async list(): Promise<User[]> {
    const r = await this.db.query<UserRow>('SELECT * FROM users ORDER BY username_key');
    const now = this.clock.now();
    return r.rows.map((x) => toUser(x, now));
  }

  async get(id: string): Promise<User | null> {
    const r = await this.db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return r.rows[0] ? toUser(r.rows[0], this.clock.now()) : null;
  }

  async byUsername(username: string): Promise<UserRow | null> {
    const r = await this.db.query<UserRow>('SELECT * FROM users WHERE username_key = $1', [username.trim().toLowerCase()]);
    return r.rows[0] ?? null;
  }

  /** Creates a user who must change the password at first sign-in (unless told otherwise). */
  async create(input: { username: unknown; displayName?: unknown; roles: unknown; password: unknown }, actor: AuditActor, opts: { mustChangePassword?: boolean } = {}): Promise<User> {
    const problems: FieldProblem[] = [];
    const username = typeof input.username === 'string' ? input.username.trim() : '';
    if (!USERNAME.test(username)) problems.push({ field: 'username', reason: 'format', message: { zh: '3–64 个字母、数字或 ._-,以字母或数字开头', en: '3–64 letters, digits or ._-, starting with a letter or digit' } });
    if (input.displayName !== undefined && (typeof input.displayName !== 'string' || input.displayName.length > 128)) problems.push({ field: 'displayName', reason: 'value', message: { zh: '最多 128 个字符', en: 'at most 128 characters' } });
    if (problems.length) throw new FengkongError('REQUEST_INVALID', { details: problems });
    const roles = checkRoles(input.roles);
    const pw = checkPassword(input.password, username);
    if (pw.length) throw new FengkongError('PASSWORD_POLICY', { details: pw });
    const hash = await this.hasher.hash(input.password as string);
    const at = new Date(this.clock.now()).toISOString();
    const id = `u_${randomBytes(8).toString('hex')}`;
    return this.db.transaction(async (tx) => {
      const r = await tx.query<UserRow>(
        `INSERT INTO users (id, username, username_key, display_name, roles, password_hash, must_change_password, password_changed_at, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8) ON CONFLICT (username_key) DO NOTHING RETURNING *`,
        [id, username, username.toLowerCase(), (input.displayName as string | undefined) ?? null, roles, hash, opts.mustChangePassword ?? true, at, actor.id],
      );
      if (!r.rows[0]) throw new FengkongError('USER_EXISTS');
      const user = toUser(r.rows[0], this.clock.now());
      await this.audit.append(tx, actor, { action: 'user.create', target: { kind: 'user', id: username }, detail: { before: null, after: auditView(user) } });
      return user;
    });
  }

  /** Changes roles, display name or the disabled flag; a disabled user's sessions end at once. */
  async update(id: string, change: { roles?: unknown; displayName?: unknown; disabled?: unknown }, actor: AuditActor): Promise<User> {
    const roles = change.roles === undefined ? undefined : checkRoles(change.roles);
    if (change.disabled !== undefined && typeof change.disabled !== 'boolean') throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'disabled', reason: 'type', message: { zh: '应为布尔值', en: 'expected a boolean' } }] });
    if (change.displayName !== undefined && change.displayName !== null && (typeof change.displayName !== 'string' || change.displayName.length > 128)) {
      throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'displayName', reason: 'value', message: { zh: '最多 128 个字符', en: 'at most 128 characters' } }] });
    }
    return this.db.transaction(async (tx) => {
      const before = await this.lockRow(tx, id);
      const now = this.clock.now();
      const disabledAt = change.disabled === undefined ? before.disabled_at : change.disabled ? (before.disabled_at ?? new Date(now)) : null;
      const r = await tx.query<UserRow>('UPDATE users SET roles = $2, display_name = $3, disabled_at = $4 WHERE id = $1 RETURNING *', [
        id,
        roles ?? before.roles,
        change.displayName === undefined ? before.display_name : change.displayName,
        disabledAt,
      ]);
      const after = toUser(r.rows[0]!, now);
      const wasAdmin = before.disabled_at === null && before.roles.includes('admin');
      if (wasAdmin && (after.disabled || !after.roles.includes('admin'))) await this.keepAnAdmin(tx);
      // Fewer rights or no access: sessions end now rather than at their timeout.
      if (after.disabled || roles) await endSessionsOf(tx, id, now);
      await this.audit.append(tx, actor, { action: 'user.update', target: { kind: 'user', id: before.username }, detail: { before: auditView(toUser(before, now)), after: auditView(after) } });
      return after;
    });
  }

  /** Sets a new temporary password (generated unless given), lifts a lockout, ends sessions. */
  async resetPassword(id: string, password: unknown, actor: AuditActor): Promise<{ user: User; password: string | null }> {
    const row = await this.db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    if (!row.rows[0]) throw new FengkongError('NOT_FOUND');
    const generated = password === undefined ? generatePassword() : null;
    const pw = checkPassword(generated ?? password, row.rows[0].username);
    if (pw.length) throw new FengkongError('PASSWORD_POLICY', { details: pw });
    const hash = await this.hasher.hash((generated ?? password) as string);
    const user = await this.db.transaction(async (tx) => {
      const before = await this.lockRow(tx, id);
      const now = this.clock.now();
      const r = await tx.query<UserRow>(
        'UPDATE users SET password_hash = $2, must_change_password = true, password_changed_at = $3, failed_logins = 0, locked_until = NULL WHERE id = $1 RETURNING *',
        [id, hash, new Date(now).toISOString()],
      );
      await endSessionsOf(tx, id, now);
      await this.audit.append(tx, actor, { action: 'user.password.reset', target: { kind: 'user', id: before.username }, detail: { unlocked: before.locked_until !== null } });
      return toUser(r.rows[0]!, now);
    });
    return { user, password: generated };
  }

  /** Clears the second factor: the user enrols a new one at next sign-in. */
  async resetTotp(id: string, actor: AuditActor): Promise<User> {
    return this.db.transaction(async (tx) => {
      const before = await this.lockRow(tx, id);
      const now = this.clock.now();
      const r = await tx.query<UserRow>('UPDATE users SET totp_secret = NULL, totp_enabled = false, totp_last_step = NULL WHERE id = $1 RETURNING *', [id]);
      await endSessionsOf(tx, id, now);
      await this.audit.append(tx, actor, { action: 'user.totp.reset', target: { kind: 'user', id: before.username }, detail: { before: { totpEnabled: before.totp_enabled }, after: { totpEnabled: false } } });
      return toUser(r.rows[0]!, now);
    });
  }

  private async lockRow(tx: SqlExecutor, id: string): Promise<UserRow> {
    const r = await tx.query<UserRow>('SELECT * FROM users WHERE id = $1 FOR UPDATE', [id]);
    if (!r.rows[0]) throw new FengkongError('NOT_FOUND');
    return r.rows[0];
  }

  // Nobody can lock the platform out of its own administration.
  private async keepAnAdmin(tx: SqlExecutor): Promise<void> {
    const r = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE 'admin' = ANY(roles) AND disabled_at IS NULL");
    if (Number(r.rows[0]!.n) === 0) throw new FengkongError('LAST_ADMIN');
  }
}

/** Ends every open session of a user (inside the caller's transaction). */
export async function endSessionsOf(tx: SqlExecutor, userId: string, now: number, exceptSessionId?: string): Promise<void> {
  await tx.query('UPDATE sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL AND id <> $3', [userId, new Date(now).toISOString(), exceptSessionId ?? '']);
}
