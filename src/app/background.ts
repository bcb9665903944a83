/**
 * Duties a running server does on a schedule: file waiting alerts into cases, check case SLA and
 * complaint deadlines, send due webhook deliveries.
 * One round at a time (a slow round is never overlapped by the next); a failing round is logged and
 * retried on the next tick; stop() waits for the round in progress.
 */
import type { Logger } from '../ops/logger.js';
import type { Platform } from './platform.js';

export function startBackgroundDuties(platform: Platform, logger: Logger, everyMs = 1_000): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const round = async () => {
    try {
      await platform.cases.tick();
      await platform.complaints.deadlines.check();
      await platform.webhooks.deliverDue();
    } catch (err) {
      logger.warn({ err }, 'background round failed, retrying / 后台任务失败,将重试');
    }
  };
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = round().finally(() => {
      running = null;
    });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
