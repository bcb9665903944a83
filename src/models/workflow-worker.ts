/**
 * The worker thread that trains: runs the modelling workflow on the dataset (or CSV text) it is sent and posts
 * back the model's artifact with the evaluation, or the error in a form that crosses threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FengkongError } from '../shared/errors.js';
import { ModelError } from './dataset/model-error.js';
import type { Dataset } from './domain/dataset.js';
import { parseCsvTable } from './dataset/load-dataset.js';
import { datasetFromTable, type TargetOptions } from './dataset/raw-table.js';
import { refusePersonal } from './domain/personal-fields.js';
import { runWorkflow, type WorkflowOptions } from './model-workflow.js';

const input = workerData as { data?: Dataset; csv?: { text: string; target: TargetOptions }; options: WorkflowOptions };
try {
  // An uploaded CSV is parsed here too: a large upload must not stall the server's thread.
  const data = input.data ?? datasetFromTable(parseCsvTable(input.csv!.text), input.csv!.target);
  refusePersonal(data.columns.map((c) => c.name), 'data');
  let bads = 0;
  for (const v of data.target ?? []) bads += v;
  const { model, ...rest } = runWorkflow(data, input.options);
  parentPort!.postMessage({ ok: true, artifact: model.toArtifact(), ...rest, sample: { rows: data.rows, bads } });
} catch (err) {
  if (err instanceof ModelError) parentPort!.postMessage({ ok: false, kind: 'model', code: err.code, text: err.text, field: err.field ?? null });
  else if (err instanceof FengkongError) parentPort!.postMessage({ ok: false, kind: 'fengkong', code: err.code, details: err.details ?? null, note: err.note ?? null });
  else parentPort!.postMessage({ ok: false, kind: 'other', message: String((err as Error)?.message ?? err) });
}
