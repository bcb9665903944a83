/**
 * Lowers the scheduling priority of the calling thread (Linux: `setpriority` on the thread's own
 * id, which needs no privilege for a lower priority). The embedded store's thread does its commits
 * behind the answers already given; when it and the request thread both want one of the two cores,
 * the request thread should get it. Elsewhere, or if refused, nothing changes.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

export function lowerThisThreadPriority(nice: number): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return null;
    setPriority(tid, Math.max(getPriority(tid), nice));
    return getPriority(tid);
  } catch {
    return null;
  }
}
