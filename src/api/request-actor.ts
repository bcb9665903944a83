/**
 * Who is calling, for the audit log. Until sign-in exists every caller is recorded as
 * `unauthenticated`, with the address and user agent the request came from.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit/audit-log.js';

export function requestActor(req: FastifyRequest): AuditActor {
  const ua = req.headers['user-agent'];
  return { type: 'user', id: 'unauthenticated', ip: req.ip, userAgent: typeof ua === 'string' ? ua.slice(0, 256) : null };
}
