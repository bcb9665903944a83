/**
 * The model registry: every model version with its artifact, evaluation and report, and its
 * status draft → approved → active → retired. Approval is a model approver reading the report (never
 * the author); activation and retirement of an active version go through maker-checker (see
 * model-changes.ts). Active models are held loaded in memory for the decision path.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { ApplyOptions } from '../approvals/apply-options.js';
import { type Principal, principalId } from '../identity/principal.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError } from '../shared/errors.js';
import type { SqlClient, SqlExecutor } from '../store/sql-client.js';
import type { ModelArtifact, ModelKind, ScoringModel } from './domain/scoring-model.js';
import { isModelUse, type ModelUse } from './domain/model-uses.js';

export type ModelStatus = 'draft' | 'approved' | 'active' | 'retired';

/** A model version as listed: everything but the artifact and the report. */
export interface ModelVersion {
  id: string;
  name: string;
  version: number;
  kind: ModelKind;
  status: ModelStatus;
  use: ModelUse | null;
  champion: boolean;
  variables: string[];
  artifactSha256: string;
  training: Record<string, unknown>;
  evaluation: Record<string, unknown> | null;
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  activatedBy: string | null;
  activatedAt: string | null;
  retiredBy: string | null;
  retiredAt: string | null;
}

export interface RegisterModel {
  name: string;
  model: ScoringModel;
  /** Where the data came from and how it was trained or imported (no personal data). */
  training: Record<string, unknown>;
  evaluation?: Record<string, unknown> | null;
  /** The report of this version, rendered once its number and time are known (under the name's lock). */
  report?: ((version: number, createdAt: string) => string) | null;
}

/** A loaded active model. */
export interface LiveModel {
  version: ModelVersion;
  model: ScoringModel;
}

export type ModelLoader = (artifact: ModelArtifact) => ScoringModel;

interface Row {
  id: string;
  name: string;
  version: number;
  kind: ModelKind;
  status: ModelStatus;
  model_use: ModelUse | null;
  champion: boolean;
  variables: string[];
  artifact_sha256: string;
  training: Record<string, unknown>;
  evaluation: Record<string, unknown> | null;
  created_by: string;
  created_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
  activated_by: string | null;
  activated_at: Date | null;
  retired_by: string | null;
  retired_at: Date | null;
}

const LISTED = `id, name, version, kind, status, model_use, champion, variables, artifact_sha256, training, evaluation, created_by, created_at,
  approved_by, approved_at, activated_by, activated_at, retired_by, retired_at`;
const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);
const NAME = /^[a-z][a-z0-9_]{0,50}$/;
const NONE: readonly LiveModel[] = [];

