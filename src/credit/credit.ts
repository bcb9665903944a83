/**
 * The credit capability as the API and CLI see it: application decisions, customer risk profiles
 * and suitability, the in-loan monitor and the weighted composite scorecards, all under the
 * credit configuration of the strategy pack.
 */
import type { AuditLog } from '../audit/audit-log.js';
import type { AlertIntake } from '../cases/alert-intake.js';
import type { DecisionEngine } from '../decisions/decision-engine.js';
import type { ModelRegistry } from '../models/model-registry.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError } from '../shared/errors.js';
import type { SqlClient } from '../store/sql-client.js';
import { CreditApplications } from './credit-applications.js';
import { type CreditPack, loadCreditPack } from './credit-pack.js';
import { CustomerProfiles } from './customer-profiles.js';
import { type CompositeScore, scoreComposite } from './domain/composite-score.js';
import type { RawInput } from './domain/factor-mapping.js';
import { LoanMonitor } from './loan-monitor.js';

export class Credit {
  readonly pack: CreditPack;
  readonly applications: CreditApplications;
  readonly profiles: CustomerProfiles;
  readonly monitor: LoanMonitor;

  constructor(deps: { db: SqlClient; audit: AuditLog; clock: Clock; models: ModelRegistry; alerts: AlertIntake; decisions: () => Promise<DecisionEngine>; packDir: string }) {
    this.pack = loadCreditPack(deps.packDir);
    this.applications = new CreditApplications(deps.db, deps.decisions, deps.models, deps.alerts, deps.clock, this.pack.policy, this.pack.customerRisk);
    this.profiles = new CustomerProfiles(deps.db, deps.audit, deps.clock, this.pack.customerRisk, this.pack.products);
    this.monitor = new LoanMonitor(deps.db, deps.models, deps.alerts, deps.clock);
  }

  /** Scores inputs with a configured weighted composite scorecard (e.g. `credit_basic`). */
  composite(scorecardId: string, inputs: Readonly<Record<string, RawInput>>): CompositeScore {
    const card = Object.hasOwn(this.pack.composite.scorecards, scorecardId) ? this.pack.composite.scorecards[scorecardId] : undefined;
    if (!card) throw new FengkongError('NOT_FOUND', { note: `no composite scorecard ${scorecardId}` });
    return scoreComposite(card, inputs);
  }
}
