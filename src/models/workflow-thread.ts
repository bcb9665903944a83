/**
 * Runs the modelling workflow in a worker thread, so that training (seconds on tens of thousands
 * of rows) never stalls the server's event loop and the decisions it is making.
 */
import { Worker } from 'node:worker_threads';
import { FengkongError, type ErrorCode, type FieldProblem } from '../shared/errors.js';
import type { Bilingual } from '../shared/i18n.js';
import { ModelError, type ModelErrorCode } from './dataset/model-error.js';
import type { Dataset } from './domain/dataset.js';
import type { TargetOptions } from './dataset/raw-table.js';
import type { ModelArtifact } from './domain/scoring-model.js';
import { loadModel } from './model-loader.js';
import type { WorkflowOptions, WorkflowResult } from './model-workflow.js';

type Reply =
  | ({ ok: true; artifact: ModelArtifact; sample: { rows: number; bads: number } } & Omit<WorkflowResult, 'model'>)
  | { ok: false; kind: 'model'; code: ModelErrorCode; text: Bilingual; field: string | null }
  | { ok: false; kind: 'fengkong'; code: ErrorCode; details: readonly FieldProblem[] | Record<string, unknown> | null; note: string | null }
  | { ok: false; kind: 'other'; message: string };

function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./workflow-worker.js', import.meta.url), { workerData });
  // Under tsx a worker does not inherit the loader: register it, then load the TypeScript module.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./workflow-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true, workerData });
}

/** The training data: a dataset, or CSV text with its target (parsed in the thread). */
export type TrainingInput = { data: Dataset } | { csv: { text: string; target: TargetOptions } };

export function runWorkflowInThread(input: TrainingInput, options: WorkflowOptions): Promise<WorkflowResult & { sample: { rows: number; bads: number } }> {
  return new Promise((resolve, reject) => {
    const worker = startWorker({ ...input, options });
    let settled = false;
    worker.once('message', (r: Reply) => {
      settled = true;
      void worker.terminate();
      if (r.ok) {
        const { ok: _ok, artifact, ...rest } = r;
        resolve({ model: loadModel(artifact), ...rest });
      } else if (r.kind === 'model') reject(new ModelError(r.code, r.text, r.field ? { field: r.field } : {}));
      else if (r.kind === 'fengkong') reject(new FengkongError(r.code, { ...(r.details ? { details: r.details } : {}), ...(r.note ? { note: r.note } : {}) }));
      else reject(new FengkongError('INTERNAL', { note: `training failed: ${r.message}` }));
    });
    worker.once('error', (err) => {
      if (!settled) reject(new FengkongError('INTERNAL', { cause: err, note: 'training thread failed' }));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new FengkongError('INTERNAL', { note: `training thread exited with ${code}` }));
    });
  });
}
