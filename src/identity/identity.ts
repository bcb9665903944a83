/**
 * Identity and access: people (users, sign-in, sessions) and machines (API keys), composed once
 * for the API, the CLI and the first run.
 */
import { readFileSync } from 'node:fs';
import type { AuditLog } from '../audit/audit-log.js';
import { SYSTEM_ACTOR } from '../audit/audit-log.js';
import type { PiiVault } from '../pii/pii-vault.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError } from '../shared/errors.js';
import type { SqlClient } from '../store/sql-client.js';
import { ApiKeyRegistry } from './api-keys.js';
import { isRole, permissionsOf } from './domain/permissions.js';
import { PasswordHasher } from './password-hasher.js';
import type { UserPrincipal } from './principal.js';
import { type SessionSettings, SessionStore } from './session-store.js';
import { type LockoutSettings, SignIn, stageOf } from './sign-in.js';
import { generatePassword, UserDirectory } from './user-directory.js';

export interface IdentitySettings {
  session: SessionSettings;
  lockout: LockoutSettings;
  /** Sign-in attempts per client address per minute. */
  loginPerMinute: number;
}

export const DEFAULT_IDENTITY_SETTINGS: IdentitySettings = {
  session: { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 },
  lockout: { maxFailures: 5, lockoutMs: 15 * 60_000 },
  loginPerMinute: 20,
};

export const FIRST_ADMIN = 'admin';

export class Identity {
  readonly hasher = new PasswordHasher();
  readonly users: UserDirectory;
  readonly sessions: SessionStore;
  readonly signIn: SignIn;
  readonly apiKeys: ApiKeyRegistry;

  constructor(
    db: SqlClient,
    audit: AuditLog,
    vault: PiiVault,
    clock: Clock,
    readonly settings: IdentitySettings,
  ) {
    this.users = new UserDirectory(db, audit, this.hasher, clock);
    this.sessions = new SessionStore(db, clock, settings.session);
    this.signIn = new SignIn(db, audit, this.hasher, vault, this.sessions, clock, settings.lockout);
    this.apiKeys = new ApiKeyRegistry(db, audit, clock);
  }

  /** The principal of a session token, or null. */
  async sessionPrincipal(token: string): Promise<UserPrincipal | null> {
    const s = await this.sessions.resolve(token);
    if (!s) return null;
    const roles = s.user.roles.filter(isRole);
    return { kind: 'user', userId: s.user.id, username: s.user.username, roles, permissions: permissionsOf(roles), stage: stageOf(s.user), sessionId: s.sessionId };
  }

  /**
   * On an installation without users: creates `admin` with the password from
   * FENGKONG_ADMIN_PASSWORD (or the file FENGKONG_ADMIN_PASSWORD_FILE names), or a generated one
   * returned here to be shown once. Either way it must be changed at first sign-in.
   */
  async ensureFirstAdmin(env: NodeJS.ProcessEnv): Promise<{ created: boolean; generatedPassword: string | null }> {
    if ((await this.users.count()) > 0) return { created: false, generatedPassword: null };
    let given = env.FENGKONG_ADMIN_PASSWORD;
    if (!given && env.FENGKONG_ADMIN_PASSWORD_FILE) {
      try {
        given = readFileSync(env.FENGKONG_ADMIN_PASSWORD_FILE, 'utf8').trim();
      } catch (cause) {
        throw new FengkongError('CONFIG_INVALID', { note: 'FENGKONG_ADMIN_PASSWORD_FILE cannot be read', cause });
      }
    }
    const password = given || generatePassword();
    try {
      await this.users.create({ username: FIRST_ADMIN, roles: ['admin'], password }, SYSTEM_ACTOR, { mustChangePassword: true });
    } catch (err) {
      // Another process of a shared PostgreSQL created it first: fine.
      if (err instanceof FengkongError && err.code === 'USER_EXISTS') return { created: false, generatedPassword: null };
      if (err instanceof FengkongError && err.code === 'PASSWORD_POLICY') {
        const why = Array.isArray(err.details) ? err.details.map((p) => (p as { message: { en: string } }).message.en).join('; ') : '';
        throw new FengkongError('CONFIG_INVALID', { note: `FENGKONG_ADMIN_PASSWORD does not meet the password policy: ${why}` });
      }
      throw err;
    }
    return { created: true, generatedPassword: given ? null : password };
  }
}
