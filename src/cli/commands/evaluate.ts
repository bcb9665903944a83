/** `fengkong evaluate`: the strategy pack's recall, precision and alert rate on generated data. */
import { checkDemoOptions } from '../../demo/demo-records.js';
import { evaluatePack, type EvaluationReport } from '../../decisions/evaluation/replay-evaluation.js';
import type { Command } from '../command.js';
import { parseFlags, positiveInt, runCommand, UsageError } from '../cli-support.js';

const pct = (r: number | null) => (r === null ? '-' : `${(r * 100).toFixed(1)}%`);

function render(r: EvaluationReport): string {
  const lines = [
    `策略评估 / strategy evaluation — ${r.dataset.customers} 客户 customers · ${r.dataset.days} 天 days · seed ${r.dataset.seed} · ${r.dataset.decisions} 决策 decisions · ${r.seconds} s`,
    `总体 overall: 预警率 alert rate ${pct(r.overall.alertRate)} · 精确率 precision ${pct(r.overall.precision)} · 召回率 recall ${pct(r.overall.recall)}`,
    '',
    ['欺诈模式 pattern', '标注 labelled', '决策 decided', '预警 alerted', '拦截 blocked', '召回 recall'].join('\t'),
    ...Object.entries(r.byPattern).map(([k, v]) => [k, v.labelled, v.decided, v.alerted, v.blocked, pct(v.recall)].join('\t')),
    '',
    ['决策点 point', '决策 decisions', '预警 alerts', '预警率 rate', '精确率 precision', '召回率 recall'].join('\t'),
    ...Object.entries(r.byDecisionPoint).map(([k, v]) => [k, v.decisions, v.alerts, pct(v.alertRate), pct(v.precision), pct(v.recall)].join('\t')),
  ];
  return lines.join('\n');
}

export const command: Command = {
  name: 'evaluate',
  summary: { zh: '在生成数据上评估策略包(召回率、精确率、预警率)', en: 'Evaluate the strategy pack on generated data (recall, precision, alert rate)' },
  usage: 'fengkong evaluate [--customers 2000] [--days 30] [--seed 42] [--pack DIR] [--json]',
  run: (argv) =>
    runCommand(async () => {
      const { values } = parseFlags(argv, { customers: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, pack: { type: 'string' }, json: { type: 'boolean' } });
      let data;
      try {
        data = checkDemoOptions({ customers: positiveInt(values.customers, '--customers', 2_000), days: positiveInt(values.days, '--days', 30), seed: positiveInt(values.seed, '--seed', 42) });
      } catch (err) {
        if (err instanceof RangeError) throw new UsageError(`--${err.message}`);
        throw err;
      }
      const report = await evaluatePack(data, values.pack);
      console.log(values.json ? JSON.stringify(report, null, 2) : render(report));
      return 0;
    }),
};
