/** `fengkong demo generate`: writes a deterministic demo data set with labelled fraud. */
import { checkDemoOptions } from '../../demo/demo-records.js';
import { writeDemo } from '../../demo/write-demo.js';
import type { Command } from '../command.js';
import { parseFlags, positiveInt, runCommand, UsageError } from '../cli-support.js';

export const command: Command = {
  name: 'demo',
  summary: { zh: '生成演示数据(含标注的欺诈)', en: 'Generate demo data (with labelled fraud)' },
  usage: `fengkong demo generate --customers N --days D --seed S --out DIR [--start YYYY-MM-DD] [--json]

  写出 / writes: customers, accounts, cards, devices, events, labels (.jsonl) + manifest.json
  同一种子得到相同数据 / the same seed gives the same data. 导入 / import with:
    fengkong import DIR/customers.jsonl && … fengkong import DIR/events.jsonl`,
  run: (argv) =>
    runCommand(async () => {
      const { values, positionals } = parseFlags(
        argv,
        { customers: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, start: { type: 'string' }, json: { type: 'boolean' } },
        true,
      );
      if (positionals[0] !== 'generate' || positionals.length > 1) throw new UsageError('用法 / usage: fengkong demo generate --customers N --days D --seed S --out DIR');
      if (!values.out) throw new UsageError('缺少 --out 目录 / missing --out DIR');
      let opts;
      try {
        opts = checkDemoOptions({
          customers: positiveInt(values.customers, '--customers', 1_000),
          days: positiveInt(values.days, '--days', 30),
          seed: positiveInt(values.seed, '--seed', 42),
          ...(values.start ? { start: values.start } : {}),
        });
      } catch (err) {
        if (err instanceof RangeError) throw new UsageError(`--${err.message}`);
        throw err;
      }
      const started = performance.now();
      const manifest = await writeDemo(opts, values.out);
      const seconds = (performance.now() - started) / 1000;
      if (values.json) console.log(JSON.stringify({ out: values.out, seconds: Math.round(seconds * 1000) / 1000, ...manifest }));
      else {
        const f = manifest.files;
        console.log(`演示数据已写入 / demo data written to ${values.out} in ${seconds.toFixed(1)} s`);
        console.log(`  客户 customers ${f.customers.lines} · 账户 accounts ${f.accounts.lines} · 银行卡 cards ${f.cards.lines} · 设备 devices ${f.devices.lines}`);
        console.log(`  事件 events ${f.events.lines} · 标签 labels ${f.labels.lines}`);
        console.log(`  标签 labels: ${Object.entries(manifest.labels).map(([k, v]) => `${k} ${v}`).join(', ')}`);
      }
      return 0;
    }),
};
