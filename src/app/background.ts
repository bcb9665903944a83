/**
 * Duties a running server does on a schedule: file waiting alerts into cases, check case SLA and
 * complaint deadlines, send due webhook deliveries (every round); pick up models activated by
 * another process (every 10th); run the daily in-loan scoring and early warning (checked every
 * 60th round, it runs once a day).
 * One round at a time (a slow round is never overlapped by the next); a failing round is logged and
 * retried on the next tick; stop() waits for the round in progress.
 */
import type { Logger } from '../ops/logger.js';
import type { Platform } from './platform.js';

export function startBackgroundDuties(platform: Platform, logger: Logger, everyMs = 1_000): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  let n = 0;
  let monitoring: Promise<void> | null = null;
  const round = async () => {
    try {
      await platform.cases.tick();
      await platform.complaints.deadlines.check();
      await platform.webhooks.deliverDue();
      if (n % 10 === 0) await platform.models.refresh();
      // The loan book may take a while: it runs beside the rounds, never holding up SLA checks or webhooks.
      if (n % 60 === 0 && !monitoring) {
        monitoring = platform.credit.monitor
          .run()
          .catch((err: unknown) => logger.warn({ err }, 'loan monitor failed, retrying / 贷中监控失败,将重试'))
          .then(() => {
            monitoring = null;
          });
      }
    } catch (err) {
      logger.warn({ err }, 'background round failed, retrying / 后台任务失败,将重试');
    }
  };
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = round().finally(() => {
      running = null;
      n++;
    });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await monitoring;
    },
  };
}
