/**
 * The alert workbench over HTTP: alerts and cases with filters (keyset pages), one case with its
 * alerts and timeline, and working it — claim, assign, start, escalate, close, notes, and sharing a
 * queue round-robin. Who may do what: cases:read / cases:work / cases:assign (leads).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Cases } from '../../cases/cases.js';
import { CASE_ACTIONS, type CaseActionInput } from '../../cases/case-actions.js';
import type { CaseWorker } from '../../cases/case-work.js';
import { CENTER_KINDS, type CenterKind, type Entity360 } from '../../cases/entity-360.js';
import { CASE_STATUSES, type Disposition, DISPOSITIONS, SEVERITIES } from '../../cases/domain/case-lifecycle.js';
import { FengkongError } from '../../shared/errors.js';
import { principalOf } from '../access-guard.js';
import { requestActor } from '../request-actor.js';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Page = {
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
};
const Severity = Type.Optional(Type.Union(SEVERITIES.map((s) => Type.Literal(s))));

function workerOf(req: FastifyRequest): CaseWorker {
  const p = principalOf(req);
  if (p.kind !== 'user') throw new FengkongError('FORBIDDEN');
  return { name: p.username, lead: p.permissions.has('cases:assign'), actor: requestActor(req) };
}

/** Query strings arrive as text; drop what was not given. */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

export function registerCaseRoutes(app: FastifyInstance, cases: Cases, entity360: Entity360): void {
  app.get(
    '/v1/entities/:type/:id/360',
    {
      schema: {
        tags: ['cases'],
        summary: 'Entity 360: masked profile, latest events, decisions with reasons, alerts, cases, and linked entities two hops deep (shared devices, IPs, counterparties, accounts, cards, phones)',
        params: Type.Object({ type: Type.Union(CENTER_KINDS.map((k) => Type.Literal(k))), id: Text(128) }),
      },
      config: { permission: 'cases:read' },
    },
    async (req) => {
      const p = req.params as { type: CenterKind; id: string };
      return entity360.view(p.type, p.id);
    },
  );
  app.get(
    '/v1/alerts',
    {
      schema: {
        tags: ['cases'],
        summary: 'Alerts, newest first, filtered by queue, severity, source, decision point, customer, case, time; page with `cursor`',
        querystring: Type.Object({ queue: Type.Optional(Text(64)), severity: Severity, source: Type.Optional(Text(64)), decisionPoint: Type.Optional(Text(64)), customerId: Type.Optional(Text(128)), caseId: Type.Optional(Text(64)), ...Page }),
      },
      config: { permission: 'cases:read' },
    },
    async (req) => {
      const q = req.query as Record<string, string | undefined>;
      return cases.queries.alerts(defined({ ...q, limit: q.limit === undefined ? undefined : Number(q.limit) }));
    },
  );
  app.get(
    '/v1/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Cases, newest first, filtered by queue, status, severity, assignee, entity, SLA breach, time; page with `cursor`',
        querystring: Type.Object({
          queue: Type.Optional(Text(64)),
          status: Type.Optional(Type.Union(CASE_STATUSES.map((s) => Type.Literal(s)))),
          severity: Severity,
          assignee: Type.Optional(Text(64)),
          entityKind: Type.Optional(Text(32)),
          entityId: Type.Optional(Text(128)),
          breached: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
          ...Page,
        }),
      },
      config: { permission: 'cases:read' },
    },
    async (req) => {
      const q = req.query as Record<string, string | undefined>;
      return cases.queries.cases(defined({ ...q, breached: q.breached === undefined ? undefined : q.breached === 'true', limit: q.limit === undefined ? undefined : Number(q.limit) }));
    },
  );
  app.get('/v1/queues', { schema: { tags: ['cases'], summary: 'The queues that have cases, each with its open, unassigned and SLA-breached counts' }, config: { permission: 'cases:read' } }, async () => ({
    queues: await cases.queries.queues(),
  }));
  app.get('/v1/cases/:id', { schema: { tags: ['cases'], summary: 'One case: its alerts with reasons and its timeline', params: Id }, config: { permission: 'cases:read' } }, async (req) => {
    const c = await cases.queries.case((req.params as { id: string }).id);
    if (!c) throw new FengkongError('NOT_FOUND');
    return c;
  });

  const act = (path: string, summary: string, permission: 'cases:work' | 'cases:assign', body: ReturnType<typeof Type.Object> | null, build: (b: Record<string, string>) => Parameters<Cases['work']['act']>[1]) =>
    app.post(`/v1/cases/:id/${path}`, { schema: { tags: ['cases'], summary, params: Id, ...(body ? { body } : {}) }, config: { permission } }, async (req) =>
      cases.work.act((req.params as { id: string }).id, build((req.body ?? {}) as Record<string, string>), workerOf(req)),
    );
  act('claim', 'Claim an unassigned case', 'cases:work', null, () => ({ kind: 'claim' }));
  act('assign', 'Assign a case to an investigator (a lead)', 'cases:assign', Type.Object({ to: Text(64) }), (b) => ({ kind: 'assign', to: b.to! }));
  act('start', 'Start investigating an assigned case', 'cases:work', null, () => ({ kind: 'start' }));
  act('escalate', 'Escalate a case, saying why', 'cases:work', Type.Object({ note: Text(4000) }), (b) => ({ kind: 'escalate', note: b.note! }));
  act('close', 'Close a case with a disposition and a note; its events are labelled', 'cases:work', Type.Object({ disposition: Type.Union(DISPOSITIONS.map((d) => Type.Literal(d))), note: Text(4000) }), (b) => ({
    kind: 'close',
    disposition: b.disposition as Disposition,
    note: b.note!,
  }));

  app.post('/v1/cases/:id/notes', { schema: { tags: ['cases'], summary: 'Add an investigation note', params: Id, body: Type.Object({ text: Text(8000) }) }, config: { permission: 'cases:work' } }, async (req, reply) => {
    await cases.work.note((req.params as { id: string }).id, (req.body as { text: string }).text, workerOf(req));
    return reply.code(201).send({ added: true });
  });
  app.post(
    '/v1/cases/:id/actions',
    {
      schema: {
        tags: ['cases'],
        summary: 'Propose an action from a case — block/unblock a customer, device, IP, card or counterparty; freeze/unfreeze an account — applied when a strategy approver approves it',
        params: Id,
        body: Type.Object({ action: Type.Union(CASE_ACTIONS.map((a) => Type.Literal(a))), keyField: Type.Optional(Text(64)), value: Text(256), reason: Text(1000) }),
      },
      config: { permission: 'cases:work' },
    },
    async (req, reply) => {
      const change = await cases.actions.propose((req.params as { id: string }).id, req.body as CaseActionInput, principalOf(req), workerOf(req));
      return reply.code(202).send({ change });
    },
  );
  app.post(
    '/v1/queues/:queue/distribute',
    { schema: { tags: ['cases'], summary: 'Share a queue’s new cases among investigators in turn (a lead)', params: Type.Object({ queue: Text(64) }), body: Type.Object({ investigators: Type.Array(Text(64), { minItems: 1, maxItems: 100 }) }) }, config: { permission: 'cases:assign' } },
    async (req) => ({ assigned: await cases.work.distribute((req.params as { queue: string }).queue, (req.body as { investigators: string[] }).investigators, workerOf(req)) }),
  );
}
