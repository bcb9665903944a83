/** Alert and case handling, composed: intake, grouping, work, queries and SLA timers. */
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../shared/clock.js';
import type { Notifier } from '../notifications/webhooks.js';
import type { SqlClient } from '../store/sql-client.js';
import { AlertIntake } from './alert-intake.js';
import type { ChangeRequests } from '../approvals/change-requests.js';
import type { ListRegistry } from '../decisions/list-registry.js';
import { CaseActions } from './case-actions.js';
import { CaseGrouper } from './case-grouper.js';
import { CaseQueries } from './case-queries.js';
import { CaseWork } from './case-work.js';
import { SlaMonitor } from './sla-monitor.js';

/** Announces nothing (tools that open the platform without webhooks). */
const SILENT: Notifier = { emit: async () => undefined };

export class Cases {
  readonly grouper: CaseGrouper;
  readonly intake: AlertIntake;
  readonly work: CaseWork;
  readonly queries: CaseQueries;
  readonly sla: SlaMonitor;
  readonly actions: CaseActions;

  constructor(db: SqlClient, audit: AuditLog, clock: Clock, deps: { notifier?: Notifier; changes: ChangeRequests; lists: () => Promise<ListRegistry> }) {
    const notifier = deps.notifier ?? SILENT;
    this.grouper = new CaseGrouper(db, clock, notifier);
    this.intake = new AlertIntake(db, this.grouper, clock);
    this.work = new CaseWork(db, audit, clock, notifier);
    this.queries = new CaseQueries(db);
    this.sla = new SlaMonitor(db, this.intake, clock, notifier);
    this.actions = new CaseActions(db, deps.changes, deps.lists, clock);
  }

  /** One round of the background duties: file waiting alerts (until none wait), then check SLAs. */
  async tick(): Promise<{ filed: number; breached: number }> {
    let filed = 0;
    for (;;) {
      const r = await this.grouper.fileWaiting(500);
      filed += r.filed;
      if (r.filed < 500) break;
    }
    const breached = (await this.sla.check()).length;
    return { filed, breached };
  }
}
