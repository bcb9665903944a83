/**
 * The modelling capability as the API and CLI use it: train a scorecard or boosted trees on a file
 * or on the platform's own labelled applications, import an XGBoost or ONNX model (evaluated on a
 * validation sample when one is given), and record the version with its evaluation and report in
 * the registry as a draft. Approval and activation are the registry's (maker-checker).
 */
import type { AuditActor } from '../audit/audit-log.js';
import type { Principal } from '../identity/principal.js';
import type { ChangeRequest, ChangeRequests } from '../approvals/change-requests.js';
import { FengkongError } from '../shared/errors.js';
import type { SqlClient } from '../store/sql-client.js';
import type { Dataset } from './domain/dataset.js';
import type { ModelEvaluation } from './evaluation/evaluate.js';
import { stratifiedSplit } from './dataset/split.js';
import { isModelUse, MODEL_USES } from './domain/model-uses.js';
import type { ModelKind, ScoringModel } from './domain/scoring-model.js';
import { labelledApplications } from './labelled-applications.js';
import { refusePersonal } from './domain/personal-fields.js';
import type { ModelRegistry, ModelVersion } from './model-registry.js';
import { evaluatePair, reportOf, summarise, type WorkflowOptions, type WorkflowResult } from './model-workflow.js';
import { runWorkflowInThread, type TrainingInput } from './workflow-thread.js';
import { importOnnx } from './trees/onnx-import.js';
import { importXgboostJson } from './trees/xgboost-import.js';

export interface DatasetInfo {
  name: string;
  rows: number;
  bads: number;
}

function invalid(field: string, zh: string, en: string): FengkongError {
  return new FengkongError('MODEL_INVALID', { details: [{ field, reason: 'value', message: { zh, en } }] });
}

function bads(d: Dataset): number {
  let n = 0;
  for (const v of d.target ?? []) n += v;
  return n;
}

/**
 * What the console draws beside the summary: the test sample's curves and tables, both samples'
 * score distributions (the PSI between them, seen), and the scorecard's variables or the trees'
 * importance. A few tens of kilobytes; the listing leaves it out.
 */
function evaluationDetail(r: { train?: ModelEvaluation; test: ModelEvaluation; details: WorkflowResult['details'] }): Record<string, unknown> {
  const t = r.test;
  return {
    test: { badRate: t.badRate, ksThreshold: t.ksThreshold, ksScoreThreshold: t.ksScoreThreshold, roc: t.roc, ksCurve: t.ksCurve, lift: t.lift, calibration: t.calibration, scoreDistribution: t.scoreDistribution, scoreDistributionOf: t.scoreDistributionOf },
    ...(r.train ? { train: { scoreDistribution: r.train.scoreDistribution, scoreDistributionOf: r.train.scoreDistributionOf } } : {}),
    ...(r.details.variables ? { variables: r.details.variables } : {}),
    ...(r.details.importance ? { importance: r.details.importance } : {}),
  };
}

/** The newest labelled applications a training reads at most. */
const MAX_TRAINING_ROWS = 200_000;

