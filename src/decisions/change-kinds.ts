/** The decision engine's changes that need a second person: strategy versions and list entries. */
import type { ChangeRequests } from '../approvals/change-requests.js';
import type { DecisionEngine } from './decision-engine.js';
import type { DecisionPoint } from './domain/decision-points.js';
import type { PreparedListEntry } from './list-registry.js';

export function registerDecisionChanges(changes: ChangeRequests, engine: DecisionEngine): void {
  changes.register('strategy.publish', {
    approvePermission: 'strategies:approve',
    async apply(payload, checker, opts) {
      await engine.strategies.publish(payload.decisionPoint as DecisionPoint, payload.body as string, checker, opts);
    },
  });
  changes.register('list.entry.add', {
    approvePermission: 'lists:approve',
    apply: (payload, checker, opts) => engine.lists.add(payload.entry as PreparedListEntry, checker, opts),
  });
  changes.register('list.entry.remove', {
    approvePermission: 'lists:approve',
    apply: (payload, checker, opts) => engine.lists.remove(payload.entry as PreparedListEntry, checker, opts),
  });
}
