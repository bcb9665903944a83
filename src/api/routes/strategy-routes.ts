/**
 * Strategies and lists over HTTP: read the live strategy and its versions, check a draft (every
 * compile problem with its position), propose a new version or a list change. Proposals wait in
 * /v1/changes for a second person with the approver right (maker-checker), then go live at once.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ChangeRequests } from '../../approvals/change-requests.js';
import type { DecisionEngine } from '../../decisions/decision-engine.js';
import { DECISION_POINT_NAMES, type DecisionPoint } from '../../decisions/domain/decision-points.js';
import { FengkongError } from '../../shared/errors.js';
import { principalOf } from '../access-guard.js';
import { requestActor } from '../request-actor.js';

const Point = Type.Object({ point: Type.Union(DECISION_POINT_NAMES.map((p) => Type.Literal(p))) });
const Body = Type.Object({ body: Type.String({ minLength: 1, maxLength: 200_000, description: 'The strategy as YAML' }), reason: Type.Optional(Type.String({ maxLength: 1000 })) });
const ListName = Type.Object({ list: Type.String({ minLength: 1, maxLength: 64 }) });
const EntryKey = { keyField: Type.String({ minLength: 1, maxLength: 64 }), value: Type.String({ minLength: 1, maxLength: 256 }) };

export function registerStrategyRoutes(app: FastifyInstance, engine: DecisionEngine, changes: ChangeRequests): void {
  const propose = (req: FastifyRequest, input: Parameters<ChangeRequests['propose']>[0]) => changes.propose(input, principalOf(req), requestActor(req));

  app.get('/v1/strategies/:point', { schema: { tags: ['strategies'], summary: 'The live strategy of a decision point and its versions', params: Point }, config: { permission: 'strategies:read' } }, async (req) => {
    const point = (req.params as { point: DecisionPoint }).point;
    const live = engine.strategies.live(point);
    const { compiled: _compiled, ...strategy } = live;
    return { live: strategy, versions: await engine.strategies.versions(point) };
  });
  app.get(
    '/v1/strategies/:point/versions/:version',
    { schema: { tags: ['strategies'], summary: 'One recorded version of a strategy with its YAML body', params: Type.Object({ ...Point.properties, version: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }) }) }, config: { permission: 'strategies:read' } },
    async (req) => {
      const p = req.params as { point: DecisionPoint; version: string };
      const n = Number(p.version);
      const version = (await engine.strategies.versions(p.point)).find((v) => v.version === n);
      const body = version ? await engine.strategies.body(p.point, n) : null;
      if (!version || body === null) throw new FengkongError('NOT_FOUND');
      return { version: { ...version, body } };
    },
  );
  app.post('/v1/strategies/check', { schema: { tags: ['strategies'], summary: 'Compile a draft strategy without saving it: every problem with path, line and column', body: Body }, config: { permission: 'strategies:write' } }, async (req) => {
    const problems = engine.strategies.check((req.body as { body: string }).body);
    return { ok: problems.length === 0, problems };
  });
  app.post(
    '/v1/strategies/try',
    {
      schema: {
        tags: ['strategies'],
        summary: 'Dry run: decide a sample event or a recorded one (by id) with a draft strategy; nothing is recorded, no feature counted, no alert raised',
        body: Type.Object({
          body: Body.properties.body,
          event: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'A sample event envelope, as sent to /v1/decisions' })),
          eventId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'A recorded event to decide again' })),
        }),
      },
      config: { permission: 'strategies:write' },
    },
    async (req) => {
      const b = req.body as { body: string; event?: Record<string, unknown>; eventId?: string };
      const from = b.eventId !== undefined ? { eventId: b.eventId } : b.event !== undefined ? { event: b.event } : null;
      if (!from || (b.eventId !== undefined && b.event !== undefined)) {
        throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'event', reason: 'one_of', message: { zh: '请提供示例事件或事件编号之一', en: 'give either a sample event or an event id' } }] });
      }
      // The draft names its own decision point; the event must be one decided there.
      return { result: await engine.trial.run(b.body, from) };
    },
  );
  app.post(
    '/v1/strategies/:point/versions',
    { schema: { tags: ['strategies'], summary: 'Propose a new version of a strategy; it goes live when a strategy approver approves it', params: Point, body: Body }, config: { permission: 'strategies:write' } },
    async (req, reply) => {
      const point = (req.params as { point: DecisionPoint }).point;
      const b = req.body as { body: string; reason?: string };
      // Refused now if it does not compile: an approver only ever sees valid strategies.
      const compiled = engine.strategies.compile(point, b.body);
      const change = await propose(req, {
        kind: 'strategy.publish',
        target: { kind: 'strategy', id: point },
        summary: { decisionPoint: point, rules: compiled.rules.length, basedOnVersion: engine.strategies.live(point).version },
        payload: { decisionPoint: point, body: b.body },
        reason: b.reason ?? null,
      });
      return reply.code(202).send({ change });
    },
  );

  app.get('/v1/lists', { schema: { tags: ['lists'], summary: 'The lists a strategy can consult' }, config: { permission: 'lists:read' } }, async () => ({ lists: engine.lists.names }));
  app.get('/v1/lists/:list/entries', { schema: { tags: ['lists'], summary: 'Entries of a list, personal values masked', params: ListName }, config: { permission: 'lists:read' } }, async (req) => ({
    entries: await engine.lists.entries((req.params as { list: string }).list),
  }));
  app.post(
    '/v1/lists/:list/entries',
    {
      schema: {
        tags: ['lists'],
        summary: 'Propose adding a value to a block, allow or watch list (applied when a strategy approver approves)',
        params: ListName,
        body: Type.Object({ ...EntryKey, reason: Type.Optional(Type.String({ maxLength: 500 })), expiresAt: Type.Optional(Type.String({ format: 'date-time' })) }),
      },
      config: { permission: 'lists:write' },
    },
    async (req, reply) => {
      const list = (req.params as { list: string }).list;
      const b = req.body as { keyField: string; value: string; reason?: string; expiresAt?: string };
      // Prepared now: a personal value is hashed before it rests in the change request.
      const entry = engine.lists.prepare({ list, ...b });
      const change = await propose(req, { kind: 'list.entry.add', target: { kind: 'list', id: list }, summary: { list, keyField: entry.keyField, value: entry.shown, expiresAt: entry.expiresAt }, payload: { entry }, reason: b.reason ?? null });
      return reply.code(202).send({ change });
    },
  );
  app.post(
    '/v1/lists/:list/entries/remove',
    { schema: { tags: ['lists'], summary: 'Propose removing a value from a list (applied when a strategy approver approves)', params: ListName, body: Type.Object({ ...EntryKey, reason: Type.Optional(Type.String({ maxLength: 500 })) }) }, config: { permission: 'lists:write' } },
    async (req, reply) => {
      const list = (req.params as { list: string }).list;
      const b = req.body as { keyField: string; value: string; reason?: string };
      const entry = engine.lists.prepare({ list, keyField: b.keyField, value: b.value });
      const change = await propose(req, { kind: 'list.entry.remove', target: { kind: 'list', id: list }, summary: { list, keyField: entry.keyField, value: entry.shown }, payload: { entry }, reason: b.reason ?? null });
      return reply.code(202).send({ change });
    },
  );
}
