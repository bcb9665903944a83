/**
 * Complaints (投诉) over HTTP: file one, list them (filters, keyset pages), read one with its
 * timeline, work it — assign, first response, feedback, close — read its text in clear (audited,
 * with a purpose) and the statistics. complaints:read sees complaints with their text masked;
 * complaints:work files, answers and may read the text.
 */
import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComplaintWorker } from '../../complaints/complaint-work.js';
import type { Complaints } from '../../complaints/complaints.js';
import { CATEGORY_IDS, CHANNEL_IDS, type FeedbackOutcome, OUTCOME_IDS } from '../../complaints/domain/complaint-catalogue.js';
import type { ComplaintIntakeInput } from '../../complaints/domain/complaint-intake-rules.js';
import { COMPLAINT_STATUSES, type ComplaintAction, MAX_TEXT } from '../../complaints/domain/complaint-lifecycle.js';
import { FengkongError } from '../../shared/errors.js';
import { principalOf } from '../access-guard.js';
import { requestActor } from '../request-actor.js';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });
// One `enum` keyword, not a union of literals: a wrong value is one problem, not one per option.
const OneOf = (ids: readonly string[], description: string) => Type.Unsafe<string>({ type: 'string', enum: [...ids], description });
const Range = {
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
};

const Intake = Type.Object(
  {
    category: OneOf(CATEGORY_IDS, 'What the complaint is about'),
    channel: OneOf(CHANNEL_IDS, 'How it reached us'),
    description: Text(MAX_TEXT, 'What the customer said (sealed at rest; never logged)'),
    customerId: Type.Optional(Text(128, 'The complaining customer')),
    eventId: Type.Optional(Text(128, 'The event complained about; must be the customer’s')),
    reference: Type.Optional(Text(128, 'The complaint’s number in the source system: a repeat returns the first')),
    receivedAt: Type.Optional(Type.String({ maxLength: 40, description: 'When the customer complained (ISO 8601 with offset); deadlines run from it. Default: now' })),
  },
  { additionalProperties: false },
);

function workerOf(req: FastifyRequest): ComplaintWorker {
  const p = principalOf(req);
  if (p.kind !== 'user') throw new FengkongError('FORBIDDEN');
  return { name: p.username, actor: requestActor(req) };
}

/** Query strings arrive as text; drop what was not given. */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

export function registerComplaintRoutes(app: FastifyInstance, complaints: Complaints): void {
  app.post('/v1/complaints', { schema: { tags: ['complaints'], summary: 'File a complaint: first response due in 24 h, feedback in 48 h (per category)', body: Intake }, config: { permission: 'complaints:work' } }, async (req, reply) => {
    const r = await complaints.intake.file(req.body as ComplaintIntakeInput, workerOf(req));
    return reply.code(r.created ? 201 : 200).send({ ...(await complaints.queries.complaint(r.id)), created: r.created });
  });
  app.get(
    '/v1/complaints',
    {
      schema: {
        tags: ['complaints'],
        summary: 'Complaints, newest first, filtered by category, status, channel, assignee, customer, breach, receipt time; page with `cursor`',
        querystring: Type.Object({
          category: Type.Optional(OneOf(CATEGORY_IDS, 'Category')),
          status: Type.Optional(OneOf(COMPLAINT_STATUSES, 'Status')),
          channel: Type.Optional(OneOf(CHANNEL_IDS, 'Channel')),
          assignee: Type.Optional(Text(64)),
          customerId: Type.Optional(Text(128)),
          breached: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
          limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
          ...Range,
        }),
      },
      config: { permission: 'complaints:read' },
    },
    async (req) => {
      const q = req.query as Record<string, string | undefined>;
      return complaints.queries.list(defined({ ...q, breached: q.breached === undefined ? undefined : q.breached === 'true', limit: q.limit === undefined ? undefined : Number(q.limit) }));
    },
  );
  app.get(
    '/v1/complaints/stats',
    { schema: { tags: ['complaints'], summary: 'Counts by category, status, channel and outcome; deadlines kept, missed and running; median and mean minutes to respond and to feed back', querystring: Type.Object(Range) }, config: { permission: 'complaints:read' } },
    async (req) => complaints.queries.stats(defined(req.query as { from?: string; to?: string })),
  );
  app.get('/v1/complaints/:id', { schema: { tags: ['complaints'], summary: 'One complaint with its timeline; its text masked', params: Id }, config: { permission: 'complaints:read' } }, async (req) => {
    const c = await complaints.queries.complaint((req.params as { id: string }).id);
    if (!c) throw new FengkongError('NOT_FOUND');
    return c;
  });

  const act = (path: string, summary: string, body: TSchema | null, build: (b: Record<string, string>) => ComplaintAction) =>
    app.post(`/v1/complaints/:id/${path}`, { schema: { tags: ['complaints'], summary, params: Id, ...(body ? { body } : {}) }, config: { permission: 'complaints:work' } }, async (req) =>
      complaints.work.act((req.params as { id: string }).id, build((req.body ?? {}) as Record<string, string>), workerOf(req)),
    );
  act('assign', 'Assign the complaint to someone who works complaints', Type.Object({ to: Text(64) }), (b) => ({ kind: 'assign', to: b.to! }));
  act('respond', 'Record the first response to the customer (its text sealed)', Type.Object({ text: Text(MAX_TEXT) }), (b) => ({ kind: 'respond', text: b.text! }));
  act('feedback', 'Record the feedback to the customer with its outcome (its text sealed)', Type.Object({ text: Text(MAX_TEXT), outcome: OneOf(OUTCOME_IDS, 'Outcome') }), (b) => ({
    kind: 'feedback',
    text: b.text!,
    outcome: b.outcome as FeedbackOutcome,
  }));
  act('close', 'Close the complaint once its feedback is given', null, () => ({ kind: 'close' }));

  app.post(
    '/v1/complaints/:id/unmask',
    {
      schema: {
        tags: ['complaints'],
        summary: 'The complaint’s text in clear: people who work complaints, with a purpose, audited',
        params: Id,
        body: Type.Object({ purpose: Type.String({ minLength: 5, maxLength: 500, description: 'Why the clear text is needed (recorded in the audit log)' }) }),
      },
      config: { permission: 'complaints:work' },
    },
    async (req) => ({ text: await complaints.text.reveal((req.params as { id: string }).id, (req.body as { purpose: string }).purpose, requestActor(req)) }),
  );
}
