/**
 * The request guard: every route declares its permission beside its definition (a route without
 * one stops the server from starting), and every request is checked against it before its body is
 * read. Machines present an API key (`Authorization: Bearer fk_…` or `X-API-Key`), people a session
 * cookie. No credentials or bad ones: 401; the wrong ones: 403. API keys are rate limited per key.
 */
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Permission, type RoutePermission } from '../identity/domain/permissions.js';
import { BucketMap, TokenBucket } from '../identity/domain/token-bucket.js';
import type { Identity } from '../identity/identity.js';
import type { Principal } from '../identity/principal.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError } from '../shared/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a caller needs; see RoutePermission. Required on every route. */
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    /** Who is calling (null on public routes). */
    principal: Principal | null;
  }
}

export const SESSION_COOKIE = 'fk_session';

/** The session token a request carries, if any (parsed only when no API key was presented). */
export function sessionToken(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}

/** Set-Cookie for a session: httpOnly, SameSite=Strict, Secure when the request came over TLS. */
export function sessionSetCookie(req: FastifyRequest, token: string | null, maxAgeSeconds: number): string {
  return stringifySetCookie({ name: SESSION_COOKIE, value: token ?? '', path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https', maxAge: token ? maxAgeSeconds : 0 });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isLoopback(ip: string): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

function presentedKey(req: FastifyRequest): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer fk_')) return auth.slice(7).trim();
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : null;
}

/** Refuses a cookie-authenticated change from another origin (SameSite=Strict is the first guard). */
function checkOrigin(req: FastifyRequest): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.origin;
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new FengkongError('FORBIDDEN', { note: 'bad Origin' });
  }
  if (host !== req.headers.host) throw new FengkongError('FORBIDDEN', { note: 'cross-origin request' });
}

/** The declared permission of every route, for the authorisation test and the API document. */
export type RouteTable = Array<{ method: string; url: string; permission: RoutePermission }>;

export function installAccessGuard(app: FastifyInstance, identity: Identity, clock: Clock): RouteTable {
  const routes: RouteTable = [];
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    if (!permission) throw new Error(`route ${String(route.method)} ${route.url} declares no permission`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, permission });
  });

  const keyBuckets = new Map<string, TokenBucket>();
  const authenticate = async (req: FastifyRequest): Promise<Principal | null> => {
    const key = presentedKey(req);
    if (key !== null) return identity.apiKeys.authenticate(key);
    const token = sessionToken(req);
    if (token) return identity.sessionPrincipal(token);
    return null;
  };

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const permission = req.routeOptions.config?.permission;
    // No permission here means no route matched: the not-found handler answers.
    if (permission === undefined || permission === 'public') return;
    if (permission === 'metrics' && isLoopback(req.ip)) return;
    const principal = await authenticate(req);
    if (!principal) throw new FengkongError('UNAUTHENTICATED');
    req.principal = principal;
    if (principal.kind === 'user') {
      checkOrigin(req);
      if (permission === 'signed-in') return;
      if (principal.stage === 'password_change') throw new FengkongError('PASSWORD_CHANGE_REQUIRED');
      if (principal.stage === 'totp_enrolment') throw new FengkongError('TOTP_ENROLMENT_REQUIRED');
    } else if (permission === 'signed-in') {
      throw new FengkongError('FORBIDDEN');
    }
    const needed: Permission = permission === 'metrics' ? 'metrics:read' : permission;
    if (!principal.permissions.has(needed)) throw new FengkongError('FORBIDDEN');
    if (principal.kind === 'apikey') {
      let bucket = keyBuckets.get(principal.keyId);
      if (!bucket) keyBuckets.set(principal.keyId, (bucket = new TokenBucket(principal.ratePerSecond, principal.ratePerSecond, clock.now())));
      if (!bucket.take(clock.now())) {
        void reply.header('retry-after', String(bucket.waitSeconds()));
        throw new FengkongError('RATE_LIMITED');
      }
    }
  });
  return routes;
}

/** Sign-in attempts per client address. */
export function loginLimiter(perMinute: number): BucketMap {
  return new BucketMap(perMinute / 60, perMinute);
}

/** The principal of a guarded route (the guard has put it there). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new FengkongError('UNAUTHENTICATED');
  return req.principal;
}
