/**
 * Models over HTTP: list and read versions with their evaluation and HTML report; train a scorecard
 * or boosted trees on an uploaded CSV or on the platform's own labelled applications; import an
 * XGBoost (JSON) or ONNX (base64) model; approve a draft (a model approver, not the author);
 * propose activation or retirement (maker-checker); score one row with its reasons.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { parseCsvTable } from '../../models/dataset/load-dataset.js';
import { datasetFromTable } from '../../models/dataset/raw-table.js';
import { MODEL_USES } from '../../models/domain/model-uses.js';
import type { ModelService } from '../../models/model-service.js';
import type { ModelStatus } from '../../models/model-registry.js';
import { FengkongError } from '../../shared/errors.js';
import { principalOf } from '../access-guard.js';
import { requestActor } from '../request-actor.js';

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Name = Type.String({ pattern: '^[a-z][a-z0-9_]{0,50}$', description: 'Model name: lower-case letters, digits, underscores' });
const Csv = Type.Object(
  {
    csv: Type.String({ minLength: 1, description: 'The training set as CSV text with a header row' }),
    target: Type.String({ minLength: 1, maxLength: 128 }),
    bad: Type.Union([Type.String({ maxLength: 64 }), Type.Number()], { description: 'The target value that means bad' }),
    exclude: Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: 1000 })),
    name: Type.Optional(Type.String({ maxLength: 200, description: 'What the data set is called in the report' })),
  },
  { additionalProperties: false },
);
/** Uploaded training sets and models may be large; everything else keeps the server's 1 MB limit. */
const UPLOAD_LIMIT = 64 * 1024 * 1024;

function csvDataset(c: { csv: string; target: string; bad: string | number; exclude?: string[] }) {
  return datasetFromTable(parseCsvTable(c.csv), { target: c.target, bad: c.bad, ...(c.exclude ? { exclude: c.exclude } : {}) });
}

