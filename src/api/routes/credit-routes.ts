/**
 * Credit over HTTP: decide a loan application (anti-fraud first, then the champion model and the
 * product policy), read credit decisions, customers' risk profiles (classify, record a tolerance
 * assessment), suitability checks of wealth products, and the configured composite scorecards.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Credit } from '../../credit/credit.js';
import { SUPPLIED_FACTS } from '../../credit/customer-profiles.js';
import { FengkongError } from '../../shared/errors.js';
import { requestActor } from '../request-actor.js';
import { documentedOnly, EventBody } from './ingest-routes.js';

const Id = (description: string) => Type.String({ minLength: 1, maxLength: 128, description });
const CustomerParams = Type.Object({ id: Id('Customer id') });
const Limit = Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' }));
const Fact = Type.Union([Type.Number(), Type.String({ maxLength: 64 }), Type.Boolean(), Type.Null()]);

const ApplicationBody = Type.Object(
  {
    event: EventBody,
    modelInputs: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }), Type.Union([Type.Number(), Type.String({ maxLength: 64 }), Type.Null()]), { description: 'Extra model inputs (e.g. credit bureau attributes)' })),
    existingMonthlyDebt: Type.Optional(Type.Integer({ minimum: 0, description: 'Monthly repayments on existing debt, minor units' })),
  },
  { additionalProperties: false },
);

export function registerCreditRoutes(app: FastifyInstance, credit: Credit): void {
  app.post(
    '/v1/credit/applications',
    {
      schema: { tags: ['credit'], summary: 'Decide a loan application: approve / decline / refer with score, tier, limit, price and reasons; idempotent on the event id', body: ApplicationBody },
      validatorCompiler: documentedOnly,
      config: { permission: 'credit:decide' },
    },
    async (req, reply) => {
      const body = req.body as { event?: unknown; modelInputs?: Record<string, number | string | null>; existingMonthlyDebt?: unknown };
      if (!body || typeof body !== 'object' || !body.event || typeof body.event !== 'object') {
        throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'event', reason: 'required', message: { zh: '缺少 loan_application 事件', en: 'the loan_application event is missing' } }] });
      }
      const debt = body.existingMonthlyDebt;
      if (debt !== undefined && debt !== null && !(Number.isSafeInteger(debt) && (debt as number) >= 0)) {
        throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'existingMonthlyDebt', reason: 'type', message: { zh: '须为非负整数(分)', en: 'must be a non-negative integer (minor units)' } }] });
      }
      const inputs = body.modelInputs ?? {};
      if (typeof inputs !== 'object' || Array.isArray(inputs) || Object.values(inputs).some((v) => v !== null && typeof v !== 'number' && typeof v !== 'string')) {
        throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'modelInputs', reason: 'type', message: { zh: '模型输入须为数字、文本或 null', en: 'model inputs are numbers, labels or null' } }] });
      }
      const r = await credit.applications.decide({ event: body.event as Record<string, unknown>, modelInputs: inputs, existingMonthlyDebt: (debt as number | undefined) ?? null }, 'credit-api');
      return reply.code(r.repeat ? 200 : 201).send(r);
    },
  );
  app.get(
    '/v1/credit/applications',
    {
      schema: { tags: ['credit'], summary: 'Credit decisions, newest first', querystring: Type.Object({ customerId: Type.Optional(Id('Customer')), outcome: Type.Optional(Type.Union(['approve', 'decline', 'refer'].map((o) => Type.Literal(o)))), limit: Limit }) },
      config: { permission: 'credit:read' },
    },
    async (req) => {
      const q = req.query as { customerId?: string; outcome?: string; limit?: string };
      return { items: await credit.applications.list({ ...(q.customerId ? { customerId: q.customerId } : {}), ...(q.outcome ? { outcome: q.outcome } : {}), ...(q.limit ? { limit: Number(q.limit) } : {}) }) };
    },
  );
  app.get(
    '/v1/credit/applications/:id',
    { schema: { tags: ['credit'], summary: 'One credit decision by its application event id', params: Type.Object({ id: Id('Event id') }) }, config: { permission: 'credit:read' } },
    async (req) => {
      const found = await credit.applications.find((req.params as { id: string }).id);
      if (!found) throw new FengkongError('NOT_FOUND');
      return found;
    },
  );
  app.get(
    '/v1/customers/:id/risk-profile',
    { schema: { tags: ['credit'], summary: 'The customer’s risk level (low / medium / high) and risk tolerance (C1–C5)', params: CustomerParams }, config: { permission: 'credit:read' } },
    async (req) => {
      const found = await credit.profiles.profile((req.params as { id: string }).id);
      if (!found) throw new FengkongError('NOT_FOUND');
      return found;
    },
  );
  app.post(
    '/v1/customers/:id/risk-assessment',
    {
      schema: {
        tags: ['credit'],
        summary: 'Classify the customer now from what the platform knows plus qualitative facts (industry, balance, chargebacks, PEP, sanctions); recorded and audited',
        params: CustomerParams,
        body: Type.Object({ facts: Type.Optional(Type.Object(Object.fromEntries(SUPPLIED_FACTS.map((k) => [k, Type.Optional(Fact)])), { additionalProperties: false })) }, { additionalProperties: false }),
      },
      config: { permission: 'customers:assess' },
    },
    async (req) => credit.profiles.assess((req.params as { id: string }).id, (req.body as { facts?: Record<string, never> }).facts ?? {}, requestActor(req)),
  );
  app.put(
    '/v1/customers/:id/risk-tolerance',
    {
      schema: {
        tags: ['credit'],
        summary: 'Record a risk-tolerance assessment (C1 conservative … C5 aggressive); audited',
        params: CustomerParams,
        body: Type.Object({ tolerance: Type.Union(['C1', 'C2', 'C3', 'C4', 'C5'].map((t) => Type.Literal(t))), assessedAt: Type.String({ maxLength: 40, description: 'ISO 8601 with offset' }) }, { additionalProperties: false }),
      },
      config: { permission: 'customers:tolerance' },
    },
    async (req) => {
      const b = req.body as { tolerance: string; assessedAt: string };
      return credit.profiles.recordTolerance((req.params as { id: string }).id, b.tolerance, b.assessedAt, requestActor(req));
    },
  );
  app.post(
    '/v1/suitability/checks',
    {
      schema: {
        tags: ['credit'],
        summary: 'May this wealth product be offered to this customer? Refused above the customer’s tolerance, or without a current assessment; every check recorded',
        body: Type.Object({ customerId: Id('Customer'), productId: Id('Wealth product') }, { additionalProperties: false }),
      },
      config: { permission: 'credit:decide' },
    },
    async (req) => {
      const b = req.body as { customerId: string; productId: string };
      return credit.profiles.checkSuitability(b.customerId, b.productId, requestActor(req));
    },
  );
  app.get(
    '/v1/suitability/checks',
    {
      schema: { tags: ['credit'], summary: 'Recorded suitability checks, newest first; `refused=true` for the refusals', querystring: Type.Object({ customerId: Type.Optional(Id('Customer')), refused: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])), limit: Limit }) },
      config: { permission: 'credit:read' },
    },
    async (req) => {
      const q = req.query as { customerId?: string; refused?: string; limit?: string };
      return { items: await credit.profiles.checks({ ...(q.customerId ? { customerId: q.customerId } : {}), refused: q.refused === 'true', ...(q.limit ? { limit: Number(q.limit) } : {}) }) };
    },
  );
  app.get(
    '/v1/suitability/products',
    { schema: { tags: ['credit'], summary: 'Configured wealth products with their risk levels (R1–R5)' }, config: { permission: 'credit:read' } },
    async () => ({ items: Object.values(credit.pack.products.products), covers: credit.pack.products.covers, assessmentValidityDays: credit.pack.products.assessmentValidityDays }),
  );
  app.post(
    '/v1/credit/composite/:scorecard',
    {
      schema: {
        tags: ['credit'],
        summary: 'Score inputs with a configured weighted composite scorecard (e.g. credit_basic: income 40%, debt ratio 30%, credit record 20%, activity 10%)',
        params: Type.Object({ scorecard: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }) }),
        body: Type.Object({ inputs: Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }), Fact) }, { additionalProperties: false }),
      },
      config: { permission: 'credit:decide' },
    },
    async (req) => credit.composite((req.params as { scorecard: string }).scorecard, (req.body as { inputs: Record<string, number | string | boolean | null> }).inputs),
  );
}
