/** The model registry's changes that need a second person: activating a version, retiring an active one. */
import type { ChangeRequests } from '../approvals/change-requests.js';
import type { ModelUse } from './domain/model-uses.js';
import type { ModelRegistry } from './model-registry.js';

export function registerModelChanges(changes: ChangeRequests, registry: ModelRegistry): void {
  changes.register('model.activate', {
    approvePermission: 'models:approve',
    async apply(payload, checker, opts) {
      await registry.activate({ modelId: payload.modelId as string, use: payload.use as ModelUse, champion: payload.champion === true }, checker, opts);
    },
  });
  changes.register('model.retire', {
    approvePermission: 'models:approve',
    async apply(payload, checker, opts) {
      await registry.retireActive({ modelId: payload.modelId as string }, checker, opts);
    },
  });
}