export function registerModelRoutes(app: FastifyInstance, models: ModelService): void {
  const registry = models.registry;
  app.get(
    '/v1/models',
    {
      schema: { tags: ['models'], summary: 'Model versions, newest first', querystring: Type.Object({ name: Type.Optional(Name), status: Type.Optional(Type.Union(['draft', 'approved', 'active', 'retired'].map((s) => Type.Literal(s)))), limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })) }) },
      config: { permission: 'models:read' },
    },
    async (req) => {
      const q = req.query as { name?: string; status?: ModelStatus; limit?: string };
      const items = await registry.list({ ...(q.name ? { name: q.name } : {}), ...(q.status ? { status: q.status } : {}), ...(q.limit ? { limit: Number(q.limit) } : {}) });
      // A listing carries each version's summary; its curves and variables are on the version itself.
      return { items: items.map(({ evaluation, ...v }) => ({ ...v, evaluation: evaluation ? Object.fromEntries(Object.entries(evaluation).filter(([k]) => k !== 'detail')) : null })) };
    },
  );
  app.get('/v1/models/:id', { schema: { tags: ['models'], summary: 'One model version: status, variables, evaluation, training', params: Params }, config: { permission: 'models:read' } }, async (req) => registry.get((req.params as { id: string }).id));
  app.get(
    '/v1/models/:id/report',
    { schema: { tags: ['models'], summary: 'The bilingual HTML model report (ROC, KS, score distribution, lift, calibration, WOE, PSI)', params: Params }, config: { permission: 'models:read' } },
    async (req, reply) => {
      const html = await registry.report((req.params as { id: string }).id);
      if (html === null) throw new FengkongError('NOT_FOUND', { note: 'this version has no report (imported without a validation sample)' });
      // The report is self-contained and runs no script: forbid everything but its inline style.
      return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'").send(html);
    },
  );
  app.post(
    '/v1/models/train',
    {
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        tags: ['models'],
        summary: 'Train a scorecard or boosted trees (70/30 stratified split by default) on an uploaded CSV or the platform’s labelled loan applications; recorded as a draft with its report',
        body: Type.Object(
          {
            name: Name,
            method: Type.Union([Type.Literal('scorecard'), Type.Literal('gbdt')]),
            data: Type.Optional(Csv),
            source: Type.Optional(Type.Literal('labelled-applications')),
            testShare: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
            seed: Type.Optional(Type.Integer({ minimum: 0 })),
            scorecard: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Scorecard options: binning, selection, l2, scale' })),
            gbdt: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Boosting options: rounds, learningRate, maxDepth, …' })),
          },
          { additionalProperties: false },
        ),
      },
      config: { permission: 'models:write' },
    },
    async (req, reply) => {
      const b = req.body as { name: string; method: 'scorecard' | 'gbdt'; data?: { csv: string; target: string; bad: string | number; exclude?: string[]; name?: string }; source?: string; testShare?: number; seed?: number; scorecard?: object; gbdt?: object };
      if (!b.data === !b.source) throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'data', reason: 'required', message: { zh: '须给出 data(CSV)或 source 二者之一', en: 'give exactly one of data (CSV) or source' } }] });
      // An upload is parsed in the training thread; the labelled applications come from the store.
      const input = b.data ? { csv: { text: b.data.csv, target: { target: b.data.target, bad: b.data.bad, ...(b.data.exclude ? { exclude: b.data.exclude } : {}) } } } : { data: await models.labelledApplications() };
      const { version, result } = await models.train(
        b.name,
        input,
        { name: b.data ? (b.data.name ?? 'uploaded CSV') : 'labelled loan applications' },
        { method: b.method, ...(b.testShare !== undefined ? { testShare: b.testShare } : {}), ...(b.seed !== undefined ? { seed: b.seed } : {}), ...(b.scorecard ? { scorecard: b.scorecard } : {}), ...(b.gbdt ? { gbdt: b.gbdt } : {}) },
        requestActor(req),
      );
      return reply.code(201).send({ ...version, timings: result.timings });
    },
  );
  app.post(
    '/v1/models/import',
    {
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        tags: ['models'],
        summary: 'Import a model trained elsewhere: XGBoost JSON or ONNX (base64, TreeEnsemble); evaluated on an optional labelled validation CSV',
        body: Type.Object(
          {
            name: Name,
            format: Type.Union([Type.Literal('xgboost'), Type.Literal('onnx')]),
            model: Type.Union([Type.Object({}, { additionalProperties: true }), Type.String({ minLength: 1 })], { description: 'XGBoost: the JSON model; ONNX: the file in base64' }),
            featureNames: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 5000 })),
            validation: Type.Optional(Csv),
          },
          { additionalProperties: false },
        ),
      },
      config: { permission: 'models:write' },
    },
    async (req, reply) => {
      const b = req.body as { name: string; format: 'xgboost' | 'onnx'; model: object | string; featureNames?: string[]; validation?: { csv: string; target: string; bad: string | number; exclude?: string[]; name?: string } };
      const { version } = await models.import(
        b.name,
        b.format,
        b.model,
        { ...(b.featureNames ? { featureNames: b.featureNames } : {}), ...(b.validation ? { validation: csvDataset(b.validation), datasetName: b.validation.name ?? 'validation CSV' } : {}) },
        requestActor(req),
      );
      return reply.code(201).send(version);
    },
  );
  app.post(
    '/v1/models/:id/approve',
    { schema: { tags: ['models'], summary: 'Approve a draft after reading its report (not its author)', params: Params, body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }) }, config: { permission: 'models:approve' } },
    async (req) => registry.approve((req.params as { id: string }).id, principalOf(req), requestActor(req), (req.body as { note?: string }).note ?? null),
  );
  app.post(
    '/v1/models/:id/activate',
    {
      schema: {
        tags: ['models'],
        summary: 'Propose activating an approved version at a decision point or in_loan (champion or challenger); a model approver decides',
        params: Params,
        body: Type.Object({ use: Type.Union(MODEL_USES.map((u) => Type.Literal(u))), champion: Type.Optional(Type.Boolean()), reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
      },
      config: { permission: 'models:write' },
    },
    async (req, reply) => {
      const b = req.body as { use: string; champion?: boolean; reason?: string };
      const change = await models.proposeActivation((req.params as { id: string }).id, b.use, b.champion ?? true, principalOf(req), requestActor(req), b.reason);
      return reply.code(202).send({ change });
    },
  );
  app.post(
    '/v1/models/:id/retire',
    { schema: { tags: ['models'], summary: 'Retire a version: at once when it never went live, through maker-checker when active', params: Params, body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }) }, config: { permission: 'models:write' } },
    async (req, reply) => {
      const r = await models.retire((req.params as { id: string }).id, principalOf(req), requestActor(req), (req.body as { reason?: string }).reason);
      return r.change ? reply.code(202).send({ change: r.change }) : r.version;
    },
  );
  app.post(
    '/v1/models/:id/score',
    {
      schema: { tags: ['models'], summary: 'Score one row with any version: probability, points and the top adverse reasons', params: Params, body: Type.Object({ row: Type.Record(Type.String({ maxLength: 128 }), Type.Union([Type.Number(), Type.String({ maxLength: 200 }), Type.Null()])), top: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })) }, { additionalProperties: false }) },
      config: { permission: 'models:write' },
    },
    async (req) => {
      const b = req.body as { row: Record<string, number | string | null>; top?: number };
      const model = await registry.model((req.params as { id: string }).id);
      return model.score(b.row, b.top ?? 5);
    },
  );
}