/** JSON with every object's keys sorted: the same artifact always gives the same text. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function artifactHash(artifact: ModelArtifact): string {
  return createHash('sha256').update(canonicalJson(artifact)).digest('hex');
}

function fromRow(r: Row): ModelVersion {
  return {
    id: r.id,
    name: r.name,
    version: Number(r.version),
    kind: r.kind,
    status: r.status,
    use: r.model_use,
    champion: r.champion,
    variables: r.variables,
    artifactSha256: r.artifact_sha256,
    training: r.training,
    evaluation: r.evaluation,
    createdBy: r.created_by,
    createdAt: iso(r.created_at)!,
    approvedBy: r.approved_by,
    approvedAt: iso(r.approved_at),
    activatedBy: r.activated_by,
    activatedAt: iso(r.activated_at),
    retiredBy: r.retired_by,
    retiredAt: iso(r.retired_at),
  };
}

function invalid(field: string, zh: string, en: string): FengkongError {
  return new FengkongError('MODEL_INVALID', { details: [{ field, reason: 'value', message: { zh, en } }] });
}

export class ModelRegistry {
  /** Active models by name; champions by use. Rebuilt from the store after every change. */
  private liveByName = new Map<string, LiveModel>();
  private championByUse = new Map<ModelUse, LiveModel>();
  private liveByUse = new Map<ModelUse, LiveModel[]>();
  private stamp = '';
  /**
   * The names rules may read, `<name>` (points) and `<name>_probability`, for every model ever
   * registered: kept in place (the strategy compiler holds this very array) and grown on register.
   */
  readonly ruleNames: string[] = [];
  /** Active versions whose artifact failed to load or to match its hash at the last refresh. */
  loadFailures: string[] = [];

  constructor(
    private readonly db: SqlClient,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly load: ModelLoader,
  ) {}

  /** Records a new draft version of `name` (version = last + 1). */
  async register(input: RegisterModel, actor: AuditActor): Promise<ModelVersion> {
    if (!NAME.test(input.name)) throw invalid('name', '模型名须为小写字母开头的小写字母、数字、下划线,最长 51 个字符', 'a model name is lower-case letters, digits and underscores, starting with a letter, at most 51 characters');
    const artifact = input.model.toArtifact();
    const body = JSON.stringify(artifact);
    const sha = artifactHash(artifact);
    const id = `mdl_${randomBytes(8).toString('hex')}`;
    const at = new Date(this.clock.now()).toISOString();
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`model:${input.name}`]);
      const next = await tx.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM model_versions WHERE name = $1', [input.name]);
      const version = Number(next.rows[0]!.v);
      const reportHtml = input.report ? input.report(version, at) : null;
      const r = await tx.query<Row>(
        `INSERT INTO model_versions (id, name, version, kind, status, variables, artifact, artifact_sha256, training, evaluation, report_html, created_by, created_at)
         VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${LISTED}`,
        [id, input.name, version, input.model.kind, JSON.stringify(input.model.variables), body, sha, JSON.stringify(input.training), input.evaluation ? JSON.stringify(input.evaluation) : null, reportHtml, actor.id, at],
      );
      this.learnName(input.name);
      await this.audit.append(tx, actor, { action: 'model.register', target: { kind: 'model', id }, detail: { after: { name: input.name, version, kind: input.model.kind, sha256: sha } } });
      return fromRow(r.rows[0]!);
    });
  }

  async list(q: { name?: string; status?: ModelStatus; limit?: number } = {}): Promise<ModelVersion[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.name) where.push(`name = $${params.push(q.name)}`);
    if (q.status) where.push(`status = $${params.push(q.status)}`);
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 500);
    const r = await this.db.query<Row>(`SELECT ${LISTED} FROM model_versions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT ${limit}`, params);
    return r.rows.map(fromRow);
  }

  async get(id: string, db: SqlExecutor = this.db): Promise<ModelVersion> {
    const r = await db.query<Row>(`SELECT ${LISTED} FROM model_versions WHERE id = $1`, [id]);
    if (!r.rows[0]) throw new FengkongError('NOT_FOUND');
    return fromRow(r.rows[0]);
  }

  /** The model itself, loaded from its stored artifact (checked against its hash). */
  async model(id: string): Promise<ScoringModel> {
    const r = await this.db.query<{ artifact: ModelArtifact; artifact_sha256: string }>('SELECT artifact, artifact_sha256 FROM model_versions WHERE id = $1', [id]);
    if (!r.rows[0]) throw new FengkongError('NOT_FOUND');
    return this.loadChecked(id, r.rows[0].artifact, r.rows[0].artifact_sha256);
  }

  async report(id: string): Promise<string | null> {
    const r = await this.db.query<{ report_html: string | null }>('SELECT report_html FROM model_versions WHERE id = $1', [id]);
    if (!r.rows[0]) throw new FengkongError('NOT_FOUND');
    return r.rows[0].report_html;
  }

  /** draft → approved by a model approver who is not the author, once the version has an evaluation (and report). */
  async approve(id: string, approver: Principal, actor: AuditActor, note: string | null = null): Promise<ModelVersion> {
    const v = await this.get(id);
    // Every version that may go live has been evaluated here and has its report for the approver.
    if (v.evaluation === null) throw new FengkongError('MODEL_NOT_EVALUATED');
    // A version registered from the CLI is recorded as `cli:<os user>`: the same person may not approve it either.
    if (v.createdBy === principalId(approver) || v.createdBy === `cli:${principalId(approver)}`) {
      await this.audit.record(actor, { action: 'model.approve.refused', target: { kind: 'model', id }, detail: { reason: 'self_approval' } });
      throw new FengkongError('SELF_APPROVAL_REFUSED');
    }
    return this.transition(id, ['draft'], 'approved', actor, { approved_by: actor.id, approved_at: new Date(this.clock.now()).toISOString() }, 'model.approve', { note });
  }

  /** A draft or approved version that will never go live is retired directly; an active one only through maker-checker. */
  async retireInactive(id: string, actor: AuditActor): Promise<ModelVersion> {
    const v = await this.get(id);
    return this.transition(id, ['draft', 'approved'], 'retired', actor, { retired_by: actor.id, retired_at: new Date(this.clock.now()).toISOString() }, 'model.retire', {}, `model:${v.name}`);
  }

  /**
   * Applies an approved activation (maker-checker): the version becomes the active one of its name
   * (the previous active version of that name retires) and, when `champion`, the champion of its use.
   */
  async activate(payload: { modelId: string; use: ModelUse; champion: boolean }, checker: AuditActor, opts: ApplyOptions = {}): Promise<ModelVersion> {
    if (!isModelUse(payload.use)) throw invalid('use', '未知的模型用途', 'unknown model use');
    const at = new Date(this.clock.now()).toISOString();
    const done = await this.db.transaction(async (tx) => {
      const named = await this.get(payload.modelId, tx);
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`model:${named.name}`]);
      // Read again under the lock: a retirement that ran meanwhile must be seen.
      const target = await this.get(payload.modelId, tx);
      if (target.status !== 'approved' && target.status !== 'active') throw new FengkongError('MODEL_TRANSITION_REFUSED', { details: { status: target.status, expected: ['approved', 'active'] } });
      const retired = await tx.query<{ id: string }>("UPDATE model_versions SET status = 'retired', champion = false, retired_by = $2, retired_at = $3 WHERE name = $1 AND status = 'active' AND id <> $4 RETURNING id", [target.name, checker.id, at, target.id]);
      const dethroned = payload.champion ? await tx.query<{ id: string }>('UPDATE model_versions SET champion = false WHERE model_use = $1 AND champion AND id <> $2 RETURNING id', [payload.use, target.id]) : { rows: [] };
      const r = await tx.query<Row>(
        `UPDATE model_versions SET status = 'active', model_use = $2, champion = $3, activated_by = $4, activated_at = $5 WHERE id = $1 AND status IN ('approved', 'active') RETURNING ${LISTED}`,
        [target.id, payload.use, payload.champion, opts.proposedBy ?? checker.id, at],
      );
      if (!r.rows[0]) throw new FengkongError('MODEL_TRANSITION_REFUSED');
      const result = { modelId: target.id, name: target.name, version: target.version, use: payload.use, champion: payload.champion, retired: retired.rows.map((x) => x.id), dethroned: dethroned.rows.map((x) => x.id) };
      await this.audit.append(tx, checker, {
        action: 'model.activate',
        target: { kind: 'model', id: target.id },
        detail: {
          before: { status: target.status, use: target.use, champion: target.champion },
          after: { status: 'active', use: payload.use, champion: payload.champion, approvedBy: checker.id, proposedBy: opts.proposedBy ?? checker.id },
          ...result,
        },
      });
      await opts.within?.(tx, result);
      return fromRow(r.rows[0]!);
    });
    await this.refresh();
    return done;
  }

  /** Applies an approved retirement of an active version (maker-checker). */
  async retireActive(payload: { modelId: string }, checker: AuditActor, opts: ApplyOptions = {}): Promise<ModelVersion> {
    const at = new Date(this.clock.now()).toISOString();
    const done = await this.db.transaction(async (tx) => {
      const before = await this.get(payload.modelId, tx);
      if (before.status !== 'active') throw new FengkongError('MODEL_TRANSITION_REFUSED', { details: { status: before.status, expected: ['active'] } });
      const r = await tx.query<Row>(`UPDATE model_versions SET status = 'retired', champion = false, retired_by = $2, retired_at = $3 WHERE id = $1 AND status = 'active' RETURNING ${LISTED}`, [payload.modelId, checker.id, at]);
      if (!r.rows[0]) throw new FengkongError('MODEL_TRANSITION_REFUSED');
      await this.audit.append(tx, checker, { action: 'model.retire', target: { kind: 'model', id: payload.modelId }, detail: { before: { status: 'active', champion: before.champion, use: before.use }, after: { status: 'retired', proposedBy: opts.proposedBy ?? checker.id } } });
      await opts.within?.(tx, { modelId: payload.modelId });
      return fromRow(r.rows[0]);
    });
    await this.refresh();
    return done;
  }

  /** The active version of a model name, loaded; undefined when none is active. */
  live(name: string): LiveModel | undefined {
    return this.liveByName.get(name);
  }

  /** The champion of a use (a decision point or the in-loan schedule). */
  champion(use: ModelUse): LiveModel | undefined {
    return this.championByUse.get(use);
  }

  /** Active models bound to a use (the champion and any challengers). */
  liveFor(use: ModelUse): readonly LiveModel[] {
    return this.liveByUse.get(use) ?? NONE;
  }

  /** Loads the model names rules may read and the active models. */
  async open(): Promise<void> {
    const r = await this.db.query<{ name: string }>('SELECT DISTINCT name FROM model_versions ORDER BY name');
    for (const x of r.rows) this.learnName(x.name);
    await this.refresh();
  }

  private learnName(name: string): void {
    if (!this.ruleNames.includes(name)) this.ruleNames.push(name, `${name}_probability`);
  }

  /**
   * Reloads the active models when the set changed (another process may have activated one);
   * cheap when nothing changed: one small query.
   */
  async refresh(): Promise<boolean> {
    const s = await this.db.query<{ stamp: string | null }>("SELECT string_agg(id || ':' || champion::text || ':' || COALESCE(model_use, '') || ':' || COALESCE(activated_at::text, ''), ',' ORDER BY id) AS stamp FROM model_versions WHERE status = 'active'");
    const stamp = s.rows[0]?.stamp ?? '';
    if (stamp === this.stamp) return false;
    const r = await this.db.query<Row & { artifact: ModelArtifact }>(`SELECT ${LISTED}, artifact FROM model_versions WHERE status = 'active'`);
    const byName = new Map<string, LiveModel>();
    const champions = new Map<ModelUse, LiveModel>();
    const byUse = new Map<ModelUse, LiveModel[]>();
    const failed: string[] = [];
    for (const row of r.rows) {
      let model: ScoringModel;
      try {
        model = this.loadChecked(row.id, row.artifact, row.artifact_sha256);
      } catch {
        // A version that no longer loads (or fails its hash) scores nothing; the rest stay live.
        failed.push(row.id);
        continue;
      }
      const live: LiveModel = { version: fromRow(row), model };
      byName.set(row.name, live);
      this.learnName(row.name);
      if (row.champion && row.model_use) champions.set(row.model_use, live);
      if (row.model_use) byUse.set(row.model_use, [...(byUse.get(row.model_use) ?? []), live]);
    }
    this.liveByName = byName;
    this.championByUse = champions;
    this.liveByUse = byUse;
    this.loadFailures = failed;
    this.stamp = stamp;
    return true;
  }

  private loadChecked(id: string, artifact: ModelArtifact, sha: string): ScoringModel {
    // The hash is over the artifact as the model serialises it again, keys sorted (jsonb reorders them).
    const model = this.load(artifact);
    const again = artifactHash(model.toArtifact());
    if (again !== sha) throw new FengkongError('MODEL_INVALID', { note: `artifact of ${id} does not match its recorded hash` });
    return model;
  }

  private async transition(id: string, from: ModelStatus[], to: ModelStatus, actor: AuditActor, set: Record<string, string>, action: string, detail: Record<string, unknown>, lock?: string): Promise<ModelVersion> {
    return this.db.transaction(async (tx) => {
      if (lock) await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lock]);
      const cols = Object.keys(set);
      const assignments = cols.map((c, i) => `${c} = $${i + 3}`).join(', ');
      const r = await tx.query<Row>(`UPDATE model_versions SET status = $2${assignments ? `, ${assignments}` : ''} WHERE id = $1 AND status = ANY($${cols.length + 3}) RETURNING ${LISTED}`, [id, to, ...cols.map((c) => set[c]), from]);
      if (!r.rows[0]) {
        const exists = await tx.query<{ status: string }>('SELECT status FROM model_versions WHERE id = $1', [id]);
        if (!exists.rows[0]) throw new FengkongError('NOT_FOUND');
        throw new FengkongError('MODEL_TRANSITION_REFUSED', { details: { status: exists.rows[0].status, expected: from } });
      }
      await this.audit.append(tx, actor, { action, target: { kind: 'model', id }, detail: { ...detail, before: { status: from }, after: { status: to } } });
      return fromRow(r.rows[0]);
    });
  }
}
