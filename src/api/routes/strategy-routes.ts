/**
 * Strategies and lists over HTTP: read the live strategy and its versions, check a draft (every
 * compile problem with its position), publish a new version (live at once, recorded), add list
 * entries. Approval by a second person (maker-checker) arrives with identity and access control.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { DecisionEngine } from '../../decisions/decision-engine.js';
import { DECISION_POINT_NAMES, type DecisionPoint } from '../../decisions/domain/decision-points.js';
import { FengkongError } from '../../shared/errors.js';
import { requestActor } from '../request-actor.js';

const Point = Type.Object({ point: Type.Union(DECISION_POINT_NAMES.map((p) => Type.Literal(p))) });
const Body = Type.Object({ body: Type.String({ minLength: 1, maxLength: 200_000, description: 'The strategy as YAML' }) });

export function registerStrategyRoutes(app: FastifyInstance, engine: DecisionEngine): void {
  app.get('/v1/strategies/:point', { schema: { tags: ['strategies'], summary: 'The live strategy of a decision point and its versions', params: Point }, config: { permission: 'strategies:read' } }, async (req) => {
    const point = (req.params as { point: DecisionPoint }).point;
    const live = engine.strategies.live(point);
    const { compiled: _compiled, ...strategy } = live;
    return { live: strategy, versions: await engine.strategies.versions(point) };
  });
  app.post('/v1/strategies/check', { schema: { tags: ['strategies'], summary: 'Compile a draft strategy without saving it: every problem with path, line and column', body: Body }, config: { permission: 'strategies:write' } }, async (req) => {
    const problems = engine.strategies.check((req.body as { body: string }).body);
    return { ok: problems.length === 0, problems };
  });
  app.post(
    '/v1/strategies/:point/versions',
    { schema: { tags: ['strategies'], summary: 'Publish a new version of a strategy: live at once, recorded', params: Point, body: Body }, config: { permission: 'strategies:publish' } },
    async (req, reply) => {
      const point = (req.params as { point: DecisionPoint }).point;
      const s = await engine.strategies.publish(point, (req.body as { body: string }).body, requestActor(req));
      return reply.code(201).send({ decisionPoint: point, version: s.version, rules: s.rules.length });
    },
  );
  app.post(
    '/v1/lists/:list/entries',
    {
      schema: {
        tags: ['lists'],
        summary: 'Add a value to a block, allow or watch list',
        params: Type.Object({ list: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: Type.Object({ keyField: Type.String({ minLength: 1, maxLength: 64 }), value: Type.String({ minLength: 1, maxLength: 256 }), reason: Type.Optional(Type.String({ maxLength: 500 })), expiresAt: Type.Optional(Type.String({ format: 'date-time' })) }),
      },
      config: { permission: 'lists:write' },
    },
    async (req, reply) => {
      const list = (req.params as { list: string }).list;
      if (!engine.lists.names.includes(list)) throw new FengkongError('NOT_FOUND');
      const b = req.body as { keyField: string; value: string; reason?: string; expiresAt?: string };

      await engine.lists.add({ list, ...b }, requestActor(req));
      return reply.code(201).send({ list, keyField: b.keyField, added: true });
    },
  );
}