export class ModelService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: SqlClient,
    readonly registry: ModelRegistry,
    private readonly changes: ChangeRequests,
  ) {}

  /** The platform's labelled loan applications as a dataset (refused when too few to learn from). */
  async labelledApplications(): Promise<Dataset> {
    const d = await labelledApplications(this.db, { limit: MAX_TRAINING_ROWS });
    if (d.rows < 100 || bads(d) < 20) throw invalid('source', '平台内带标签的借款申请不足(至少 100 条、其中 20 条违约)', 'too few labelled loan applications in the platform (at least 100, 20 of them defaulted)');
    return d;
  }

  /** Trains on a dataset (in a worker thread: the server keeps deciding) and records the result as a draft version. */
  async train(name: string, input: TrainingInput, dataset: Omit<DatasetInfo, 'rows' | 'bads'>, options: WorkflowOptions, actor: AuditActor): Promise<{ version: ModelVersion; result: WorkflowResult }> {
    if ('data' in input) refusePersonal(input.data.columns.map((c) => c.name), 'data');
    // One training at a time: each holds its data twice (here and in its thread) and a core.
    const run = this.queue.then(() => runWorkflowInThread(input, options));
    this.queue = run.catch(() => undefined);
    const result = await run;
    const version = await this.record(name, result.model, { ...dataset, ...result.sample }, { source: 'trained', options: result.options, timings: result.timings }, result, actor);
    return { version, result };
  }

  /** Imports a model trained elsewhere; evaluated (and PSI between the two halves) when a labelled validation sample is given. */
  async import(name: string, format: 'xgboost' | 'onnx', body: Uint8Array | string | object, opts: { featureNames?: string[]; validation?: Dataset; datasetName?: string }, actor: AuditActor): Promise<{ version: ModelVersion; result: Pick<WorkflowResult, 'test' | 'psi'> | null }> {
    let model: ScoringModel;
    try {
      model =
        format === 'xgboost'
          ? importXgboostJson(body as string | object, opts.featureNames ? { featureNames: opts.featureNames } : {})
          : importOnnx(typeof body === 'string' ? Buffer.from(body, 'base64') : (body as Uint8Array), opts.featureNames ? { featureNames: opts.featureNames } : {});
    } catch (err) {
      if (err instanceof FengkongError) throw err;
      throw invalid('model', '无法读取模型文件', `the model file cannot be read: ${(err as Error).message}`);
    }
    refusePersonal(model.variables, 'model');
    let evaluated: (Pick<WorkflowResult, 'train' | 'test' | 'psi'> & { details: WorkflowResult['details'] }) | null = null;
    if (opts.validation) {
      const v = opts.validation;
      const missing = model.variables.filter((n) => !v.columns.some((c) => c.name === n));
      if (missing.length > 0) throw invalid('validation', '验证样本缺少模型变量', `the validation sample lacks model variables: ${missing.slice(0, 5).join(', ')}`);
      // Stratified halves of the validation sample: metrics on the second, PSI between the two.
      const halves = stratifiedSplit(v, { testShare: 0.5, seed: 1 });
      evaluated = { ...evaluatePair(model, halves.train, halves.test), details: {} };
    }
    const info = { name: opts.datasetName ?? (opts.validation ? 'validation sample' : 'none'), rows: opts.validation?.rows ?? 0, bads: opts.validation ? bads(opts.validation) : 0 };
    const version = await this.record(name, model, info, { source: `imported:${format}`, featureNames: opts.featureNames ?? null }, evaluated, actor);
    return { version, result: evaluated };
  }

  /** Proposes activating an approved version at a use (a decision point or `in_loan`); a model approver decides. */
  async proposeActivation(id: string, use: string, champion: boolean, maker: Principal, actor: AuditActor, reason?: string): Promise<ChangeRequest> {
    if (!isModelUse(use)) throw invalid('use', `用途须为:${MODEL_USES.join('、')}`, `use is one of ${MODEL_USES.join(', ')}`);
    const v = await this.registry.get(id);
    if (v.status !== 'approved' && v.status !== 'active') throw new FengkongError('MODEL_TRANSITION_REFUSED', { details: { status: v.status, expected: ['approved', 'active'] } });
    return this.changes.propose(
      { kind: 'model.activate', target: { kind: 'model', id }, summary: { name: v.name, version: v.version, use, champion, auc: (v.evaluation as { test?: { auc?: number } } | null)?.test?.auc ?? null }, payload: { modelId: id, use, champion }, reason: reason ?? null },
      maker,
      actor,
    );
  }

  /** Retires a version: directly when it never went live, through maker-checker when it is active. */
  async retire(id: string, maker: Principal, actor: AuditActor, reason?: string): Promise<{ version?: ModelVersion; change?: ChangeRequest }> {
    const v = await this.registry.get(id);
    if (v.status !== 'active') return { version: await this.registry.retireInactive(id, actor) };
    return { change: await this.changes.propose({ kind: 'model.retire', target: { kind: 'model', id }, summary: { name: v.name, version: v.version, use: v.use, champion: v.champion }, payload: { modelId: id }, reason: reason ?? null }, maker, actor) };
  }

  private async record(
    name: string,
    model: ScoringModel,
    dataset: DatasetInfo,
    training: Record<string, unknown>,
    r: (Pick<WorkflowResult, 'test' | 'psi' | 'details'> & { train?: WorkflowResult['train'] }) | null,
    actor: AuditActor,
  ): Promise<ModelVersion> {
    const report = r
      ? (version: number, createdAt: string) =>
          reportOf(
            { name, version, kind: model.kind as ModelKind, createdAt, createdBy: actor.id, status: 'draft', dataset: { name: dataset.name, rows: dataset.rows, bads: dataset.bads, trainRows: r.train?.rows ?? 0, testRows: r.test.rows }, scale: model.scale },
            r,
          )
      : null;
    const evaluation = r ? { ...(r.train ? { train: summarise(r.train) } : {}), test: summarise(r.test), psi: r.psi.score, psiVariables: r.psi.variables, detail: evaluationDetail(r) } : null;
    return this.registry.register({ name, model, training: { ...training, dataset }, evaluation, report }, actor);
  }
}
