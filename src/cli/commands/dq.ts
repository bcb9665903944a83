/** `fengkong dq`: the data-quality report, as a table for people or JSON for machines. */
import { openPlatform } from '../../app/platform.js';
import type { QualityReport } from '../../quality/domain/quality-report.js';
import type { Command } from '../command.js';
import { parseFlags, runCommand, STORE_FLAGS } from '../cli-support.js';
import { configFromStoreFlags } from '../store-flags.js';

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

function render(report: QualityReport): string {
  const lines: string[] = [];
  lines.push(`数据质量报告 / Data-quality report — ${report.generatedAt} (允许延迟 allowed lateness ${report.allowedLatenessSeconds}s)`);
  const t = report.totals;
  lines.push(`合计 totals: 接收 received ${t.received} · 新增 stored ${t.stored} · 更新 updated ${t.updated} · 重复 duplicates ${t.duplicates} · 拒绝 rejected ${t.rejected} · 乱序 out-of-order ${t.outOfOrder} · 迟到 late ${t.late}`);
  lines.push('');
  lines.push(['来源 source', '类型 type', '接收 recv', '新增 stored', '重复 dup', '拒绝 rej', '乱序 ooo', '迟到 late', '最新事件 newest', '时效 fresh(s)'].join('\t'));
  for (const s of report.streams) {
    lines.push([s.source, s.type, s.received, s.stored + s.updated, s.duplicates, s.rejected, s.outOfOrder, s.late, s.newestEventAt ?? '-', s.freshnessSeconds ?? '-'].join('\t'));
  }
  for (const s of report.streams) {
    const incomplete = s.completeness.filter((c) => c.ratio < 1 && (c.present > 0 || c.required));
    const header = `\n[${s.source} / ${s.type}]`;
    const parts: string[] = [];
    if (incomplete.length > 0) parts.push(`  完整性 completeness: ${incomplete.map((c) => `${c.field} ${pct(c.ratio)}`).join(', ')}`);
    if (s.rejections.length > 0) parts.push(`  拒绝原因 rejections: ${s.rejections.slice(0, 10).map((r) => `${r.field || '(record)'}:${r.reason} ×${r.count}`).join(', ')}`);
    if (parts.length > 0) lines.push(header, ...parts);
  }
  return lines.join('\n');
}

export const command: Command = {
  name: 'dq',
  summary: { zh: '数据质量报告', en: 'Data-quality report' },
  usage: 'fengkong dq [--json] [--source S] [--type T] [--data-dir D | --database-url URL]',
  run: (argv) =>
    runCommand(async () => {
      const { values } = parseFlags(argv, { ...STORE_FLAGS, json: { type: 'boolean' }, source: { type: 'string' }, type: { type: 'string' } });
      const platform = await openPlatform(configFromStoreFlags(values));
      try {
        const report = await platform.quality.report({ ...(values.source ? { source: values.source } : {}), ...(values.type ? { type: values.type } : {}) });
        console.log(values.json ? JSON.stringify(report, null, 2) : render(report));
      } finally {
        await platform.close();
      }
      return 0;
    }),
};
