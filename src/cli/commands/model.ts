/**
 * `fengkong model train|import|list|report`: the modeller's workflow from the command line. `train`
 * on a file needs no store (it prints the held-out metrics, and writes the HTML report with
 * `--report`); with `--register NAME` the version is recorded as a draft in the store, and
 * `--from-store` trains on the platform's own labelled loan applications. Approval and activation
 * are for people with those rights, through the API.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { openPlatform } from '../../app/platform.js';
import { loadDataset, parseCsvTable } from '../../models/dataset/load-dataset.js';
import { scoringSampleFromTable } from '../../models/dataset/raw-table.js';
import { psiNumeric, variablePsi } from '../../models/evaluation/psi.js';
import type { Dataset } from '../../models/domain/dataset.js';
import { refusePersonal } from '../../models/domain/personal-fields.js';
import { reportOf, runWorkflow, scoreAll, summarise, type TrainMethod, type WorkflowOptions } from '../../models/model-workflow.js';
import type { Command } from '../command.js';
import { cliActor, parseFlags, positiveInt, runCommand, STORE_FLAGS, UsageError } from '../cli-support.js';
import { configFromStoreFlags } from '../store-flags.js';

const USAGE = `fengkong model train (--data FILE --target COLUMN --bad VALUE | --from-store) [--method scorecard|gbdt] [--exclude A,B]
                     [--test-share 0.3] [--seed N] [--binning chimerge|quantile|tree] [--monotonic] [--rounds N]
                     [--breaks VARIABLE=b1,b2,… | --breaks VARIABLE=a+b,c (category groups) …]
                     [--report FILE] [--register NAME [--data-dir D | --database-url URL]] [--json]
fengkong model import --format xgboost|onnx --file FILE --name NAME [--features A,B,…] [--validate FILE --target COLUMN --bad VALUE]
                     [--data-dir D | --database-url URL] [--json]
fengkong model psi ID --expected FILE --actual FILE [--target COLUMN] [--data-dir D | --database-url URL] [--json]
fengkong model list [--json] [--data-dir D | --database-url URL]
fengkong model report ID --out FILE [--data-dir D | --database-url URL]`;

const FLAGS = {
  ...STORE_FLAGS,
  json: { type: 'boolean' },
  data: { type: 'string' },
  target: { type: 'string' },
  bad: { type: 'string' },
  exclude: { type: 'string' },
  method: { type: 'string' },
  'test-share': { type: 'string' },
  seed: { type: 'string' },
  binning: { type: 'string' },
  monotonic: { type: 'boolean' },
  breaks: { type: 'string', multiple: true },
  expected: { type: 'string' },
  actual: { type: 'string' },
  rounds: { type: 'string' },
  report: { type: 'string' },
  register: { type: 'string' },
  'from-store': { type: 'boolean' },
  format: { type: 'string' },
  file: { type: 'string' },
  name: { type: 'string' },
  features: { type: 'string' },
  validate: { type: 'string' },
  out: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

function fileTarget(values: Values): { target: string; bad: string | number; exclude?: string[] } {
  if (!values.target || values.bad === undefined) throw new UsageError(`缺少 --target 或 --bad / missing --target or --bad\n${USAGE}`);
  const exclude = list(values.exclude);
  return { target: values.target, bad: values.bad, ...(exclude ? { exclude } : {}) };
}

function workflowOptions(values: Values): WorkflowOptions {
  const method = (values.method ?? 'scorecard') as TrainMethod;
  if (method !== 'scorecard' && method !== 'gbdt') throw new UsageError('--method 须为 scorecard 或 gbdt / --method is scorecard or gbdt');
  const testShare = values['test-share'] === undefined ? undefined : Number(values['test-share']);
  if (testShare !== undefined && !(testShare > 0 && testShare < 1)) throw new UsageError('--test-share 须在 0 与 1 之间 / --test-share lies between 0 and 1');
  const binning = values.binning as 'chimerge' | 'quantile' | 'tree' | undefined;
  if (binning !== undefined && !['chimerge', 'quantile', 'tree'].includes(binning)) throw new UsageError('--binning 须为 chimerge、quantile 或 tree / --binning is chimerge, quantile or tree');
  const manual = manualBreaks(values.breaks ?? []);
  return {
    method,
    ...(testShare !== undefined ? { testShare } : {}),
    ...(values.seed !== undefined ? { seed: positiveInt(values.seed, '--seed') } : {}),
    ...(method === 'scorecard' && (binning || values.monotonic || manual)
      ? { scorecard: { binning: { ...(binning ? { method: binning } : {}), ...(values.monotonic ? { monotonic: true } : {}), ...(manual ? { manual } : {}) } } }
      : {}),
    ...(method === 'gbdt' && values.rounds !== undefined ? { gbdt: { rounds: positiveInt(values.rounds, '--rounds') } } : {}),
  };
}

/** `--breaks age=25,35,50` (cut points) or `--breaks purpose=car+furniture,education` (category groups). */
function manualBreaks(specs: readonly string[]): Record<string, number[] | string[][]> | undefined {
  if (specs.length === 0) return undefined;
  const out: Record<string, number[] | string[][]> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--breaks 须为 变量=切点,… / --breaks is VARIABLE=b1,b2,… (got ${spec})`);
    const parts = spec.slice(eq + 1).split(',').map((x) => x.trim());
    const numbers = parts.map(Number);
    out[spec.slice(0, eq)] = parts.every((x) => x !== '') && numbers.every(Number.isFinite) ? numbers : parts.map((g) => g.split('+').map((c) => c.trim()));
  }
  return out;
}

async function train(values: Values): Promise<number> {
  const options = workflowOptions(values);
  if (values['from-store'] || values.register) {
    const platform = await openPlatform(configFromStoreFlags(values));
    try {
      const data: Dataset = values['from-store'] ? await platform.modelling.labelledApplications() : await loadDataset(values.data ?? missingData(), fileTarget(values));
      const name = values.register ?? 'application_score';
      const { version, result } = await platform.modelling.train(name, { data }, { name: values['from-store'] ? 'labelled loan applications' : values.data! }, options, cliActor());
      if (values.report) await writeFile(values.report, (await platform.models.report(version.id)) ?? '', 'utf8');
      print(values, { id: version.id, name: version.name, version: version.version, status: version.status, ...metrics(result) });
      return 0;
    } finally {
      await platform.close();
    }
  }
  const data = await loadDataset(values.data ?? missingData(), fileTarget(values));
  refusePersonal(data.columns.map((col) => col.name), 'data');
  const result = runWorkflow(data, options);
  if (values.report) {
    let bads = 0;
    for (const v of data.target!) bads += v;
    await writeFile(values.report, reportOf({ name: 'unregistered', version: 0, kind: result.model.kind, createdAt: new Date().toISOString(), createdBy: cliActor().id, status: 'draft', dataset: { name: values.data!, rows: data.rows, bads, trainRows: result.train.rows, testRows: result.test.rows }, scale: result.model.scale }, result), 'utf8');
  }
  print(values, metrics(result));
  return 0;
}

function missingData(): never {
  throw new UsageError(`缺少 --data 或 --from-store / missing --data or --from-store\n${USAGE}`);
}

function metrics(r: ReturnType<typeof runWorkflow>) {
  return {
    method: r.options.method,
    auc: r.test.auc,
    ks: r.test.ks,
    gini: r.test.gini,
    train: summarise(r.train),
    test: summarise(r.test),
    psi: r.psi.score,
    variables: r.model.variables,
    trainMs: r.timings.trainMs,
  };
}

function print(values: Values, out: Record<string, unknown> & { auc: number; ks: number }): void {
  if (values.json) {
    console.log(JSON.stringify(out));
    return;
  }
  const t = out.test as { rows: number; bads: number };
  console.log(`留出样本 held-out (${t.rows} 行 rows, ${t.bads} 坏 bad): AUC ${out.auc.toFixed(3)} · KS ${out.ks.toFixed(3)} · Gini ${(out.gini as number).toFixed(3)} · PSI ${(out.psi as number).toFixed(3)}`);
  console.log(`变量 variables (${(out.variables as string[]).length}): ${(out.variables as string[]).join(', ')}`);
  if (out.id) console.log(`已登记为草稿 / registered as draft: ${out.name} v${out.version} (${out.id})`);
}

async function importModel(values: Values): Promise<number> {
  const format = values.format;
  if (format !== 'xgboost' && format !== 'onnx') throw new UsageError(`--format 须为 xgboost 或 onnx / --format is xgboost or onnx\n${USAGE}`);
  if (!values.file || !values.name) throw new UsageError(`缺少 --file 或 --name / missing --file or --name\n${USAGE}`);
  const bytes = await readFile(values.file);
  const validation = values.validate ? await loadDataset(values.validate, fileTarget(values)) : undefined;
  const features = list(values.features);
  const platform = await openPlatform(configFromStoreFlags(values));
  try {
    const { version, result } = await platform.modelling.import(values.name, format, format === 'xgboost' ? bytes.toString('utf8') : new Uint8Array(bytes), { ...(features ? { featureNames: features } : {}), ...(validation ? { validation, datasetName: values.validate! } : {}) }, cliActor());
    const out = { id: version.id, name: version.name, version: version.version, kind: version.kind, variables: version.variables, ...(result ? { auc: result.test.auc, ks: result.test.ks, psi: result.psi.score } : {}) };
    if (values.json) console.log(JSON.stringify(out));
    else console.log(`已导入为草稿 / imported as draft: ${out.name} v${out.version} (${out.id}), ${out.variables.length} 个变量 variables${result ? `, AUC ${result.test.auc.toFixed(3)} KS ${result.test.ks.toFixed(3)}` : ''}`);
    return 0;
  } finally {
    await platform.close();
  }
}

/** Stability of a stored model between two samples: PSI of its score and of each of its variables. */
async function psi(values: Values, id: string | undefined): Promise<number> {
  if (!id || !values.expected || !values.actual) throw new UsageError(`用法 / usage:\n${USAGE}`);
  const read = async (path: string) => {
    const table = parseCsvTable(await readFile(path, 'utf8'));
    return scoringSampleFromTable(table, values.target ? [values.target] : []);
  };
  const [expected, actual] = [await read(values.expected), await read(values.actual)];
  const platform = await openPlatform(configFromStoreFlags(values));
  try {
    const model = await platform.models.model(id);
    const a = scoreAll(model, expected);
    const b = scoreAll(model, actual);
    const score = psiNumeric(a.scores, b.scores);
    const variables = variablePsi(expected, actual, { variables: model.variables.filter((v) => expected.columns.some((c) => c.name === v) && actual.columns.some((c) => c.name === v)) });
    const out = { model: id, expectedRows: expected.rows, actualRows: actual.rows, psi: score.psi, reading: score.reading, variables: variables.map((v) => ({ name: v.variable, psi: v.psi, reading: v.reading })) };
    if (values.json) console.log(JSON.stringify(out));
    else {
      console.log(`评分 PSI score: ${score.psi.toFixed(4)} — ${score.label.zh} / ${score.label.en}`);
      for (const v of variables) console.log(`  ${v.variable}: ${v.psi.toFixed(4)} — ${v.label.zh} / ${v.label.en}`);
    }
    return 0;
  } finally {
    await platform.close();
  }
}

export const command: Command = {
  name: 'model',
  summary: { zh: '训练、导入与查看模型(评分卡、梯度提升树、XGBoost、ONNX)', en: 'Train, import and inspect models (scorecards, boosted trees, XGBoost, ONNX)' },
  usage: USAGE,
  run: (argv) =>
    runCommand(async () => {
      const [sub, ...rest] = argv;
      const { values, positionals } = parseFlags(rest, FLAGS, true);
      if (sub === 'train') return train(values);
      if (sub === 'import') return importModel(values);
      if (sub === 'psi') return psi(values, positionals[0]);
      if (sub === 'list' || sub === 'report') {
        const platform = await openPlatform(configFromStoreFlags(values));
        try {
          if (sub === 'list') {
            const items = await platform.models.list();
            if (values.json) console.log(JSON.stringify({ items }));
            else for (const m of items) console.log(`${m.id}  ${m.name} v${m.version}  ${m.kind}  ${m.status}${m.use ? ` @${m.use}${m.champion ? ' champion' : ''}` : ''}`);
            return 0;
          }
          const id = positionals[0];
          if (!id || !values.out) throw new UsageError(`用法 / usage:\n${USAGE}`);
          const html = await platform.models.report(id);
          if (html === null) throw new UsageError('该版本没有报告 / this version has no report');
          await writeFile(values.out, html, 'utf8');
          console.log(`已写入 / written: ${values.out}`);
          return 0;
        } finally {
          await platform.close();
        }
      }
      throw new UsageError(`用法 / usage:\n${USAGE}`);
    }),
};
