/**
 * The worker thread that trains: runs the modelling workflow on the dataset it is sent and posts
 * back the model's artifact with the evaluation, or the error in a form that crosses threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FengkongError } from '../shared/errors.js';
import { ModelError } from './dataset/model-error.js';
import type { Dataset } from './domain/dataset.js';
import { runWorkflow, type WorkflowOptions } from './model-workflow.js';

const { data, options } = workerData as { data: Dataset; options: WorkflowOptions };
try {
  const { model, ...rest } = runWorkflow(data, options);
  parentPort!.postMessage({ ok: true, artifact: model.toArtifact(), ...rest });
} catch (err) {
  if (err instanceof ModelError) parentPort!.postMessage({ ok: false, kind: 'model', code: err.code, text: err.text, field: err.field ?? null });
  else if (err instanceof FengkongError) parentPort!.postMessage({ ok: false, kind: 'fengkong', code: err.code, details: err.details ?? null, note: err.note ?? null });
  else parentPort!.postMessage({ ok: false, kind: 'other', message: String((err as Error)?.message ?? err) });
}
