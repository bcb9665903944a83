/** `fengkong audit verify`: walks the audit chain; exit 0 when intact, 1 with the first broken entry. */
import { openPlatform } from '../../app/platform.js';
import type { Command } from '../command.js';
import { parseFlags, runCommand, STORE_FLAGS, UsageError } from '../cli-support.js';
import { configFromStoreFlags } from '../store-flags.js';

export const command: Command = {
  name: 'audit',
  summary: { zh: '审计日志校验', en: 'Verify the audit log' },
  usage: 'fengkong audit verify [--json] [--data-dir D | --database-url URL]',
  run: (argv) =>
    runCommand(async () => {
      const [sub, ...rest] = argv;
      if (sub !== 'verify') throw new UsageError('用法 / usage: fengkong audit verify [--json] [--data-dir D | --database-url URL]');
      const { values } = parseFlags(rest, { ...STORE_FLAGS, json: { type: 'boolean' } });
      const platform = await openPlatform(configFromStoreFlags(values));
      try {
        const r = await platform.audit.verify();
        if (values.json) console.log(JSON.stringify(r));
        else if (r.ok) console.log(`审计链完整 / audit chain intact: ${r.entries} 条 entries, 最新 head #${r.head.seq} ${r.head.hash}`);
        else console.log(`审计链被破坏 / audit chain broken at entry #${r.broken.seq} (${r.broken.reason}): ${r.broken.message.zh} / ${r.broken.message.en}; ${r.entries} 条之前的记录完好 / entries before it intact`);
        return r.ok ? 0 : 1;
      } finally {
        await platform.close();
      }
    }),
};
