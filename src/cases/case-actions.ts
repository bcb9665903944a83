/**
 * Acting from a case: put a customer, device, IP, card or counterparty on a block list (or take it
 * off), freeze or unfreeze an account. Each is proposed as a change for a second person to approve
 * (maker-checker, src/approvals/) and noted on the case timeline with its change id; nothing takes
 * effect until approved. A frozen account is an entry of the `frozen_accounts` block list, which
 * the payment and withdrawal strategies consult, so the freeze acts on the very next decision.
 */
import type { ChangeRequest, ChangeRequests } from '../approvals/change-requests.js';
import type { ListRegistry } from '../decisions/list-registry.js';
import type { Principal } from '../identity/principal.js';
import type { Clock } from '../shared/clock.js';
import { FengkongError } from '../shared/errors.js';
import type { SqlClient } from '../store/sql-client.js';
import { appendCaseEvent } from './case-timeline.js';
import type { CaseWorker } from './case-work.js';

export const CASE_ACTIONS = ['block', 'unblock', 'freeze_account', 'unfreeze_account'] as const;
export type CaseActionKind = (typeof CASE_ACTIONS)[number];

// The block list for each kind of key a case acts on.
const BLOCK_LISTS: Record<string, string> = {
  customerId: 'block_customers',
  deviceId: 'block_devices',
  ip: 'block_ips',
  cardId: 'block_cards',
  counterpartyId: 'block_counterparties',
};

export interface CaseActionInput {
  action: CaseActionKind;
  /** For block/unblock: customerId, deviceId, ip, cardId or counterpartyId. */
  keyField?: string;
  value: string;
  reason: string;
}

export class CaseActions {
  constructor(
    private readonly db: SqlClient,
    private readonly changes: ChangeRequests,
    private readonly lists: () => Promise<ListRegistry>,
    private readonly clock: Clock,
  ) {}

  async propose(caseId: string, input: CaseActionInput, maker: Principal, who: CaseWorker): Promise<ChangeRequest> {
    if (!maker.permissions.has('lists:write')) throw new FengkongError('FORBIDDEN');
    const c = await this.db.query<{ status: string }>('SELECT status FROM cases WHERE id = $1', [caseId]);
    if (!c.rows[0]) throw new FengkongError('NOT_FOUND');
    if (!input.reason || input.reason.trim().length < 3) throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'reason', reason: 'required', message: { zh: '请说明原因', en: 'give a reason' } }] });
    const freezing = input.action === 'freeze_account' || input.action === 'unfreeze_account';
    const keyField = freezing ? 'accountId' : (input.keyField ?? '');
    const list = freezing ? 'frozen_accounts' : BLOCK_LISTS[keyField];
    if (!list) {
      throw new FengkongError('REQUEST_INVALID', { details: [{ field: 'keyField', reason: 'value', message: { zh: `应为 ${Object.keys(BLOCK_LISTS).join('、')}`, en: `one of ${Object.keys(BLOCK_LISTS).join(', ')}` } }] });
    }
    const adding = input.action === 'block' || input.action === 'freeze_account';
    const entry = (await this.lists()).prepare({ list, keyField, value: input.value, reason: `${input.reason} (case ${caseId})` });
    const change = await this.changes.propose(
      {
        kind: adding ? 'list.entry.add' : 'list.entry.remove',
        target: { kind: 'list', id: list },
        summary: { caseId, action: input.action, list, keyField, value: entry.shown },
        payload: { entry },
        reason: input.reason,
      },
      maker,
      who.actor,
    );
    await this.db.transaction((tx) => appendCaseEvent(tx, caseId, new Date(this.clock.now()).toISOString(), who.name, 'action', { action: input.action, list, keyField, value: entry.shown, changeId: change.id, status: 'pending_approval' }));
    return change;
  }
}
