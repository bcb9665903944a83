/** Who is calling, for the audit log: the request's principal with its address and user agent. */
import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit/audit-log.js';
import { actorOf } from '../identity/principal.js';
import { principalOf } from './access-guard.js';

export function requestFrom(req: FastifyRequest): { ip: string; userAgent: string | null } {
  const ua = req.headers['user-agent'];
  return { ip: req.ip, userAgent: typeof ua === 'string' ? ua.slice(0, 256) : null };
}

export function requestActor(req: FastifyRequest): AuditActor {
  return actorOf(principalOf(req), requestFrom(req));
}
