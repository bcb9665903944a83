/** What the administration endpoints send, typed for the pages. */

export const ROLES = ['admin', 'strategy_analyst', 'strategy_approver', 'investigator', 'investigation_lead', 'modeller', 'model_approver', 'compliance_officer', 'auditor', 'viewer'] as const;

export interface User {
  id: string;
  username: string;
  displayName: string | null;
  roles: string[];
  mustChangePassword: boolean;
  totpEnabled: boolean;
  lockedUntil: string | null;
  disabled: boolean;
  lastLoginAt: string | null;
  createdBy: string;
  createdAt: string;
}

export interface RoleGrant {
  role: string;
  permissions: string[];
  requiresTotp: boolean;
}

export interface ApiKey {
  id: string;
  name: string;
  scopes: string[];
  ratePerSecond: number;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorType: string;
  actorId: string;
  action: string;
  targetKind: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  purpose: string | null;
  detail: unknown;
  prevHash: string;
  hash: string;
}

/** A `datetime-local` value (the browser's zone) as an ISO instant for the API; empty stays empty. */
export function localToIso(v: string): string | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
