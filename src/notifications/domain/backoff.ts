/** Retry schedule for webhook deliveries: 30 s, 1 min, 2 min … doubling, capped at 1 h; dead after MAX_ATTEMPTS. */
export const MAX_ATTEMPTS = 8;

export function retryDelayMs(attemptsSoFar: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attemptsSoFar - 1), 3_600_000);
}
