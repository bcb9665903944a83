/** What every benchmark prints beside its figures: the machine and the process. */
import { cpus, totalmem } from 'node:os';

export function machineFacts(): Record<string, unknown> {
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
  };
}

export function rssMb(): number {
  return Math.round(process.memoryUsage().rss / 2 ** 20);
}
