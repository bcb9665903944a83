/**
 * Who is calling: a person in a session, or a machine with an API key. The request guard puts one
 * on every non-public request; audit entries and permission checks read it.
 */
import type { AuditActor } from '../audit/audit-log.js';
import type { ApiKeyScope, Permission, Role } from './domain/permissions.js';

/** Where a session stands: fully usable, or waiting for a password change or TOTP enrolment. */
export type SessionStage = 'active' | 'password_change' | 'totp_enrolment';

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  username: string;
  roles: readonly Role[];
  permissions: ReadonlySet<Permission>;
  stage: SessionStage;
  sessionId: string;
}

export interface ApiKeyPrincipal {
  kind: 'apikey';
  keyId: string;
  name: string;
  scopes: readonly ApiKeyScope[];
  permissions: ReadonlySet<Permission>;
  ratePerSecond: number;
}

export type Principal = UserPrincipal | ApiKeyPrincipal;

/** The audit actor of a principal, with the address and user agent of the request. */
export function actorOf(p: Principal, from: { ip?: string | null; userAgent?: string | null } = {}): AuditActor {
  return p.kind === 'user'
    ? { type: 'user', id: p.username, ip: from.ip ?? null, userAgent: from.userAgent ?? null }
    : { type: 'apikey', id: p.keyId, ip: from.ip ?? null, userAgent: from.userAgent ?? null };
}

/** The stable id a change records as its maker or checker. */
export function principalId(p: Principal): string {
  return p.kind === 'user' ? p.username : `apikey:${p.keyId}`;
}
