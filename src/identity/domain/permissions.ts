/**
 * Who may do what: the permissions routes declare, the roles of a risk team, and the scopes of
 * machine keys. This table is the whole access policy; routes name a permission beside their
 * definition and the request guard checks it against the caller's roles or key scopes.
 */

export const PERMISSIONS = [
  'events:write',
  'entities:write',
  'events:read',
  'entities:read',
  'decisions:create',
  'decisions:read',
  'strategies:read',
  'strategies:write',
  'strategies:approve',
  'lists:read',
  'lists:write',
  'lists:approve',
  'models:read',
  'models:write',
  'models:approve',
  'credit:decide',
  'credit:read',
  'customers:assess',
  'customers:tolerance',
  'changes:read',
  'changes:propose',
  'changes:decide',
  'cases:read',
  'cases:work',
  'cases:assign',
  'complaints:read',
  'complaints:work',
  'quality:read',
  'overview:read',
  'reports:read',
  'audit:read',
  'users:read',
  'users:manage',
  'apikeys:read',
  'apikeys:manage',
  'pii:unmask',
  'metrics:read',
  'webhooks:read',
  'webhooks:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * What a route asks for: a permission, `public` (health checks, the API document), `signed-in`
 * (any human session, even one that must still change its password or enrol TOTP), or
 * `metrics` (open on loopback, else `metrics:read`).
 */
export type RoutePermission = Permission | 'public' | 'signed-in' | 'metrics';

export const ROLES = [
  'admin',
  'strategy_analyst',
  'strategy_approver',
  'investigator',
  'investigation_lead',
  'modeller',
  'model_approver',
  'compliance_officer',
  'auditor',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

const READS = PERMISSIONS.filter((p) => p.endsWith(':read'));
// Every person sees the overview dashboard (counts only, no personal data); no machine key does.
const CASE_READS: Permission[] = ['overview:read', 'decisions:read', 'events:read', 'entities:read', 'strategies:read', 'lists:read', 'changes:read'];

// Separation of duties: whoever writes a change cannot approve it (enforced per change as well),
// and the admin runs people and keys but neither writes nor approves strategies or models.
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  admin: new Set<Permission>(['users:read', 'users:manage', 'apikeys:read', 'apikeys:manage', 'webhooks:read', 'webhooks:manage', 'audit:read', 'metrics:read', 'quality:read', 'models:read', ...CASE_READS]),
  strategy_analyst: new Set<Permission>(['strategies:write', 'lists:write', 'changes:propose', 'quality:read', 'reports:read', ...CASE_READS]),
  strategy_approver: new Set<Permission>(['strategies:approve', 'lists:approve', 'changes:decide', 'quality:read', 'reports:read', ...CASE_READS]),
  investigator: new Set<Permission>(['cases:read', 'cases:work', 'complaints:read', 'complaints:work', 'lists:write', 'changes:propose', 'pii:unmask', 'credit:read', ...CASE_READS]),
  // An investigator who also hands out work: assigns cases, shares a queue round-robin.
  investigation_lead: new Set<Permission>(['cases:read', 'cases:work', 'cases:assign', 'complaints:read', 'complaints:work', 'reports:read', 'lists:write', 'changes:propose', 'pii:unmask', 'credit:read', ...CASE_READS]),
  modeller: new Set<Permission>(['models:read', 'models:write', 'changes:propose', 'quality:read', 'credit:read', ...CASE_READS]),
  model_approver: new Set<Permission>(['models:read', 'models:approve', 'changes:decide', 'credit:read', ...CASE_READS]),
  // Consumer protection sits with compliance: they take complaints in and answer them too.
  // Customer risk classification and suitability are theirs as well (客户风险分类, 适当性管理).
  compliance_officer: new Set<Permission>(['cases:read', 'complaints:read', 'complaints:work', 'audit:read', 'users:read', 'quality:read', 'reports:read', 'models:read', 'credit:read', 'customers:assess', 'customers:tolerance', 'pii:unmask', ...CASE_READS]),
  // Reads everything, the audit log included, and changes nothing; personal data stays masked.
  auditor: new Set<Permission>(READS),
  viewer: new Set<Permission>(['overview:read', 'decisions:read', 'strategies:read', 'quality:read', 'models:read']),
};

/** Permissions that change strategies, models, lists, users or keys: their holders need TOTP. */
const CHANGING: ReadonlySet<Permission> = new Set<Permission>([
  'strategies:write',
  'strategies:approve',
  'lists:write',
  'lists:approve',
  'models:write',
  'models:approve',
  'changes:propose',
  'changes:decide',
  'users:manage',
  'apikeys:manage',
  'webhooks:manage',
  'customers:assess',
  'customers:tolerance',
]);

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) out.add(p);
  return out;
}

/** Whether any of these roles changes something that needs a second factor. */
export function requiresTotp(roles: readonly Role[]): boolean {
  return roles.some((r) => [...ROLE_PERMISSIONS[r]].some((p) => CHANGING.has(p)));
}

/** Machine keys: a scope names the API a client may call, never a human capability. */
export const API_KEY_SCOPES = {
  decisions: ['decisions:create', 'decisions:read'],
  ingest: ['events:write', 'entities:write'],
  // The lending and wealth front ends: credit applications, tolerance questionnaires, suitability
  // checks — never a customer's risk level, which compliance sets.
  credit: ['credit:decide', 'credit:read', 'customers:tolerance'],
} as const satisfies Record<string, readonly Permission[]>;
export type ApiKeyScope = keyof typeof API_KEY_SCOPES;
export const API_KEY_SCOPE_NAMES = Object.keys(API_KEY_SCOPES) as ApiKeyScope[];

export function scopePermissions(scopes: readonly ApiKeyScope[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const s of scopes) for (const p of API_KEY_SCOPES[s]) out.add(p);
  return out;
}

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

export function isScope(v: unknown): v is ApiKeyScope {
  return typeof v === 'string' && Object.hasOwn(API_KEY_SCOPES, v);
}
