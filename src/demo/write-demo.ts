/** Writes the demo data set as JSON Lines files, one per record kind, plus a manifest. */
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { type DemoFile, type DemoOptions, checkDemoOptions, demoRecords } from './demo-records.js';

const FILES: readonly DemoFile[] = ['customers', 'accounts', 'cards', 'devices', 'events', 'labels'];

export interface DemoManifest {
  generator: 'fengkong-demo';
  version: 1;
  options: Required<DemoOptions>;
  files: Record<DemoFile, { path: string; lines: number }>;
  /** Events per type and labels per pattern / credit outcome / custody issue. */
  eventTypes: Record<string, number>;
  labels: Record<string, number>;
}

export async function writeDemo(options: DemoOptions, dir: string): Promise<DemoManifest> {
  const opts = checkDemoOptions(options);
  mkdirSync(dir, { recursive: true });
  const outs = new Map<DemoFile, WriteStream>(FILES.map((f) => [f, createWriteStream(join(dir, `${f}.jsonl`), { encoding: 'utf8' })]));
  const counts = Object.fromEntries(FILES.map((f) => [f, 0])) as Record<DemoFile, number>;
  const eventTypes: Record<string, number> = {};
  const labels: Record<string, number> = {};
  // Lines are buffered per file so a large set is written in few system calls.
  const buffers = new Map<DemoFile, string[]>(FILES.map((f) => [f, []]));
  const flush = async (file: DemoFile) => {
    const buf = buffers.get(file)!;
    if (buf.length === 0) return;
    const out = outs.get(file)!;
    if (!out.write(buf.join(''))) await once(out, 'drain');
    buf.length = 0;
  };
  for (const { file, record } of demoRecords(opts)) {
    counts[file]++;
    if (file === 'events') eventTypes[record.type as string] = (eventTypes[record.type as string] ?? 0) + 1;
    if (file === 'labels') {
      const key = record.kind === 'fraud' ? `fraud:${record.pattern}` : record.kind === 'credit' ? `credit:${record.defaulted ? 'defaulted' : 'performing'}` : `custody:${record.issue}`;
      labels[key] = (labels[key] ?? 0) + 1;
    }
    const buf = buffers.get(file)!;
    buf.push(`${JSON.stringify(record)}\n`);
    if (buf.length >= 2_000) await flush(file);
  }
  for (const f of FILES) {
    await flush(f);
    const out = outs.get(f)!;
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  const manifest: DemoManifest = {
    generator: 'fengkong-demo',
    version: 1,
    options: opts,
    files: Object.fromEntries(FILES.map((f) => [f, { path: `${f}.jsonl`, lines: counts[f] }])) as DemoManifest['files'],
    eventTypes,
    labels,
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
