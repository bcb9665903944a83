/**
 * Collects generated lines by local day and hands each day back in time order, so the events file
 * is chronological although patterns schedule follow-ups (repayments, bank lines) days ahead.
 */
export const DAY_MS = 86_400_000;
/** The demo platform runs on China Standard Time. */
export const LOCAL_OFFSET_MS = 8 * 3_600_000;

export type DemoFile = 'customers' | 'accounts' | 'cards' | 'devices' | 'events' | 'labels';

export interface DemoLine {
  file: DemoFile;
  record: Record<string, unknown>;
}

interface Scheduled {
  ms: number;
  seq: number;
  lines: DemoLine[];
}

/** ISO 8601 in China Standard Time, as Chinese source systems usually send it. */
export function localIso(ms: number): string {
  return new Date(ms + LOCAL_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

export class Timeline {
  private readonly days = new Map<number, Scheduled[]>();
  private seq = 0;

  /** `originMs` is local midnight of day 0. */
  constructor(readonly originMs: number) {}

  dayOf(ms: number): number {
    return Math.floor((ms - this.originMs) / DAY_MS);
  }

  /** Local midnight of `day`. */
  dayStart(day: number): number {
    return this.originMs + day * DAY_MS;
  }

  add(ms: number, ...lines: DemoLine[]): void {
    const day = this.dayOf(ms);
    let bucket = this.days.get(day);
    if (!bucket) this.days.set(day, (bucket = []));
    bucket.push({ ms, seq: this.seq++, lines });
  }

  /** Removes and returns the lines of `day` in time order. */
  take(day: number): DemoLine[] {
    const bucket = this.days.get(day);
    if (!bucket) return [];
    this.days.delete(day);
    bucket.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
    return bucket.flatMap((s) => s.lines);
  }
}
