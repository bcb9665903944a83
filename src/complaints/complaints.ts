/** Complaint handling (投诉), composed: intake, work, queries, the audited text read and the deadline monitor. */
import type { AuditLog } from '../audit/audit-log.js';
import type { AlertIntake } from '../cases/alert-intake.js';
import type { PiiVault } from '../pii/pii-vault.js';
import type { Clock } from '../shared/clock.js';
import type { SqlClient } from '../store/sql-client.js';
import { ComplaintIntake } from './complaint-intake.js';
import { ComplaintQueries } from './complaint-queries.js';
import { ComplaintText } from './complaint-text.js';
import { ComplaintWork } from './complaint-work.js';
import { ComplaintDeadlineMonitor } from './deadline-monitor.js';

export class Complaints {
  readonly intake: ComplaintIntake;
  readonly work: ComplaintWork;
  readonly queries: ComplaintQueries;
  readonly text: ComplaintText;
  readonly deadlines: ComplaintDeadlineMonitor;

  /** `alerts`: where a missed deadline is raised (the case workbench's intake). */
  constructor(db: SqlClient, audit: AuditLog, vault: PiiVault, clock: Clock, alerts: Pick<AlertIntake, 'raise'>) {
    this.intake = new ComplaintIntake(db, audit, vault, clock);
    this.work = new ComplaintWork(db, audit, vault, clock);
    this.queries = new ComplaintQueries(db, clock);
    this.text = new ComplaintText(db, vault, audit);
    this.deadlines = new ComplaintDeadlineMonitor(db, audit, alerts, clock);
  }
}
